"""Pages of phase 1, preparation: organisation readiness, team preparation, the job description
library and each post's job description (with its PDF), pre-employment training, the code of
conduct and recovery-focused language. Thin: access via `programmes.access`, writes via services.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.text import capfirst
from django.views.generic import DetailView, FormView, ListView, TemplateView

from . import access, forms, language, paging, pdf, selectors, services
from .exports import Col, CsvExportMixin
from .models import (
    CostItem,
    JobDescription,
    ProjectAction,
    ReferenceItem,
    SteeringGroupMember,
    TrainingCohort,
    TrainingCourse,
)
from .views import PAGE_SIZE, AccessMixin, EditRecordView, ServiceFormView, _changed, put_errors_beside_fields
from .views_integrity import WriteOnceMixin

Kind = ReferenceItem.Kind


def _today() -> datetime.date:
    return timezone.localdate()


# --- Organisation readiness -------------------------------------------------------------------


class ProgrammeReadinessView(AccessMixin, DetailView):
    """What is done and what is not in preparing the organisation, for HR and the peer lead."""

    template_name = "programmes/programme_readiness.html"
    allowed = staticmethod(access.can_use_preparation_pages)

    def get_queryset(self):
        return access.preparation_programmes(self.request.user).select_related("trust", "lead")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["readiness"] = selectors.programme_readiness(self.object, access.visible_teams(user), today=_today())
        context["history"] = selectors.history_of(self.object)
        return context


class ProgrammeUpdateView(EditRecordView):
    allowed = staticmethod(access.can_use_preparation_pages)
    editable = staticmethod(access.preparation_programmes)
    form_class = forms.ProgrammeForm
    title = "Edit {record}"
    success_message = "{record} saved."

    def save(self, form):
        return services.update_record(self.object, by=self.request.user, **_changed(form))


class ProgrammeChildCreateView(ServiceFormView):
    """Add a steering group member, a project action or a cost line to a programme's readiness plan."""

    allowed = staticmethod(access.can_use_preparation_pages)
    model: type

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.programme = get_object_or_404(access.preparation_programmes(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def save(self, form):
        return services.create_record(self.model, by=self.request.user, programme=self.programme, **_changed(form))

    def cancel_url(self):
        return self.programme.get_absolute_url()


class ProgrammeChildUpdateView(EditRecordView):
    allowed = staticmethod(access.can_use_preparation_pages)
    model: type

    @classmethod
    def editable(cls, user):
        return access.preparation_records(user, cls.model)

    def save(self, form):
        return services.update_record(self.object, by=self.request.user, **_changed(form))


class SteeringMemberCreateView(ProgrammeChildCreateView):
    model = SteeringGroupMember
    form_class = forms.SteeringGroupMemberForm
    title = "Add a steering group member"
    success_message = "{record.name} added to the steering group."


class SteeringMemberUpdateView(ProgrammeChildUpdateView):
    model = SteeringGroupMember
    form_class = forms.SteeringGroupMemberForm
    title = "Edit steering group member {record.name}"
    success_message = "{record.name} saved."


class ProjectActionCreateView(ProgrammeChildCreateView):
    model = ProjectAction
    form_class = forms.ProjectActionForm
    title = "Add an action to the project plan"
    success_message = "Action added to the project plan."


class ProjectActionUpdateView(ProgrammeChildUpdateView):
    model = ProjectAction
    form_class = forms.ProjectActionForm
    title = "Edit action: {record.action}"
    success_message = "Action saved."


class CostItemCreateView(ProgrammeChildCreateView):
    model = CostItem
    form_class = forms.CostItemForm
    title = "Add a cost"
    success_message = "Cost added."


class CostItemUpdateView(ProgrammeChildUpdateView):
    model = CostItem
    form_class = forms.CostItemForm
    title = "Edit cost: {record.description}"
    success_message = "Cost saved."


# --- Team preparation -------------------------------------------------------------------------


class TeamPreparationFormMixin:
    """The session form, one agenda form per item of seed 000, and the follow-up actions formset."""

    template_name = "programmes/team_preparation_form.html"
    form_class = forms.TeamPreparationSessionForm

    def agenda_items(self):
        return list(selectors.reference_items(Kind.TEAM_PREPARATION_AGENDA))

    def agenda_forms(self, existing=None):
        data = self.request.POST if self.request.method == "POST" else None
        existing = existing or {}
        result = []
        for item in self.agenda_items():
            row = existing.get(item.pk)
            initial = {"covered": row.covered, "notes": row.notes} if row else {}
            result.append(forms.AgendaCoverageForm(data, item=item, prefix=f"agenda-{item.pk}", initial=initial))
        return result

    def actions_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return forms.FollowUpActionFormSet(data, instance=self.object, prefix="actions")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("agenda_forms", getattr(self, "_agenda_forms", None) or self.agenda_forms(self.coverage()))
        context.setdefault("actions_formset", getattr(self, "_actions_formset", None) or self.actions_formset())
        context["role_definitions"] = selectors.reference_items(Kind.ROLE_DEFINITION)
        context["myths"] = selectors.reference_items(Kind.MYTH)
        return context

    def coverage(self):
        return {}

    def form_valid(self, form):
        self._agenda_forms = self.agenda_forms(self.coverage())
        self._actions_formset = self.actions_formset()
        if not (all(f.is_valid() for f in self._agenda_forms) and self._actions_formset.is_valid()):
            return self.form_invalid(form)
        return super().form_valid(form)

    def service_arguments(self, form) -> dict:
        coverage = {f.item.pk: (f.cleaned_data["covered"], f.cleaned_data["notes"]) for f in self._agenda_forms}
        actions = [
            {
                "id": f.instance.pk,
                "delete": f.cleaned_data.get("DELETE", False),
                **{k: f.cleaned_data.get(k) for k in ("action", "owner", "due_date", "done")},
            }
            for f in self._actions_formset.forms
            if f.has_changed() or f.instance.pk
        ]
        return {"coverage": coverage, "actions": actions, **_changed(form)}


class TeamPreparationCreateView(TeamPreparationFormMixin, ServiceFormView):
    allowed = staticmethod(lambda user: True)
    title = "Record a team preparation session"
    success_message = "Team preparation session recorded."

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.team = get_object_or_404(access.teams_for_preparation(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Record a team preparation session: {self.team.name}"
        return context

    def save(self, form):
        return services.record_team_preparation_session(
            by=self.request.user, team=self.team, **self.service_arguments(form)
        )

    def cancel_url(self):
        return self.team.get_absolute_url()


class TeamPreparationUpdateView(TeamPreparationFormMixin, EditRecordView):
    editable = staticmethod(access.editable_preparation_sessions)
    title = "Edit {record}"
    success_message = "Team preparation session saved."

    def coverage(self):
        return {row.item_id: row for row in self.object.agenda.all()}

    def save(self, form):
        return services.update_team_preparation_session(
            session=self.object, by=self.request.user, **self.service_arguments(form)
        )


class TeamPreparationDetailView(AccessMixin, DetailView):
    template_name = "programmes/team_preparation_detail.html"

    def get_queryset(self):
        return access.visible_preparation_sessions(self.request.user).select_related("team", "team__trust")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["agenda"] = self.object.agenda.select_related("item")
        context["actions"] = self.object.follow_up_actions.all()
        context["team_readiness"] = selectors.readiness_of_team(self.object.team)
        context["can_edit"] = access.editable_preparation_sessions(user).filter(pk=self.object.pk).exists()
        context["role_definitions"] = selectors.reference_items(Kind.ROLE_DEFINITION)
        context["myths"] = selectors.reference_items(Kind.MYTH)
        context["history"] = selectors.history_of(self.object)
        return context


# --- Job descriptions -------------------------------------------------------------------------


class JobDescriptionTemplateListView(AccessMixin, CsvExportMixin, ListView):
    template_name = "programmes/jd_template_list.html"
    allowed = staticmethod(access.can_use_staff_pages)
    paginate_by = PAGE_SIZE
    csv_columns = (
        Col("Template", "template_name"),
        Col("Band", "band"),
        Col("Career level", "get_career_level_display"),
        Col("Source", "source"),
    )

    def get_queryset(self):
        return access.job_description_templates(self.request.user).order_by("band", "template_name")


class JobDescriptionTemplateDetailView(AccessMixin, DetailView):
    template_name = "programmes/jd_detail.html"
    allowed = staticmethod(access.can_use_staff_pages)

    def get_queryset(self):
        return selectors.job_description_with_rows(access.job_description_templates(self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["jd"] = self.object
        context["language_advice"] = _advice_for(self.object)
        return context


# Where the recovery-focused language check reads a job description and its person specification.
JD_LANGUAGE_FIELDS = [name for name in forms.JobDescriptionForm.Meta.fields if name in services.JD_TEXT]
ACCOUNTABILITY_TEXT = ("heading", "duties", "performance_measures")
CRITERION_TEXT = ("attribute", "essential", "desirable")


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _advice_for(jd: JobDescription) -> list[language.LanguageAdvice]:
    """The language advice on a saved job description, each naming the field it is about."""
    fields = [(capfirst(_label(JobDescription, name)), getattr(jd, name)) for name in JD_LANGUAGE_FIELDS]
    fields += [
        (f"Key accountability {n}, {_label(type(row), name)}", getattr(row, name))
        for n, row in enumerate(jd.accountabilities.all(), start=1)
        for name in ACCOUNTABILITY_TEXT
    ]
    fields += [
        (f"Person specification, {row.attribute or f'row {n}'}, {_label(type(row), name)}", getattr(row, name))
        for n, row in enumerate(jd.person_specification.all(), start=1)
        for name in CRITERION_TEXT
    ]
    return language.check_fields((label, text) for label, text in fields if isinstance(text, str))


def _submitted_advice(data, form, accountabilities, criteria) -> list[language.LanguageAdvice]:
    """The language advice on what was typed into the job description's form, each naming its field."""
    fields = [(str(form.fields[name].label), data.get(form.add_prefix(name), "")) for name in JD_LANGUAGE_FIELDS]
    for heading, formset, names in (
        ("Key accountability", accountabilities, ACCOUNTABILITY_TEXT),
        ("Person specification row", criteria, CRITERION_TEXT),
    ):
        fields += [
            (f"{heading} {n}, {str(f.fields[name].label).lower()}", data.get(f.add_prefix(name), ""))
            for n, f in enumerate(formset.forms, start=1)
            for name in names
        ]
    return language.check_fields(fields)


class PostJobDescriptionMixin(AccessMixin):
    """Pages about one post's job description, found through the post (404 if out of reach)."""

    posts = staticmethod(access.visible_posts)

    def get_post(self):
        post = get_object_or_404(
            type(self).posts(self.request.user).select_related("team", "team__trust"), pk=self.kwargs["pk"]
        )
        return post

    def get_job_description(self, post):
        jd = selectors.job_description_of(post)
        if jd is None:
            raise Http404("This post has no job description yet.")
        return jd


class PostJobDescriptionDetailView(PostJobDescriptionMixin, TemplateView):
    template_name = "programmes/jd_detail.html"
    allowed = staticmethod(access.can_use_staff_pages)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        post = self.get_post()
        jd = self.get_job_description(post)
        context.update(
            jd=jd,
            post=post,
            can_edit=access.editable_posts(user).filter(pk=post.pk).exists(),
            can_download=access.posts_with_downloadable_job_description(user).filter(pk=post.pk).exists(),
            language_advice=_advice_for(jd),
            history=selectors.history_of(jd),
        )
        return context


class PostJobDescriptionCreateView(WriteOnceMixin, PostJobDescriptionMixin, FormView):
    """Give a post its own job description from a template of the library."""

    template_name = "programmes/record_form.html"
    form_class = forms.ChooseTemplateForm
    posts = staticmethod(access.editable_posts)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.post_obj = self.get_post()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["templates"] = access.job_description_templates(self.request.user).order_by("band")
        return kwargs

    def get_initial(self):
        match = access.job_description_templates(self.request.user).filter(career_level=self.post_obj.career_level)
        return {"template": match.order_by("band").first()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=f"Job description for {self.post_obj.title}", cancel_url=self.post_obj.get_absolute_url())
        return context

    def form_valid(self, form):
        try:
            outcome = self.write_once(
                form,
                lambda: services.create_job_description_from_template(
                    post=self.post_obj, template=form.cleaned_data["template"], by=self.request.user
                ),
                lambda jd: jd.get_absolute_url(),
            )
        except ValidationError as error:
            put_errors_beside_fields(form, error)
            return self.form_invalid(form)
        if not isinstance(outcome, tuple):
            return outcome  # a repeat of a saved submission, or the form again with why nothing was saved
        messages.success(self.request, "Job description created from the template. Edit it to fit the post.")
        return redirect(outcome[1])


class PostJobDescriptionUpdateView(WriteOnceMixin, PostJobDescriptionMixin, FormView):
    """Edit a post's job description and person specification; the language check advises. The form carries
    the version of the job description it was opened at (every save of it writes the job description's row)."""

    template_name = "programmes/jd_form.html"
    form_class = forms.JobDescriptionForm
    posts = staticmethod(access.editable_posts)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.post_obj = self.get_post()
            self.jd = self.get_job_description(self.post_obj)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.jd, "user": self.request.user}

    def versioned_records(self):
        return [self.jd]

    def formsets(self):
        data = self.request.POST if self.request.method == "POST" else None
        return (
            forms.AccountabilityFormSet(data, instance=self.jd, prefix="accountabilities"),
            forms.CriterionFormSet(data, instance=self.jd, prefix="criteria"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        accountabilities, criteria = getattr(self, "_formsets", None) or self.formsets()
        form = context["form"]
        language.mark_fields(form, JD_LANGUAGE_FIELDS)
        for f in accountabilities.forms:
            language.mark_fields(f, ACCOUNTABILITY_TEXT)
        for f in criteria.forms:
            language.mark_fields(f, CRITERION_TEXT)
        submitted = self.request.method == "POST"
        context.update(
            title=f"Edit the job description: {self.post_obj.title}",
            post=self.post_obj,
            jd=self.jd,
            accountabilities=accountabilities,
            criteria=criteria,
            language_advice=(
                _submitted_advice(self.request.POST, form, accountabilities, criteria)
                if submitted
                else _advice_for(self.jd)
            ),
            language_rules=language.rules_for_browser(),
            cancel_url=self.jd.get_absolute_url(),
        )
        return context

    def form_valid(self, form):
        self._formsets = accountabilities, criteria = self.formsets()
        if not (accountabilities.is_valid() and criteria.is_valid()):
            return self.form_invalid(form)
        try:
            outcome = self.write_once(
                form,
                lambda: services.update_job_description(
                    job_description=self.jd,
                    by=self.request.user,
                    accountabilities=_rows(accountabilities),
                    criteria=_rows(criteria),
                    **_changed(form),
                ),
                lambda jd: jd.get_absolute_url(),
            )
        except ValidationError as error:
            put_errors_beside_fields(form, error)
            return self.form_invalid(form)
        if not isinstance(outcome, tuple):
            return outcome  # the form again with why nothing was saved
        messages.success(self.request, f"Job description saved as version {self.jd.version}.")
        return redirect(outcome[1])


def _rows(formset) -> list[dict]:
    rows = []
    for f in formset.forms:
        if not (f.has_changed() or f.instance.pk):
            continue
        data = {k: v for k, v in f.cleaned_data.items() if k in f._meta.fields}
        rows.append({"id": f.instance.pk, "delete": f.cleaned_data.get("DELETE", False), **data})
    return rows


class PostJobDescriptionPdfView(PostJobDescriptionMixin, TemplateView):
    """The post's job description and person specification as a tagged PDF."""

    posts = staticmethod(access.posts_with_downloadable_job_description)

    def get(self, request, *args, **kwargs):
        post = self.get_post()
        jd = self.get_job_description(post)
        document = pdf.job_description_pdf(jd)
        return FileResponse(
            document, as_attachment=True, filename=pdf.job_description_filename(jd), content_type="application/pdf"
        )


# --- Pre-employment training ------------------------------------------------------------------


class CourseListView(AccessMixin, CsvExportMixin, ListView):
    template_name = "programmes/course_list.html"
    allowed = staticmethod(access.can_use_preparation_pages)
    paginate_by = PAGE_SIZE
    csv_columns = (
        Col("Course", "name"),
        Col("Provider", "provider"),
        Col("Length", "length"),
        Col("Accreditation", "accreditation_shown"),
        Col("Library or own", lambda course: course.trust.name if course.trust else "Library"),
    )

    def get_queryset(self):
        return access.visible_courses(self.request.user).select_related("trust", "accreditation_option")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cohorts"] = selectors.cohorts_for_list(access.visible_cohorts(self.request.user))[:PAGE_SIZE]
        context["recovery_college_courses"] = selectors.reference_items(Kind.RECOVERY_COLLEGE_COURSE)
        context["accreditation_options"] = selectors.reference_items(Kind.ACCREDITATION_OPTION)
        context["training_learning"] = selectors.reference_items(Kind.TRAINING_LEARNING)
        return context


class CourseDetailView(AccessMixin, DetailView):
    template_name = "programmes/course_detail.html"
    allowed = staticmethod(access.can_use_preparation_pages)

    def get_queryset(self):
        return access.visible_courses(self.request.user).select_related("trust", "accreditation_option")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["training_learning"] = selectors.reference_items(Kind.TRAINING_LEARNING)
        user = self.request.user
        cohorts = selectors.cohorts_for_list(access.visible_cohorts(user).filter(course=self.object))
        cohorts = cohorts.order_by("-starts_on", "name", "pk")  # a total order, so the pages do not overlap
        context.update(paging.page_context(self.request, cohorts))
        context["can_edit"] = access.editable_courses(user).filter(pk=self.object.pk).exists()
        return context


class CourseCreateView(ServiceFormView):
    allowed = staticmethod(access.can_use_preparation_pages)
    form_class = forms.TrainingCourseForm
    title = "Add a training course"
    success_message = "Course {record.name} added."

    def save(self, form):
        return services.create_record(TrainingCourse, by=self.request.user, **form.cleaned_data)

    def cancel_url(self):
        return TrainingCourse.list_url()


class CourseUpdateView(EditRecordView):
    allowed = staticmethod(access.can_use_preparation_pages)
    editable = staticmethod(access.editable_courses)
    form_class = forms.TrainingCourseForm
    title = "Edit {record.name}"
    success_message = "Course {record.name} saved."

    def save(self, form):
        return services.update_record(self.object, by=self.request.user, **_changed(form))


class CohortCreateView(ServiceFormView):
    allowed = staticmethod(access.can_use_preparation_pages)
    form_class = forms.TrainingCohortForm
    title = "Add a cohort"
    success_message = "Cohort {record.name} added."

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.course = get_object_or_404(access.visible_courses(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Add a cohort of {self.course.name}"
        return context

    def save(self, form):
        return services.create_record(TrainingCohort, by=self.request.user, course=self.course, **form.cleaned_data)

    def cancel_url(self):
        return self.course.get_absolute_url()


class CohortUpdateView(EditRecordView):
    allowed = staticmethod(access.can_use_preparation_pages)
    editable = staticmethod(access.visible_cohorts)
    form_class = forms.TrainingCohortForm
    title = "Edit {record}"
    success_message = "Cohort {record.name} saved."

    def save(self, form):
        return services.update_record(self.object, by=self.request.user, **_changed(form))


class CohortDetailView(AccessMixin, DetailView):
    template_name = "programmes/cohort_detail.html"
    allowed = staticmethod(access.can_use_preparation_pages)

    def get_queryset(self):
        return selectors.cohorts_for_list(access.visible_cohorts(self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            paging.page_context(
                self.request, self.object.enrolments.select_related("peer").order_by("peer__full_name", "pk")
            )
        )
        context["history"] = selectors.history_of(self.object)
        return context


class EnrolmentCreateView(ServiceFormView):
    allowed = staticmethod(access.can_use_preparation_pages)
    form_class = forms.EnrolmentForm
    title = "Enrol a peer"
    success_message = "{record.peer} enrolled."

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.cohort = get_object_or_404(
                access.visible_cohorts(request.user).select_related("programme"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cohort": self.cohort}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Enrol a peer on {self.cohort}"
        return context

    def save(self, form):
        return services.enrol_peer(cohort=self.cohort, by=self.request.user, **form.cleaned_data)

    def cancel_url(self):
        return self.cohort.get_absolute_url()


class EnrolmentUpdateView(EditRecordView):
    allowed = staticmethod(access.can_use_preparation_pages)
    editable = staticmethod(access.editable_enrolments)
    form_class = forms.EnrolmentForm
    title = "Edit {record}"
    success_message = "Enrolment of {record.peer} saved."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cohort": self.object.cohort}

    def save(self, form):
        return services.update_record(self.object, by=self.request.user, **_changed(form))


# --- Code of conduct and recovery-focused language --------------------------------------------


class CodeOfConductView(AccessMixin, TemplateView):
    """The twelve principles of seed 000 Appendix V and the eight core principles of seed 001."""

    template_name = "programmes/code_of_conduct.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["introduction"] = selectors.reference_introduction(Kind.CODE_OF_CONDUCT)
        context["principles"] = selectors.reference_items(Kind.CODE_OF_CONDUCT)
        context["core_principles"] = selectors.reference_items(Kind.CORE_PRINCIPLE)
        context["core_introduction"] = selectors.reference_introduction(Kind.CORE_PRINCIPLE)
        return context


class AcknowledgementCreateView(ServiceFormView):
    """Record a peer's acknowledgement of the code of conduct (HR, the peer lead, or the peer)."""

    form_class = forms.AcknowledgementForm
    title = "Acknowledge the code of conduct"
    success_message = "Acknowledgement of the code of conduct recorded."
    template_name = "programmes/acknowledgement_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.peer = get_object_or_404(access.editable_peers(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"acknowledged_on": _today()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["peer"] = self.peer
        context["principles"] = selectors.reference_items(Kind.CODE_OF_CONDUCT)
        context["version"] = services.code_of_conduct_version()
        return context

    def save(self, form):
        services.acknowledge_code_of_conduct(peer=self.peer, by=self.request.user, **form.cleaned_data)
        return self.peer

    def cancel_url(self):
        return self.peer.get_absolute_url()


class RecoveryLanguageView(AccessMixin, FormView):
    """The recovery-focused language of seed 001, and a check of any text against it."""

    template_name = "programmes/recovery_language.html"
    form_class = forms.LanguageCheckForm
    allowed = staticmethod(access.can_use_staff_pages)
    # The check is a GET (?text=...): it saves nothing. A POST once reached FormView's form_valid, which has
    # nowhere to redirect to, and answered 500 (found by tests/security/test_form_fuzzing.py).
    http_method_names = ["get", "head", "options"]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "text" in self.request.GET:
            kwargs["data"] = self.request.GET
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if form.is_bound and form.is_valid():
            context["checked"] = True
            context["language_advice"] = selectors.language_advice(form.cleaned_data["text"])
        items = list(selectors.reference_items(Kind.RECOVERY_LANGUAGE))
        # The toolkit's table, then the selection criteria that are occupational health's to judge.
        context["pairs"] = [item for item in items if not item.details.get("selection_criterion")]
        context["selection_criteria"] = [item for item in items if item.details.get("selection_criterion")]
        context["introduction"] = selectors.reference_introduction(Kind.RECOVERY_LANGUAGE)
        return context
