"""Pages for the shared model: home for each role, and list, detail, create and edit pages for
trusts, teams, posts and peers. Thin: access via `programmes.access`, writes via services, reads
via selectors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.views import FilterView

from . import access, filters, forms, home, language, paging, selectors, services
from .exports import Col, CsvExportMixin
from .models import Peer, Post, SensitiveAccessLog, Team, Trust
from .paging import PAGE_SIZE
from .views_integrity import WriteOnceMixin


class AccessMixin(LoginRequiredMixin):
    """Signed-in users only; anyone else is sent to sign in. A page the user's roles do not reach
    answers 404, like a forbidden object, so it reveals nothing."""

    allowed: Callable[[Any], bool] = staticmethod(lambda user: True)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not type(self).allowed(request.user):
            raise Http404("Not found")
        return super().dispatch(request, *args, **kwargs)


class RecordListView(AccessMixin, CsvExportMixin, FilterView):
    """A filterable, paginated list of records the user may see; `?format=csv` answers all of them as CSV."""

    paginate_by = PAGE_SIZE
    allowed = staticmethod(access.can_use_staff_pages)
    visible: Callable[[Any], QuerySet]
    for_list: Callable[[QuerySet], QuerySet]
    can_create: Callable[[Any], bool] = staticmethod(lambda user: False)
    heading = ""
    create_label = ""
    strict = False

    def get_queryset(self):
        return type(self).for_list(type(self).visible(self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = type(self).can_create(self.request.user)
        context["heading"] = self.heading
        context["create_label"] = self.create_label
        if context["can_create"]:  # a list whose records are made elsewhere (e.g. from a peer's page) has no link
            context["create_url"] = reverse(self.request.resolver_match.view_name.replace("-list", "-create"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_query"] = query.urlencode()
        return context


class RecordDetailView(AccessMixin, DetailView):
    allowed = staticmethod(access.can_use_staff_pages)
    visible: Callable[[Any], QuerySet]
    editable: Callable[[Any], QuerySet]

    def get_queryset(self):
        return type(self).visible(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = type(self).editable(self.request.user).filter(pk=self.object.pk).exists()
        context["history"] = selectors.history_of(self.object)
        return context


def put_errors_beside_fields(form, error: ValidationError) -> None:
    """A service's ValidationError shown beside the fields it names (the rest above the form)."""
    for field, errors in error.update_error_dict({}).items():
        form.add_error(field if field in form.fields else None, errors)


class ServiceFormView(WriteOnceMixin, AccessMixin, FormView):
    """A create or edit page: the form checks shape, the service saves in a transaction, and a
    ValidationError from the service is shown beside the field it concerns; nothing is saved. A create
    saves once however often it is posted, an edit opened before someone else's save is refused
    (WriteOnceMixin)."""

    template_name = "programmes/record_form.html"
    success_message = "Saved."
    title = ""
    object: Model | None = None
    # Fields where people write about people: the recovery-focused language check advises on them while
    # typing and after saving (programmes.language); it never stops the save.
    language_fields: tuple[str, ...] = ()

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        language.mark_fields(form, self.language_fields)
        return form

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        if self.object is not None:
            kwargs["instance"] = self.object
        return kwargs

    def save(self, form) -> Model:
        raise NotImplementedError

    def message_values(self, record) -> dict:
        """What the class's own `success_message` may name: the saved record (and a view's own fixed words). The
        message is always the class's constant, never a string built from what a user typed."""
        return {"record": record}

    def form_valid(self, form):
        try:
            outcome = self.write_once(form, lambda: self.save(form), self.success_url_for)
        except ValidationError as error:
            put_errors_beside_fields(form, error)
            return self.form_invalid(form)
        if not isinstance(outcome, tuple):
            return outcome  # a repeat of a saved submission, or the form again with why nothing was saved
        record, url = outcome
        messages.success(self.request, self.success_message.format(**self.message_values(record)))
        if self.language_fields:
            language.advise_after_saving(
                self.request, language.check_fields(language.form_fields(form, self.language_fields))
            )
        return redirect(url)

    def success_url_for(self, record) -> str:
        """Where to go once saved: the record's own page unless a view says otherwise."""
        return record.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title.format(record=self.object)
        context["record"] = self.object
        context["cancel_url"] = self.object.get_absolute_url() if self.object else self.cancel_url()
        if self.language_fields:
            context["language_rules"] = language.rules_for_browser()
        return context

    def cancel_url(self) -> str:
        return "/"


class EditRecordView(ServiceFormView):
    """Edit one record fetched through an access queryset (404 when out of reach)."""

    editable: Callable[[Any], QuerySet]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = get_object_or_404(type(self).editable(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


def _changed(form) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in form.fields}


# --- Home -------------------------------------------------------------------------------------


class HomeView(AccessMixin, TemplateView):
    """The page each role starts from: first "what needs me" (issue 15), a part for each role the user holds with
    what needs them today, overdue first, each item linking to the page that does it (`programmes.home`, to
    which every phase adds its sections); then HR's posts and peers, the peer lead's programme overview, a line
    manager's team and a peer's own records."""

    template_name = "programmes/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["needs"] = home.build_page(user, timezone.localdate()).shown()
        context["needs_shown"] = home.SHOWN
        user_roles = access.roles(user)
        Role = access.Role
        context["roles"] = sorted(Role(r).label for r in user_roles)
        if access.is_admin(user) or Role.PEER_LEAD in user_roles:
            context["overviews"] = selectors.programme_overviews(
                access.visible_programmes(user), access.visible_teams(user)
            )
        if access.is_admin(user) or Role.HR in user_roles:
            posts = selectors.posts_for_list(access.visible_posts(user))
            context["vacant_posts"] = posts.filter(holder__isnull=True)[:10]
            context["vacant_count"] = posts.filter(holder__isnull=True).count()
            context["recent_peers"] = selectors.peers_for_list(access.visible_peers(user)).order_by("-pk")[:10]
        if Role.LINE_MANAGER in user_roles or Role.SUPERVISOR in user_roles:
            context["my_teams"] = selectors.teams_for_list(access.visible_teams(user))[:20]
            context["team_posts"] = selectors.posts_for_list(access.visible_posts(user))[:50]
        if Role.PANEL_MEMBER in user_roles and not (user_roles - {Role.PANEL_MEMBER}):
            context["panel_teams"] = selectors.teams_for_list(access.visible_teams(user))[:20]
        me = selectors.peers_for_list(access.own_peer_record(user)).first()
        if me is not None:
            context["me"] = me
            context["my_posts"] = selectors.posts_held_by(me)
            context["my_reads"] = access.access_log_for(me)[:5]
        if access.can_use_preparation_pages(user):
            context["preparation_programmes"] = access.preparation_programmes(user).select_related("trust")
        context["can_create_post"] = access.can_create_posts(user)
        context["can_create_peer"] = access.can_create_peers(user)
        return context


# --- Trusts -----------------------------------------------------------------------------------


class TrustListView(RecordListView):
    heading = "Trusts"
    create_label = "Add a trust"
    template_name = "programmes/trust_list.html"
    filterset_class = filters.TrustFilter
    visible = staticmethod(access.visible_trusts)
    for_list = staticmethod(selectors.trusts_for_list)
    can_create = staticmethod(access.is_admin)
    csv_columns = (
        Col("Name", "name"),
        Col("ODS code", "ods_code"),
        Col("Teams", "team_count"),
        Col("Posts", "post_count"),
        Col("Vacant posts", "vacant_count"),
    )


class TrustDetailView(RecordDetailView):
    template_name = "programmes/trust_detail.html"
    visible = staticmethod(access.visible_trusts)
    editable = staticmethod(access.editable_trusts)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["programmes"] = self.object.programmes.select_related("lead")
        context["can_prepare"] = access.preparation_programmes(self.request.user).filter(trust=self.object).exists()
        context["teams"], context["team_count"] = paging.first_rows(
            selectors.teams_for_list(access.visible_teams(self.request.user).filter(trust=self.object))
        )
        context["teams_url"] = f"{reverse('programmes:team-list')}?trust={self.object.pk}"
        return context


class TrustCreateView(ServiceFormView):
    allowed = staticmethod(access.is_admin)
    form_class = forms.TrustForm
    title = "Add a trust"
    success_message = "Trust {record} added."

    def save(self, form):
        return services.create_trust(by=self.request.user, **form.cleaned_data)

    def cancel_url(self):
        return Trust.list_url()


class TrustUpdateView(EditRecordView):
    form_class = forms.TrustForm
    editable = staticmethod(access.editable_trusts)
    title = "Edit {record}"
    success_message = "Trust {record} saved."

    def save(self, form):
        return services.update_trust(trust=self.object, by=self.request.user, **_changed(form))


# --- Teams ------------------------------------------------------------------------------------


class TeamListView(RecordListView):
    heading = "Teams"
    create_label = "Add a team"
    template_name = "programmes/team_list.html"
    filterset_class = filters.TeamFilter
    visible = staticmethod(access.visible_teams)
    for_list = staticmethod(selectors.teams_for_list)
    can_create = staticmethod(access.can_create_teams)
    csv_columns = (
        Col("Team", "name"),
        Col("Trust", "trust.name"),
        Col("Service", "get_service_type_display"),
        Col("Recovery-focused training", lambda team: "Done" if team.recovery_training_done else "Not yet"),
        Col("Posts", "post_count"),
        Col("Peers in post", "peer_count"),
    )


class TeamDetailView(RecordDetailView):
    template_name = "programmes/team_detail.html"
    visible = staticmethod(access.visible_teams)
    editable = staticmethod(access.editable_teams)

    def get_queryset(self):
        return super().get_queryset().select_related("trust")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        # The first posts and peers; the team's post list (filtered) has them all.
        context["posts"], context["post_count"] = paging.first_rows(
            selectors.posts_for_list(access.visible_posts(user).filter(team=self.object))
        )
        context["posts_url"] = f"{reverse('programmes:post-list')}?team={self.object.pk}"
        context["can_add_post"] = access.teams_for_posts(user).filter(pk=self.object.pk).exists()
        context["readiness"] = selectors.readiness_of_team(self.object)
        context["preparation_sessions"] = access.visible_preparation_sessions(user).filter(team=self.object)
        context["can_record_preparation"] = access.teams_for_preparation(user).filter(pk=self.object.pk).exists()
        context["people"] = people = selectors.team_people(self.object, access.visible_peers(user))
        context["peers_more"] = max(len(people["peers_in_post"]) - paging.SHOWN, 0)
        people["peers_in_post"] = people["peers_in_post"][: paging.SHOWN]
        return context


class TeamCreateView(ServiceFormView):
    allowed = staticmethod(access.can_create_teams)
    form_class = forms.TeamForm
    title = "Add a team"
    success_message = "Team {record} added."

    def save(self, form):
        return services.create_team(by=self.request.user, **form.cleaned_data)

    def cancel_url(self):
        return Team.list_url()


class TeamUpdateView(EditRecordView):
    form_class = forms.TeamForm
    editable = staticmethod(access.editable_teams)
    title = "Edit {record}"
    success_message = "Team {record} saved."

    def save(self, form):
        return services.update_team(team=self.object, by=self.request.user, **_changed(form))


# --- Posts ------------------------------------------------------------------------------------


class PostListView(RecordListView):
    heading = "Posts"
    create_label = "Add a post"
    template_name = "programmes/post_list.html"
    filterset_class = filters.PostFilter
    visible = staticmethod(access.visible_posts)
    for_list = staticmethod(selectors.posts_for_list)
    can_create = staticmethod(access.can_create_posts)
    csv_columns = (
        Col("ID", "pk"),
        Col("Post", "title"),
        Col("Team", "team.name"),
        Col("Band", "band"),
        Col("Hours", "hours"),
        Col("Contract", "get_contract_type_display"),
        Col("Career level", "get_career_level_display"),
        Col("Status", lambda post: "Vacant" if post.is_vacant else "Filled"),
    )


class PostDetailView(RecordDetailView):
    template_name = "programmes/post_detail.html"
    visible = staticmethod(access.visible_posts)
    editable = staticmethod(access.editable_posts)

    def get_queryset(self):
        return selectors.posts_for_list(super().get_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        holder = self.object.holder
        # A holder hidden from this user (own-care-team rule) is shown only as "filled".
        context["holder_visible"] = bool(
            holder and access.visible_peers(self.request.user).filter(pk=holder.pk).exists()
        )
        context["job_description"] = selectors.job_description_summary(self.object)
        context["can_download_jd"] = (
            access.posts_with_downloadable_job_description(self.request.user).filter(pk=self.object.pk).exists()
        )
        return context


class PostCreateView(ServiceFormView):
    allowed = staticmethod(access.can_create_posts)
    form_class = forms.PostForm
    title = "Add a post"
    success_message = "Post {record.title} added."

    def get_initial(self):
        team = self.request.GET.get("team")
        return {"team": team} if team and team.isdigit() else {}

    def save(self, form):
        return services.create_post(by=self.request.user, **form.cleaned_data)

    def cancel_url(self):
        return Post.list_url()


class PostUpdateView(EditRecordView):
    form_class = forms.PostForm
    editable = staticmethod(access.editable_posts)
    title = "Edit {record.title}"
    success_message = "Post {record.title} saved."

    def save(self, form):
        return services.update_post(post=self.object, by=self.request.user, **_changed(form))


# --- Peers ------------------------------------------------------------------------------------


class PeerListView(RecordListView):
    heading = "Peers"
    create_label = "Add a peer"
    template_name = "programmes/peer_list.html"
    filterset_class = filters.PeerFilter
    allowed = staticmethod(access.can_find_peers)  # IG officers too, to find the person a request is about
    visible = staticmethod(access.findable_peers)
    for_list = staticmethod(selectors.peers_for_list)
    can_create = staticmethod(access.can_create_peers)
    csv_columns = (
        Col("Name", "full_name"),
        Col("Preferred name", "preferred_name"),
        Col("Pronouns", "pronouns"),
        Col("Trust", "trust.name"),
        Col("Stage", lambda peer: "In post" if peer.in_post else "Not yet in post"),
        Col("Post", "current_post_title"),
    )


class PeerDetailView(RecordDetailView):
    """A peer's record. Sensitive parts are shown only to those allowed, and each read is logged."""

    template_name = "programmes/peer_detail.html"
    allowed = staticmethod(lambda user: True)  # the peer's own account may open its own record
    visible = staticmethod(access.findable_peers)
    editable = staticmethod(access.editable_peers)

    def get_queryset(self):
        return selectors.peers_for_list(super().get_queryset()).select_related("own_care_team__team")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, peer = self.request.user, self.object
        context["stage"] = selectors.peer_stage(peer)
        context["posts"] = selectors.posts_held_by(peer)
        context["acknowledgements"] = peer.code_acknowledgements.all()
        context["enrolments"] = peer.training_enrolments.select_related("cohort", "cohort__course")
        context["is_own_record"] = access.is_own_record(user, peer)
        context["can_export_subject_access"] = access.can_export_subject_access(user, peer)
        context["can_see_employment"] = access.can_see_employment_of(user, peer)
        if access.can_read_lived_experience(user, peer):
            context["show_lived_experience"] = True
            if peer.lived_experience_summary:
                access.log_sensitive_read(
                    user=user, peer=peer, record_type=SensitiveAccessLog.RecordType.LIVED_EXPERIENCE
                )
        arrangement = selectors.own_care_arrangement(peer)
        if arrangement is not None and access.can_read_care_arrangement(user, peer):
            context["care_arrangement"] = arrangement
            access.log_sensitive_read(
                user=user, peer=peer, record_type=SensitiveAccessLog.RecordType.CARE_ARRANGEMENT, obj=arrangement
            )
        context["can_read_access_log"] = access.can_read_access_log(user, peer)
        return context


class PeerCreateView(ServiceFormView):
    allowed = staticmethod(access.can_create_peers)
    form_class = forms.PeerForm
    title = "Add a peer"
    success_message = "{record.full_name} added."

    def save(self, form):
        return services.create_peer(by=self.request.user, **form.cleaned_data)

    def cancel_url(self):
        return Peer.list_url()


class PeerUpdateView(EditRecordView):
    """HR and the peer lead edit a peer's record; a peer edits their own details."""

    editable = staticmethod(access.editable_peers)
    title = "Edit {record.full_name}"
    success_message = "{record.full_name}'s record saved."

    def get_form_class(self):
        keeps_record = access.editable_peers(self.request.user).exclude(pk=access.scope(self.request.user).peer_id)
        if keeps_record.filter(pk=self.object.pk).exists():
            return forms.PeerForm
        return forms.OwnDetailsForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "lived_experience_summary" in context["form"].fields and self.object.lived_experience_summary:
            # The edit form shows the lived-experience details: that is a read, and it is logged.
            access.log_sensitive_read(
                user=self.request.user, peer=self.object, record_type=SensitiveAccessLog.RecordType.LIVED_EXPERIENCE
            )
        return context

    def save(self, form):
        return services.update_peer(peer=self.object, by=self.request.user, **_changed(form))


class PeerAccessLogView(AccessMixin, DetailView):
    """Who has read this peer's sensitive records (who, in which role, what, when, through which channel),
    newest first, a page at a time: for the peer themselves (and administrators)."""

    template_name = "programmes/peer_access_log.html"
    allowed = staticmethod(lambda user: True)

    def get_object(self, queryset=None):
        peer = get_object_or_404(access.visible_peers(self.request.user), pk=self.kwargs["pk"])
        if not access.can_read_access_log(self.request.user, peer):
            raise Http404("Not found")
        return peer

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(access.access_log_for(self.object), PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(reads=page, page_obj=page, is_paginated=page.has_other_pages())
        return context
