"""Writes of the train-and-place pipeline (issue 18 item 5; ImROC guide Boxes 5-9): applications for a place on a
training cohort, the interview for a training place, places offered up to the cohort's places and the waiting list
(the next on the list is offered a place when one is declined or given up), the DBS check before training where the
programme requires it, enrolment onto the cohort, and a graduate put forward for an open vacancy as a candidate
through recruitment's own service. Keyword arguments, one transaction each, full_clean before saving, history
credited to `by`."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from programmes.models import CohortEnrolment, Peer, TrainingCohort
from programmes.services import _apply, _save, create_peer, enrol_peer
from recruitment import services as recruitment_services
from recruitment.models import DbsCheck, Vacancy

from .models_pipeline import GraduateCandidacy, TrainingApplication, TrainingPipelineSettings

Status = TrainingApplication.Status


def dbs_required(cohort: TrainingCohort) -> bool:
    """Whether the programme running `cohort` requires a cleared DBS check before training (the default: yes)."""
    settings = TrainingPipelineSettings.objects.filter(programme_id=cohort.programme_id).first()
    return settings.dbs_check_before_training if settings else True


def places_taken(cohort: TrainingCohort) -> int:
    """Places held on `cohort`: enrolments not withdrawn, and places offered or accepted but not yet enrolled."""
    enrolled = CohortEnrolment.objects.filter(cohort=cohort).exclude(status=CohortEnrolment.Status.WITHDRAWN).count()
    held = TrainingApplication.objects.filter(cohort=cohort, status__in=TrainingApplication.HOLDING_A_PLACE).count()
    return enrolled + held


def _lock_cohort(cohort: TrainingCohort) -> None:
    # One decision about a cohort's places at a time, so two offers never take the same last place.
    TrainingCohort.objects.select_for_update().filter(pk=cohort.pk).first()


def _move(application: TrainingApplication, to: str) -> None:
    if to not in TrainingApplication.NEXT[application.status]:
        raise ValidationError(
            f"An application that is “{application.get_status_display().lower()}” cannot become "
            f"“{Status(to).label.lower()}”."
        )
    application.status = to
    if to != Status.WAITING:
        application.waiting_position = None


def _fresh(application: TrainingApplication) -> TrainingApplication:
    """The application as saved now, locked: a change of its details never writes back a status read earlier."""
    return TrainingApplication.objects.select_for_update().get(pk=application.pk)


def _today() -> datetime.date:
    return timezone.localdate()


@transaction.atomic
def submit_training_application(
    *,
    by,
    cohort: TrainingCohort,
    full_name: str,
    email: str = "",
    phone: str = "",
    statement: str,
    lived_experience: str = "",
    applied_on: datetime.date | None = None,
) -> TrainingApplication:
    """Record an application for a place on `cohort`. The applicant is the trust's person with that email when
    there is one (one person, one record), otherwise a new person is added."""
    errors: dict[str, list[str]] = {}
    if not (full_name or "").strip():
        errors["full_name"] = ["Enter the applicant's full name."]
    if not (email or "").strip() and not (phone or "").strip():
        errors["email"] = ["Enter an email address or a phone number, so the applicant can be contacted."]
    if not (statement or "").strip():
        errors["statement"] = ["Enter the applicant's short statement of why they want to train."]
    if errors:
        raise ValidationError(errors)
    trust = cohort.programme.trust
    email = (email or "").strip()
    applicant = Peer.objects.filter(trust=trust, email__iexact=email).first() if email else None
    if applicant is None:
        applicant = create_peer(
            by=by, trust=trust, full_name=full_name.strip(), email=email, phone=(phone or "").strip()
        )
    if TrainingApplication.objects.filter(cohort=cohort, applicant=applicant).exists():
        raise ValidationError({"full_name": [f"{applicant} has already applied for a place on this cohort."]})
    return _save(
        TrainingApplication(
            cohort=cohort,
            applicant=applicant,
            applied_on=applied_on or _today(),
            statement=statement,
            lived_experience=lived_experience,
        ),
        by=by,
    )


@transaction.atomic
def update_training_application(*, application: TrainingApplication, by, **fields: Any) -> TrainingApplication:
    """Change the applicant's statement or what they share; never the status, the cohort or the applicant."""
    for name in ("status", "cohort", "applicant", "waiting_position", "enrolment"):
        fields.pop(name, None)
    if "statement" in fields and not (fields["statement"] or "").strip():
        raise ValidationError({"statement": "Enter the applicant's short statement of why they want to train."})
    return _save(_apply(_fresh(application), fields), by=by)


def _next_waiting_position(cohort: TrainingCohort) -> int:
    top = TrainingApplication.objects.filter(cohort=cohort).aggregate(top=Max("waiting_position"))["top"]
    return (top or 0) + 1


@transaction.atomic
def record_training_interview(
    *,
    application: TrainingApplication,
    by,
    interviewed_on: datetime.date,
    outcome: str,
    interviewed_by=None,
    feedback: str = "",
) -> TrainingApplication:
    """Record the interview for a training place. Ready for a place: a place is offered while the cohort has one,
    otherwise the applicant joins the end of the waiting list. Not offered a place: feedback is given (Box 9)."""
    _lock_cohort(application.cohort)
    application = TrainingApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != Status.APPLIED:
        raise ValidationError(
            {"interview_outcome": "The interview is recorded once, before a place is offered or refused."}
        )
    if outcome not in TrainingApplication.Outcome.values:
        raise ValidationError({"interview_outcome": "Choose the outcome of the interview."})
    if outcome == TrainingApplication.Outcome.NOT_SELECTED and not (feedback or "").strip():
        raise ValidationError(
            {"feedback": "Give the applicant feedback: every applicant not offered a place is offered it."}
        )
    application.interviewed_on = interviewed_on
    application.interviewed_by = interviewed_by
    application.interview_outcome = outcome
    application.feedback = feedback
    if outcome == TrainingApplication.Outcome.NOT_SELECTED:
        _move(application, Status.NOT_SELECTED)
    elif places_taken(application.cohort) < application.cohort.capacity:
        _move(application, Status.OFFERED)
        application.offered_on = interviewed_on
    else:
        _move(application, Status.WAITING)
        application.waiting_position = _next_waiting_position(application.cohort)
    return _save(application, by=by)


def offer_next_on_waiting_list(*, cohort: TrainingCohort, by, on: datetime.date | None = None):
    """Offer the freed place to the first on the waiting list, if any and if the cohort has a place. Called inside
    the transaction that freed the place."""
    if places_taken(cohort) >= cohort.capacity:
        return None
    following = (
        TrainingApplication.objects.select_for_update()
        .filter(cohort=cohort, status=Status.WAITING)
        .order_by("waiting_position", "pk")
        .first()
    )
    if following is None:
        return None
    _move(following, Status.OFFERED)
    following.offered_on = on or _today()
    return _save(following, by=by)


@transaction.atomic
def answer_offer(
    *, application: TrainingApplication, by, accepted: bool, on: datetime.date | None = None
) -> TrainingApplication:
    """The applicant accepts or declines the place offered; a declined place goes to the next on the waiting list."""
    _lock_cohort(application.cohort)
    application = TrainingApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != Status.OFFERED:
        raise ValidationError({"step": "Only a place that has been offered can be accepted or declined."})
    _move(application, Status.ACCEPTED if accepted else Status.DECLINED)
    application.answered_on = on or _today()
    application = _save(application, by=by)
    if not accepted:
        offer_next_on_waiting_list(cohort=application.cohort, by=by, on=application.answered_on)
    return application


@transaction.atomic
def withdraw_training_application(*, application: TrainingApplication, by) -> TrainingApplication:
    """The applicant withdraws; a place they held goes to the next on the waiting list."""
    _lock_cohort(application.cohort)
    application = TrainingApplication.objects.select_for_update().get(pk=application.pk)
    if Status.WITHDRAWN not in TrainingApplication.NEXT[application.status]:
        raise ValidationError({"step": "This application has ended; there is nothing to withdraw from."})
    held = application.status in TrainingApplication.HOLDING_A_PLACE
    _move(application, Status.WITHDRAWN)
    application = _save(application, by=by)
    if held:
        offer_next_on_waiting_list(cohort=application.cohort, by=by)
    return application


@transaction.atomic
def record_training_dbs(
    *,
    application: TrainingApplication,
    by,
    dbs_status: str,
    dbs_returned_on: datetime.date | None = None,
    dbs_decision: str = "",
) -> TrainingApplication:
    """Record where the DBS check before training stands (recruitment's statuses and disclosure decisions)."""
    if dbs_status == DbsCheck.Status.DISCLOSURE and not dbs_decision:
        raise ValidationError({"dbs_decision": "Record the decision taken on the disclosure."})
    application = _apply(
        _fresh(application),
        {"dbs_status": dbs_status, "dbs_returned_on": dbs_returned_on, "dbs_decision": dbs_decision},
    )
    return _save(application, by=by)


@transaction.atomic
def confirm_place(*, application: TrainingApplication, by) -> TrainingApplication:
    """Confirm an accepted place: the applicant is enrolled on the cohort (programmes' enrolment). Where the
    programme requires it, only once the DBS check is recorded as cleared."""
    application = TrainingApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != Status.ACCEPTED:
        raise ValidationError({"step": "A place is confirmed once the applicant has accepted it."})
    if dbs_required(application.cohort) and not application.dbs_cleared:
        raise ValidationError(
            {"step": "The place cannot be confirmed yet: this programme needs the DBS check recorded as cleared."}
        )
    enrolment = enrol_peer(cohort=application.cohort, peer=application.applicant, by=by)
    _move(application, Status.ENROLLED)
    application.enrolment = enrolment
    return _save(application, by=by)


STEPS = {
    "accept": "The applicant accepted the place",
    "decline": "The applicant declined the place",
    "confirm": "Confirm the place and enrol the applicant on the cohort",
    "withdraw": "The applicant withdrew",
}


def steps_for(application: TrainingApplication) -> list[tuple[str, str]]:
    """The steps the application may take now, for the form that takes them."""
    steps = {
        Status.OFFERED: ["accept", "decline", "withdraw"],
        Status.ACCEPTED: ["confirm", "withdraw"],
        Status.WAITING: ["withdraw"],
        Status.APPLIED: ["withdraw"],
    }.get(application.status, [])
    return [(step, STEPS[step]) for step in steps]


def take_step(*, application: TrainingApplication, by, step: str) -> TrainingApplication:
    if step == "accept":
        return answer_offer(application=application, by=by, accepted=True)
    if step == "decline":
        return answer_offer(application=application, by=by, accepted=False)
    if step == "confirm":
        return confirm_place(application=application, by=by)
    if step == "withdraw":
        return withdraw_training_application(application=application, by=by)
    raise ValidationError({"step": "Choose what happened."})


@transaction.atomic
def put_graduate_forward(
    *, training_application: TrainingApplication, vacancy: Vacancy, by, on: datetime.date | None = None
) -> GraduateCandidacy:
    """Make the graduate a candidate for an open vacancy: an application through recruitment's own service, linked
    back to their training application. Asked twice, the first candidacy is the answer; nothing is made again."""
    training_application = TrainingApplication.objects.select_for_update().get(pk=training_application.pk)
    existing = GraduateCandidacy.objects.filter(training_application=training_application, vacancy=vacancy).first()
    if existing is not None:
        return existing
    enrolment = training_application.enrolment
    if enrolment is None or enrolment.graduated_on is None:
        raise ValidationError({"vacancy": "Only a graduate of the training is put forward for a vacancy."})
    if vacancy.status != Vacancy.Status.OPEN:
        raise ValidationError({"vacancy": "Choose an open vacancy."})
    on = on or _today()
    application = recruitment_services.submit_application(
        vacancy=vacancy, applicant=training_application.applicant, by=by, applied_on=on
    )
    return _save(
        GraduateCandidacy(
            training_application=training_application,
            application=application,
            vacancy=vacancy,
            put_forward_on=on,
            put_forward_by=by if getattr(by, "is_authenticated", False) else None,
        ),
        by=by,
    )
