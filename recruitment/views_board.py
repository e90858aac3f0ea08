"""Recruitment as one journey (issue 15): the pipeline board of a vacancy, where each applicant's next needed
action links to the page that does it and the due move is one button (a small form per card, no script); the
fix named by every refused move, linked; and the way back to the move (or the board) once that page is saved.
Thin: access via `programmes.access`, writes via `recruitment.services`, reads via `recruitment.selectors`."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import TemplateView

from programmes import access, integrity, nations
from programmes.views import AccessMixin

from . import selectors, services
from .models import Application

Stage = Application.Stage


# --- Going back to where the user came from ---------------------------------------------------------------


def safe_next(request) -> str | None:
    """The `next` the request carries (posted, else in the query string) when it is a path on this site;
    None for anything else, so a link cannot send the user to another site once they save."""
    value = request.POST.get("next") if request.method == "POST" else None
    value = value or request.GET.get("next")
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return None


def with_next(url: str, next_url: str | None) -> str:
    if not next_url:
        return url
    return f"{url}{'&' if '?' in url else '?'}{urlencode({'next': next_url})}"


def forward_stage(application: Application) -> str | None:
    """The stage the application moves on to (the way forward), if it has one."""
    return next((s for s in services.allowed_next_stages(application) if s in Application.FORWARD), None)


class ReturnMixin:
    """A form page opened with a `next` (from a refused move, or the board) goes back there once saved, and its
    Cancel link goes back there too. The page's form carries `next` in a hidden field (`next_url`)."""

    def next_url(self) -> str | None:
        return safe_next(self.request)

    def success_url_for(self, record) -> str:
        return self.next_url() or super().success_url_for(record)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next_url"] = self.next_url()
        if context["next_url"]:
            context["cancel_url"] = context["next_url"]
        return context


class ThenMoveMixin(ReturnMixin):
    """A page that does what a move needs (the marks for "Shortlisted", the scores for "Interviewed", the OH outcome
    for "Occupational health cleared", the DBS result for "DBS cleared") also offers "Save and move": the page is
    saved, then the move is made through the same service as any other move. A refused move leaves what was
    saved, and says why."""

    then_stage: str  # the move this page makes possible
    journey_application: Application

    def move_offered(self) -> str | None:
        application = self.journey_application
        if forward_stage(application) != self.then_stage:
            return None
        if not access.editable_applications(self.request.user).filter(pk=application.pk).exists():
            return None
        return self.then_stage

    def then_move_context(self) -> tuple[str, str] | None:
        stage = self.move_offered()
        trust = self.journey_application.vacancy.post.team.trust
        return (stage, Application.stage_label(stage, trust)) if stage else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["then_move"] = self.then_move_context()
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        stage = self.request.POST.get("then_move")
        if response.status_code == 302 and stage and stage == self.move_offered():
            application = self.journey_application
            try:
                with transaction.atomic():
                    services.move_application(application=application, to_stage=stage, by=self.request.user)
            except ValidationError as error:
                messages.warning(self.request, f"Saved, but not moved on: {' '.join(error.messages)}")
            else:
                label = Application.stage_label(stage, application.vacancy.post.team.trust)
                messages.success(self.request, f"Application moved to “{label}”.")
        return response


# --- The fix for each refused move ---------------------------------------------------------------------------


@dataclass
class Fix:
    label: str
    url: str


def fix_for(code: str | None, application: Application, user, back: str) -> Fix | None:
    """The page that fixes a refused move (its code from `services.refusal_code`), with `back` as its `next`, when
    the user may open it."""
    pk = application.pk
    if code in ("needs_marks", "essentials_not_met"):
        if access.shortlistable_applications(user).filter(pk=pk).exists():
            label = "Mark the criteria" if code == "needs_marks" else "Check the marks"
            return Fix(label, with_next(reverse("recruitment:shortlisting-marks", args=[pk]), back))
    elif code == "guaranteed_interview":
        return Fix("Shortlist the applicant", reverse("recruitment:application-move", args=[pk]) + "?to=shortlisted")
    elif code == "needs_interview":
        interview = (
            access.editable_interviews(user)
            .filter(vacancy_id=application.vacancy_id)
            .annotate(taken=Count("applications"))
            .filter(taken__lt=F("capacity"))
            .order_by("-starts_at")
            .first()
        )
        if interview is not None:
            return Fix("Invite the applicant to an interview", with_next(interview_invite_url(interview), back))
        if access.editable_vacancies(user).filter(pk=application.vacancy_id).exists():
            url = reverse("recruitment:interview-create", args=[application.vacancy_id])
            return Fix("Add an interview", with_next(url, back))
    elif code == "interview_not_held" and application.interview_id:
        if access.editable_interviews(user).filter(pk=application.interview_id).exists():
            url = reverse("recruitment:interview-update", args=[application.interview_id])
            return Fix("Hold the interview (or change its date)", with_next(url, back))
    elif code == "needs_scores":
        if access.scorable_applications(user).filter(pk=pk).exists():
            return Fix("Score the interview", with_next(reverse("recruitment:interview-score", args=[pk]), back))
        if application.interview_id:
            url = reverse("recruitment:interview-detail", args=[application.interview_id])
            return Fix("See who is still to score", url)
    elif code in ("needs_oh", "needs_dbs") and access.editable_restricted_applications(user).filter(pk=pk).exists():
        name = "occupational-health-update" if code == "needs_oh" else "dbs-update"
        check = nations.vetting_name(application.vacancy.post.team.trust)
        label = "Record the occupational health outcome" if code == "needs_oh" else f"Record the {check} decision"
        return Fix(label, with_next(reverse(f"recruitment:{name}", args=[pk]), back))
    return None


def interview_invite_url(interview) -> str:
    return reverse("recruitment:interview-invite", args=[interview.pk])


# --- The pipeline board --------------------------------------------------------------------------------------

# What each next needed action reads as on a card (selectors.pipeline_board's codes); {check} is the vetting check
# of the vacancy's trust's nation (programmes.nations).
NEEDS = {
    "mark": "Mark the criteria",
    "shortlist": "Meets every essential criterion: shortlist",
    "not_shortlisted": "Does not meet every essential criterion",
    "invite": "Invite to an interview",
    "wait_interview": "Interview booked",
    "score": "Score the interview",
    "interviewed": "Scored: record the interview as held",
    "offer": "Make a conditional offer",
    "oh": "Record the occupational health outcome",
    "oh_cleared": "Cleared by occupational health",
    "dbs": "Record the {check} check",
    "dbs_cleared": "The {check} check is cleared",
    "appoint": "Appoint",
    "place": "Place in a post",
    "placed": "Placed in a post",
    "restricted": "Occupational health and {check} checks, kept by HR",
    "ended": "Ended",
}


# Cards shown in one column of the board: a column holding more links to the application list for the rest.
CARDS_PER_COLUMN = 10

# The needs that are the due move itself (the card's button is then its main action).
MOVE_DUE = frozenset({"shortlist", "interviewed", "offer", "oh_cleared", "dbs_cleared", "appoint"})


class PipelineBoardView(AccessMixin, TemplateView):
    """A vacancy's applicants in one column per stage, with counts; each card says what is needed next and links to
    the page that does it, and (for HR and the peer lead) offers the due move as one button and the other allowed
    moves on the move page. Works with the keyboard alone and without JavaScript."""

    template_name = "recruitment/pipeline_board.html"
    allowed = staticmethod(access.can_use_recruitment_pages)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        vacancy = get_object_or_404(
            access.visible_vacancies(user).select_related("post__team__trust"), pk=self.kwargs["pk"]
        )
        here = reverse("recruitment:vacancy-board", args=[vacancy.pk])
        ids = lambda qs: set(qs.filter(vacancy=vacancy).values_list("pk", flat=True))  # noqa: E731
        editable = ids(access.editable_applications(user))
        shortlistable = ids(access.shortlistable_applications(user))
        scorable = ids(access.scorable_applications(user))
        restricted = ids(access.restricted_applications(user))
        columns = selectors.pipeline_board(
            vacancy, access.visible_applications(user), restricted_ids=restricted, now=timezone.now()
        )
        total = sum(column.count for column in columns)
        list_url = reverse("recruitment:application-list")
        for column in columns:
            # A column shows the cards waiting longest; the rest are a link to the application list, filtered.
            column.shown = column.cards[:CARDS_PER_COLUMN]
            column.more_url = f"{list_url}?{urlencode({'vacancy': vacancy.pk, 'stage': column.stage})}"
        cards = [card for column in columns for card in column.shown]
        versions = integrity.versions_by_pk(Application, sorted(editable & {card.application.pk for card in cards}))
        interview = (
            access.editable_interviews(user)
            .filter(vacancy=vacancy)
            .annotate(taken=Count("applications"))
            .filter(taken__lt=F("capacity"))
            .order_by("-starts_at")
            .first()
        )
        keeps_placements = access.can_keep_placements(user)
        self.trust = vacancy.post.team.trust
        self.check = nations.vetting_name(self.trust)
        for card in cards:
            self._dress(card, here, editable, shortlistable, scorable, versions, interview, keeps_placements)
        context.update(
            vacancy=vacancy,
            columns=columns,
            forward_columns=columns[: len(Application.FORWARD)],
            ended_columns=columns[len(Application.FORWARD) :],
            total=total,
            here=here,
            can_add=access.editable_vacancies(user).filter(pk=vacancy.pk).exists(),
            add_url=with_next(reverse("recruitment:application-create", args=[vacancy.pk]), here),
            interview=interview,
        )
        return context

    def _dress(self, card, here, editable, shortlistable, scorable, versions, interview, keeps_placements) -> None:
        """The card's words and links: what is needed next, the page that does it, and the due move."""
        application, need, pk = card.application, card.need, card.application.pk
        card.need_text = NEEDS[need].format(check=self.check)
        card.need_url = None
        card.invite = None
        if need == "mark" and pk in shortlistable:
            card.need_url = with_next(reverse("recruitment:shortlisting-marks", args=[pk]), here)
        elif need == "wait_interview":
            card.need_text = f"Interview on {timezone.localtime(application.interview.starts_at):%-d %b %Y at %H:%M}"
        elif need == "score" and pk in scorable:
            card.need_url = with_next(reverse("recruitment:interview-score", args=[pk]), here)
        elif need == "score":
            card.need_text = "Waiting for the panel's scores"
        elif need in ("oh", "dbs") and pk in editable:
            name = "occupational-health-update" if need == "oh" else "dbs-update"
            card.need_url = with_next(reverse(f"recruitment:{name}", args=[pk]), here)
        elif need == "place" and keeps_placements:
            card.need_url = reverse("workforce:placement-create") + f"?application={pk}"
        elif need == "placed":
            card.need_url = reverse("workforce:placement-detail", args=[application.placed_id])
        elif need == "ended":
            card.need_text = f"Ended: {Application.stage_label(application.stage, self.trust).lower()}"
        elif need == "invite" and pk in editable and interview is not None:
            card.invite = {"interview": interview, "token": integrity.new_token(self.request.user)}
        card.forward = forward_stage(application) if pk in editable else None
        card.forward_label = Application.stage_label(card.forward, self.trust) if card.forward else ""
        card.move_due = need in MOVE_DUE
        card.version = versions.get(pk, "")
        card.move_url = reverse("recruitment:application-move", args=[pk]) if pk in editable else None
        card.other_moves = pk in editable and len(services.allowed_next_stages(application)) > 1
