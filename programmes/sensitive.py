"""Which model fields hold sensitive records (DESIGN section 3), for every phase: occupational health and
reasonable adjustments, DBS decisions, Wellness Action Plans, supervision notes, lived experience, the care
arrangement of a peer placed in their own care team, return-to-work conversations and sickness absence reasons.

The marker is a list of model labels here rather than an attribute on each field, so that adding a model to it
needs no migration and this module (in the first phase) names later phases' models without importing them. What
reads it: the API (`api.serializers`), which exposes none of these fields, and tests/api/test_sensitive_fields.py,
which fails when any serializer of the project names one.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models

ALL_FIELDS = "__all__"

# "app_label.ModelName": the fields that are sensitive, or ALL_FIELDS when the whole record is.
SENSITIVE_FIELDS: dict[str, str | frozenset[str]] = {
    "programmes.Peer": frozenset({"lived_experience_summary"}),
    "programmes.OwnCareTeamArrangement": ALL_FIELDS,
    "recruitment.OccupationalHealthReferral": ALL_FIELDS,
    "recruitment.DbsCheck": ALL_FIELDS,
    # Declared at application, read like occupational health: whether a disability is declared and what
    # adjustments the applicant asked for at interview.
    "recruitment.Application": frozenset({"disability_declared", "interview_adjustments"}),
    # An application for a training place: what the applicant shares of their lived experience, and the DBS check
    # before training (read like recruitment's DBS records).
    "development.TrainingApplication": frozenset({"lived_experience", "dbs_status", "dbs_returned_on", "dbs_decision"}),
    "workforce.WellnessActionPlan": ALL_FIELDS,
    "workforce.WapReview": ALL_FIELDS,
    "workforce.SupervisionAttendance": frozenset({"wellbeing_check", "notes"}),
    "workforce.ReturnToWorkConversation": ALL_FIELDS,
    "workforce.AbsenceEpisode": frozenset({"reason_category"}),
    # The own-care-team flag says which team provides the peer's care; the adjustments come from occupational
    # health; why the peer left is read by HR, the peer lead and the line manager alone.
    "workforce.Placement": frozenset(
        {
            "own_care_team",
            "reasonable_adjustments",
            "leaving_reason",
            "leaving_destination",
            "exit_conversation_held",
            "exit_conversation_on",
        }
    ),
}


def sensitive_models() -> set[type[models.Model]]:
    """Models whose every field is sensitive."""
    return {apps.get_model(label) for label, fields in SENSITIVE_FIELDS.items() if fields == ALL_FIELDS}


def is_sensitive(model: type[models.Model], field_name: str) -> bool:
    """Whether `field_name` of `model` (or of the model it is a history of) holds a sensitive record."""
    fields = SENSITIVE_FIELDS.get(model._meta.label)
    if fields is None:
        return False
    return fields == ALL_FIELDS or field_name in fields
