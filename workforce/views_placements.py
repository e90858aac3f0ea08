"""Pages of placements, induction and reviews (phase 3). Thin: access via `programmes.access`, writes via
`workforce.services`, reads via `workforce.selectors`. A forbidden record answers 404; every read of a
placement's reasonable adjustments or care arrangement by someone other than the peer is logged."""

from __future__ import annotations

import datetime
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.generic import DetailView, View
from django_filters.views import FilterView

from programmes import access, integrity
from programmes.exports import Col, CsvExportMixin, person
from programmes.models import SensitiveAccessLog
from programmes.security import RecentPasswordRequiredMixin, confirm_password_url, password_recently_confirmed
from programmes.selectors import history_of, own_care_arrangement
from programmes.views import PAGE_SIZE, AccessMixin, EditRecordView, ServiceFormView, _changed
from recruitment.selectors import ready_to_start

from . import forms_placements as forms
from . import ics, selectors, services
from .models import InductionItem, InductionSection, ReviewObjective

RecordType = SensitiveAccessLog.RecordType


# --- Placements ------------------------------------------------------------------------------------


class PlacementListView(AccessMixin, CsvExportMixin, FilterView):
    """Placements the user may see, filtered by team; for a peer, their own ("My employment")."""

    template_name = "workforce/placement_list.html"
    allowed = staticmethod(access.can_use_workforce_pages)
    filterset_class = forms.PlacementFilter
    paginate_by = PAGE_SIZE
    strict = False
    csv_columns = (
        Col("Peer", "peer.full_name"),
        Col("Post", "post.title"),
        Col("Team", "post.team.name"),
        Col("Started", "start_date"),
        Col("Ended", "end_date"),
        Col("Hours", "hours"),
        Col("Line manager", lambda p: person(p.line_manager) or "Not named"),
    )

    def get_queryset(self):
        return selectors.placements_for_list(access.visible_placements(self.request.user)).order_by(
            "post__team__name", "peer__full_name", "-start_date", "pk"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        only_own = access.scope(user).peer_id is not None and not access.scope(user).has_staff_role
        context["heading"] = "My employment" if only_own and not access.is_admin(user) else "Placements"
        context["can_create"] = access.can_keep_placements(user)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_query"] = query.urlencode()
        return context


class PlacementDetailView(AccessMixin, DetailView):
    """A placement: post, team, start, hours, reasons for the match, named people, the own-care flag; the care
    arrangement for HR and the peer lead, the reasonable adjustments for HR, the peer lead and the peer."""

    template_name = "workforce/placement_detail.html"
    allowed = staticmethod(lambda user: True)  # the peer's own account reads its own placement

    def get_queryset(self):
        return selectors.placements_for_list(access.visible_placements(self.request.user)).select_related(
            "application__vacancy"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, placement = self.request.user, self.object
        peer = placement.peer
        context["today"] = timezone.localdate()
        context["is_own_record"] = access.is_own_record(user, peer)
        context["can_edit"] = access.editable_placements(user).filter(pk=placement.pk).exists()
        if placement.own_care_team and access.can_read_care_arrangement(user, peer):
            arrangement = own_care_arrangement(peer)
            if arrangement is not None:
                context["care_arrangement"] = arrangement
                access.log_sensitive_read(
                    user=user, peer=peer, record_type=RecordType.CARE_ARRANGEMENT, obj=arrangement
                )
        if access.can_read_reasonable_adjustments(user, peer):
            context["show_adjustments"] = True
            if placement.reasonable_adjustments and not password_recently_confirmed(self.request):
                # Occupational health information: shown only after the password is given again (issue 8).
                context["confirm_password_url"] = confirm_password_url(self.request.get_full_path())
            elif placement.reasonable_adjustments:
                access.log_sensitive_read(
                    user=user, peer=peer, record_type=RecordType.OCCUPATIONAL_HEALTH, obj=placement
                )
        context["induction"] = access.visible_induction_plans(user).filter(placement=placement).first()
        if context["induction"] is not None:
            # "Start induction" (issue 15): the plan place_peer made, and its first step.
            sections = _section_groups(context["induction"].items.all())
            context["first_step"] = sections[0][1][0] if sections else None
        context["reviews"] = selectors.reviews_for_list(access.visible_reviews(user).filter(placement=placement))
        context["recordable_review_ids"] = set(
            access.editable_reviews(user).filter(placement=placement).values_list("pk", flat=True)
        )
        context["show_leaving"] = placement.end_date is not None and access.can_read_leaving_reason(user, placement)
        if access.is_own_record(user, peer) or access.peers_for_absence(user).filter(pk=peer.pk).exists():
            context["absence_url"] = reverse("workforce:absence-list", args=[peer.pk])
        if access.caseload_peers(user).filter(pk=peer.pk).exists():  # the caseload agreed in supervision (outcomes)
            context["caseload_url"] = reverse("outcomes:caseload-list", args=[peer.pk])
        context["history"] = history_of(placement)
        return context


class PlacementCreateView(ServiceFormView):
    """Place a peer in a post, with the team's warnings and the appointed applicants ready to start."""

    template_name = "workforce/placement_form.html"
    allowed = staticmethod(access.can_keep_placements)
    form_class = forms.PlacementForm
    title = "Place a peer in a post"
    success_message = "{record.peer.full_name} placed in {record.post.title}."

    def _ready(self):
        return ready_to_start(access.visible_applications(self.request.user)).filter(placement__isnull=True)

    def get_initial(self):
        initial = {"start_date": timezone.localdate()}
        pk = self.request.GET.get("application", "")
        if pk.isdigit():
            application = self._ready().filter(pk=pk).first()
            if application is not None:
                post = application.vacancy.post
                initial.update(application=application, peer=application.applicant, post=post, hours=post.hours)
                initial.update(self._adjustments_from(application))
        return initial

    def _adjustments_from(self, application) -> dict:
        """The reasonable adjustments agreed at occupational health, filled in from the application (issue 15) when
        the user may read them and has given their password recently (as on the placement's own edit page);
        the read is logged. Otherwise the field stays empty, and the service carries them in all the same."""
        peer, request = application.applicant, self.request
        if not (access.can_read_reasonable_adjustments(request.user, peer) and password_recently_confirmed(request)):
            return {}
        text = services.adjustments_from_occupational_health(peer=peer, application=application)
        if text and request.method == "GET":
            access.log_sensitive_read(
                user=request.user,
                peer=peer,
                record_type=RecordType.OCCUPATIONAL_HEALTH,
                obj=getattr(application, "occupational_health", None),
            )
        return {"reasonable_adjustments": text} if text else {}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["warnings_for"] = selectors.placement_warnings
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if not form.is_bound and form.initial.get("post") is not None:
            form.warnings = selectors.placement_warnings(form.initial["post"], form.initial["peer"])
        context["warnings"] = form.warnings
        context["ready"] = self._ready()[:PAGE_SIZE]
        return context

    def save(self, form):
        data = dict(form.cleaned_data)
        data.pop("despite_warnings")
        data["reasonable_adjustments"] = data["reasonable_adjustments"] or None
        return services.place_peer(by=self.request.user, **data)

    def cancel_url(self):
        return reverse("workforce:placement-list")


class PlacementUpdateView(RecentPasswordRequiredMixin, EditRecordView):
    """Change a placement (HR and the peer lead). The form shows the adjustments and the care arrangement,
    so opening it is a read of both, and is logged; it asks for the password again after REAUTH_MINUTES."""

    template_name = "workforce/placement_form.html"
    allowed = staticmethod(access.can_keep_placements)
    editable = staticmethod(lambda user: access.editable_placements(user).select_related("peer", "post__team"))
    form_class = forms.PlacementUpdateForm
    title = "Edit the placement of {record.peer.full_name}"
    success_message = "Placement saved."

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        self.arrangement = own_care_arrangement(self.object.peer)
        kwargs["care_arrangement"] = self.arrangement.care_arrangement if self.arrangement else ""
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, peer = self.request.user, self.object.peer
        if self.request.method == "GET":
            if self.object.reasonable_adjustments:
                access.log_sensitive_read(
                    user=user, peer=peer, record_type=RecordType.OCCUPATIONAL_HEALTH, obj=self.object
                )
            if self.arrangement is not None:
                access.log_sensitive_read(
                    user=user, peer=peer, record_type=RecordType.CARE_ARRANGEMENT, obj=self.arrangement
                )
        return context

    def save(self, form):
        return services.update_placement(placement=self.object, by=self.request.user, **_changed(form))


class PlacementEndView(EditRecordView):
    """End a placement: the last day, why the peer left and where to, and the exit conversation (issue 18)."""

    template_name = "workforce/placement_end.html"
    allowed = staticmethod(access.can_keep_placements)
    editable = staticmethod(lambda user: access.editable_placements(user).select_related("peer", "post__team"))
    form_class = forms.EndPlacementForm
    title = "End the placement of {record.peer.full_name}"
    success_message = "Placement ended; the post is vacant again."

    def get_initial(self):
        return {"end_date": timezone.localdate()}

    def save(self, form):
        return services.end_placement(by=self.request.user, placement=self.object, **form.cleaned_data)


# --- Induction -------------------------------------------------------------------------------------


def _section_groups(items):
    """The plan's items by section (in the template's order of sections), then by week."""
    order = {value: i for i, value in enumerate(InductionSection.values)}
    items = sorted(items, key=lambda i: (order.get(i.section, 99), i.week or 99, i.order, i.pk))
    return [
        (InductionSection(section).label, list(group)) for section, group in groupby(items, key=lambda i: i.section)
    ]


class InductionDetailView(AccessMixin, DetailView):
    """The induction plan: items by section and week, who ticked each off and when, and progress."""

    template_name = "workforce/induction_detail.html"
    allowed = staticmethod(lambda user: True)

    def get_queryset(self):
        return selectors.induction_plan_with_items(access.visible_induction_plans(self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = list(self.object.items.all())
        context["sections"] = _section_groups(items)
        context["progress"] = selectors.induction_progress(items)
        context["today"] = timezone.localdate()
        context["can_edit"] = access.editable_induction_plans(self.request.user).filter(pk=self.object.pk).exists()
        if context["can_edit"]:
            # Each item's one-click form carries the item's version, as its own page's form does.
            versions = integrity.versions_by_pk(InductionItem, [item.pk for item in items])
            for item in items:
                item.record_version = versions[item.pk]
        context["placement"] = self.object.placement
        context["history"] = history_of(self.object)
        return context


class InductionIcsView(AccessMixin, View):
    """The induction timetable as an iCalendar file: each of the four weeks as an all-day event over its
    working days, and every item booked for a date."""

    allowed = staticmethod(lambda user: True)

    def get(self, request, pk):
        plan = get_object_or_404(
            selectors.induction_plan_with_items(access.visible_induction_plans(request.user)), pk=pk
        )
        placement = plan.placement
        items = list(plan.items.all())
        events = []
        for week in range(1, services.LAST_INDUCTION_WEEK + 1):
            first, last = ics.working_days_of_week(placement.start_date, week)
            titles = [i.title for i in items if i.week == week and i.section == InductionSection.TIMETABLE]
            others = [i.title for i in items if i.week == week and i.section != InductionSection.TIMETABLE]
            events.append(
                ics.Event(
                    uid=f"induction-{plan.pk}-week-{week}@peersupport",
                    summary=titles[0] if titles else f"Induction week {week}",
                    start=first,
                    end=last + datetime.timedelta(days=1),
                    description="\n".join(f"- {t}" for t in others),
                )
            )
        for item in items:
            if item.scheduled_for:
                events.append(
                    ics.Event(
                        uid=f"induction-item-{item.pk}@peersupport",
                        summary=item.title,
                        start=item.scheduled_for,
                        description=item.description,
                    )
                )
        body = ics.calendar(f"Induction of {placement.peer.full_name}", events)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        filename = f"induction-{slugify(placement.peer.full_name)}.ics"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class InductionItemMixin:
    """An item of a plan the user may tick off (404 otherwise)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            plan = get_object_or_404(
                access.editable_induction_plans(request.user).select_related("placement__peer"), pk=kwargs["pk"]
            )
            self.plan = plan
            self.item = get_object_or_404(plan.items.select_related("done_by"), pk=kwargs["item_pk"])
        return super().dispatch(request, *args, **kwargs)

    def success_url_for(self, record) -> str:
        return reverse("workforce:induction-detail", args=[self.plan.pk]) + f"#item-{record.pk}"

    def versioned_records(self):
        return [self.item]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["item"] = self.item
        context["title"] = self.heading.format(item=self.item)
        context["plan"] = self.plan
        context["cancel_url"] = reverse("workforce:induction-detail", args=[self.plan.pk])
        return context


class InductionItemDoneView(InductionItemMixin, ServiceFormView):
    """Tick an item off (a date, today by default), or, with `undo`, mark it not done."""

    template_name = "workforce/induction_item_form.html"
    form_class = forms.ItemDoneForm
    heading = "Mark as done: {item.title}"
    success_message = "\u201c{record.title}\u201d marked done."

    def get_initial(self):
        return {"done_on": self.item.done_on or timezone.localdate()}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "POST" and "done_on" not in self.request.POST:
            data = self.request.POST.copy()
            data["done_on"] = timezone.localdate().isoformat()  # the one-click button on the plan
            kwargs["data"] = data
        # From the induction's start up to today, said beside the field (the service holds the rule).
        today = timezone.localdate()
        kwargs["allowed"] = services.done_on_range(self.plan, today)
        kwargs["allowed_message"] = services.done_on_message(self.plan, today)
        return kwargs

    def post(self, request, *args, **kwargs):
        if "undo" in request.POST:
            services.mark_item_not_done(item=self.item, by=request.user)
            messages.success(request, f"\u201c{self.item.title}\u201d marked not done.")
            return redirect(self.success_url_for(self.item))
        return super().post(request, *args, **kwargs)

    def save(self, form):
        return services.mark_item_done(item=self.item, by=self.request.user, **form.cleaned_data)


class InductionItemScheduleView(InductionItemMixin, ServiceFormView):
    template_name = "workforce/induction_item_form.html"
    form_class = forms.ItemScheduleForm
    heading = "Book a date: {item.title}"
    success_message = "Date saved for \u201c{record.title}\u201d."

    def get_initial(self):
        return {"scheduled_for": self.item.scheduled_for}

    def save(self, form):
        return services.schedule_item(item=self.item, by=self.request.user, **form.cleaned_data)


class InductionItemAddView(ServiceFormView):
    template_name = "workforce/induction_item_form.html"
    form_class = forms.InductionItemForm
    heading = "Add an item to the induction of {plan.placement.peer.full_name}"
    success_message = "\u201c{record.title}\u201d added."

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.plan = get_object_or_404(
                access.editable_induction_plans(request.user).select_related("placement__peer"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.heading.format(plan=self.plan)
        context["plan"] = self.plan
        context["cancel_url"] = reverse("workforce:induction-detail", args=[self.plan.pk])
        return context

    def save(self, form):
        return services.add_induction_item(plan=self.plan, by=self.request.user, **form.cleaned_data)

    def success_url_for(self, record) -> str:
        return reverse("workforce:induction-detail", args=[self.plan.pk]) + f"#item-{record.pk}"


# --- Reviews ---------------------------------------------------------------------------------------


class ReviewListView(AccessMixin, CsvExportMixin, FilterView):
    """The reviews the user sees: those due first (soonest first), then those held."""

    template_name = "workforce/review_list.html"
    allowed = staticmethod(access.can_use_workforce_pages)
    filterset_class = forms.ReviewFilter
    paginate_by = PAGE_SIZE
    strict = False
    csv_columns = (
        Col("Peer", "placement.peer.full_name"),
        Col("Team", "placement.post.team.name"),
        Col("Review", "get_kind_display"),
        Col("Due", "due_on"),
        Col("Held", "held_on"),
        Col("Reviewer", lambda r: person(r.reviewer)),
    )

    def get_queryset(self):
        return selectors.reviews_for_list(access.visible_reviews(self.request.user)).order_by(
            F("held_on").desc(nulls_first=True), "due_on", "pk"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        context["recordable_review_ids"] = set(
            access.editable_reviews(self.request.user)
            .filter(pk__in=[r.pk for r in context["object_list"]])
            .values_list("pk", flat=True)
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_query"] = query.urlencode()
        return context


class ReviewDetailView(AccessMixin, DetailView):
    template_name = "workforce/review_detail.html"
    allowed = staticmethod(lambda user: True)

    def get_queryset(self):
        return selectors.reviews_for_list(access.visible_reviews(self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        context["can_record"] = access.editable_reviews(self.request.user).filter(pk=self.object.pk).exists()
        context["status_choices"] = ReviewObjective.Status.choices
        context["history"] = history_of(self.object)
        return context


class ReviewRecordView(EditRecordView):
    """Record the review (the user recording it is the reviewer) and new objectives."""

    template_name = "workforce/review_form.html"
    allowed = staticmethod(lambda user: True)
    editable = staticmethod(lambda user: access.editable_reviews(user).select_related("placement__peer"))
    form_class = forms.RecordReviewForm
    title = "Record the {record.get_kind_display} of {record.placement.peer.full_name}"
    success_message = "Review recorded."
    language_fields = ("progress", "support_needed", "objective_1", "objective_2", "objective_3")

    def get_initial(self):
        return {} if self.object.held_on else {"held_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = (
            f"Record the {self.object.get_kind_display().lower()} of {self.object.placement.peer.full_name}"
        )
        context["objectives"] = self.object.objectives.all()
        return context

    def save(self, form):
        try:
            return services.record_review(
                review=self.object,
                by=self.request.user,
                held_on=form.cleaned_data["held_on"],
                progress=form.cleaned_data["progress"],
                support_needed=form.cleaned_data["support_needed"],
                objectives=form.objectives(),
            )
        except ValidationError as error:
            errors = error.update_error_dict({})
            if "objectives" in errors:
                errors["objective_1"] = errors.pop("objectives")
            raise ValidationError(errors) from error


class ReviewObjectiveView(ServiceFormView):
    """Mark an objective achieved or no longer relevant (or open again)."""

    template_name = "workforce/review_objective_form.html"
    form_class = forms.ObjectiveStatusForm

    success_message = "Objective updated."

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.review = get_object_or_404(
                access.editable_reviews(request.user).select_related("placement__peer"), pk=kwargs["pk"]
            )
            self.objective = get_object_or_404(self.review.objectives, pk=kwargs["objective_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"status": self.objective.status}

    def versioned_records(self):
        return [self.objective]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["review"] = self.review
        context["title"] = f"Objective: {self.objective.text}"
        context["cancel_url"] = self.review.get_absolute_url()
        return context

    def save(self, form):
        return services.set_objective_status(objective=self.objective, by=self.request.user, **form.cleaned_data)

    def success_url_for(self, record) -> str:
        return self.review.get_absolute_url()
