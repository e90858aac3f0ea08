"""How many prepared statements each database connection keeps (settings: DATABASE_PREPARE_THRESHOLD).

psycopg keeps the last 100 by default, dropping the oldest. The busiest pages alone run ~220 different queries
between them (a line manager's dashboard 70, a peer's home page 40, for users whose teams differ in size), so at 100
each was dropped before it came round again and prepared anew: the plans were not kept. DATABASE_PREPARED_MAX
(500) keeps them; PostgreSQL holds each plan in the connection's memory (tens of kilobytes).
"""

from __future__ import annotations

from django.conf import settings


def keep_prepared_statements(sender, connection, **kwargs) -> None:
    """On each new PostgreSQL connection that prepares statements, keep DATABASE_PREPARED_MAX of them."""
    raw = connection.connection
    if connection.vendor == "postgresql" and getattr(raw, "prepare_threshold", None) is not None:
        raw.prepared_max = settings.DATABASE_PREPARED_MAX
