"""Recruitment pages for vacancies and their adverts (seed 000 Appendix I, with the advert's PDF),
orientation sessions (bookings, attendance, attrition), benefits advice, and a peer's recruitment
summary. Thin: access via `programmes.access`, writes via `recruitment.services`, reads via
`recruitment.selectors`."""

from __future__ import annotations

import io

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.generic import DetailView, ListView

from programmes import access, language, paging
from programmes import selectors as programme_selectors
from programmes.exports import Col, CsvExportMixin
from programmes.views import (
    PAGE_SIZE,
    AccessMixin,
    EditRecordView,
    RecordDetailView,
    RecordListView,
    ServiceFormView,
    _changed,
)

from . import forms_adverts as forms
from . import selectors, services
from .models import Vacancy


class AdvertFormView(ServiceFormView):
    """A recruitment form page whose record may be shown on another page after saving."""


# --- Vacancies and adverts --------------------------------------------------------------------


class VacancyListView(RecordListView):
    heading = "Vacancies"
    create_label = "Open a vacancy"
    template_name = "recruitment/vacancy_list.html"
    filterset_class = forms.VacancyFilter
    allowed = staticmethod(access.can_use_recruitment_pages)
    visible = staticmethod(access.visible_vacancies)
    for_list = staticmethod(lambda vacancies: selectors.vacancies_for_list(vacancies).order_by("-opens_on", "pk"))
    can_create = staticmethod(access.can_keep_recruitment)
    csv_columns = (
        Col("Post", "job_title"),
        Col("Reference", "reference"),
        Col("Team", "post.team.name"),
        Col("Opens", "opens_on"),
        Col("Closes", "closes_on"),
        Col("Status", "get_status_display"),
        Col("Applications", "application_count"),
        Col("In progress", "open_count"),
    )


class VacancyDetailView(RecordDetailView):
    """The advert laid out as seed 000 Appendix I, and links to its applications and interviews."""

    template_name = "recruitment/vacancy_detail.html"
    allowed = staticmethod(access.can_use_recruitment_pages)
    visible = staticmethod(access.visible_vacancies)
    editable = staticmethod(access.editable_vacancies)

    def get_queryset(self):
        return super().get_queryset().select_related("post__team__trust")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, vacancy = self.request.user, self.object
        keeps = context["can_edit"]
        context["application_count"] = access.visible_applications(user).filter(vacancy=vacancy).count()
        interviews = access.visible_interviews(user).filter(vacancy=vacancy).order_by("starts_at", "pk")
        context.update(paging.page_context(self.request, interviews))
        shortlists = access.shortlistable_applications(user).filter(vacancy=vacancy).exists() or keeps
        context["links"] = {
            "applications": reverse("recruitment:application-list") + f"?vacancy={vacancy.pk}",
            "shortlist": reverse("recruitment:shortlist", args=[vacancy.pk]) if shortlists else None,
            "funnel": (
                reverse("recruitment:vacancy-funnel", args=[vacancy.pk])
                if access.funnel_vacancies(user).filter(pk=vacancy.pk).exists()
                else None
            ),
            "add_application": reverse("recruitment:application-create", args=[vacancy.pk]) if keeps else None,
            "add_interview": reverse("recruitment:interview-create", args=[vacancy.pk]) if keeps else None,
        }
        return context


class VacancyFormMixin:
    """The advert's form with the recovery-focused language advice, as on the job description's edit page."""

    template_name = "recruitment/vacancy_form.html"
    form_class = forms.VacancyForm
    language_fields = forms.ADVERT_TEXT

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if self.request.method == "POST":
            texts = {name: self.request.POST.get(name, "") for name in forms.ADVERT_TEXT}
        else:
            texts = {name: str(form[name].value() or "") for name in forms.ADVERT_TEXT}
        context["language_advice"] = language.check_fields(
            (str(form.fields[name].label or name), text) for name, text in texts.items() if name in form.fields
        )
        return context


class VacancyCreateView(VacancyFormMixin, ServiceFormView):
    allowed = staticmethod(access.can_keep_recruitment)
    title = "Open a vacancy"
    success_message = "Vacancy {record.job_title} added."

    def get_initial(self):
        post_id = self.request.GET.get("post", "")
        post = (
            access.recruitment_posts(self.request.user).select_related("team").filter(pk=post_id).first()
            if post_id.isdigit()
            else None
        )
        if post is None:
            return {}
        return {"post": post, **services.vacancy_defaults_from_post(post)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["prefill_posts"] = (
            access.recruitment_posts(self.request.user).select_related("team").order_by("team__name", "title")
        )
        return context

    def save(self, form):
        data = dict(form.cleaned_data)
        return services.create_vacancy(by=self.request.user, post=data.pop("post"), **data)

    def cancel_url(self):
        return reverse("recruitment:vacancy-list")


class VacancyUpdateView(VacancyFormMixin, EditRecordView):
    allowed = staticmethod(access.can_keep_recruitment)
    editable = staticmethod(access.editable_vacancies)
    title = "Edit the advert: {record.job_title}"
    success_message = "Vacancy {record.job_title} saved."

    def save(self, form):
        return services.update_vacancy(vacancy=self.object, by=self.request.user, **_changed(form))


def advert_html(vacancy: Vacancy) -> str:
    return render_to_string(
        "recruitment/advert_pdf.html",
        {"vacancy": vacancy, "trust": vacancy.post.team.trust, "printed_on": timezone.localdate()},
    )


def advert_pdf(vacancy: Vacancy) -> io.BytesIO:
    from weasyprint import HTML  # imported here: loading WeasyPrint and its fonts is slow

    document = io.BytesIO()
    HTML(string=advert_html(vacancy)).write_pdf(document, pdf_variant="pdf/ua-1")
    document.seek(0)
    return document


def advert_filename(vacancy: Vacancy) -> str:
    reference = f"-{slugify(vacancy.reference)}" if vacancy.reference else ""
    return f"advert-{slugify(vacancy.job_title)}{reference}.pdf"


class VacancyPdfView(AccessMixin, DetailView):
    """The advert as a tagged PDF (PDF/UA-1), for anyone who may see the vacancy."""

    allowed = staticmethod(access.can_use_recruitment_pages)

    def get_queryset(self):
        return access.visible_vacancies(self.request.user).select_related("post__team__trust")

    def get(self, request, *args, **kwargs):
        vacancy = self.get_object()
        return FileResponse(
            advert_pdf(vacancy), as_attachment=True, filename=advert_filename(vacancy), content_type="application/pdf"
        )


# --- Orientation sessions ---------------------------------------------------------------------


class OrientationListView(AccessMixin, CsvExportMixin, ListView):
    template_name = "recruitment/orientation_list.html"
    allowed = staticmethod(access.can_keep_recruitment)
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        sessions = access.visible_orientation_sessions(self.request.user)
        return selectors.orientation_sessions_for_list(sessions).order_by("-starts_at", "pk")

    csv_columns = (
        Col("Starts", "starts_at"),
        Col("Place", "place"),
        Col("Programme", "programme.name"),
        Col("Places", "capacity"),
        Col("Booked", "booked"),
        Col("Attended", "attended_count"),
        Col("Did not attend", "did_not_attend"),
        Col("Went on to apply", "went_on_to_apply"),
    )


class OrientationDetailView(AccessMixin, DetailView):
    template_name = "recruitment/orientation_detail.html"
    allowed = staticmethod(access.can_keep_recruitment)

    def get_queryset(self):
        return selectors.orientation_sessions_for_list(access.visible_orientation_sessions(self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.object
        bookings = session.bookings.select_related("peer").order_by("peer__full_name", "pk")
        context["bookings"] = bookings  # every booking; the page shows one page of them
        context.update(paging.page_context(self.request, bookings))
        context["vacancies"] = session.vacancies.select_related("post__team")
        context["places_left"] = max(session.capacity - session.booked, 0)
        context["started"] = session.starts_at <= timezone.now()
        context["history"] = programme_selectors.history_of(session)
        return context


class OrientationCreateView(ServiceFormView):
    allowed = staticmethod(access.can_keep_recruitment)
    form_class = forms.OrientationSessionForm
    title = "Add an orientation session"
    success_message = "{record} added."

    def save(self, form):
        data = dict(form.cleaned_data)
        return services.create_orientation_session(
            by=self.request.user, programme=data.pop("programme"), vacancies=data.pop("vacancies"), **data
        )

    def cancel_url(self):
        return reverse("recruitment:orientation-list")


class OrientationUpdateView(EditRecordView):
    allowed = staticmethod(access.can_keep_recruitment)
    editable = staticmethod(access.visible_orientation_sessions)
    form_class = forms.OrientationSessionForm
    title = "Edit {record}"
    success_message = "{record} saved."

    def save(self, form):
        data = _changed(form)
        return services.update_orientation_session(
            session=self.object, by=self.request.user, vacancies=data.pop("vacancies"), **data
        )


class SessionChildMixin:
    """Pages about one orientation session, found through the sessions the user may see (404 otherwise)."""

    allowed = staticmethod(access.can_keep_recruitment)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.session = get_object_or_404(
                access.visible_orientation_sessions(request.user).select_related("programme"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def cancel_url(self):
        return self.session.get_absolute_url()


class OrientationBookingCreateView(SessionChildMixin, ServiceFormView):
    form_class = forms.BookingForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "session": self.session}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Book a place: {self.session}"
        return context

    def save(self, form):
        peer = form.cleaned_data["peer"]
        services.book_orientation_place(session=self.session, peer=peer, by=self.request.user)
        # The base view runs success_message through str.format: the name's braces are doubled (issue 21).
        self.success_message = "Place booked for " + peer.full_name.replace("{", "{{").replace("}", "}}") + "."
        return self.session


class OrientationAttendanceView(SessionChildMixin, ServiceFormView):
    template_name = "recruitment/orientation_attendance.html"
    form_class = forms.AttendanceForm
    success_message = "Attendance saved."

    def get_form_kwargs(self):
        bookings = self.session.bookings.select_related("peer").order_by("peer__full_name")
        return {**super().get_form_kwargs(), "bookings": bookings}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Record attendance: {self.session}"
        context["session"] = self.session
        return context

    def save(self, form):
        services.record_attendance(session=self.session, attended=form.attended(), by=self.request.user)
        return self.session


# --- Benefits advice and a peer's recruitment -------------------------------------------------


class BenefitsAdviceCreateView(AdvertFormView):
    allowed = staticmethod(access.can_keep_recruitment)
    form_class = forms.BenefitsAdviceForm
    template_name = "recruitment/benefits_advice_form.html"
    success_message = "Benefits advice recorded."

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.peer = get_object_or_404(access.editable_peers(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"given_on": timezone.localdate()}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "peer": self.peer}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Record benefits advice for {self.peer.full_name}"
        context["peer"] = self.peer
        return context

    def save(self, form):
        return services.record_benefits_advice(peer=self.peer, by=self.request.user, **form.cleaned_data)

    def success_url_for(self, record):
        return reverse("recruitment:peer-recruitment", args=[self.peer.pk])

    def cancel_url(self):
        return reverse("recruitment:peer-recruitment", args=[self.peer.pk])


def _can_see_peer_recruitment(user) -> bool:
    """Recruitment staff, and a peer for their own summary."""
    return access.can_use_recruitment_pages(user) or access.scope(user).peer_id is not None


class PeerRecruitmentView(AccessMixin, DetailView):
    """A peer's applications and their stages, orientation bookings and benefits advice."""

    template_name = "recruitment/peer_recruitment.html"
    allowed = staticmethod(_can_see_peer_recruitment)
    context_object_name = "peer"

    def get_queryset(self):
        return access.visible_peers(self.request.user).select_related("trust")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, peer = self.request.user, self.object
        context["applications"] = selectors.applications_for_list(
            access.visible_applications(user).filter(applicant=peer)
        ).order_by("-applied_on")
        context["bookings"] = (
            peer.orientation_bookings.filter(session__in=access.visible_orientation_sessions(user))
            .select_related("session__programme")
            .order_by("-session__starts_at")
        )
        context["benefits_advice"] = (
            access.visible_benefits_advice(user).filter(peer=peer).select_related("session").order_by("-given_on")
        )
        context["can_add_benefits_advice"] = (
            access.can_keep_recruitment(user)
            and access.editable_peers(user).exclude(pk=access.scope(user).peer_id).filter(pk=peer.pk).exists()
        )
        return context
