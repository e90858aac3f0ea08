"""Recruitment pages for applications and the pipeline (seed 000 Phase 2, Box 9): the list of
applications, an application with its referees, stage moves and their log, shortlisting against the
person specification and the ranked shortlist, interviews with their panels and invitations, the
panel's scores and the outcome. Thin: access via `programmes.access`, writes via
`recruitment.services`, reads via `recruitment.selectors`."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, TemplateView

from programmes import access, integrity, paging
from programmes import selectors as programme_selectors
from programmes.exports import Col, CsvExportMixin
from programmes.views import AccessMixin, EditRecordView, RecordListView, ServiceFormView, _changed

from . import forms_applications as forms
from . import selectors, services
from .models import GROUP_SIZE, Application
from .views_board import ReturnMixin, ThenMoveMixin, fix_for, safe_next

Stage = Application.Stage


# --- Applications -----------------------------------------------------------------------------


def _can_see_applications(user) -> bool:
    """Recruitment staff, and a peer for their own applications."""
    return access.can_use_recruitment_pages(user) or access.scope(user).peer_id is not None


class ApplicationListView(RecordListView):
    heading = "Applications"
    template_name = "recruitment/application_list.html"
    filterset_class = forms.ApplicationFilter
    allowed = staticmethod(_can_see_applications)
    visible = staticmethod(access.visible_applications)
    for_list = staticmethod(
        lambda applications: selectors.applications_for_list(applications).order_by("-applied_on", "pk")
    )
    csv_columns = (
        Col("Applicant", "applicant.full_name"),
        Col("Vacancy", "vacancy.job_title"),
        Col("Team", "vacancy.post.team.name"),
        Col("Stage", "get_stage_display"),
        Col("Applied on", "applied_on"),
    )

    def get_context_data(self, **kwargs):
        # RecordListView's own context names a create page; applications are recorded from their
        # vacancy's page, so there is none here.
        context = super(RecordListView, self).get_context_data(**kwargs)
        context.update(can_create=False, heading=self.heading, create_label="", create_url=None)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_query"] = query.urlencode()
        return context


class ApplicationDetailView(AccessMixin, DetailView):
    """An application: details, referees, the stage and its moves, shortlisting, interview scores and
    the outcome. The applicant sees their own, read-only, without marks or scores."""

    template_name = "recruitment/application_detail.html"
    allowed = staticmethod(_can_see_applications)

    def get_queryset(self):
        return access.visible_applications(self.request.user).select_related(
            "applicant", "vacancy__post__team__trust", "interview"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, application = self.request.user, self.object
        is_applicant = access.scope(user).peer_id == application.applicant_id
        can_edit = access.editable_applications(user).filter(pk=application.pk).exists()
        staff_view = not is_applicant or can_edit
        context["is_applicant"] = is_applicant
        context["can_edit"] = can_edit
        context["staff_view"] = staff_view
        context["referees"] = application.referees.all()
        context["transitions"] = selectors.transitions_of(application)
        if can_edit and services.allowed_next_stages(application):
            context["move_form"] = forms.MoveForm(application=application, user=user)
            context["move_version"] = integrity.version_of(application)  # the move page's guard (issue 22)
        if staff_view:
            context["shortlisting"] = selectors.shortlisting_result(application)
            context["score_sheet"] = selectors.score_sheet(application)
            combined = selectors.with_interview_scores(
                access.visible_applications(user).filter(pk=application.pk)
            ).first()
            context["combined_score"] = selectors.combined_score(combined)
            context["max_combined_score"] = selectors.max_combined_score(application.vacancy)
            context["can_shortlist"] = (
                application.stage == Stage.APPLIED
                and access.shortlistable_applications(user).filter(pk=application.pk).exists()
            )
            context["can_score"] = access.scorable_applications(user).filter(pk=application.pk).exists()
        context["restricted"] = access.restricted_applications(user).filter(pk=application.pk).exists()
        context["support"] = (
            access.visible_candidate_support(user).filter(application=application).first()
            if application.is_unsuccessful
            else None
        )
        context["history"] = programme_selectors.history_of(application)
        if staff_view:
            context["board_url"] = reverse("recruitment:vacancy-board", args=[application.vacancy_id])
        if application.stage == Stage.APPOINTED and access.can_keep_placements(user):
            # "Appointed" leads on to employment: the placement made from it, or the form to make it.
            # (The reverse accessor's "does not exist" is an AttributeError too: None when there is none.)
            placement = getattr(application, "placement", None)
            context["placement_url"] = (
                reverse("workforce:placement-detail", args=[placement.pk])
                if placement is not None
                else reverse("workforce:placement-create") + f"?application={application.pk}"
            )
            context["placed"] = placement is not None
        return context


class RefereesMixin:
    """The application form with its referees formset; both must be valid before the service runs."""

    template_name = "recruitment/application_form.html"
    allowed = staticmethod(access.can_keep_recruitment)
    form_class = forms.ApplicationForm

    def referee_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return forms.RefereeFormSet(data, instance=self.object or Application(), prefix="referees")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("referees", getattr(self, "_referees", None) or self.referee_formset())
        return context

    def form_valid(self, form):
        self._referees = self.referee_formset()
        if not self._referees.is_valid():
            return self.form_invalid(form)
        return super().form_valid(form)


class ApplicationCreateView(ReturnMixin, RefereesMixin, ServiceFormView):
    """Record an application for a vacancy, with its referees (alternative referees welcome). The applicant is a
    person on file or someone new, added in the same step once the form has asked whether they may already be
    on file."""

    success_message = "Application from {record.applicant.full_name} recorded."

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.vacancy = get_object_or_404(
                access.editable_vacancies(request.user).select_related("post__team"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"applied_on": timezone.localdate()}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "vacancy": self.vacancy}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Record an application: {self.vacancy.job_title}"
        context["vacancy"] = self.vacancy
        return context

    def save(self, form):
        return services.submit_application(
            vacancy=self.vacancy,
            by=self.request.user,
            referees=forms.referees_of(self._referees),
            **form.submission(),
        )

    def cancel_url(self):
        return self.vacancy.get_absolute_url()


class ApplicationUpdateView(RefereesMixin, EditRecordView):
    editable = staticmethod(access.editable_applications)
    title = "Edit the application: {record}"
    success_message = "Application saved."

    def save(self, form):
        return services.update_application(
            application=self.object,
            by=self.request.user,
            referees=forms.referees_of(self._referees),
            **_changed(form),
        )


class ApplicationMoveView(ReturnMixin, EditRecordView):
    """Move an application through the pipeline; a refused move is explained, names the fix and links to it (the
    fix's page comes back here once saved), and changes nothing. `?to=<stage>` chooses the move beforehand."""

    template_name = "recruitment/application_move.html"
    allowed = staticmethod(access.can_keep_recruitment)
    editable = staticmethod(access.editable_applications)
    form_class = forms.MoveForm
    title = "Move the application: {record}"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return {**kwargs, "application": self.object}

    fix = None

    def get_initial(self):
        stage = self.request.GET.get("to", "")
        return {"to_stage": stage} if stage in services.allowed_next_stages(self.object) else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["application"] = self.object
        context["fix"] = self.fix
        return context

    def save(self, form):
        stage = form.cleaned_data["to_stage"]
        try:
            services.move_application(
                application=self.object, to_stage=stage, by=self.request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            # Back here, with the move chosen, once the fix is saved.
            query = {"to": stage, **({"next": safe_next(self.request)} if safe_next(self.request) else {})}
            back = reverse("recruitment:application-move", args=[self.object.pk]) + "?" + urlencode(query)
            self.fix = fix_for(services.refusal_code(error), self.object, self.request.user, back)
            raise
        label = Application.stage_label(stage, self.object.vacancy.post.team.trust)
        self.success_message = f"Application moved to “{label}”."
        return self.object


class ApplicationOutcomeView(EditRecordView):
    allowed = staticmethod(access.can_keep_recruitment)
    editable = staticmethod(access.editable_applications)
    form_class = forms.OutcomeForm
    title = "Presentation notes and feedback: {record}"
    success_message = "Presentation notes and feedback saved."
    language_fields = ("presentation_notes", "feedback")

    def save(self, form):
        return services.record_interview_outcome(application=self.object, by=self.request.user, **_changed(form))


# --- Shortlisting -----------------------------------------------------------------------------


def _guaranteed_interview(result) -> str:
    if result.guaranteed_interview:
        return "Yes"
    return "Declares a disability" if result.application.disability_declared else "No"


class ShortlistView(AccessMixin, CsvExportMixin, TemplateView):
    """The vacancy's applications ranked: those meeting every essential criterion first, by weighted score. One
    page of the ranking at a time (rank 26 opens page 2); `?format=csv` answers the whole ranking."""

    template_name = "recruitment/shortlist.html"
    allowed = staticmethod(access.can_use_recruitment_pages)
    csv_rows_in = "results"
    csv_name = "shortlist"
    csv_columns = (
        Col("Rank", "rank"),
        Col("Applicant", "application.applicant.full_name"),
        Col("Stage", "application.get_stage_display"),
        Col("Essential criteria met", lambda r: r.meets_essentials if r.fully_marked else "Not fully marked"),
        Col("Weighted score", "score"),
        Col("Shortlisters", "shortlisters"),
        Col("Guaranteed interview", _guaranteed_interview),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        vacancy = get_object_or_404(access.visible_vacancies(user).select_related("post__team"), pk=self.kwargs["pk"])
        # The stage is named for the vacancy's trust (Application.get_stage_display): loaded with the rows.
        applications = (
            access.shortlistable_applications(user).filter(vacancy=vacancy).select_related("vacancy__post__team__trust")
        )
        # The whole vacancy is ranked (the rank needs every applicant's marks), then one page of it is shown.
        results = selectors.ranked_shortlist(vacancy, applications)
        for rank, result in enumerate(results, start=1):
            result.rank = rank
        context.update(paging.page_context(self.request, results))
        context["vacancy"] = vacancy
        context["results"] = results
        context["rows"] = selectors.criteria_identified_by_application(vacancy).count()
        return context


class ShortlistingMarksView(ThenMoveMixin, ServiceFormView):
    """The signed-in shortlister's marks for one application, row by row of the person specification; for HR and
    the peer lead, "Save and move to Shortlisted" too."""

    then_stage = Stage.SHORTLISTED

    template_name = "recruitment/shortlist_marks.html"
    allowed = staticmethod(access.can_use_recruitment_pages)
    form_class = forms.ShortlistingMarksForm
    success_message = "Your shortlisting marks are saved."

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.application = get_object_or_404(
                access.shortlistable_applications(request.user).select_related("applicant", "vacancy__post"),
                pk=kwargs["pk"],
            )
            self.journey_application = self.application
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        return {
            **kwargs,
            "rows": list(selectors.criteria_identified_by_application(self.application.vacancy)),
            "marks": selectors.marks_by(self.request.user, self.application),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Shortlisting: {self.application.applicant.full_name}"
        context["application"] = self.application
        context["closed"] = self.application.stage != Stage.APPLIED
        return context

    def save(self, form):
        services.record_shortlisting_marks(
            application=self.application, shortlister=self.request.user, marks=form.marks(), by=self.request.user
        )
        return self.application

    def success_url_for(self, record):
        return self.next_url() or reverse("recruitment:shortlist", args=[record.vacancy_id])

    def cancel_url(self):
        return reverse("recruitment:shortlist", args=[self.application.vacancy_id])


# --- Interviews -------------------------------------------------------------------------------


class PanelMixin:
    """The interview form with a panel formset; a panel without a peer worker is warned about, not refused."""

    template_name = "recruitment/interview_form.html"
    form_class = forms.InterviewForm
    allowed = staticmethod(access.can_keep_recruitment)

    def trust_id(self) -> int:
        raise NotImplementedError

    def panel_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        candidates = access.panel_candidates(self.request.user, self.trust_id()).order_by(
            "first_name", "last_name", "pk"
        )
        return forms.PanelFormSet(data, prefix="panel", form_kwargs={"candidates": candidates})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("panel", getattr(self, "_panel", None) or self.panel_formset())
        return context

    def form_valid(self, form):
        self._panel = self.panel_formset()
        if not self._panel.is_valid():
            return self.form_invalid(form)
        return super().form_valid(form)

    def warn_without_peer_worker(self, interview) -> None:
        if not interview.panel.filter(is_peer_worker=True).exists():
            messages.warning(
                self.request,
                "No member of this panel is a peer worker. The ImROC guide asks for a peer worker on every "
                "interview panel: add one if you can.",
            )


class InterviewCreateView(PanelMixin, ServiceFormView):
    success_message = "{record} added."

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.vacancy = get_object_or_404(
                access.editable_vacancies(request.user).select_related("post__team"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def trust_id(self) -> int:
        return self.vacancy.post.team.trust_id

    def get_initial(self):
        return {"kind": "group", "capacity": GROUP_SIZE}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Add an interview: {self.vacancy.job_title}"
        return context

    def save(self, form):
        interview = services.create_interview(
            by=self.request.user, vacancy=self.vacancy, panel=self._panel.seats(), **form.cleaned_data
        )
        self.warn_without_peer_worker(interview)
        return interview

    def cancel_url(self):
        return self.vacancy.get_absolute_url()


class InterviewUpdateView(ReturnMixin, PanelMixin, EditRecordView):
    """Change the interview's details and add panel members."""

    editable = staticmethod(access.editable_interviews)
    title = "Edit {record}"
    success_message = "Interview saved."

    def trust_id(self) -> int:
        return self.object.vacancy.post.team.trust_id

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["current_panel"] = self.object.panel.select_related("user")
        return context

    def save(self, form):
        interview = services.update_interview(
            interview=self.object, by=self.request.user, new_panel=self._panel.seats(), **_changed(form)
        )
        self.warn_without_peer_worker(interview)
        return interview


class InterviewDetailView(AccessMixin, DetailView):
    template_name = "recruitment/interview_detail.html"
    allowed = staticmethod(access.can_use_recruitment_pages)

    def get_queryset(self):
        return access.visible_interviews(self.request.user).select_related("vacancy__post__team")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, interview = self.request.user, self.object
        context["panel"] = interview.panel.select_related("user")
        visible = set(access.visible_applications(user).filter(interview=interview).values_list("pk", flat=True))
        applicants = [a for a in selectors.interview_applicants(interview) if a.pk in visible]
        context["applicants"] = applicants
        context.update(paging.page_context(self.request, applicants))
        context["is_panellist"] = any(seat.user_id == user.pk for seat in context["panel"])
        context["can_edit"] = access.editable_interviews(user).filter(pk=interview.pk).exists()
        context["places_left"] = max(interview.capacity - interview.applications.count(), 0)
        context["started"] = services.interview_started(interview)
        context["max_combined_score"] = selectors.max_combined_score(interview.vacancy)
        context["history"] = programme_selectors.history_of(interview)
        return context


class InterviewInviteView(ReturnMixin, ServiceFormView):
    """Invite shortlisted applicants of the vacancy; a full interview is refused and nothing is saved. The pipeline
    board posts here from an applicant's card (one applicant, back to the board)."""

    template_name = "recruitment/interview_invite.html"
    allowed = staticmethod(access.can_keep_recruitment)
    form_class = forms.InviteForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.interview = get_object_or_404(
                access.editable_interviews(request.user).select_related("vacancy"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        applications = (
            access.editable_applications(self.request.user)
            .filter(vacancy_id=self.interview.vacancy_id, stage=Stage.SHORTLISTED)
            .exclude(interview=self.interview)
            .select_related("applicant")
            .order_by("applicant__full_name")
        )
        return {**super().get_form_kwargs(), "applications": applications}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Invite applicants: {self.interview}"
        context["interview"] = self.interview
        context["invited"] = self.interview.applications.select_related("applicant").order_by("applicant__full_name")
        return context

    def save(self, form):
        chosen = list(form.cleaned_data["applications"])
        services.invite_applicants(applications=chosen, interview=self.interview, by=self.request.user)
        self.success_message = f"{len(chosen)} applicant{'s' if len(chosen) != 1 else ''} invited."
        return self.interview

    def cancel_url(self):
        return self.interview.get_absolute_url()


class InterviewScoreView(ThenMoveMixin, ServiceFormView):
    """The signed-in panellist's scores for one applicant: native radio buttons, no script. Scores are entered once
    the interview has started; before that the page says when."""

    then_stage = Stage.INTERVIEWED

    template_name = "recruitment/interview_score.html"
    allowed = staticmethod(lambda user: True)  # any panellist; the application must be in their interview
    form_class = forms.ScoreForm
    success_message = "Your scores are saved."

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.application = get_object_or_404(
                access.scorable_applications(request.user).select_related("applicant", "vacancy__post", "interview"),
                pk=kwargs["pk"],
            )
            self.journey_application = self.application
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "rows": list(selectors.criteria_identified_at_interview(self.application.vacancy)),
            "scores": selectors.scores_by(self.request.user, self.application),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Interview scores: {self.application.applicant.full_name}"
        context["application"] = self.application
        interview = self.application.interview
        if not services.interview_started(interview):
            context["not_started"] = services.not_started_message(interview)
        context["max_combined_score"] = selectors.max_combined_score(self.application.vacancy)
        return context

    def save(self, form):
        services.record_interview_scores(
            application=self.application,
            panellist=self.request.user,
            dimension_scores=form.dimension_scores(),
            criterion_scores=form.criterion_scores(),
            notes=form.cleaned_data["notes"],
            by=self.request.user,
        )
        return self.application.interview

    def cancel_url(self):
        return self.application.interview.get_absolute_url()
