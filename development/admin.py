"""Admin of the development phase: the career pathway and competencies, training and the development plan,
workforce growth and system change, the peer network."""

from . import admin_growth, admin_network, admin_pathway, admin_pipeline, admin_training  # noqa: F401
