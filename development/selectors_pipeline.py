"""Reads of the train-and-place pipeline (issue 18 item 5): the applications for training places as lists, a cohort's
waiting list in order, the graduates to put forward for vacancies, and the figures a board asks: applicants per
place, completion, and graduates into paid peer work within 6 and 12 months. Each a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Prefetch, Q, QuerySet

from programmes.models import CohortEnrolment, Programme, TrainingCohort
from workforce.models import Placement

from .models_pipeline import GraduateCandidacy, TrainingApplication

Status = TrainingApplication.Status
# Months after graduation within which a graduate in a peer post counts as "into paid peer work".
WITHIN_MONTHS = (6, 12)


def applications_for_list(applications: QuerySet[TrainingApplication]) -> QuerySet[TrainingApplication]:
    return applications.select_related("applicant", "cohort__course", "cohort__programme", "interviewed_by").order_by(
        "-cohort__starts_on", "cohort__name", "status", "waiting_position", "applicant__full_name", "pk"
    )


def waiting_list(cohort: TrainingCohort) -> QuerySet[TrainingApplication]:
    """The cohort's waiting list, first to be offered a place first."""
    return (
        TrainingApplication.objects.filter(cohort=cohort, status=Status.WAITING)
        .select_related("applicant")
        .order_by("waiting_position", "pk")
    )


def graduates_for_list(applications: QuerySet[TrainingApplication], vacancies: QuerySet) -> QuerySet:
    """Graduates, most recent first, each with the candidacies already made for them (and their vacancies)."""
    candidacies = GraduateCandidacy.objects.filter(vacancy__in=vacancies).select_related("vacancy", "application")
    return (
        applications.select_related("applicant", "cohort__course", "enrolment")
        .prefetch_related(Prefetch("candidacies", queryset=candidacies.order_by("pk"), to_attr="candidacies_shown"))
        .order_by("-enrolment__graduated_on", "applicant__full_name", "pk")
    )


# --- The board's figures ----------------------------------------------------------------------------------------


def _ratio(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class PipelineFigures:
    """One cohort's (or a programme's, added up) train-and-place figures on a day."""

    places: int = 0
    applicants: int = 0
    enrolled: int = 0
    completed: int = 0
    # Enrolled on cohorts whose course has ended by the day: completion is of these (a running cohort has not).
    enrolled_ended: int = 0
    graduates: int = 0
    # months -> (graduates whose that many months have passed, of them those in a peer post within them)
    into_work: dict[int, list[int]] = field(default_factory=lambda: {m: [0, 0] for m in WITHIN_MONTHS})

    @property
    def applicants_per_place(self) -> Decimal | None:
        return _ratio(self.applicants, self.places)

    @property
    def completion(self) -> Decimal | None:
        """Completed, of those enrolled on cohorts that have ended (withdrawals included)."""
        return _percent(self.completed, self.enrolled_ended)

    def into_work_share(self, months: int) -> Decimal | None:
        eligible, placed = self.into_work[months]
        return _percent(placed, eligible)

    def add(self, other: PipelineFigures) -> None:
        self.places += other.places
        self.applicants += other.applicants
        self.enrolled += other.enrolled
        self.completed += other.completed
        self.enrolled_ended += other.enrolled_ended
        self.graduates += other.graduates
        for months in WITHIN_MONTHS:
            for i in (0, 1):
                self.into_work[months][i] += other.into_work[months][i]


@dataclass
class PipelineReport:
    cohorts: list[tuple[TrainingCohort, PipelineFigures]]
    programmes: list[tuple[Programme, PipelineFigures]]


def pipeline_figures(programmes: QuerySet[Programme], as_of: datetime.date) -> PipelineReport:
    """The figures of every cohort of `programmes` that started on or before `as_of`, and per programme. Three
    queries whatever the number of cohorts, applications and peers: the cohorts with their counts, the graduates,
    and the placements of the graduates.

    - applicants per place: training applications / the cohort's places;
    - completion: enrolments completed / enrolments (withdrawals included), of the cohorts ended by `as_of`;
    - into paid peer work within N months: of the graduates whose graduation is at least N months before `as_of`,
      those in a peer post (a placement) at some time in the N months after graduating."""
    cohorts = list(
        TrainingCohort.objects.filter(programme__in=programmes, starts_on__lte=as_of)
        .select_related("programme", "course")
        .annotate(
            applicants=Count("training_applications", distinct=True),
            enrolled=Count("enrolments", distinct=True),
            completed=Count("enrolments", filter=Q(enrolments__status=CohortEnrolment.Status.COMPLETED), distinct=True),
        )
        .order_by("-starts_on", "name", "pk")
    )
    graduates = list(
        CohortEnrolment.objects.filter(
            cohort__in=[c.pk for c in cohorts], graduated_on__isnull=False, graduated_on__lte=as_of
        ).values_list("cohort_id", "peer_id", "graduated_on")
    )
    spells: dict[int, list[tuple[datetime.date, datetime.date | None]]] = defaultdict(list)
    if graduates:
        for peer_id, start, end in Placement.objects.filter(
            peer_id__in={peer for _, peer, _ in graduates}, start_date__lte=as_of
        ).values_list("peer_id", "start_date", "end_date"):
            spells[peer_id].append((start, end))
    by_cohort: dict[int, PipelineFigures] = {}
    for cohort in cohorts:
        by_cohort[cohort.pk] = PipelineFigures(
            places=cohort.capacity,
            applicants=cohort.applicants,
            enrolled=cohort.enrolled,
            completed=cohort.completed,
            enrolled_ended=cohort.enrolled if cohort.ends_on <= as_of else 0,
        )
    for cohort_id, peer_id, graduated_on in graduates:
        figures = by_cohort[cohort_id]
        figures.graduates += 1
        for months in WITHIN_MONTHS:
            until = graduated_on + relativedelta(months=months)
            if until > as_of:
                continue  # too soon to say
            figures.into_work[months][0] += 1
            figures.into_work[months][1] += any(
                start <= until and (end is None or end >= graduated_on) for start, end in spells[peer_id]
            )
    per_programme: dict[int, tuple[Programme, PipelineFigures]] = {}
    for cohort in cohorts:
        programme_row = per_programme.setdefault(cohort.programme_id, (cohort.programme, PipelineFigures()))
        programme_row[1].add(by_cohort[cohort.pk])
    return PipelineReport(
        cohorts=[(c, by_cohort[c.pk]) for c in cohorts],
        programmes=sorted(per_programme.values(), key=lambda p: (p[0].name, p[0].pk)),
    )
