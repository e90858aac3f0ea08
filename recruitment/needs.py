"""The recruitment phase's part of the "what needs me" home page (`programmes.home`, registered from
RecruitmentConfig.ready):

- HR and the peer support lead: applications waiting for a move or a check (marks, interview, scores, occupational
  health, DBS, referees), longest waiting first, each with what it needs next, as the vacancy's pipeline board
  says it (`selectors.next_need`);
- a line manager: applications for their team's vacancies still to mark for shortlisting;
- a panel member: interviews to score, and applications to mark for the vacancies of their panels.

Reads go through `programmes.access`; each part runs a fixed number of queries whatever the number of
applications or vacancies. Items name the applicant, the vacancy and the step, never a record's content.
"""

from __future__ import annotations

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from programmes import access, nations
from programmes.home import Need, Page
from programmes.models import PersonSpecificationCriterion

from .models import Application, InterviewScore, Referee, ShortlistingMark
from .selectors import cleared_checks, next_need

Stage = Application.Stage
# The stages after an offer, when the referees are needed before an appointment.
OFFERED = (Stage.CONDITIONAL_OFFER, Stage.OH_CLEARED, Stage.DBS_CLEARED)

# What each need of `selectors.next_need` asks of HR or the peer lead: the words and the page that does it.
STEPS: dict[str, tuple[str, str]] = {
    "mark": ("Mark the application of {name} against the person specification", "recruitment:shortlisting-marks"),
    "shortlist": ("Decide whether to shortlist {name}", "recruitment:application-move"),
    "not_shortlisted": ("Decide whether to shortlist {name}", "recruitment:application-move"),
    "invite": ("Invite {name} to an interview", "recruitment:application-detail"),
    "score": ("Interview scores to enter for {name}", "recruitment:application-detail"),
    "interviewed": ("Record that {name} was interviewed", "recruitment:application-move"),
    "offer": ("Decide on an offer to {name}", "recruitment:application-move"),
    "oh": ("Record the occupational health outcome for {name}", "recruitment:occupational-health"),
    "oh_cleared": ("Move {name} on: occupational health has cleared them", "recruitment:application-move"),
    "dbs": ("Record the {check} check and decision for {name}", "recruitment:dbs-detail"),
    "dbs_cleared": ("Move {name} on: the {check} check has cleared them", "recruitment:application-move"),
    "appoint": ("Appoint {name}", "recruitment:application-move"),
}


def _day(moment) -> str:
    day = timezone.localtime(moment).date()
    return f"{day.day} {day:%b %Y}"


def waiting_applications(applications, *, now):
    """Open applications with the facts `selectors.next_need` reads (interview, scores, OH and DBS cleared, placement)
    and, for the applied, whether every essential criterion identified by application has a mark: one query for
    any number of applications and vacancies. Longest waiting first."""
    cleared_oh, cleared_dbs = cleared_checks()
    essential_rows = (
        PersonSpecificationCriterion.objects.filter(
            job_description__post_id=OuterRef("vacancy__post_id"), by_application=True
        )
        .exclude(essential="")
        .order_by()
        .values("job_description__post_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    essential_marked = (
        ShortlistingMark.objects.filter(application=OuterRef("pk"), essential_met__isnull=False)
        .exclude(criterion__essential="")
        .filter(criterion__by_application=True)
        .order_by()
        .values("application")
        .annotate(n=Count("criterion", distinct=True))
        .values("n")
    )
    return (
        applications.exclude(stage__in=[*Application.UNSUCCESSFUL, Stage.APPOINTED])
        .select_related("applicant", "vacancy__post__team__trust", "interview")
        .annotate(
            has_scores=Exists(InterviewScore.objects.filter(application=OuterRef("pk"))),
            oh_is_cleared=Exists(cleared_oh),
            dbs_is_cleared=Exists(cleared_dbs),
            placed_id=F("placement__pk"),
            has_referees=Exists(Referee.objects.filter(application=OuterRef("pk"))),
            essential_rows=Coalesce(Subquery(essential_rows, output_field=IntegerField()), Value(0)),
            essential_marked=Coalesce(Subquery(essential_marked, output_field=IntegerField()), Value(0)),
        )
        .order_by("stage_changed_at", "pk")
    )


class _Marked:
    """What `selectors.next_need` asks of an applied application's shortlisting result, from the annotations: the
    decision itself is taken on the move page, with the full result in front of the person deciding."""

    meets_essentials = True

    def __init__(self, application):
        self.fully_marked = application.essential_marked >= application.essential_rows


def _keeper(page: Page, now) -> None:
    section = page.section(
        "keeper",
        "applications",
        "Applications waiting for a move or a check",
        more_url=reverse("recruitment:application-list"),
        more_label="All applications",
    )
    for application in waiting_applications(access.editable_applications(page.user), now=now):
        result = _Marked(application) if application.stage == Stage.APPLIED else None
        need = next_need(application, result, now)
        if application.stage in OFFERED and not application.has_referees:
            need = "referees"
        if need == "referees":
            text, url_name = "Add referees for {name}", "recruitment:application-update"
        elif need in STEPS:
            text, url_name = STEPS[need]
        else:
            continue  # waiting for the interview day, or nothing for HR to do
        section.add(
            Need(
                text.format(
                    name=application.applicant.full_name,
                    check=nations.vetting_name(application.vacancy.post.team.trust),
                ),
                reverse(url_name, args=[application.pk]),
                detail=f"{application.vacancy.job_title}; {application.get_stage_display().lower()} since "
                f"{_day(application.stage_changed_at)}",
                key=f"application:{application.pk}",
            )
        )


def _to_mark(applications, user):
    """Applied applications the user has not marked yet, oldest first."""
    mine = ShortlistingMark.objects.filter(application=OuterRef("pk"), shortlister=user)
    return (
        applications.filter(stage=Stage.APPLIED)
        .exclude(Exists(mine))
        .select_related("applicant", "vacancy")
        .order_by("applied_on", "pk")
    )


def _mark_need(application) -> Need:
    return Need(
        f"Mark the application of {application.applicant.full_name} for shortlisting",
        reverse("recruitment:shortlisting-marks", args=[application.pk]),
        detail=f"{application.vacancy.job_title}; applied {application.applied_on.day} {application.applied_on:%b %Y}",
        key=f"mark:{application.pk}",
    )


def _line_manager(page: Page) -> None:
    section = page.section("line_manager", "to-shortlist", "Applications to mark for your team's vacancies")
    teams = access.visible_teams(page.user)
    applications = access.shortlistable_applications(page.user).filter(vacancy__post__team__in=teams)
    for application in _to_mark(applications, page.user):
        section.add(_mark_need(application))


def _panel(page: Page, now) -> None:
    user = page.user
    mine = InterviewScore.objects.filter(application=OuterRef("pk"), panellist=user)
    to_score = (
        access.scorable_applications(user)
        .filter(stage__in=[Stage.SHORTLISTED, Stage.INTERVIEWED], interview__starts_at__lte=now)
        .exclude(Exists(mine))
        .select_related("applicant", "interview", "vacancy")
        .order_by("interview__starts_at", "pk")
    )
    section = page.section("panel", "to-score", "Interviews to score")
    for application in to_score:
        section.add(
            Need(
                f"Score the interview of {application.applicant.full_name}",
                reverse("recruitment:interview-score", args=[application.pk]),
                detail=f"{application.vacancy.job_title}; interviewed {_day(application.interview.starts_at)}",
                key=f"score:{application.pk}",
            )
        )
    panels = access.visible_interviews(user).filter(panel__user=user).values("vacancy_id")
    section = page.section("panel", "to-mark", "Applications to mark for the vacancies of your panels")
    for application in _to_mark(access.shortlistable_applications(user).filter(vacancy_id__in=panels), user):
        section.add(_mark_need(application))


def build(page: Page) -> None:
    now = timezone.now()
    if page.holds("keeper"):
        _keeper(page, now)
    if page.holds("line_manager"):
        _line_manager(page)
    if page.holds("panel"):
        _panel(page, now)
