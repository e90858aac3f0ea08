"""Every read of the recruitment phase with a rule in it: how shortlisting marks and interview scores
combine, the ranked shortlist, the funnel, orientation attrition, and who is ready to start (the
selector the employment phase calls). Each runs a fixed number of queries whatever the data size.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from programmes.models import PersonSpecificationCriterion

from .models import (
    SCORE_MAX,
    Application,
    CandidateSupport,
    Interview,
    InterviewDimension,
    InterviewScore,
    OrientationBooking,
    OrientationSession,
    ShortlistingMark,
    StageTransition,
    Vacancy,
)

Stage = Application.Stage


# --- The person specification of a vacancy ----------------------------------------------------


def person_specification_of(vacancy: Vacancy) -> QuerySet[PersonSpecificationCriterion]:
    """The rows of the person specification of the vacancy's post (empty when it has no JD yet)."""
    return PersonSpecificationCriterion.objects.filter(job_description__post_id=vacancy.post_id).order_by("order", "pk")


def criteria_identified_by_application(vacancy: Vacancy) -> QuerySet[PersonSpecificationCriterion]:
    return person_specification_of(vacancy).filter(by_application=True)


def criteria_identified_at_interview(vacancy: Vacancy) -> QuerySet[PersonSpecificationCriterion]:
    return person_specification_of(vacancy).filter(Q(by_interview=True) | Q(by_presentation=True))


# --- Shortlisting -----------------------------------------------------------------------------


@dataclass
class CriterionResult:
    """The shortlisters' marks for one row: met when at least half of those who marked it say so."""

    criterion: PersonSpecificationCriterion
    essential_yes: int = 0
    essential_no: int = 0
    desirable_yes: int = 0
    desirable_no: int = 0

    @property
    def has_essential(self) -> bool:
        return bool(self.criterion.essential.strip())

    @property
    def essential_marked(self) -> bool:
        return self.essential_yes + self.essential_no > 0

    @property
    def essential_met(self) -> bool | None:
        if not self.essential_marked:
            return None
        return self.essential_yes >= self.essential_no

    @property
    def score(self) -> float:
        """The weights of the criteria met, averaged over the shortlisters who marked them."""
        total = 0.0
        if self.essential_marked:
            total += (
                (self.criterion.essential_weight or 0) * self.essential_yes / (self.essential_yes + self.essential_no)
            )
        if self.desirable_yes + self.desirable_no:
            total += (
                (self.criterion.desirable_weight or 0) * self.desirable_yes / (self.desirable_yes + self.desirable_no)
            )
        return total


@dataclass
class ShortlistingResult:
    application: Application
    criteria: list[CriterionResult] = field(default_factory=list)
    shortlisters: int = 0

    @property
    def fully_marked(self) -> bool:
        return all(c.essential_marked for c in self.criteria if c.has_essential)

    @property
    def meets_essentials(self) -> bool:
        """The essential criteria gate: every essential criterion identified by application is met."""
        return all(c.essential_met for c in self.criteria if c.has_essential)

    @property
    def unmet_essentials(self) -> list[PersonSpecificationCriterion]:
        return [c.criterion for c in self.criteria if c.has_essential and c.essential_met is False]

    @property
    def score(self) -> float:
        return round(sum(c.score for c in self.criteria), 1)

    @property
    def guaranteed_interview(self) -> bool:
        return self.application.disability_declared and self.meets_essentials

    @property
    def max_score(self) -> int:
        """The weighted score of an applicant meeting every criterion, for "12.0 out of 36"."""
        return sum(
            (c.criterion.essential_weight or 0 if c.has_essential else 0)
            + (c.criterion.desirable_weight or 0 if c.criterion.desirable.strip() else 0)
            for c in self.criteria
        )


def shortlisting_results(applications: QuerySet[Application], vacancy: Vacancy) -> list[ShortlistingResult]:
    """Each application's marks against the rows identified by application: three queries in all."""
    rows = list(criteria_identified_by_application(vacancy))
    tallies = (
        ShortlistingMark.objects.filter(application__in=applications, criterion__in=[r.pk for r in rows])
        .values("application_id", "criterion_id")
        .annotate(
            essential_yes=Count("pk", filter=Q(essential_met=True)),
            essential_no=Count("pk", filter=Q(essential_met=False)),
            desirable_yes=Count("pk", filter=Q(desirable_met=True)),
            desirable_no=Count("pk", filter=Q(desirable_met=False)),
        )
    )
    by_key = {(t["application_id"], t["criterion_id"]): t for t in tallies}
    shortlisters = dict(
        ShortlistingMark.objects.filter(application__in=applications)
        .values("application_id")
        .annotate(n=Count("shortlister", distinct=True))
        .values_list("application_id", "n")
    )
    results = []
    for application in applications:
        result = ShortlistingResult(application=application, shortlisters=shortlisters.get(application.pk, 0))
        for row in rows:
            tally = by_key.get((application.pk, row.pk), {})
            result.criteria.append(
                CriterionResult(
                    criterion=row,
                    essential_yes=tally.get("essential_yes", 0),
                    essential_no=tally.get("essential_no", 0),
                    desirable_yes=tally.get("desirable_yes", 0),
                    desirable_no=tally.get("desirable_no", 0),
                )
            )
        results.append(result)
    return results


def shortlisting_result(application: Application) -> ShortlistingResult:
    return shortlisting_results(Application.objects.filter(pk=application.pk), application.vacancy)[0]


def ranked_shortlist(vacancy: Vacancy, applications: QuerySet[Application]) -> list[ShortlistingResult]:
    """The vacancy's applications, those meeting every essential criterion first, then by weighted score."""
    results = shortlisting_results(applications.select_related("applicant").order_by("applicant__full_name"), vacancy)
    return sorted(results, key=lambda r: (not r.meets_essentials, -r.score, r.application.applicant.full_name))


def marks_by(shortlister, application: Application) -> dict[int, ShortlistingMark]:
    return {
        m.criterion_id: m for m in ShortlistingMark.objects.filter(application=application, shortlister=shortlister)
    }


# --- Interviews -------------------------------------------------------------------------------


def _weighted_score():
    """A dimension scores as it is; a person specification row by its weight (1 when it has none)."""
    return Case(
        When(criterion__isnull=True, then=F("score")),
        default=F("score") * Coalesce(F("criterion__essential_weight"), F("criterion__desirable_weight"), Value(1)),
        output_field=IntegerField(),
    )


def with_interview_scores(applications: QuerySet[Application]) -> QuerySet[Application]:
    """Annotate `combined_score` (the panellists' average weighted total) and `panellists_scored`."""
    scored = (
        InterviewScore.objects.filter(application=OuterRef("pk"))
        .values("application")
        .annotate(total=Sum(_weighted_score()))
        .values("total")
    )
    panellists = (
        InterviewScore.objects.filter(application=OuterRef("pk"))
        .values("application")
        .annotate(n=Count("panellist", distinct=True))
        .values("n")
    )
    return applications.annotate(
        score_total=Coalesce(Subquery(scored, output_field=IntegerField()), 0),
        panellists_scored=Coalesce(Subquery(panellists, output_field=IntegerField()), 0),
    )


def max_combined_score(vacancy: Vacancy) -> int:
    """The highest combined interview score an applicant can get: every Box 9 dimension and every person
    specification row identified at interview scored SCORE_MAX, rows by their weight (1 when none). One query."""
    weights = criteria_identified_at_interview(vacancy).aggregate(
        total=Sum(Coalesce(F("essential_weight"), F("desirable_weight"), Value(1)))
    )["total"]
    return SCORE_MAX * (len(InterviewDimension) + (weights or 0))


def combined_score(application: Application) -> float | None:
    """Set on applications from `with_interview_scores`."""
    if not getattr(application, "panellists_scored", 0):
        return None
    return round(application.score_total / application.panellists_scored, 1)


def interview_applicants(interview: Interview) -> list[Application]:
    applications = with_interview_scores(
        interview.applications.select_related("applicant").order_by("applicant__full_name")
    )
    result = list(applications)
    for application in result:
        application.combined = combined_score(application)
    return result


def scores_by(panellist, application: Application) -> dict[str, InterviewScore]:
    """A panellist's scores for an applicant, keyed by dimension or `criterion-<id>`."""
    return {
        (s.dimension or f"criterion-{s.criterion_id}"): s
        for s in InterviewScore.objects.filter(application=application, panellist=panellist)
    }


def score_sheet(application: Application) -> list[dict]:
    """Every panellist's scores for an applicant, for the application page."""
    rows = InterviewScore.objects.filter(application=application).select_related("panellist", "criterion")
    sheet: dict[int, dict] = {}
    for s in rows.order_by("panellist__username", "dimension", "criterion__order"):
        entry = sheet.setdefault(s.panellist_id, {"panellist": s.panellist, "scores": []})
        entry["scores"].append(s)
    return list(sheet.values())


# --- Orientation sessions ---------------------------------------------------------------------


def orientation_sessions_for_list(sessions: QuerySet[OrientationSession]) -> QuerySet[OrientationSession]:
    """Each session with its bookings, attendance and how many of those who came went on to apply:
    the attrition between booking, attending and applying."""
    applied = Application.objects.filter(applicant=OuterRef("peer"))
    attended_and_applied = OrientationBooking.objects.filter(session=OuterRef("pk"), attended=True).filter(
        Exists(applied)
    )
    applied_count = attended_and_applied.values("session").annotate(n=Count("pk")).values("n")
    return sessions.select_related("programme").annotate(
        booked=Count("bookings", distinct=True),
        attended_count=Count("bookings", filter=Q(bookings__attended=True), distinct=True),
        did_not_attend=Count("bookings", filter=Q(bookings__attended=False), distinct=True),
        went_on_to_apply=Coalesce(Subquery(applied_count, output_field=IntegerField()), 0),
    )


# --- The funnel -------------------------------------------------------------------------------


@dataclass
class FunnelStage:
    stage: str
    label: str
    reached: int
    conversion: float | None  # share of the previous stage's applications that reached this one
    median_days: float | None  # from entering the previous stage to entering this one


@dataclass
class Funnel:
    stages: list[FunnelStage]
    left: dict[str, int]  # applications that ended at withdrawn / not shortlisted / not appointed
    total: int


def funnel(applications: QuerySet[Application], trust=None) -> Funnel:
    """Counts and conversion per stage, and median days between stages, for any set of applications
    (a vacancy's, a programme's): two queries whatever their number. With the `trust` they share, the stages are
    named for its nation ("PVG cleared")."""
    forward = [s.value for s in Application.FORWARD]
    moves = list(
        StageTransition.objects.filter(application__in=applications, to_stage__in=forward)
        .order_by("application_id", "at")
        .values_list("application_id", "to_stage", "at")
    )
    entered: dict[str, dict[int, object]] = {s: {} for s in forward}
    for application_id, stage, at in moves:
        entered[stage].setdefault(application_id, at)
    counts = applications.aggregate(
        total=Count("pk"), **{s.value: Count("pk", filter=Q(stage=s.value)) for s in Application.UNSUCCESSFUL}
    )
    stages = []
    previous = None
    for stage in forward:
        reached = len(entered[stage])
        conversion = median = None
        if previous is not None:
            before = entered[previous]
            conversion = round(100 * reached / len(before), 1) if before else None
            gaps = [(at - before[a]).total_seconds() / 86400 for a, at in entered[stage].items() if a in before]
            median = round(statistics.median(gaps), 1) if gaps else None
        stages.append(FunnelStage(stage, Application.stage_label(stage, trust), reached, conversion, median))
        previous = stage
    return Funnel(
        stages=stages,
        left={Stage(s).label: counts[s.value] for s in Application.UNSUCCESSFUL},
        total=counts["total"],
    )


# --- Lists ------------------------------------------------------------------------------------


def vacancies_for_list(vacancies: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
    return vacancies.select_related("post__team__trust").annotate(
        application_count=Count("applications", distinct=True),
        open_count=Count(
            "applications",
            filter=~Q(applications__stage__in=[*Application.UNSUCCESSFUL, Stage.APPOINTED]),
            distinct=True,
        ),
    )


def applications_for_list(applications: QuerySet[Application]) -> QuerySet[Application]:
    return applications.select_related("applicant", "vacancy__post__team__trust")


def supports_for_list(supports: QuerySet[CandidateSupport]) -> QuerySet[CandidateSupport]:
    return supports.select_related("application__applicant", "application__vacancy__post__team__trust")


def awaiting_feedback(supports: QuerySet[CandidateSupport]) -> QuerySet[CandidateSupport]:
    """Unsuccessful candidates still waiting for their feedback, longest waiting first."""
    return supports_for_list(supports.filter(feedback_given_on__isnull=True)).order_by("created_at")


def ready_to_start(applications: QuerySet[Application]) -> QuerySet[Application]:
    """Appointed applicants, for the employment phase (`workforce` calls this; recruitment never
    imports workforce). Pass the applications the user may see."""
    return (
        applications.filter(stage=Stage.APPOINTED)
        .select_related("applicant", "vacancy__post__team")
        .prefetch_related("occupational_health")
        .order_by("stage_changed_at")
    )


def transitions_of(application: Application) -> QuerySet[StageTransition]:
    return application.transitions.select_related("by").order_by("at", "pk")


# --- The pipeline board of a vacancy ------------------------------------------------------------------


@dataclass
class BoardCard:
    """One applicant on the board and what their application needs next (`need`, a code the page turns into
    words and a link: "mark", "invite", "score", "oh", "dbs", "place", or the move that is due)."""

    application: Application
    need: str
    shows_restricted: bool = True


@dataclass
class BoardColumn:
    stage: str
    label: str
    cards: list[BoardCard] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.cards)


def next_need(application: Application, result: ShortlistingResult | None, now) -> str:
    """What the application needs next, from the facts annotated by `pipeline_board`."""
    stage = application.stage
    if stage == Stage.APPLIED:
        if result is None or not result.fully_marked:
            return "mark"
        return "shortlist" if result.meets_essentials else "not_shortlisted"
    if stage == Stage.SHORTLISTED:
        if application.interview is None:
            return "invite"
        if application.interview.starts_at > now:
            return "wait_interview"
        return "interviewed" if application.has_scores else "score"
    if stage == Stage.INTERVIEWED:
        return "offer" if application.has_scores else "score"
    if stage == Stage.CONDITIONAL_OFFER:
        return "oh_cleared" if application.oh_is_cleared else "oh"
    if stage == Stage.OH_CLEARED:
        return "dbs_cleared" if application.dbs_is_cleared else "dbs"
    if stage == Stage.DBS_CLEARED:
        return "appoint"
    if stage == Stage.APPOINTED:
        return "placed" if application.placed_id else "place"
    return "ended"


def cleared_checks():
    """Subqueries (on the outer application's pk) for an occupational health outcome that clears the applicant and
    a DBS check that does (clear, or a disclosure the panel decided to proceed with): the pipeline board and the
    "what needs me" lists ask the same question."""
    from .models import DbsCheck, OccupationalHealthReferral

    cleared_oh = OccupationalHealthReferral.objects.filter(
        application=OuterRef("pk"), outcome__in=OccupationalHealthReferral.CLEARED
    )
    cleared_dbs = DbsCheck.objects.filter(application=OuterRef("pk")).filter(
        Q(status=DbsCheck.Status.CLEAR)
        | Q(
            status=DbsCheck.Status.DISCLOSURE,
            decision__in=[DbsCheck.Decision.PROCEED, DbsCheck.Decision.PROCEED_WITH_SAFEGUARDS],
        )
    )
    return cleared_oh, cleared_dbs


def pipeline_board(vacancy: Vacancy, applications: QuerySet[Application], *, restricted_ids: set[int], now):
    """The vacancy's applications in one column per stage (the way forward, then the three ways out), each with
    what it needs next. Occupational health and DBS facts count only for the applications in `restricted_ids`
    (those whose records the viewer may read). Five queries whatever the number of applicants."""
    cleared_oh, cleared_dbs = cleared_checks()
    rows = list(
        applications.filter(vacancy=vacancy)
        .select_related("applicant", "interview")
        .annotate(
            has_scores=Exists(InterviewScore.objects.filter(application=OuterRef("pk"))),
            oh_is_cleared=Exists(cleared_oh),
            dbs_is_cleared=Exists(cleared_dbs),
            # The employment phase's placement made from the application (a reverse relation: no import).
            placed_id=F("placement__pk"),
        )
        .order_by("stage_changed_at", "pk")
    )
    applied = [a for a in rows if a.stage == Stage.APPLIED]
    results = {}
    if applied:
        results = {
            r.application.pk: r
            for r in shortlisting_results(Application.objects.filter(pk__in=[a.pk for a in applied]), vacancy)
        }
    trust = vacancy.post.team.trust
    columns = {
        s: BoardColumn(s, Application.stage_label(s, trust)) for s in [*Application.FORWARD, *Application.UNSUCCESSFUL]
    }
    for application in rows:
        shows = application.pk in restricted_ids
        need = next_need(application, results.get(application.pk), now)
        if not shows and need in ("oh", "oh_cleared", "dbs", "dbs_cleared"):
            need = "restricted"
        columns[application.stage].cards.append(BoardCard(application, need, shows))
    return list(columns.values())


# --- The same person twice ------------------------------------------------------------------------------


def possible_same_people(peers: QuerySet, *, full_name: str, email: str = "", phone: str = "") -> QuerySet:
    """Among `peers`, those who may be the person about to be added: the same email address (in any case), or the
    same name (in any case) and the same phone number (spaces aside). The peer record has no date of birth, so a
    name is matched with a way of reaching the person, never alone."""
    from django.db.models.functions import Replace

    # Text holding a NUL byte matches nobody: no stored value can hold one (PostgreSQL's text refuses it, and so
    # does the form, beside the field), and sending it in a query is an error rather than no match.
    full_name, email, phone = ("" if "\x00" in text else text for text in (full_name, email, phone))
    q = Q(pk__in=[])
    if email.strip():
        q |= Q(email__iexact=email.strip())
    digits = phone.replace(" ", "")
    if full_name.strip() and digits:
        q |= Q(full_name__iexact=full_name.strip(), phone_digits=digits)
    return peers.annotate(phone_digits=Replace(F("phone"), Value(" "), Value(""))).filter(q).order_by("full_name", "pk")
