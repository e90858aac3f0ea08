"""Pages of supervision, Wellness Action Plans and return-to-work conversations (DESIGN section 6).
Thin: access via `programmes.access`, writes via `workforce.services_supervision`, reads via
`workforce.selectors`. Supervision notes, plans and conversations are sensitive: shown only to those
the access rules name, and every read by someone other than the peer is logged."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from programmes import access, paging
from programmes.exports import Col, CsvExportMixin, SensitiveRows, person
from programmes.models import SensitiveAccessLog
from programmes.selectors import history_of
from programmes.views import PAGE_SIZE, AccessMixin, EditRecordView, ServiceFormView, put_errors_beside_fields
from programmes.views_integrity import WriteOnceMixin

from . import forms_supervision as forms
from . import ics, pdf, selectors
from . import services_supervision as services
from .models import SupervisionKind, SupervisionSession

RecordType = SensitiveAccessLog.RecordType
Status = SupervisionSession.Status


def _cleaned(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.fields}


# --- Supervision sessions -------------------------------------------------------------------------


def attendees_text(session) -> str:
    """The attendees of a session from `selectors.sessions_for_list`, as the reader may see them: the names
    `access.attendees_shown_to` allows, and how many others there were ("and 1 other attendee")."""
    names = [a.peer.full_name for a in session.shown_attendances]
    hidden = session.hidden_attendees
    if not hidden:
        return ", ".join(names)
    others = f"{hidden} {'other ' if names else ''}attendee{'s' if hidden != 1 else ''}"
    return f"{', '.join(names)} and {others}" if names else others


class SessionListView(AccessMixin, CsvExportMixin, FilterView):
    """The sessions the user held, attended, or whose attendees they see; filtered by kind and status."""

    template_name = "workforce/supervision_list.html"
    allowed = staticmethod(access.can_use_workforce_pages)
    filterset_class = forms.SessionFilter
    paginate_by = PAGE_SIZE
    strict = False
    csv_columns = (
        Col("Date", "date"),
        Col("Kind", "get_kind_display"),
        Col("Format", "get_format_display"),
        Col("Status", "get_status_display"),
        Col("Supervisor", lambda s: person(s.supervisor)),
        Col("Attendees", lambda s: attendees_text(s)),
    )

    def get_queryset(self):
        user = self.request.user
        return selectors.sessions_for_list(
            access.visible_supervision_sessions(user), shown=access.attendees_shown_to(user)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_record"] = access.can_record_supervision(user)
        context["can_see_schedule"] = access.can_list_peers(user)
        context["own_peer_id"] = access.scope(user).peer_id
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_query"] = query.urlencode()
        return context


class SessionCreateView(ServiceFormView):
    """Record a session, held or planned. For a held session the supervisor then writes each attendee's
    wellbeing check and notes."""

    template_name = "workforce/supervision_form.html"
    allowed = staticmethod(access.can_record_supervision)
    form_class = forms.SupervisionSessionForm
    title = "Record a supervision session"
    success_message = "Session recorded: {record}."
    language_fields = ("themes", "actions")

    def get_initial(self):
        initial = {
            "date": timezone.localdate(),
            "status": Status.HELD,
            "format": SupervisionSession.Format.INDIVIDUAL,
            "duration_minutes": 60,
        }
        user = self.request.user
        if access.supervisor_choices(user).filter(pk=user.pk).exists():
            initial["supervisor"] = user.pk
        peer = self.request.GET.get("peer")
        if peer and peer.isdigit():
            initial["attendees"] = [int(peer)]
        return initial

    def save(self, form):
        session = services.record_session(by=self.request.user, **_cleaned(form))
        _warn_about_supervisor(self.request, session)
        return session

    def success_url_for(self, record):
        if access.can_write_supervision_notes(self.request.user, record):
            return reverse("workforce:supervision-notes", args=[record.pk])
        return record.get_absolute_url()

    def cancel_url(self):
        return reverse("workforce:supervision-list")


def _warn_about_supervisor(request, session: SupervisionSession) -> None:
    """Peer supervision recorded or planned with someone who is not a peer worker: saved, with advice."""
    if session.kind == SupervisionKind.PEER:
        warning = selectors.peer_supervisor_warning(session.supervisor)
        if warning:
            messages.warning(request, warning)


class SessionDetailView(AccessMixin, DetailView):
    """A session: themes and actions for everyone who may see it; each attendee's wellbeing check and
    notes only for the supervisor and that peer (a read by anyone but the peer is logged). The
    supervisor marks a planned session held, or cancels it, from here."""

    template_name = "workforce/supervision_detail.html"
    allowed = staticmethod(access.can_use_workforce_pages)

    def get_queryset(self):
        user = self.request.user
        return selectors.sessions_for_list(
            access.visible_supervision_sessions(user), shown=access.attendees_shown_to(user)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, session = self.request.user, self.object
        rows = []
        for attendance in session.shown_attendances:
            readable = access.can_read_supervision_notes(user, attendance)
            rows.append({"attendance": attendance, "readable": readable})
        readable = [(r["attendance"].peer, r["attendance"]) for r in rows if r["readable"]]
        if any(a.wellbeing_check or a.notes for _, a in readable):
            access.log_sensitive_reads(user=user, reads=readable, record_type=RecordType.SUPERVISION_NOTES)
        context["rows"] = rows
        context["hidden_attendees"] = session.hidden_attendees
        context["can_edit"] = access.editable_supervision_sessions(user).filter(pk=session.pk).exists()
        context["can_write_notes"] = access.can_write_supervision_notes(user, session)
        context["history"] = history_of(session)
        if session.kind == SupervisionKind.PEER:
            context["supervisor_warning"] = selectors.peer_supervisor_warning(session.supervisor)
        return context

    def post(self, request, *args, **kwargs):
        session = get_object_or_404(access.editable_supervision_sessions(request.user), pk=kwargs["pk"])
        action = request.POST.get("action")
        try:
            if action == "held":
                services.mark_held(session=session, by=request.user)
                messages.success(request, "Session marked as held. Write each attendee's notes below.")
                if session.supervisor_id == request.user.pk:
                    return redirect("workforce:supervision-notes", pk=session.pk)
            elif action == "cancel":
                services.cancel_session(session=session, by=request.user)
                messages.success(request, "Session cancelled.")
            else:
                raise Http404("Not found")
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect(session.get_absolute_url())


class SessionUpdateView(EditRecordView):
    template_name = "workforce/supervision_form.html"
    allowed = staticmethod(access.can_record_supervision)
    editable = staticmethod(access.editable_supervision_sessions)
    form_class = forms.SupervisionSessionForm
    title = "Edit {record}"
    success_message = "Session saved."
    language_fields = ("themes", "actions")

    def save(self, form):
        session = services.update_session(session=self.object, by=self.request.user, **_cleaned(form))
        _warn_about_supervisor(self.request, session)
        return session


class SessionNotesView(WriteOnceMixin, AccessMixin, TemplateView):
    """The supervisor writes each attendee's wellbeing check and notes: one box per peer, so a group
    session keeps each peer's notes apart (each is read by the supervisor and that peer alone). The form
    carries the version of every attendee's notes it shows; a save over someone else's is refused."""

    template_name = "workforce/supervision_notes.html"
    allowed = staticmethod(access.can_record_supervision)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.session = get_object_or_404(
                selectors.sessions_for_list(
                    access.editable_supervision_sessions(request.user), shown=access.attendees_shown_to(request.user)
                ),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        return forms.attendance_note_forms(list(self.session.shown_attendances), data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["session"] = self.session
        context.setdefault("note_forms", self.forms())
        context["hidden_attendees"] = self.session.hidden_attendees
        context["may_write"] = self.may_write()
        if self.request.method == "GET":
            shown = [(a.peer, a) for a in self.session.shown_attendances if a.wellbeing_check or a.notes]
            access.log_sensitive_reads(user=self.request.user, reads=shown, record_type=RecordType.SUPERVISION_NOTES)
        return context

    def may_write(self) -> bool:
        return access.can_write_supervision_notes(self.request.user, self.session)

    def versioned_records(self):
        return list(self.session.shown_attendances)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(note_forms=self._note_forms))

    def post(self, request, *args, **kwargs):
        if not self.may_write():
            # The page shows this user no form: checking their data would only bring back a page without the
            # fields its errors belong to (found by tests/security/test_form_fuzzing.py). Say why, save nothing.
            messages.error(request, "Only the session's supervisor writes the notes, once the session has been held.")
            return redirect(self.session.get_absolute_url())
        self._note_forms = note_forms = self.forms(request.POST)
        if note_forms and all(f.is_valid() for f in note_forms):

            def write():  # every attendee's notes, or none (one transaction, with the versions checked)
                for f in note_forms:
                    services.record_attendance_notes(attendance=f.attendance, by=request.user, **f.cleaned_data)
                return self.session

            try:
                outcome = self.write_once(note_forms[0], write, lambda session: session.get_absolute_url())
            except ValidationError as error:
                put_errors_beside_fields(note_forms[0], error)
            else:
                if not isinstance(outcome, tuple):
                    return outcome  # the form again with why nothing was saved
                messages.success(request, "Notes saved.")
                return redirect(outcome[1])
        elif not note_forms:
            return redirect(self.session.get_absolute_url())  # nobody's notes to write
        return self.render_to_response(self.get_context_data(note_forms=note_forms))


# --- Schedules ---------------------------------------------------------------------------------------


class ScheduleView(AccessMixin, CsvExportMixin, TemplateView):
    """For every peer the user sees, and each kind of supervision: the last session, the next due, any
    planned, and how many days overdue (a fixed number of queries whatever the number of peers)."""

    template_name = "workforce/supervision_schedule.html"
    allowed = staticmethod(access.can_list_peers)
    csv_name = "supervision-due"
    csv_columns = (
        Col("Peer", "peer.full_name"),
        Col("Team", "placement.post.team.name"),
        Col("Kind", "kind_label"),
        Col("Last session", "last_on"),
        Col("Next due", "due_on"),
        Col("Planned", "planned_on"),
        Col("Days overdue", lambda s: s.overdue_days if s.is_overdue else 0),
    )
    csv_rows_in = "rows"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = forms.ScheduleFilterForm(self.request.GET or None, user=user)
        peers = access.supervision_schedule_peers(user)
        if form.is_valid() and form.cleaned_data["team"]:
            peers = peers.filter(posts__team=form.cleaned_data["team"]).distinct()
        rows = selectors.overdue_first(selectors.supervision_statuses(peers, timezone.localdate()))
        context.update(form=form, rows=rows, overdue_count=sum(1 for r in rows if r.is_overdue))
        context.update(paging.page_context(self.request, rows))  # one page of the rows, overdue first
        context["without_peer_supervisor"] = selectors.peers_supervised_without_a_peer(rows)
        context["can_record"] = access.can_record_supervision(user)
        return context


class PeerMixin:
    """The peer of the page, from those whose supervision the user sees (404 otherwise)."""

    def get_peer(self):
        return get_object_or_404(access.supervision_schedule_peers(self.request.user), pk=self.kwargs["pk"])


class PeerSupervisionView(PeerMixin, AccessMixin, TemplateView):
    """A peer's supervision: their schedule, their sessions and, for the peer and each session's
    supervisor, the notes."""

    template_name = "workforce/supervision_peer.html"
    allowed = staticmethod(lambda user: True)  # the peer's own account opens its own page

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        peer = self.get_peer()
        today = timezone.localdate()
        # One page of the sessions, newest first; only the notes on that page are read (and logged).
        paged = paging.page_context(
            self.request,
            # No DISTINCT: a peer attends a session once (a unique constraint), so the join repeats no session, and
            # without it only the 25 rows shown count their hidden attendees and the page count counts ids.
            selectors.sessions_for_list(
                access.visible_supervision_sessions(user).filter(attendances__peer=peer),
                shown=access.attendees_shown_to(user),
            ).order_by("-date", "-pk"),
        )
        context.update(paged)
        sessions = list(paged["page_obj"].object_list)
        readable = {
            a.pk: a for a in access.readable_attendances(user).filter(peer=peer, session__in=[s.pk for s in sessions])
        }
        rows = []
        for s in sessions:
            mine = next((a for a in s.shown_attendances if a.peer_id == peer.pk), None)
            rows.append({"session": s, "attendance": readable.get(mine.pk) if mine else None})
        shown = [(peer, a) for a in readable.values() if a.wellbeing_check or a.notes]
        access.log_sensitive_reads(user=user, reads=shown, record_type=RecordType.SUPERVISION_NOTES)
        context.update(
            peer=peer,
            rows=rows,
            statuses=selectors.supervision_statuses(access.supervision_schedule_peers(user).filter(pk=peer.pk), today),
            is_own_record=access.is_own_record(user, peer),
            can_record=access.supervisees(user).filter(pk=peer.pk).exists(),
        )
        return context


class PeerSupervisionCalendarView(PeerMixin, AccessMixin, TemplateView):
    """An .ics file of the peer's planned sessions, and the next due date of each kind as an all-day event."""

    allowed = staticmethod(lambda user: True)

    def get(self, request, *args, **kwargs):
        peer = self.get_peer()
        today = timezone.localdate()
        planned = selectors.sessions_for_list(
            access.visible_supervision_sessions(request.user).filter(
                attendances__peer=peer, status=Status.PLANNED, date__gte=today
            ),
            shown=access.attendees_shown_to(request.user),
        ).distinct()
        statuses = selectors.supervision_statuses(
            access.supervision_schedule_peers(request.user).filter(pk=peer.pk), today
        )
        body = ics.calendar(f"Supervision: {peer.full_name}", _calendar_events(request, peer, planned, statuses))
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="supervision-{slugify(peer.full_name)}.ics"'
        return response


def _calendar_events(request, peer, planned, statuses) -> list:
    """Planned sessions (timed when they have a start time) and the due dates still to be booked. No
    notes: a calendar is shared with devices and other people."""
    host = request.get_host().split(":")[0] or "peersupport"
    events = []
    tz = timezone.get_current_timezone()
    for s in planned:
        if s.start_time:
            start = datetime.datetime.combine(s.date, s.start_time, tzinfo=tz)
            end = start + datetime.timedelta(minutes=s.duration_minutes)
        else:
            start, end = s.date, None
        supervisor = s.supervisor.get_full_name() or s.supervisor.get_username()
        events.append(
            ics.Event(
                uid=f"supervision-session-{s.pk}-peer-{peer.pk}@{host}",
                summary=f"{s.get_kind_display()} ({s.get_format_display().lower()}) with {supervisor}",
                start=start,
                end=end,
                description=request.build_absolute_uri(s.get_absolute_url()),
                location=s.location,
            )
        )
    for status in selectors.due_supervision_events(statuses):
        events.append(
            ics.Event(
                uid=f"supervision-due-{status.kind}-peer-{peer.pk}-{status.due_on:%Y%m%d}@{host}",
                summary=f"{status.kind_label} due for {peer.full_name}",
                start=status.due_on,
                description="Book a session: this supervision is due on this day.",
            )
        )
    return events


# --- Wellness Action Plan ---------------------------------------------------------------------------


def _wap_context(request, plan) -> dict:
    user = request.user
    is_own = access.is_own_record(user, plan.peer)
    reviews = plan.reviews.select_related("reviewed_with")
    return {
        "plan": plan,
        "is_own_record": is_own,
        "can_edit": access.editable_waps(user).filter(pk=plan.pk).exists(),
        "can_review": access.wap_reviewers(user).filter(pk=plan.pk).exists(),
        "reviews": reviews,
        **paging.page_context(request, reviews),  # one page of the reviews, newest first
    }


class WapMineView(AccessMixin, TemplateView):
    """The signed-in peer's own plan, or the invitation to write one."""

    template_name = "workforce/wap_detail.html"
    allowed = staticmethod(lambda user: access.scope(user).peer_id is not None)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        plan = (
            access.visible_waps(user)
            .filter(peer__in=access.own_peer_record(user))
            .select_related("peer", "line_manager_shared_with", "supervisor_shared_with")
            .first()
        )
        context["mine"] = True
        if plan is not None:
            context.update(_wap_context(self.request, plan))
        return context


class WapDetailView(AccessMixin, DetailView):
    """A plan, for the peer and those they share it with (and the peer support lead); 404 for anyone
    else. A read by someone other than the peer is logged."""

    template_name = "workforce/wap_detail.html"
    allowed = staticmethod(lambda user: True)
    context_object_name = "plan"

    def get_queryset(self):
        return access.visible_waps(self.request.user).select_related(
            "peer", "line_manager_shared_with", "supervisor_shared_with"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, plan = self.request.user, self.object
        access.log_sensitive_read(user=user, peer=plan.peer, record_type=RecordType.WELLNESS_ACTION_PLAN, obj=plan)
        context.update(_wap_context(self.request, plan))
        return context


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _sharing_help(plan, named: dict, changes) -> dict[str, str]:
    """Beside "My line manager" and "My supervisor": whom the plan is shared with, or whom ticking shares it
    with (sharing names people: the person named on the placement now, and nobody else in that role)."""
    pending = {c.role for c in changes}
    help_texts = {}
    for role, (flag, person_field, label) in selectors.SHARING_ROLES.items():
        now = named[role]
        if getattr(plan, flag):
            person = getattr(plan, person_field)
            text = f"Shared with {_person(person)}." if person else f"Shared with nobody yet: no {label} was named."
            if role in pending:
                text += f" Your {label} is now {_person(now)}; they do not see it unless you agree (above)."
        elif now is not None:
            text = f"Your {label} is {_person(now)}: ticking shares your plan with them, and nobody else."
        else:
            text = f"No {label} is named on your placement; if you tick this, you will be asked when one is."
        help_texts[role] = text
    return help_texts


class WapCreateView(ServiceFormView):
    """The peer writes their plan; a peer who has one is taken to it."""

    template_name = "workforce/wap_form.html"
    allowed = staticmethod(lambda user: access.scope(user).peer_id is not None)
    form_class = forms.WellnessActionPlanForm
    title = "Write your Wellness Action Plan"
    success_message = "Your Wellness Action Plan is saved. Nobody else sees it until you share it."

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and access.visible_waps(user).filter(peer__in=access.own_peer_record(user)).exists():
            messages.info(request, "You already have a Wellness Action Plan; you can edit it here.")
            return redirect("workforce:wap-mine")
        return super().dispatch(request, *args, **kwargs)

    def save(self, form):
        peer = access.own_peer_record(self.request.user).get()
        return services.save_wap(by=self.request.user, peer=peer, **_cleaned(form))

    def cancel_url(self):
        return reverse("workforce:wap-mine")


class WapUpdateView(EditRecordView):
    template_name = "workforce/wap_form.html"
    allowed = staticmethod(lambda user: True)
    editable = staticmethod(access.editable_waps)
    form_class = forms.WellnessActionPlanForm
    title = "Edit your Wellness Action Plan"
    success_message = "Saved as version {record.version}."

    def save(self, form):
        return services.save_wap(by=self.request.user, peer=self.object.peer, **_cleaned(form))


class WapSharingView(ServiceFormView):
    """The peer chooses who may see their plan."""

    template_name = "workforce/wap_sharing.html"
    allowed = staticmethod(lambda user: True)
    form_class = forms.WapSharingForm
    title = "Who may see your Wellness Action Plan"
    success_message = "Sharing saved."

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = get_object_or_404(
                access.editable_waps(request.user).select_related(
                    "peer", "line_manager_shared_with", "supervisor_shared_with"
                ),
                pk=kwargs["pk"],
            )
            today = timezone.localdate()
            self.named = selectors.named_for_sharing(self.object.peer, today)
            self.changes = selectors.wap_sharing_changes(self.object, today)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super(ServiceFormView, self).get_form_kwargs()
        kwargs["names"] = _sharing_help(self.object, self.named, self.changes)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["changes"] = self.changes
        return context

    def post(self, request, *args, **kwargs):
        role = request.POST.get("confirm")
        if role is None:
            return super().post(request, *args, **kwargs)
        # The peer agrees to share the plan with the person their placement now names (a button above the form).
        person = request.POST.get("person", "")
        try:
            plan = services.confirm_wap_share(
                by=request.user, plan=self.object, role=role, person_id=int(person) if person.isdigit() else 0
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("workforce:wap-sharing", pk=self.object.pk)
        messages.success(request, "Sharing saved: your plan is shared with the person you agreed to.")
        return redirect(plan.get_absolute_url())

    def get_initial(self):
        plan = self.object
        return {
            "line_manager": plan.shared_with_line_manager,
            "supervisor": plan.shared_with_supervisor,
            "hr": plan.shared_with_hr,
        }

    def save(self, form):
        return services.share_wap(by=self.request.user, plan=self.object, **form.cleaned_data)


class WapVersionsView(AccessMixin, DetailView):
    """Every version of the plan: when, by whom and what changed. The peer reads each version's words;
    others see only which parts changed."""

    template_name = "workforce/wap_versions.html"
    allowed = staticmethod(lambda user: True)
    context_object_name = "plan"

    def get_queryset(self):
        return access.visible_waps(self.request.user).select_related("peer")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        is_own = access.is_own_record(self.request.user, self.object.peer)
        fields = [self.object._meta.get_field(n) for n in services.WAP_CONTENT_FIELDS]
        context["versions"] = [
            # The peer reads the words of every version; others see when it changed and which parts.
            (v, [(str(f.verbose_name), getattr(v.record, f.name)) for f in fields] if is_own else [])
            for v in selectors.wap_versions(self.object)
        ]
        context.update(paging.page_context(self.request, context["versions"]))  # newest first, a page at a time
        context["is_own_record"] = is_own
        return context


class WapReviewCreateView(ServiceFormView):
    template_name = "workforce/wap_review_form.html"
    allowed = staticmethod(lambda user: True)
    form_class = forms.WapReviewForm
    title = "Record a review of the Wellness Action Plan"
    success_message = "Review recorded; the next review is agreed for {record.next_review_on:%d %B %Y}."

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.plan = get_object_or_404(access.wap_reviewers(request.user).select_related("peer"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"reviewed_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plan"] = self.plan
        if self.request.method == "GET":
            # The form shows the plan beside it, so opening it is a read.
            access.log_sensitive_read(
                user=self.request.user, peer=self.plan.peer, record_type=RecordType.WELLNESS_ACTION_PLAN, obj=self.plan
            )
        return context

    def save(self, form):
        return services.record_wap_review(by=self.request.user, plan=self.plan, **_cleaned(form))

    def success_url_for(self, record):
        return self.plan.get_absolute_url()

    def cancel_url(self):
        return self.plan.get_absolute_url()


class WapPdfView(AccessMixin, TemplateView):
    """The plan as a PDF the peer can download (and those who see it; their download is logged)."""

    allowed = staticmethod(lambda user: True)

    def get(self, request, *args, **kwargs):
        plan = get_object_or_404(
            access.visible_waps(request.user).select_related(
                "peer__trust", "line_manager_shared_with", "supervisor_shared_with"
            ),
            pk=kwargs["pk"],
        )
        access.log_sensitive_read(
            user=request.user,
            peer=plan.peer,
            record_type=RecordType.WELLNESS_ACTION_PLAN,
            obj=plan,
            channel=SensitiveAccessLog.Channel.PDF,
        )
        return FileResponse(
            pdf.wap_pdf(plan), as_attachment=True, filename=pdf.wap_filename(plan), content_type="application/pdf"
        )


# --- Return to work ----------------------------------------------------------------------------------


class ReturnToWorkPeerMixin:
    """The peer whose conversations the page shows: the peer themselves, HR, the peer lead, the line
    manager, and whoever held one of them."""

    def get_peer(self):
        user = self.request.user
        peer = get_object_or_404(access.visible_peers(user), pk=self.kwargs["pk"])
        if not (
            access.is_own_record(user, peer)
            or access.peers_for_return_to_work(user).filter(pk=peer.pk).exists()
            or access.visible_return_to_work(user).filter(peer=peer).exists()
        ):
            raise Http404("Not found")
        return peer


class ReturnToWorkListView(ReturnToWorkPeerMixin, AccessMixin, CsvExportMixin, TemplateView):
    template_name = "workforce/return_to_work_list.html"
    allowed = staticmethod(lambda user: True)
    csv_columns = (
        Col("Held on", "held_on"),
        Col("Absence from", "absence_from"),
        Col("Absence to", "absence_to"),
        Col("Held by", lambda c: person(c.held_by)),
        Col("WAP looked at", "wap_reviewed"),
    )
    csv_sensitive = SensitiveRows(RecordType.RETURN_TO_WORK, peer_of=lambda c: c.peer)

    csv_rows_in = "conversations"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        peer = self.get_peer()
        context["peer"] = peer
        context["conversations"] = access.visible_return_to_work(user).filter(peer=peer).select_related("held_by")
        context.update(paging.page_context(self.request, context["conversations"]))
        context["can_record"] = access.peers_for_return_to_work(user).filter(pk=peer.pk).exists()
        context["is_own_record"] = access.is_own_record(user, peer)
        return context


class ReturnToWorkCreateView(ServiceFormView):
    template_name = "workforce/return_to_work_form.html"
    allowed = staticmethod(lambda user: True)
    form_class = forms.ReturnToWorkForm
    title = "Record a return-to-work conversation"
    success_message = "Return-to-work conversation recorded."

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.peer = get_object_or_404(access.peers_for_return_to_work(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"held_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["peer"] = self.peer
        context["title"] = f"Return-to-work conversation: {self.peer.full_name}"
        return context

    def save(self, form):
        return services.record_return_to_work(by=self.request.user, peer=self.peer, **_cleaned(form))

    def success_url_for(self, record):
        return reverse("workforce:return-to-work-detail", args=[record.pk])

    def cancel_url(self):
        return reverse("workforce:return-to-work-list", args=[self.peer.pk])


class ReturnToWorkDetailView(AccessMixin, DetailView):
    """A conversation: for the peer, HR, the peer lead and the line manager; a read by someone other than
    the peer is logged."""

    template_name = "workforce/return_to_work_detail.html"
    allowed = staticmethod(lambda user: True)
    context_object_name = "conversation"

    def get_queryset(self):
        return access.visible_return_to_work(self.request.user).select_related("peer", "held_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, conversation = self.request.user, self.object
        access.log_sensitive_read(
            user=user, peer=conversation.peer, record_type=RecordType.RETURN_TO_WORK, obj=conversation
        )
        context["is_own_record"] = access.is_own_record(user, conversation.peer)
        context["history"] = history_of(conversation)
        context["plan"] = access.visible_waps(user).filter(peer=conversation.peer).first()
        context["episodes"] = access.visible_absences(user).filter(return_to_work=conversation).order_by("start_date")
        return context
