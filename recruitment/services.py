"""Every write of the recruitment phase. The pipeline's allowed transitions are written once, in
`TRANSITIONS`; `move_application` is the only function that changes an application's stage, records
the move, and creates the support record when an application ends without an appointment.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from programmes import nations
from programmes.models import Peer, PersonSpecificationCriterion
from programmes.services import _save, create_peer, create_record, update_record  # noqa: F401  (re-exported for views)

from . import selectors
from .models import (
    Application,
    BenefitsAdvice,
    CandidateSupport,
    DbsCheck,
    Interview,
    InterviewDimension,
    InterviewScore,
    OccupationalHealthReferral,
    OrientationBooking,
    OrientationSession,
    PanelMember,
    Referee,
    ShortlistingMark,
    StageTransition,
    Vacancy,
)

Stage = Application.Stage

# The pipeline (DESIGN section 5): forward one stage at a time; an applicant can leave at any point.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Stage.APPLIED: (Stage.SHORTLISTED, Stage.NOT_SHORTLISTED, Stage.WITHDRAWN),
    Stage.SHORTLISTED: (Stage.INTERVIEWED, Stage.NOT_APPOINTED, Stage.WITHDRAWN),
    Stage.INTERVIEWED: (Stage.CONDITIONAL_OFFER, Stage.NOT_APPOINTED, Stage.WITHDRAWN),
    Stage.CONDITIONAL_OFFER: (Stage.OH_CLEARED, Stage.NOT_APPOINTED, Stage.WITHDRAWN),
    Stage.OH_CLEARED: (Stage.DBS_CLEARED, Stage.NOT_APPOINTED, Stage.WITHDRAWN),
    Stage.DBS_CLEARED: (Stage.APPOINTED, Stage.WITHDRAWN),
    Stage.APPOINTED: (),
    Stage.WITHDRAWN: (),
    Stage.NOT_SHORTLISTED: (),
    Stage.NOT_APPOINTED: (),
}

# Vacancies that take applications (HR may enter paper applications after the closing date).
TAKING_APPLICATIONS = (Vacancy.Status.OPEN, Vacancy.Status.CLOSED)


def allowed_next_stages(application: Application) -> tuple[str, ...]:
    return TRANSITIONS[application.stage]


def _label(stage: str) -> str:
    return Stage(stage).label


# --- Vacancies --------------------------------------------------------------------------------


def vacancy_defaults_from_post(post) -> dict[str, Any]:
    """An advert's starting text from the post and its job description (seed 000 Appendix I)."""
    from programmes.selectors import job_description_of

    jd = job_description_of(post)
    essentials = []
    if jd is not None:
        for row in jd.person_specification.all():
            essentials += row.essential_list
    return {
        "job_title": post.title,
        "location": post.team.name,
        "pay_band": f"Band {post.band}",
        "hours": post.hours,
        "job_type": Vacancy.JobType.FIXED_TERM if post.contract_type == "fixed_term" else Vacancy.JobType.PERMANENT,
        "introduction": jd.role_purpose if jd is not None else "",
        "essential_criteria": "\n".join(essentials),
    }


@transaction.atomic
def create_vacancy(*, by, post, **fields: Any) -> Vacancy:
    return _save(Vacancy(post=post, **fields), by=by)


@transaction.atomic
def update_vacancy(*, vacancy: Vacancy, by, **fields: Any) -> Vacancy:
    if "post" in fields and fields["post"] != vacancy.post:
        raise ValidationError({"post": "A vacancy cannot move to another post; close it and open a new one."})
    return update_record(vacancy, by=by, **fields)


# --- Orientation sessions and benefits advice -------------------------------------------------


@transaction.atomic
def create_orientation_session(*, by, programme, vacancies=(), **fields: Any) -> OrientationSession:
    session = _save(OrientationSession(programme=programme, **fields), by=by)
    session.vacancies.set(vacancies)
    return session


@transaction.atomic
def update_orientation_session(*, session: OrientationSession, by, vacancies=None, **fields: Any):
    update_record(session, by=by, **fields)
    if vacancies is not None:
        session.vacancies.set(vacancies)
    return session


@transaction.atomic
def book_orientation_place(*, session: OrientationSession, peer: Peer, by, booked_on: datetime.date | None = None):
    session = OrientationSession.objects.select_for_update().get(pk=session.pk)
    if peer.trust_id != session.programme.trust_id:
        raise ValidationError({"peer": "This person is not known to the trust running the session."})
    if OrientationBooking.objects.filter(session=session, peer=peer).exists():
        raise ValidationError({"peer": f"{peer} already has a place at this session."})
    if session.bookings.count() >= session.capacity:
        raise ValidationError({"peer": f"The session is full: all {session.capacity} places are booked."})
    return _save(
        OrientationBooking(session=session, peer=peer, booked_on=booked_on or timezone.localdate()),
        by=by,
    )


@transaction.atomic
def record_attendance(*, session: OrientationSession, attended: dict[int, bool | None], by) -> None:
    """Mark who came, by booking id; bookings not named are left as they are."""
    if attended and session.starts_at > timezone.now():
        raise ValidationError("Attendance can be recorded once the session has started.")
    for booking in session.bookings.filter(pk__in=attended):
        if booking.attended != attended[booking.pk]:
            booking.attended = attended[booking.pk]
            _save(booking, by=by)


@transaction.atomic
def record_benefits_advice(*, peer: Peer, by, **fields: Any) -> BenefitsAdvice:
    return _save(BenefitsAdvice(peer=peer, **fields), by=by)


# --- Applications -----------------------------------------------------------------------------


POSSIBLE_DUPLICATE = (
    "This may be the same person as someone already on file (the same email address, or the same name and phone "
    "number). Choose them as the applicant, or confirm that this is someone else."
)


@transaction.atomic
def submit_application(
    *,
    vacancy: Vacancy,
    applicant: Peer | None = None,
    new_applicant: dict[str, str] | None = None,
    despite_possible_duplicates: bool = False,
    by,
    applied_on: datetime.date,
    referees: list[dict] = (),
    **fields: Any,
) -> Application:
    """Record an application (made online, on paper or with support) and its first stage. The applicant is a
    person on file, or `new_applicant` (full_name, email, phone): a person added in the same transaction, unless
    they may already be on file (`selectors.possible_same_people`) and `despite_possible_duplicates` is not set.
    Errors about the new person are keyed `new_<field>`."""
    if vacancy.status not in TAKING_APPLICATIONS:
        raise ValidationError(
            {"vacancy": f"This vacancy is {vacancy.get_status_display().lower()}: it takes no applications."}
        )
    if (applicant is None) == (new_applicant is None):
        raise ValidationError({"applicant": "Choose the applicant, or enter the name of a new applicant."})
    if new_applicant is not None:
        applicant = _add_applicant(vacancy=vacancy, by=by, despite=despite_possible_duplicates, **new_applicant)
    if applicant.trust_id != vacancy.post.team.trust_id:
        raise ValidationError({"applicant": "The applicant must be known to the trust of the vacancy."})
    if Application.objects.filter(vacancy=vacancy, applicant=applicant).exists():
        raise ValidationError({"applicant": f"{applicant} has already applied for this vacancy."})
    application = _save(Application(vacancy=vacancy, applicant=applicant, applied_on=applied_on, **fields), by=by)
    for referee in referees:
        _save(Referee(application=application, **referee), by=by)
    StageTransition.objects.create(application=application, from_stage="", to_stage=Stage.APPLIED, by=_user(by))
    return application


def _add_applicant(*, vacancy: Vacancy, by, despite: bool, full_name: str, email: str = "", phone: str = "") -> Peer:
    trust = vacancy.post.team.trust
    same = selectors.possible_same_people(
        Peer.objects.filter(trust=trust), full_name=full_name, email=email, phone=phone
    )
    if same.exists() and not despite:
        raise ValidationError({"new_full_name": ValidationError(POSSIBLE_DUPLICATE, code="possible_duplicate")})
    try:
        return create_peer(by=by, trust=trust, full_name=full_name.strip(), email=email.strip(), phone=phone.strip())
    except ValidationError as error:
        errors = error.update_error_dict({})
        raise ValidationError({k if k == NON_FIELD_ERRORS else f"new_{k}": v for k, v in errors.items()}) from error


@transaction.atomic
def update_application(*, application: Application, by, referees: list[dict] | None = None, **fields: Any):
    """Change the application's details (support, declarations, notes); never its stage."""
    fields.pop("stage", None)
    update_record(application, by=by, **fields)
    if referees is not None:
        keep = []
        for data in referees:
            pk = data.pop("id", None)
            referee = application.referees.filter(pk=pk).first() if pk else None
            referee = (
                update_record(referee, by=by, **data)
                if referee
                else _save(Referee(application=application, **data), by=by)
            )
            keep.append(referee.pk)
        for referee in application.referees.exclude(pk__in=keep):
            referee._history_user = _user(by)
            referee.delete()
    return application


def _user(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


@transaction.atomic
def move_application(*, application: Application, to_stage: str, by, note: str = "") -> Application:
    """Move an application to `to_stage` if the pipeline allows it and the stage's condition holds;
    otherwise raise ValidationError with the reason and change nothing. An application that ends
    without an appointment gets its support record in the same transaction."""
    original = application
    application = _locked(application)
    from_stage = application.stage
    if to_stage not in Stage.values:
        raise ValidationError({"to_stage": "Choose a stage."})
    if to_stage not in TRANSITIONS[from_stage]:
        if not TRANSITIONS[from_stage]:
            message = f"This application has ended ({_label(from_stage).lower()}); its stage cannot change."
        else:
            allowed = ", ".join(_label(s).lower() for s in TRANSITIONS[from_stage])
            message = (
                f"An application that is {_label(from_stage).lower()} cannot move to "
                f"{_label(to_stage).lower()}; it can move to: {allowed}."
            )
        raise ValidationError({"to_stage": message})
    _check_condition(application, to_stage)
    application.stage = to_stage
    application.stage_changed_at = timezone.now()
    _save(application, by=by)
    StageTransition.objects.create(
        application=application, from_stage=from_stage, to_stage=to_stage, by=_user(by), note=note
    )
    if to_stage in Application.UNSUCCESSFUL:
        CandidateSupport.objects.get_or_create(application=application)
    if to_stage == Stage.APPOINTED:
        vacancy = application.vacancy
        if vacancy.status != Vacancy.Status.FILLED:
            update_record(vacancy, by=by, status=Vacancy.Status.FILLED)
    # The caller's copy shows the new stage too.
    original.stage, original.stage_changed_at = application.stage, application.stage_changed_at
    return application


def _locked(application: Application) -> Application:
    """The application as it stands in the database, locked until the transaction ends, so two
    changes at once are taken one after the other against the current stage."""
    return Application.objects.select_for_update(of=("self",)).select_related("vacancy__post").get(pk=application.pk)


# The codes of refused moves, each with the fix a person can make (the pages link them: views_board.FIXES).
REFUSAL_CODES = (
    "needs_marks",
    "essentials_not_met",
    "guaranteed_interview",
    "needs_interview",
    "interview_not_held",
    "needs_scores",
    "needs_oh",
    "needs_dbs",
)


def _refuse(message: str, code: str):
    raise ValidationError({"to_stage": ValidationError(message, code=code)})


def refusal_code(error: ValidationError) -> str | None:
    """The code of a refused move's condition (one of REFUSAL_CODES), if that is why it was refused."""
    for problem in error.error_dict.get("to_stage", []) if hasattr(error, "error_dict") else []:
        if problem.code in REFUSAL_CODES:
            return problem.code
    return None


def _check_condition(application: Application, to_stage: str) -> None:
    """What must be true of the application before it enters `to_stage`."""
    if to_stage == Stage.SHORTLISTED:
        result = selectors.shortlisting_result(application)
        if not result.fully_marked:
            _refuse("Mark every essential criterion identified by application first.", "needs_marks")
        if not result.meets_essentials:
            _refuse(
                "The applicant does not meet every essential criterion, so cannot be shortlisted: check the marks.",
                "essentials_not_met",
            )
    elif to_stage == Stage.NOT_SHORTLISTED:
        # Until every essential row is marked nobody knows whether the guaranteed interview applies.
        if application.disability_declared and not selectors.shortlisting_result(application).fully_marked:
            _refuse(
                "Mark every essential criterion identified by application first (guaranteed interview).", "needs_marks"
            )
        if application.disability_declared and selectors.shortlisting_result(application).meets_essentials:
            _refuse(
                "Guaranteed interview: this applicant has declared a disability and meets every essential criterion, "
                "so they must be shortlisted.",
                "guaranteed_interview",
            )
    elif to_stage == Stage.INTERVIEWED:
        interview = application.interview
        if interview is None:
            _refuse("Add the applicant to an interview first.", "needs_interview")
        if interview.starts_at > timezone.now():
            when = timezone.localtime(interview.starts_at)
            _refuse(
                f"The interview has not happened yet: hold it first (it is on {when:%-d %B %Y} at {when:%H:%M}), or "
                "change its date if it was held earlier.",
                "interview_not_held",
            )
    elif to_stage == Stage.CONDITIONAL_OFFER:
        if not application.interview_scores.exists():
            _refuse("Record the panel's interview scores before making an offer.", "needs_scores")
    elif to_stage == Stage.OH_CLEARED:
        oh = OccupationalHealthReferral.objects.filter(application=application).first()
        if oh is None or oh.outcome not in OccupationalHealthReferral.CLEARED:
            _refuse(
                "Occupational health has not cleared the applicant: record the referral's outcome first.", "needs_oh"
            )
    elif to_stage == Stage.DBS_CLEARED:
        dbs = DbsCheck.objects.filter(application=application).first()
        if dbs is None or not dbs.is_cleared:
            check = nations.vetting_name(application.vacancy.post.team.trust)
            _refuse(
                f"The {check} check is not cleared: record that it came back clear, or the panel's decision to "
                "proceed after a disclosure.",
                "needs_dbs",
            )


# --- Shortlisting -----------------------------------------------------------------------------


@transaction.atomic
def record_shortlisting_marks(
    *, application: Application, shortlister, marks: dict[int, tuple[bool | None, bool | None]], by=None
) -> list[ShortlistingMark]:
    """One shortlister's marks, by person specification row: (essential met, desirable met)."""
    application = _locked(application)
    if application.stage != Stage.APPLIED:
        raise ValidationError("Shortlisting is over for this application.")
    rows = {row.pk: row for row in selectors.criteria_identified_by_application(application.vacancy)}
    saved = []
    for criterion_id, (essential_met, desirable_met) in marks.items():
        row = rows.get(criterion_id)
        if row is None:
            raise ValidationError("That criterion is not identified by application for this vacancy.")
        mark, _ = ShortlistingMark.objects.get_or_create(
            application=application,
            criterion=row,
            shortlister=shortlister,
            defaults={"essential_met": essential_met, "desirable_met": desirable_met},
        )
        mark.essential_met = essential_met if row.essential else None
        mark.desirable_met = desirable_met if row.desirable else None
        saved.append(_save(mark, by=by or shortlister))
    return saved


# --- Interviews -------------------------------------------------------------------------------


@transaction.atomic
def create_interview(*, by, vacancy: Vacancy, panel: list[dict] = (), **fields: Any) -> Interview:
    interview = _save(Interview(vacancy=vacancy, **fields), by=by)
    for seat in panel:
        add_panel_member(interview=interview, by=by, **seat)
    return interview


@transaction.atomic
def add_panel_member(*, interview: Interview, by, user, role_on_panel: str, is_peer_worker: bool = False):
    if interview.panel.filter(user=user).exists():
        raise ValidationError({"user": f"{user} is already on this panel."})
    return _save(
        PanelMember(interview=interview, user=user, role_on_panel=role_on_panel, is_peer_worker=is_peer_worker),
        by=by,
    )


@transaction.atomic
def invite_to_interview(*, application: Application, interview: Interview, by) -> Application:
    """Place a shortlisted applicant in an interview (a group of three by default, seed 000 Box 9)."""
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    application = _locked(application)
    if application.vacancy_id != interview.vacancy_id:
        raise ValidationError({"interview": "That interview is for another vacancy."})
    if application.stage != Stage.SHORTLISTED:
        raise ValidationError({"interview": "Only shortlisted applicants are invited to interview."})
    if application.interview_id == interview.pk:
        return application
    if interview.applications.count() >= interview.capacity:
        raise ValidationError({"interview": f"This interview is full: it has {interview.capacity} applicant places."})
    return update_record(application, by=by, interview=interview)


@transaction.atomic
def invite_applicants(*, applications, interview: Interview, by) -> None:
    """Invite several shortlisted applicants at once: all of them, or (when one cannot be) none."""
    for application in applications:
        try:
            invite_to_interview(application=application, interview=interview, by=by)
        except ValidationError as error:
            raise ValidationError(
                {"applications": [f"{application.applicant.full_name}: {m}" for m in error.messages]}
            ) from error


@transaction.atomic
def update_interview(*, interview: Interview, by, new_panel: list[dict] = (), **fields: Any) -> Interview:
    """Change an interview's details and add members to its panel, together or not at all."""
    interview = update_record(interview, by=by, **fields)
    for seat in new_panel:
        add_panel_member(interview=interview, by=by, **seat)
    return interview


def interview_started(interview: Interview, now: datetime.datetime | None = None) -> bool:
    """Scores are entered once the interview has started (its date and time reached), never before."""
    return interview.starts_at <= (now or timezone.now())


def not_started_message(interview: Interview) -> str:
    when = timezone.localtime(interview.starts_at)
    return f"Scores can be entered once the interview has started, at {when:%H:%M} on {when:%-d %B %Y}."


@transaction.atomic
def record_interview_scores(
    *,
    application: Application,
    panellist,
    dimension_scores: dict[str, int],
    criterion_scores: dict[int, int] | None = None,
    notes: str = "",
    by=None,
) -> None:
    """One panellist's scores for one applicant: every Box 9 dimension, and each person specification
    row identified at interview or by presentation."""
    application = _locked(application)
    interview = application.interview
    if interview is None or not interview.panel.filter(user=panellist).exists():
        raise ValidationError("Only a member of this applicant's interview panel can score them.")
    if application.stage not in (Stage.SHORTLISTED, Stage.INTERVIEWED):
        raise ValidationError("Scores are recorded for applicants at interview.")
    if not interview_started(interview):
        raise ValidationError(not_started_message(interview))
    missing = [d.label for d in InterviewDimension if dimension_scores.get(d.value) is None]
    if missing:
        raise ValidationError({"__all__": [f"Score “{label}”." for label in missing]})
    rows = {row.pk for row in selectors.criteria_identified_at_interview(application.vacancy)}
    criterion_scores = criterion_scores or {}
    if set(criterion_scores) - rows:
        raise ValidationError("That criterion is not assessed at interview for this vacancy.")
    who = by or panellist
    for dimension, score in dimension_scores.items():
        _score(
            application,
            panellist,
            who,
            score,
            notes if dimension == InterviewDimension.COMMUNICATION else None,
            dimension=dimension,
        )
    for criterion_id, score in criterion_scores.items():
        if score is not None:
            _score(application, panellist, who, score, None, criterion_id=criterion_id)


def _score(application, panellist, by, score, notes, *, dimension="", criterion_id=None) -> InterviewScore:
    record = InterviewScore.objects.filter(
        application=application, panellist=panellist, dimension=dimension, criterion_id=criterion_id
    ).first() or InterviewScore(
        application=application, panellist=panellist, dimension=dimension, criterion_id=criterion_id
    )
    record.score = score
    if notes is not None:
        record.notes = notes
    return _save(record, by=by)


@transaction.atomic
def record_interview_outcome(*, application: Application, by, presentation_notes: str, feedback: str) -> Application:
    return update_record(application, by=by, presentation_notes=presentation_notes, feedback=feedback)


# --- Occupational health and DBS --------------------------------------------------------------


def offer_made(application: Application) -> bool:
    """Whether the applicant has had a conditional offer, so OH and DBS records can be kept."""
    reached = Application.FORWARD.index(application.stage) if application.stage in Application.FORWARD else -1
    return reached >= Application.FORWARD.index(Stage.CONDITIONAL_OFFER) or application.stage == Stage.NOT_APPOINTED


def _require_offer(application: Application, what: str) -> None:
    if not offer_made(application):
        raise ValidationError(f"{what} follows a conditional offer.")


@transaction.atomic
def save_occupational_health(*, application: Application, by, **fields: Any) -> OccupationalHealthReferral:
    _require_offer(application, "An occupational health referral")
    referral = OccupationalHealthReferral.objects.filter(application=application).first()
    if referral is None:
        return _save(OccupationalHealthReferral(application=application, **fields), by=by)
    return update_record(referral, by=by, **fields)


@transaction.atomic
def save_dbs_check(*, application: Application, by, **fields: Any) -> DbsCheck:
    _require_offer(application, "A DBS check")
    check = DbsCheck.objects.filter(application=application).first()
    if check is None:
        return _save(DbsCheck(application=application, **fields), by=by)
    return update_record(check, by=by, **fields)


# --- Unsuccessful candidates ------------------------------------------------------------------


@transaction.atomic
def update_candidate_support(*, support: CandidateSupport, by, **fields: Any) -> CandidateSupport:
    if fields.get("feedback_given_on") and not fields.get("feedback_offered", support.feedback_offered):
        fields["feedback_offered"] = True
    if fields.get("meeting_held_on") and not fields.get("meeting_offered", support.meeting_offered):
        fields["meeting_offered"] = True
    return update_record(support, by=by, **fields)


def criteria_for(vacancy: Vacancy) -> list[PersonSpecificationCriterion]:
    return list(selectors.person_specification_of(vacancy))
