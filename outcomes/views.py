"""Pages of the outcomes app (issue 18 items 1 and 2): a programme's evaluation plan, its questions and outcome
measures; a team's monthly returns and its way of deciding whom a peer works with; a peer's caseload. Thin: access
via `programmes.access`, writes via `outcomes.services`, reads via `outcomes.selectors`."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, TemplateView

from programmes import access
from programmes.exports import Col, CsvExportMixin
from programmes.selectors import history_of
from programmes.views import AccessMixin, EditRecordView, ServiceFormView

from . import forms, selectors, services
from .models import TeamReturn


def _cleaned(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.fields}


# --- The evaluation plan --------------------------------------------------------------------------------------------


class PlanDetailView(AccessMixin, DetailView):
    """A programme's evaluation plan: its questions with their measures, and the outcome measures the trust chose
    (HR and the peer lead)."""

    template_name = "outcomes/plan_detail.html"
    context_object_name = "programme"
    allowed = staticmethod(access.can_use_evaluation_pages)

    def get_queryset(self):
        return access.evaluation_programmes(self.request.user).select_related("trust", "evaluation_plan")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme = self.object
        plan = getattr(programme, "evaluation_plan", None)
        context["plan"] = plan
        context["questions"] = list(plan.questions.all()) if plan else []
        context["measures"] = list(programme.outcome_measures.all())
        context["teams"] = list(access.return_teams(self.request.user).filter(trust_id=programme.trust_id))
        context["history"] = history_of(plan) if plan else []
        return context


class _ProgrammeFormView(ServiceFormView):
    allowed = staticmethod(access.can_use_evaluation_pages)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.programme = get_object_or_404(
                access.evaluation_programmes(request.user).select_related("evaluation_plan"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["programme"] = self.programme
        return context

    def cancel_url(self):
        return reverse("outcomes:plan-detail", args=[self.programme.pk])

    def success_url_for(self, record) -> str:
        return reverse("outcomes:plan-detail", args=[self.programme.pk])


class PlanCreateView(_ProgrammeFormView):
    """Start the plan: the questions offered are the readiness answer's, one a line, to change."""

    template_name = "outcomes/plan_form.html"
    form_class = forms.PlanStartForm
    title = "Start the evaluation plan"
    success_message = "Evaluation plan started."

    def get(self, request, *args, **kwargs):
        if getattr(self.programme, "evaluation_plan", None) is not None:
            return redirect("outcomes:plan-detail", self.programme.pk)
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return kwargs

    def get_initial(self):
        return {"questions": "\n".join(services.questions_from(self.programme.difference_hoped_for))}

    def save(self, form):
        return services.start_evaluation_plan(
            by=self.request.user, programme=self.programme, questions=form.cleaned_data["questions"].splitlines()
        )


class QuestionCreateView(_ProgrammeFormView):
    form_class = forms.QuestionForm
    title = "Add a question to the evaluation plan"
    success_message = "Question added."

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            programme = get_object_or_404(access.evaluation_programmes(request.user), pk=kwargs["pk"])
            if getattr(programme, "evaluation_plan", None) is None:
                raise Http404("Start the plan first")
        return super().dispatch(request, *args, **kwargs)

    def save(self, form):
        return services.add_question(by=self.request.user, plan=self.programme.evaluation_plan, **_cleaned(form))


class QuestionUpdateView(EditRecordView):
    allowed = staticmethod(access.can_use_evaluation_pages)
    editable = staticmethod(access.editable_evaluation_questions)
    form_class = forms.QuestionForm
    title = "Change a question of the evaluation plan"
    success_message = "Question saved."

    def save(self, form):
        return services.update_question(by=self.request.user, record=self.object, **_cleaned(form))


class MeasureCreateView(_ProgrammeFormView):
    form_class = forms.MeasureForm
    title = "Choose an outcome measure"
    success_message = "Outcome measure saved."

    def save(self, form):
        return services.create_measure(by=self.request.user, programme=self.programme, **_cleaned(form))


class MeasureUpdateView(EditRecordView):
    allowed = staticmethod(access.can_use_evaluation_pages)
    editable = staticmethod(access.editable_outcome_measures)
    form_class = forms.MeasureForm
    title = "Change the outcome measure {record.name}"
    success_message = "Outcome measure saved."

    def save(self, form):
        return services.update_measure(by=self.request.user, measure=self.object, **_cleaned(form))


# --- Team returns ---------------------------------------------------------------------------------------------------


def _return_value(name: str):
    """A CSV column of the month's return (blank in a month with no return yet)."""
    return lambda row: getattr(row[1], name) if row[1] is not None else None


class ReturnListView(AccessMixin, CsvExportMixin, TemplateView):
    """A team's last 12 months, each with its return or a link to enter it; the team's way of deciding whom a peer
    works with. Its CSV has the 12 months with every count (counts only: about no one)."""

    template_name = "outcomes/return_list.html"
    csv_rows_in = "months"
    csv_columns = (
        Col("Month", lambda row: f"{row[0]:%Y-%m}"),
        Col("Returned", lambda row: "Yes" if row[1] is not None else "No"),
        *(
            Col(TeamReturn._meta.get_field(name).verbose_name.capitalize(), _return_value(name))
            for name in TeamReturn.COUNTS
        ),
        *(
            Col(TeamReturn._meta.get_field(name).verbose_name.capitalize(), _return_value(name))
            for name in TeamReturn.MEASURES
        ),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        team = get_object_or_404(access.return_teams(user).select_related("trust", "allocation"), pk=self.kwargs["pk"])
        today = timezone.localdate()
        context["team"] = team
        context["months"] = selectors.team_months(team, access.visible_team_returns(user), today)
        context["can_enter"] = access.return_entry_teams(user).filter(pk=team.pk).exists()
        context["can_set_allocation"] = access.allocation_teams(user).filter(pk=team.pk).exists()
        context["allocation"] = getattr(team, "allocation", None)
        context["measures"] = list(access.outcome_measures_for(team))
        return context


class _ReturnFormMixin:
    template_name = "outcomes/return_form.html"
    form_class = forms.TeamReturnForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["measures"] = {m.slot: m for m in access.outcome_measures_for(self.team)}
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["team"] = self.team
        return context


class ReturnCreateView(_ReturnFormMixin, ServiceFormView):
    title = "Enter a monthly return"
    success_message = "Return saved."

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.team = get_object_or_404(access.return_entry_teams(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        month = self.request.GET.get("month", "")
        try:
            return {"month": forms.MonthField().clean(month)} if month else {}
        except forms.forms.ValidationError:
            return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Monthly return: {self.team.name}"
        return context

    def save(self, form):
        return services.record_team_return(by=self.request.user, team=self.team, **_cleaned(form))

    def cancel_url(self):
        return reverse("outcomes:return-list", args=[self.team.pk])


class ReturnUpdateView(_ReturnFormMixin, EditRecordView):
    editable = staticmethod(lambda user: access.editable_team_returns(user).select_related("team"))
    title = "Change the return of {record.team.name} for {record.month:%B %Y}"
    success_message = "Return saved."

    @property
    def team(self):
        return self.object.team

    def save(self, form):
        return services.update_team_return(by=self.request.user, record=self.object, **_cleaned(form))


class ReturnDetailView(AccessMixin, DetailView):
    template_name = "outcomes/return_detail.html"
    context_object_name = "record"

    def get_queryset(self):
        return access.visible_team_returns(self.request.user).select_related("team", "recorded_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.object
        measures = {m.slot: m for m in access.outcome_measures_for(record.team)}
        context["counts"] = [
            (TeamReturn._meta.get_field(name).verbose_name, getattr(record, name)) for name in TeamReturn.COUNTS
        ]
        context["measures"] = [
            (
                measures[n].name if n in measures else f"Outcome measure {n}",
                getattr(record, f"measure_{n}_pairs"),
                getattr(record, f"measure_{n}_before"),
                getattr(record, f"measure_{n}_after"),
            )
            for n in (1, 2)
            if n in measures or getattr(record, f"measure_{n}_pairs")
        ]
        context["can_edit"] = access.editable_team_returns(self.request.user).filter(pk=record.pk).exists()
        context["history"] = history_of(record)
        return context


class AllocationUpdateView(ServiceFormView):
    """The team's way of deciding whom a peer works with: written the first time (a one-time token), then changed
    (carrying the version it was opened at)."""

    form_class = forms.AllocationForm
    title = "How the team decides whom a peer works with"
    success_message = "Saved."

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.team = get_object_or_404(
                access.allocation_teams(request.user).select_related("allocation"), pk=kwargs["pk"]
            )
            self.object = getattr(self.team, "allocation", None)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"How {self.team.name} decides whom a peer works with"
        return context

    def save(self, form):
        return services.set_allocation_process(
            by=self.request.user, team=self.team, process=form.cleaned_data["process"]
        )

    def cancel_url(self):
        return reverse("outcomes:return-list", args=[self.team.pk])


# --- Caseload -------------------------------------------------------------------------------------------------------


class CaseloadListView(AccessMixin, CsvExportMixin, TemplateView):
    """A peer's caseload and capacity as agreed in supervision, latest first, with a warning above capacity: for the
    peer, HR, the peer lead and the line manager (and its CSV, the same rows)."""

    template_name = "outcomes/caseload_list.html"
    csv_rows_in = "agreements"
    csv_columns = (
        Col("Agreed on", "agreed_on"),
        Col("Team", "placement.post.team.name"),
        Col("Caseload", "caseload"),
        Col("Capacity", "capacity"),
        Col("Above capacity", lambda row: "Yes" if row.above_capacity else "No"),
        Col("Supervision session", "supervision_session.date"),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        peer = get_object_or_404(access.caseload_peers(user), pk=self.kwargs["pk"])
        agreements = list(
            access.visible_caseloads(user)
            .filter(placement__peer=peer)
            .select_related("placement__post__team", "supervision_session")[:24]
        )
        context["peer"] = peer
        context["agreements"] = agreements
        context["current"] = agreements[0] if agreements else None
        context["can_record"] = access.peers_for_caseload(user).filter(pk=peer.pk).exists()
        context["is_own_record"] = access.is_own_record(user, peer)
        return context


class CaseloadCreateView(ServiceFormView):
    form_class = forms.CaseloadForm
    title = "Record a caseload agreed in supervision"
    success_message = "Caseload recorded."

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.peer = get_object_or_404(access.peers_for_caseload(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["peer"] = self.peer
        kwargs["sessions"] = access.caseload_sessions(self.request.user, self.peer)
        return kwargs

    def get_initial(self):
        return {"agreed_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Caseload agreed in supervision: {self.peer.full_name}"
        return context

    def save(self, form):
        return services.record_caseload(by=self.request.user, peer=self.peer, **_cleaned(form))

    def cancel_url(self):
        return reverse("outcomes:caseload-list", args=[self.peer.pk])
