"""Access control for the whole product, in one place (DESIGN section 3, "Access rules").

Every view, export, task and admin page asks this module which trusts, teams, posts and peers a
user may see or change, and whether they may read a sensitive record. Views fetch objects with
`get_object_or_404(access.visible_peers(user), pk=pk)`, so a forbidden object answers 404 and its
existence does not leak. Nothing outside this module filters objects for access.

The rules:
- A user sees only the trusts they hold a staff role in; a team-limited role sees only its team.
- HR and the peer support lead see every peer of their trust (applicants included); line managers
  and supervisors see the peers who hold a post in their scope; interview panel members see no
  peer records until recruitment gives them the applicants of their panels.
- A peer's own account sees only their own records.
- A peer placed in the team that provides their care (seed 000, Box 10) is hidden from every
  member of that team except their named line manager and supervisor.
- Sensitive records are read only by the people DESIGN names, and every read is logged.
- A group session's attendees are named only to those who see each of them (`attendees_shown_to`); the
  others are counted. Peers in the same group do not see each other's names.
- A Wellness Action Plan shared "with my line manager" or "my supervisor" is read by the person named on the
  peer's placement when the peer shared it (or agreed to a change), not by every holder of that role.
- Superusers administer everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import (
    CohortEnrolment,
    JobDescription,
    OwnCareTeamArrangement,
    Peer,
    Post,
    Programme,
    SensitiveAccessLog,
    StaffRole,
    Team,
    TeamPreparationSession,
    TrainingCohort,
    TrainingCourse,
    Trust,
)

Role = StaffRole.Role

# Roles that see the peers of their scope (panel members see only their applicants, later).
PEER_VIEWING_ROLES = frozenset({Role.HR, Role.PEER_LEAD, Role.LINE_MANAGER, Role.SUPERVISOR})
# Roles that see every peer of their trust, employed or not.
WHOLE_TRUST_PEER_ROLES = frozenset({Role.HR, Role.PEER_LEAD})
# Roles that keep the records of peers and teams.
RECORD_KEEPING_ROLES = frozenset({Role.HR, Role.PEER_LEAD})
# Roles that manage a team's posts ("line managers manage their team's posts").
POST_MANAGING_ROLES = frozenset({Role.HR, Role.PEER_LEAD, Role.LINE_MANAGER})


@dataclass(frozen=True)
class Scope:
    """What a user's staff roles reach: per role, the trusts held trust-wide and the teams held."""

    trust_ids: frozenset[int] = frozenset()
    trust_wide: dict[str, frozenset[int]] = field(default_factory=dict)
    teams: dict[str, frozenset[int]] = field(default_factory=dict)
    # Teams the user is a member of (a team-limited role), for the own-care-team rule.
    member_team_ids: frozenset[int] = frozenset()
    peer_id: int | None = None

    def trusts_for(self, roles: frozenset[str]) -> set[int]:
        return {t for role in roles for t in self.trust_wide.get(role, ())}

    def teams_for(self, roles: frozenset[str]) -> set[int]:
        return {t for role in roles for t in self.teams.get(role, ())}

    @property
    def has_staff_role(self) -> bool:
        return bool(self.trust_ids)


def is_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def scope(user) -> Scope:
    """The user's roles, read once per request and kept on the user object."""
    cached = getattr(user, "_access_scope", None)
    if cached is not None:
        return cached
    if not (user.is_authenticated and user.is_active):
        result = Scope()
    else:
        trust_wide: dict[str, set[int]] = {}
        teams: dict[str, set[int]] = {}
        trust_ids: set[int] = set()
        for role, trust_id, team_id in StaffRole.objects.filter(user=user).values_list("role", "trust_id", "team_id"):
            trust_ids.add(trust_id)
            if team_id is None:
                trust_wide.setdefault(role, set()).add(trust_id)
            else:
                teams.setdefault(role, set()).add(team_id)
        peer_id = Peer.objects.filter(user=user).values_list("pk", flat=True).first()
        result = Scope(
            trust_ids=frozenset(trust_ids),
            trust_wide={r: frozenset(v) for r, v in trust_wide.items()},
            teams={r: frozenset(v) for r, v in teams.items()},
            member_team_ids=frozenset(t for v in teams.values() for t in v),
            peer_id=peer_id,
        )
    user._access_scope = result
    return result


def forget(user) -> None:
    """Drop the cached scope and the rules built from it (after the user's roles change within one request or
    test)."""
    user.__dict__.pop("_access_scope", None)
    user.__dict__.pop("_access_rules", None)


# Up to this many rows, `pinned` hands later queries the ids themselves rather than the rule's subqueries.
PINNED_AT_MOST = 200


def pinned(queryset: QuerySet) -> QuerySet:
    """The same rows, read once as a list of ids when there are at most PINNED_AT_MOST of them.

    A page that filters a dozen queries by "the peers (or teams) this user sees" otherwise has each of them build,
    compile and run the rule's subqueries again; for a line manager's ten peers or a peer's own record, one read
    of the ids makes each later query a plain `id IN (...)`. Above the limit the queryset is returned as it is: a
    subquery is planned better than thousands of bound ids. The ids are read when this is called, so it is for
    the reads of one request."""
    ids = list(queryset.order_by().values_list("pk", flat=True)[: PINNED_AT_MOST + 1])
    if len(ids) > PINNED_AT_MOST:
        return queryset
    return queryset.model._default_manager.filter(pk__in=ids)


def roles(user) -> set[str]:
    s = scope(user)
    return set(s.trust_wide) | set(s.teams)


# --- Trusts and teams -------------------------------------------------------------------------


def visible_trusts(user) -> QuerySet[Trust]:
    if is_admin(user):
        return Trust.objects.all()
    return Trust.objects.filter(pk__in=scope(user).trust_ids)


def visible_programmes(user) -> QuerySet[Programme]:
    return Programme.objects.filter(trust__in=visible_trusts(user))


def editable_trusts(user) -> QuerySet[Trust]:
    """Trust details (name, ODS code) are kept by administrators."""
    return Trust.objects.all() if is_admin(user) else Trust.objects.none()


def _teams_for_roles(user, roles_: frozenset[str]) -> QuerySet[Team]:
    if is_admin(user):
        return Team.objects.all()
    s = scope(user)
    return Team.objects.filter(Q(trust_id__in=s.trusts_for(roles_)) | Q(pk__in=s.teams_for(roles_)))


def visible_teams(user) -> QuerySet[Team]:
    return _teams_for_roles(user, frozenset(Role))


def editable_teams(user) -> QuerySet[Team]:
    return _teams_for_roles(user, RECORD_KEEPING_ROLES)


def trusts_for_new_teams(user) -> QuerySet[Trust]:
    if is_admin(user):
        return Trust.objects.all()
    return Trust.objects.filter(pk__in=scope(user).trusts_for(RECORD_KEEPING_ROLES))


# --- Posts ------------------------------------------------------------------------------------


def visible_posts(user) -> QuerySet[Post]:
    return Post.objects.filter(team__in=visible_teams(user))


def teams_for_posts(user) -> QuerySet[Team]:
    """Teams in which the user may create and edit posts."""
    return _teams_for_roles(user, POST_MANAGING_ROLES)


def editable_posts(user) -> QuerySet[Post]:
    return Post.objects.filter(team__in=teams_for_posts(user))


# --- Peers ------------------------------------------------------------------------------------


def _peers_in_scope(user, roles_: frozenset[str]) -> Q:
    s = scope(user)
    whole_trust = s.trusts_for(roles_ & WHOLE_TRUST_PEER_ROLES)
    employed_trust = s.trusts_for(roles_ - WHOLE_TRUST_PEER_ROLES)
    team_ids = s.teams_for(roles_)
    q = Q(trust_id__in=whole_trust)
    if employed_trust:
        q |= Exists(Post.objects.filter(holder=OuterRef("pk"), team__trust_id__in=employed_trust))
    if team_ids:
        q |= Exists(Post.objects.filter(holder=OuterRef("pk"), team_id__in=team_ids))
    return q


def _hidden_by_own_care_team(user) -> Q:
    """Peers cared for by a team the user belongs to, unless the user is named for them."""
    member_of = scope(user).member_team_ids
    if not member_of:
        return Q(pk__in=[])
    hidden = OwnCareTeamArrangement.objects.filter(peer=OuterRef("pk"), team_id__in=member_of).exclude(
        Q(line_manager=user) | Q(supervisor=user)
    )
    return Q(Exists(hidden))


def _peers_for_roles(user, roles_: frozenset[str], *, named: bool = False) -> QuerySet[Peer]:
    if is_admin(user):
        return Peer.objects.all()
    if not user.is_authenticated:
        return Peer.objects.none()
    # Built once per request and kept on the user object with the scope it is built from (a page asks for the
    # peers it may show three or four times; building the rule's subqueries was a quarter of a peer's own
    # supervision page). Each caller gets a copy to filter. The date is in the key: who is named on a placement
    # not yet ended depends on the day.
    from django.utils import timezone

    built = getattr(user, "_access_rules", None)
    if built is None:
        built = {}
        user._access_rules = built
    key = ("peers", roles_, named, timezone.localdate() if named else None)
    if key not in built:
        built[key] = _build_peers_for_roles(user, roles_, named=named)
    return built[key].all()


def _build_peers_for_roles(user, roles_: frozenset[str], *, named: bool) -> QuerySet[Peer]:
    s = scope(user)
    reach = Peer.objects.filter(_peers_in_scope(user, roles_)).order_by().values("pk")
    if named:
        # A UNION, not an OR: PostgreSQL estimates `id IN (these UNION those)` from each part, where an OR with
        # a subquery is taken to keep half the peers, and every query built on the peers (the supervision
        # sessions of 500,000) is then planned as a scan of the whole table.
        reach = reach.union(_named_on_a_placement(user))
    in_scope = Q(pk__in=reach) & ~_hidden_by_own_care_team(user)
    if s.peer_id is None:
        return Peer.objects.filter(in_scope)
    # The user's own record too, as a UNION rather than `... OR id = own`, for the reason above: with the OR,
    # PostgreSQL takes half the peers to be visible and a peer's own supervision page scanned every attendance.
    own = Peer.objects.filter(pk=s.peer_id).order_by().values("pk")
    return Peer.objects.filter(pk__in=Peer.objects.filter(in_scope).order_by().values("pk").union(own))


def _named_on_a_placement(user) -> QuerySet:
    """Peers whose placement, not ended, names the user as line manager, peer supervisor or mentor: the
    people the reminders go to see the peer they are about, wherever the peer's team is."""
    from django.apps import apps
    from django.utils import timezone

    Placement = apps.get_model("workforce", "Placement")
    not_ended = Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate())
    named = Q(line_manager=user) | Q(peer_supervisor=user) | Q(mentor=user)
    return Placement.objects.filter(not_ended, named).order_by().values("peer_id")


def visible_peers(user) -> QuerySet[Peer]:
    """Peers the user sees: through their staff roles, or named on the peer's placement; and their own record."""
    return _peers_for_roles(user, PEER_VIEWING_ROLES, named=True)


def editable_peers(user) -> QuerySet[Peer]:
    """Peers whose record the user keeps (HR and the peer lead), plus a peer's own record."""
    return _peers_for_roles(user, RECORD_KEEPING_ROLES)


def trusts_for_new_peers(user) -> QuerySet[Trust]:
    return trusts_for_new_teams(user)


def own_peer_record(user) -> QuerySet[Peer]:
    """The signed-in peer's own record (empty for staff without one)."""
    peer_id = scope(user).peer_id
    return Peer.objects.filter(pk=peer_id) if peer_id is not None else Peer.objects.none()


def is_own_record(user, peer: Peer) -> bool:
    return user.is_authenticated and scope(user).peer_id == peer.pk


# --- Lists and pages --------------------------------------------------------------------------


def can_use_staff_pages(user) -> bool:
    """Trust, team and post lists are for staff; a peer's own account sees its own records."""
    return is_admin(user) or scope(user).has_staff_role


def can_list_peers(user) -> bool:
    return is_admin(user) or bool(roles(user) & PEER_VIEWING_ROLES)


def can_create_teams(user) -> bool:
    return trusts_for_new_teams(user).exists()


def can_create_posts(user) -> bool:
    return teams_for_posts(user).exists()


def can_create_peers(user) -> bool:
    return trusts_for_new_peers(user).exists()


def can_use_admin(user) -> bool:
    """The Django admin is for administrators: it shows every trust's records."""
    return is_admin(user)


# --- Phase 1, preparation ---------------------------------------------------------------------
# Readiness, team preparation and training are kept by HR and the peer support lead; line managers
# see their own team's preparation; every member of staff reads the job description library.


def preparation_programmes(user) -> QuerySet[Programme]:
    """Programmes whose readiness plan, costing and training the user keeps (trust-wide HR and peer lead)."""
    if is_admin(user):
        return Programme.objects.all()
    return Programme.objects.filter(trust_id__in=scope(user).trusts_for(RECORD_KEEPING_ROLES))


def preparation_records(user, model):
    """A programme's steering group, project actions or costs, for those who keep them."""
    return model.objects.filter(programme__in=preparation_programmes(user))


def can_use_preparation_pages(user) -> bool:
    return is_admin(user) or bool(scope(user).trusts_for(RECORD_KEEPING_ROLES))


def visible_preparation_sessions(user) -> QuerySet[TeamPreparationSession]:
    return TeamPreparationSession.objects.filter(team__in=_teams_for_roles(user, POST_MANAGING_ROLES))


def teams_for_preparation(user) -> QuerySet[Team]:
    """Teams whose preparation sessions the user records (HR and the peer lead)."""
    return editable_teams(user)


def editable_preparation_sessions(user) -> QuerySet[TeamPreparationSession]:
    return TeamPreparationSession.objects.filter(team__in=teams_for_preparation(user))


def job_description_templates(user) -> QuerySet[JobDescription]:
    if not can_use_staff_pages(user):
        return JobDescription.objects.none()
    return JobDescription.objects.filter(post__isnull=True)


def posts_with_downloadable_job_description(user) -> QuerySet[Post]:
    """Line managers, HR and peer leads download a post's job description (PDF)."""
    return Post.objects.filter(team__in=_teams_for_roles(user, POST_MANAGING_ROLES))


def visible_courses(user) -> QuerySet[TrainingCourse]:
    """The shared library of courses and the user's trusts' own, for those who keep training records."""
    if is_admin(user):
        return TrainingCourse.objects.all()
    if not can_use_preparation_pages(user):
        return TrainingCourse.objects.none()
    return TrainingCourse.objects.filter(
        Q(trust__isnull=True) | Q(trust_id__in=scope(user).trusts_for(RECORD_KEEPING_ROLES))
    )


def editable_courses(user) -> QuerySet[TrainingCourse]:
    """A trust's own courses; the shared library is kept by administrators."""
    if is_admin(user):
        return TrainingCourse.objects.all()
    return TrainingCourse.objects.filter(trust_id__in=scope(user).trusts_for(RECORD_KEEPING_ROLES))


def trusts_for_new_courses(user) -> QuerySet[Trust]:
    return trusts_for_new_teams(user) if not is_admin(user) else Trust.objects.all()


def visible_cohorts(user) -> QuerySet[TrainingCohort]:
    return TrainingCohort.objects.filter(programme__in=preparation_programmes(user))


def editable_enrolments(user) -> QuerySet[CohortEnrolment]:
    return CohortEnrolment.objects.filter(cohort__in=visible_cohorts(user), peer__in=editable_peers(user))


# --- Sensitive records ------------------------------------------------------------------------


def _holds_role_over(user, peer: Peer, roles_: frozenset[str]) -> bool:
    return _peers_for_roles(user, roles_).filter(pk=peer.pk).exists()


def can_read_lived_experience(user, peer: Peer) -> bool:
    """The peer and the peer support lead (DESIGN section 3)."""
    if is_admin(user) or is_own_record(user, peer):
        return True
    return _holds_role_over(user, peer, frozenset({Role.PEER_LEAD}))


def can_read_care_arrangement(user, peer: Peer) -> bool:
    """HR and the peer lead alone, besides the peer (seed 000, Box 10)."""
    if is_admin(user) or is_own_record(user, peer):
        return True
    return _holds_role_over(user, peer, RECORD_KEEPING_ROLES)


def can_read_access_log(user, peer: Peer) -> bool:
    """The peer sees who has read their sensitive records."""
    return is_admin(user) or is_own_record(user, peer)


def log_sensitive_read(
    *,
    user,
    peer: Peer,
    record_type: str,
    obj=None,
    channel: str = SensitiveAccessLog.Channel.PAGE,
) -> SensitiveAccessLog | None:
    """Record that `user` read a sensitive record about `peer`. Call it whenever one is shown.
    A peer reading their own record is not logged: the log tells them who else has looked."""
    if is_own_record(user, peer):
        return None
    return SensitiveAccessLog.objects.create(
        user=user,
        peer=peer,
        record_type=record_type,
        object_id=str(obj.pk) if obj is not None else "",
        channel=channel,
    )


def access_log_for(peer: Peer) -> QuerySet[SensitiveAccessLog]:
    """The reads of the peer's sensitive records, newest first, each reader with their roles in the peer's trust
    (`user.roles_here`), fetched for all the rows at once."""
    from django.db.models import Prefetch

    roles_here = Prefetch(
        "user__staff_roles",
        queryset=StaffRole.objects.filter(trust_id=peer.trust_id).select_related("team"),
        to_attr="roles_here",
    )
    return SensitiveAccessLog.objects.filter(peer=peer).select_related("user").prefetch_related(roles_here)


# --- Phase 2, recruitment ---------------------------------------------------------------------
# Recruitment records are kept by HR and the peer support lead of the trust. A line manager sees the
# vacancies and applications of their team's posts and shortlists for them; a panel member sees the
# interviews they sit on and the applicants in them, and scores those. An applicant sees their own
# applications. Occupational health and DBS records are read only by HR, the peer lead and the
# applicant (DESIGN section 5), and every other read is logged.
#
# `programmes` may not import a later phase, so the recruitment models are looked up by name here.


def _recruitment(model_name: str):
    from django.apps import apps

    return apps.get_model("recruitment", model_name)


def _recruitment_keeper_trusts(user) -> set[int]:
    return scope(user).trusts_for(RECORD_KEEPING_ROLES)


def _managed_team_q(user, prefix: str) -> Q:
    """Rows whose post's team the user manages as line manager (trust-wide or team-limited)."""
    s = scope(user)
    roles_ = frozenset({Role.LINE_MANAGER})
    return Q(**{f"{prefix}team__trust_id__in": s.trusts_for(roles_)}) | Q(
        **{f"{prefix}team_id__in": s.teams_for(roles_)}
    )


def can_use_recruitment_pages(user) -> bool:
    return is_admin(user) or bool(roles(user) & {Role.HR, Role.PEER_LEAD, Role.LINE_MANAGER, Role.PANEL_MEMBER})


def can_keep_recruitment(user) -> bool:
    return is_admin(user) or bool(_recruitment_keeper_trusts(user))


def recruitment_posts(user) -> QuerySet[Post]:
    """Posts for which the user opens vacancies."""
    if is_admin(user):
        return Post.objects.all()
    return Post.objects.filter(team__trust_id__in=_recruitment_keeper_trusts(user))


def visible_vacancies(user) -> QuerySet:
    Vacancy = _recruitment("Vacancy")
    if is_admin(user):
        return Vacancy.objects.all()
    if not user.is_authenticated:
        return Vacancy.objects.none()
    q = Q(post__team__trust_id__in=_recruitment_keeper_trusts(user)) | _managed_team_q(user, "post__")
    if Role.PANEL_MEMBER in roles(user):
        q |= Q(pk__in=_recruitment("PanelMember").objects.filter(user=user).values("interview__vacancy_id"))
    return Vacancy.objects.filter(q)


def editable_vacancies(user) -> QuerySet:
    Vacancy = _recruitment("Vacancy")
    if is_admin(user):
        return Vacancy.objects.all()
    return Vacancy.objects.filter(post__team__trust_id__in=_recruitment_keeper_trusts(user))


def visible_applications(user) -> QuerySet:
    """Applications the user may read (not their OH or DBS records: see `restricted_applications`)."""
    Application = _recruitment("Application")
    if is_admin(user):
        return Application.objects.all()
    if not user.is_authenticated:
        return Application.objects.none()
    q = Q(vacancy__post__team__trust_id__in=_recruitment_keeper_trusts(user)) | _managed_team_q(user, "vacancy__post__")
    if Role.PANEL_MEMBER in roles(user):
        q |= Q(interview__in=_recruitment("PanelMember").objects.filter(user=user).values("interview_id"))
    peer_id = scope(user).peer_id
    if peer_id is not None:
        q |= Q(applicant_id=peer_id)
    # The own-care-team rule holds in recruitment too: the applicant's care team does not see them.
    return Application.objects.filter(q).exclude(applicant__in=_own_care_hidden_peers(user))


def _own_care_hidden_peers(user) -> QuerySet[Peer]:
    if not scope(user).member_team_ids:
        return Peer.objects.none()
    return Peer.objects.filter(_hidden_by_own_care_team(user))


def editable_applications(user) -> QuerySet:
    """Applications whose details and stage the user keeps (HR and the peer lead)."""
    Application = _recruitment("Application")
    if is_admin(user):
        return Application.objects.all()
    return Application.objects.filter(vacancy__post__team__trust_id__in=_recruitment_keeper_trusts(user))


def shortlistable_applications(user) -> QuerySet:
    """Applications the user marks against the person specification: HR, the peer lead, the post's
    line manager and a member of one of the vacancy's interview panels."""
    Application = _recruitment("Application")
    if is_admin(user):
        return Application.objects.all()
    if not scope(user).has_staff_role:
        return Application.objects.none()
    q = Q(vacancy__post__team__trust_id__in=_recruitment_keeper_trusts(user)) | _managed_team_q(user, "vacancy__post__")
    if Role.PANEL_MEMBER in roles(user):
        q |= Q(vacancy__in=_recruitment("PanelMember").objects.filter(user=user).values("interview__vacancy_id"))
    return Application.objects.filter(q).exclude(applicant__in=_own_care_hidden_peers(user))


def scorable_applications(user) -> QuerySet:
    """Applicants of the interviews on whose panel the user sits."""
    Application = _recruitment("Application")
    return (
        Application.objects.filter(
            interview__in=_recruitment("PanelMember").objects.filter(user=user).values("interview_id")
        ).exclude(applicant__in=_own_care_hidden_peers(user))
        if user.is_authenticated
        else Application.objects.none()
    )


def restricted_applications(user) -> QuerySet:
    """Applications whose occupational health and DBS records the user may read: HR, the peer lead
    and the applicant themselves. Never a line manager, supervisor or panel member."""
    Application = _recruitment("Application")
    if is_admin(user):
        return Application.objects.all()
    if not user.is_authenticated:
        return Application.objects.none()
    q = Q(vacancy__post__team__trust_id__in=_recruitment_keeper_trusts(user))
    peer_id = scope(user).peer_id
    if peer_id is not None:
        q |= Q(applicant_id=peer_id)
    return Application.objects.filter(q)


def editable_restricted_applications(user) -> QuerySet:
    """HR and the peer lead record OH and DBS; the applicant reads theirs."""
    return editable_applications(user)


def visible_interviews(user) -> QuerySet:
    Interview = _recruitment("Interview")
    if is_admin(user):
        return Interview.objects.all()
    if not user.is_authenticated:
        return Interview.objects.none()
    q = Q(vacancy__post__team__trust_id__in=_recruitment_keeper_trusts(user)) | _managed_team_q(user, "vacancy__post__")
    q |= Q(pk__in=_recruitment("PanelMember").objects.filter(user=user).values("interview_id"))
    return Interview.objects.filter(q)


def editable_interviews(user) -> QuerySet:
    Interview = _recruitment("Interview")
    if is_admin(user):
        return Interview.objects.all()
    return Interview.objects.filter(vacancy__post__team__trust_id__in=_recruitment_keeper_trusts(user))


def panel_candidates(user, trust_id: int):
    """Staff who may sit on a trust's panels (any staff role in the trust), for the panel form."""
    from django.contrib.auth import get_user_model

    if not (is_admin(user) or trust_id in _recruitment_keeper_trusts(user)):
        return get_user_model().objects.none()
    return get_user_model().objects.filter(staff_roles__trust_id=trust_id, is_active=True).distinct()


def visible_orientation_sessions(user) -> QuerySet:
    return _recruitment("OrientationSession").objects.filter(programme__in=preparation_programmes(user))


def visible_benefits_advice(user) -> QuerySet:
    """Benefits advice is kept by HR and the peer lead, and seen by the peer it was given to."""
    BenefitsAdvice = _recruitment("BenefitsAdvice")
    if is_admin(user):
        return BenefitsAdvice.objects.all()
    # editable_peers includes the signed-in peer's own record.
    return BenefitsAdvice.objects.filter(peer__in=editable_peers(user))


def visible_candidate_support(user) -> QuerySet:
    """Support for unsuccessful candidates: kept by HR and the peer lead, and seen by the candidate."""
    Support = _recruitment("CandidateSupport")
    if is_admin(user):
        return Support.objects.all()
    if not user.is_authenticated:
        return Support.objects.none()
    q = Q(application__vacancy__post__team__trust_id__in=_recruitment_keeper_trusts(user))
    peer_id = scope(user).peer_id
    if peer_id is not None:
        q |= Q(application__applicant_id=peer_id)
    return Support.objects.filter(q)


def editable_candidate_support(user) -> QuerySet:
    Support = _recruitment("CandidateSupport")
    if is_admin(user):
        return Support.objects.all()
    return Support.objects.filter(application__vacancy__post__team__trust_id__in=_recruitment_keeper_trusts(user))


def funnel_vacancies(user) -> QuerySet:
    """Vacancies whose funnel the user reads: HR and the peer lead, and the post's line manager (not a
    panel member, who sees only the interviews they sit on)."""
    Vacancy = _recruitment("Vacancy")
    if is_admin(user):
        return Vacancy.objects.all()
    if not user.is_authenticated:
        return Vacancy.objects.none()
    return Vacancy.objects.filter(
        Q(post__team__trust_id__in=_recruitment_keeper_trusts(user)) | _managed_team_q(user, "post__")
    )


# --- Phase 3, employment ---------------------------------------------------------------------
# Placements, inductions, reviews and supervision sessions are seen by those who see the peer (HR,
# the peer lead, the line manager and supervisor of their team) and by the peer. The sensitive parts
# have their own rules (DESIGN section 3):
# - reasonable adjustments carried from occupational health: HR, the peer lead and the peer;
# - supervision notes and wellbeing checks: the session's supervisor and the peer alone;
# - the Wellness Action Plan: the peer (who alone edits it), the peer lead, and whoever the peer shares
#   it with (the line manager and supervisor named when they shared it, HR);
# - return-to-work conversations: the peer, HR, the peer lead and the peer's line manager.
# Every read by someone other than the peer is logged. The workforce models are looked up by name.

SUPERVISING_ROLES = frozenset({Role.LINE_MANAGER, Role.SUPERVISOR, Role.PEER_LEAD})
REVIEWING_ROLES = frozenset({Role.HR, Role.PEER_LEAD, Role.LINE_MANAGER})


def _workforce(model_name: str):
    from django.apps import apps

    return apps.get_model("workforce", model_name)


def _staff_peers(user, roles_: frozenset[str]) -> QuerySet[Peer]:
    """Peers the user reaches through the given staff roles (not their own record as a peer)."""
    if is_admin(user):
        return Peer.objects.all()
    if not user.is_authenticated:
        return Peer.objects.none()
    return Peer.objects.filter(_peers_in_scope(user, roles_) & ~_hidden_by_own_care_team(user))


def _named_for(user, *fields: str) -> Q:
    """Peers whose current or past placement names the user (line manager, peer supervisor, mentor)."""
    Placement = _workforce("Placement")
    q = Q(pk__in=[])
    for name in fields:
        q |= Exists(Placement.objects.filter(peer=OuterRef("pk"), **{name: user}))
    return q


def can_use_workforce_pages(user) -> bool:
    return is_admin(user) or bool(roles(user) & PEER_VIEWING_ROLES) or scope(user).peer_id is not None


def can_keep_placements(user) -> bool:
    return is_admin(user) or bool(scope(user).trusts_for(RECORD_KEEPING_ROLES))


def visible_placements(user) -> QuerySet:
    Placement = _workforce("Placement")
    if is_admin(user):
        return Placement.objects.all()
    named = Q(line_manager=user) | Q(peer_supervisor=user) | Q(mentor=user) if user.is_authenticated else Q()
    return Placement.objects.filter(Q(peer__in=visible_peers(user)) | named).exclude(
        peer__in=_own_care_hidden_peers(user)
    )


def editable_placements(user) -> QuerySet:
    """HR and the peer lead make and change placements."""
    return _workforce("Placement").objects.filter(peer__in=_staff_peers(user, RECORD_KEEPING_ROLES))


def peers_for_placement(user) -> QuerySet[Peer]:
    return _staff_peers(user, RECORD_KEEPING_ROLES)


def posts_for_placement(user) -> QuerySet[Post]:
    return recruitment_posts(user)


def placement_staff(user, trust_id: int):
    """Staff who may be named as a placement's line manager, peer supervisor or mentor."""
    return panel_candidates(user, trust_id)


def can_read_reasonable_adjustments(user, peer: Peer) -> bool:
    """Adjustments agreed at occupational health: HR, the peer lead and the peer (DESIGN section 3)."""
    if is_admin(user) or is_own_record(user, peer):
        return True
    return _holds_role_over(user, peer, RECORD_KEEPING_ROLES)


# Induction


def visible_induction_plans(user) -> QuerySet:
    return _workforce("InductionPlan").objects.filter(placement__in=visible_placements(user))


def editable_induction_plans(user) -> QuerySet:
    """The mentor, the line manager, HR and the peer lead tick items off, and so does the peer."""
    InductionPlan = _workforce("InductionPlan")
    if is_admin(user):
        return InductionPlan.objects.all()
    if not user.is_authenticated:
        return InductionPlan.objects.none()
    q = Q(mentor=user) | Q(placement__peer__in=_staff_peers(user, REVIEWING_ROLES))
    peer_id = scope(user).peer_id
    if peer_id is not None:
        q |= Q(placement__peer_id=peer_id)
    return InductionPlan.objects.filter(q).exclude(placement__peer__in=_own_care_hidden_peers(user))


# Supervision


def can_record_supervision(user) -> bool:
    return is_admin(user) or bool(roles(user) & SUPERVISING_ROLES)


def supervisees(user) -> QuerySet[Peer]:
    """Peers the user may record supervision for: those their supervising roles reach, and those whose
    placement names them as line manager or peer supervisor."""
    if is_admin(user):
        return Peer.objects.all()
    if not can_record_supervision(user):
        return Peer.objects.none()
    in_scope = _peers_in_scope(user, SUPERVISING_ROLES) & ~_hidden_by_own_care_team(user)
    return Peer.objects.filter(in_scope | _named_for(user, "line_manager", "peer_supervisor"))


def is_line_manager_of(user, peer: Peer) -> bool:
    """Named as the peer's line manager on a placement, or holding the line-manager role over them
    (trust-wide, or for a team in which they hold a post): who may hold their managerial supervision."""
    if _workforce("Placement").objects.filter(peer=peer, line_manager=user).exists():
        return True
    return StaffRole.objects.filter(
        Q(team__isnull=True) | Q(team__posts__holder=peer),
        user=user,
        role=Role.LINE_MANAGER,
        trust_id=peer.trust_id,
    ).exists()


def visible_supervision_sessions(user) -> QuerySet:
    """Sessions the user held, attended, or whose attendees they see. Notes are another matter:
    see `can_read_supervision_notes`."""
    Session = _workforce("SupervisionSession")
    if is_admin(user):
        return Session.objects.all()
    if not user.is_authenticated:
        return Session.objects.none()
    Attendance = _workforce("SupervisionAttendance")
    # One subquery for the whole table, not one per session, and no OR around it: PostgreSQL runs
    # `id IN (held UNION attended)` as a semi-join, while `supervisor = me OR id IN (attended)` can only be a
    # filter re-run for every session (bench/run.py: minutes on the national data).
    attended = Attendance.objects.filter(peer__in=visible_peers(user)).order_by().values("session_id")
    held = Session.objects.filter(supervisor=user).order_by().values("pk")
    return Session.objects.filter(pk__in=held.union(attended))


def editable_supervision_sessions(user) -> QuerySet:
    """The session's supervisor keeps its record."""
    Session = _workforce("SupervisionSession")
    if is_admin(user):
        return Session.objects.all()
    if not user.is_authenticated:
        return Session.objects.none()
    return Session.objects.filter(supervisor=user)


def supervisors_for(user, trust_id: int):
    """Who may be named as a session's supervisor: staff of the trust with a supervising role."""
    from django.contrib.auth import get_user_model

    if not (is_admin(user) or trust_id in scope(user).trust_ids):
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.filter(staff_roles__trust_id=trust_id, staff_roles__role__in=SUPERVISING_ROLES, is_active=True)
        .distinct()
    )


def attendees_shown_to(user) -> QuerySet[Peer]:
    """Which attendees of a session the user may see named: the one rule for every list, CSV and page that
    shows a session (the list and its CSV, the session page, the notes page, a peer's supervision page).

    A session is visible when the user held it or sees any attendee (`visible_supervision_sessions`); of its
    attendees the user is shown only the peers they may see anywhere else (`visible_peers`), and the others
    are counted ("and 1 other attendee"), never named. So the own-care-team rule holds through group
    supervision, and a peer looking at their own group session sees their own name and a count of the others:
    peers in the same group do not see each other here (what they share in the room is theirs, not the
    record's)."""
    return visible_peers(user)


def can_read_supervision_notes(user, attendance) -> bool:
    """Notes and wellbeing checks: the supervisor and the peer alone (DESIGN section 3)."""
    if is_admin(user):
        return True
    return user.is_authenticated and (
        attendance.session.supervisor_id == user.pk or scope(user).peer_id == attendance.peer_id
    )


def can_write_supervision_notes(user, session) -> bool:
    """The session's supervisor writes each attendee's wellbeing check and notes, once the session is held."""
    return (
        user.is_authenticated
        and session.supervisor_id == user.pk
        and session.status == _workforce("SupervisionSession").Status.HELD
    )


def readable_attendances(user) -> QuerySet:
    """Attendances whose notes the user reads, for list pages and exports."""
    Attendance = _workforce("SupervisionAttendance")
    if is_admin(user):
        return Attendance.objects.all()
    if not user.is_authenticated:
        return Attendance.objects.none()
    q = Q(session__supervisor=user)
    peer_id = scope(user).peer_id
    if peer_id is not None:
        q |= Q(peer_id=peer_id)
    return Attendance.objects.filter(q)


def supervision_schedule_peers(user) -> QuerySet[Peer]:
    """Peers whose supervision schedule (last, next due, overdue) the user sees."""
    return visible_peers(user)


# Wellness Action Plan


def visible_waps(user) -> QuerySet:
    """The peer's own plan; every plan for the peer lead; a plan shared with HR for the peer's HR. A plan
    shared "with my line manager" or "my supervisor" is read by the person it names (the one named on the
    peer's placement when the peer shared it, or confirmed), never by every holder of that role: another line
    manager of the team, a trust-wide one, or a new line manager the peer has not yet agreed to. Nobody
    else, whatever their role."""
    Wap = _workforce("WellnessActionPlan")
    if is_admin(user):
        return Wap.objects.all()
    if not user.is_authenticated:
        return Wap.objects.none()
    q = Q(peer__in=_staff_peers(user, frozenset({Role.PEER_LEAD})))
    # The own-care-team rule holds here too: a person the plan names who is no longer named for the peer in
    # the team that provides their care does not read it (nor hears of its reviews: workforce.reminders).
    named = Q(shared_with_line_manager=True, line_manager_shared_with=user)
    named |= Q(shared_with_supervisor=True, supervisor_shared_with=user)
    q |= named & ~Q(peer__in=_own_care_hidden_peers(user))
    q |= Q(shared_with_hr=True, peer__in=_staff_peers(user, frozenset({Role.HR})))
    peer_id = scope(user).peer_id
    if peer_id is not None:
        q |= Q(peer_id=peer_id)
    return Wap.objects.filter(q)


def editable_waps(user) -> QuerySet:
    """The plan is the peer's: only they change it or whom it is shared with."""
    Wap = _workforce("WellnessActionPlan")
    if is_admin(user):
        return Wap.objects.all()
    return Wap.objects.filter(peer__in=own_peer_record(user))


def wap_reviewers(user) -> QuerySet:
    """Plans whose review the user records: the peer, and anyone the plan is visible to."""
    return visible_waps(user)


# Return to work


def visible_return_to_work(user) -> QuerySet:
    RTW = _workforce("ReturnToWorkConversation")
    if is_admin(user):
        return RTW.objects.all()
    if not user.is_authenticated:
        return RTW.objects.none()
    q = Q(held_by=user) | Q(peer__in=_staff_peers(user, REVIEWING_ROLES))
    peer_id = scope(user).peer_id
    if peer_id is not None:
        q |= Q(peer_id=peer_id)
    return RTW.objects.filter(q)


def peers_for_return_to_work(user) -> QuerySet[Peer]:
    """HR, the peer lead and the line manager hold return-to-work conversations."""
    return _staff_peers(user, REVIEWING_ROLES)


def can_read_return_to_work(user, peer: Peer) -> bool:
    return visible_return_to_work(user).filter(peer=peer).exists() or is_own_record(user, peer)


# Leavers and sickness absence (issue 18 items 3 and 4)


def can_read_leaving_reason(user, placement) -> bool:
    """Why a placement ended and where the peer went: HR, the peer lead and the line manager (the team's, or the
    one named on the placement), and the peer themselves (it is their own record, and theirs in a subject access
    export); not the supervisor, a panel member or the mentor."""
    if is_admin(user):
        return True
    if not user.is_authenticated:
        return False
    if is_own_record(user, placement.peer) or placement.line_manager_id == user.pk:
        return True
    return _staff_peers(user, REVIEWING_ROLES).filter(pk=placement.peer_id).exists()


def visible_absences(user) -> QuerySet:
    """Sickness absence episodes: the peer's own; HR, the peer lead and the line manager over the peer (the
    team's, or the one named on the placement the absence interrupted). Nobody else."""
    Absence = _workforce("AbsenceEpisode")
    if is_admin(user):
        return Absence.objects.all()
    if not user.is_authenticated:
        return Absence.objects.none()
    q = Q(peer__in=_staff_peers(user, REVIEWING_ROLES)) | Q(placement__line_manager=user)
    peer_id = scope(user).peer_id
    if peer_id is not None:
        q |= Q(peer_id=peer_id)
    return Absence.objects.filter(q).exclude(peer__in=_own_care_hidden_peers(user))


def peers_for_absence(user) -> QuerySet[Peer]:
    """Peers whose absence the user records: HR, the peer lead and the line manager over the peer (not the peer:
    an absence is recorded by the people who manage it)."""
    if is_admin(user):
        return Peer.objects.all()
    if not user.is_authenticated:
        return Peer.objects.none()
    named = _workforce("Placement").objects.filter(line_manager=user).values("peer_id")
    return Peer.objects.filter(Q(pk__in=_staff_peers(user, REVIEWING_ROLES).values("pk")) | Q(pk__in=named)).exclude(
        pk__in=_own_care_hidden_peers(user)
    )


def editable_absences(user) -> QuerySet:
    """Episodes the user records and changes: those of the peers they record absence for."""
    Absence = _workforce("AbsenceEpisode")
    if is_admin(user):
        return Absence.objects.all()
    return Absence.objects.filter(peer__in=peers_for_absence(user))


def can_read_absence_reason(user, episode) -> bool:
    """The reason category is sensitive: read by those who see the episode (the peer, HR, the peer lead, the line
    manager); a read by anyone but the peer is logged (SensitiveAccessLog.RecordType.SICKNESS_ABSENCE)."""
    return visible_absences(user).filter(pk=episode.pk).exists()


# Reviews


def visible_reviews(user) -> QuerySet:
    return _workforce("EmploymentReview").objects.filter(placement__in=visible_placements(user))


def editable_reviews(user) -> QuerySet:
    """The line manager holds reviews and appraisals; HR and the peer lead keep them too."""
    Review = _workforce("EmploymentReview")
    if is_admin(user):
        return Review.objects.all()
    if not user.is_authenticated:
        return Review.objects.none()
    q = Q(placement__peer__in=_staff_peers(user, REVIEWING_ROLES)) | Q(placement__line_manager=user)
    return Review.objects.filter(q).exclude(placement__peer__in=_own_care_hidden_peers(user))


# Notifications


def own_notifications(user) -> QuerySet:
    from .models import Notification

    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


# --- Phase 3, part 2: supervision, Wellness Action Plans, return to work ------------------------------


def supervisor_choices(user):
    """Staff who may be named as a session's supervisor in any trust the user reaches (the form's choices;
    the service checks the one chosen against the attendees' trust with `supervisors_for`)."""
    from django.contrib.auth import get_user_model

    # One filter() call, so the supervising role and the trust are those of the same staff role.
    in_trusts = {} if is_admin(user) else {"staff_roles__trust_id__in": scope(user).trust_ids}
    return (
        get_user_model().objects.filter(staff_roles__role__in=SUPERVISING_ROLES, is_active=True, **in_trusts).distinct()
    )


def log_sensitive_reads(*, user, reads, record_type: str, channel: str = SensitiveAccessLog.Channel.PAGE) -> int:
    """`log_sensitive_read` for a page that shows several records at once (a group session's notes):
    `reads` is (peer, record) pairs; one insert whatever their number. The peer's own reads are skipped."""
    rows = [
        SensitiveAccessLog(
            user=user,
            peer=peer,
            record_type=record_type,
            object_id=str(obj.pk) if obj is not None else "",
            channel=channel,
        )
        for peer, obj in reads
        if not is_own_record(user, peer)
    ]
    if rows:
        SensitiveAccessLog.objects.bulk_create(rows)
    return len(rows)


# --- Phase 4, ongoing development ------------------------------------------------------------
# The career pathway and the competency framework are reference data every signed-in person reads.
# A peer's progression, competency assessments, training and development plan are seen by those who
# see the peer (HR, the peer lead, the line manager and supervisor of their team) and by the peer.
# Progression is kept by HR and the peer lead; assessments are made by those who supervise the peer
# (line manager, supervisor, peer lead, or named on the placement) and kept by their assessor;
# training is recorded by HR, the peer lead, the line manager and the peer themselves; the peer and
# those who supervise them keep the development plan. Workforce growth and system change records are
# kept by HR and the peer lead of the programme. The development models are looked up by name.


def _development(model_name: str):
    from django.apps import apps

    return apps.get_model("development", model_name)


def can_use_development_pages(user) -> bool:
    return can_use_workforce_pages(user)


def visible_frameworks(user) -> QuerySet:
    Framework = _development("CompetencyFramework")
    if is_admin(user):
        return Framework.objects.all()
    if not user.is_authenticated:
        return Framework.objects.none()
    trusts = set(scope(user).trust_ids)
    peer_id = scope(user).peer_id
    if peer_id is not None:
        trusts |= set(Peer.objects.filter(pk=peer_id).values_list("trust_id", flat=True))
    return Framework.objects.filter(Q(trust__isnull=True) | Q(trust_id__in=trusts))


def visible_progressions(user) -> QuerySet:
    return _development("Progression").objects.filter(peer__in=visible_peers(user))


def editable_progressions(user) -> QuerySet:
    return _development("Progression").objects.filter(peer__in=_staff_peers(user, RECORD_KEEPING_ROLES))


def peers_for_progression(user) -> QuerySet[Peer]:
    return _staff_peers(user, RECORD_KEEPING_ROLES)


def visible_assessments(user) -> QuerySet:
    Assessment = _development("CompetencyAssessment")
    if is_admin(user):
        return Assessment.objects.all()
    if not user.is_authenticated:
        return Assessment.objects.none()
    return Assessment.objects.filter(Q(peer__in=visible_peers(user)) | Q(assessed_by=user))


def assessable_peers(user) -> QuerySet[Peer]:
    """Peers the user assesses against the framework: those they supervise."""
    return supervisees(user)


def editable_assessments(user) -> QuerySet:
    Assessment = _development("CompetencyAssessment")
    if is_admin(user):
        return Assessment.objects.all()
    if not user.is_authenticated:
        return Assessment.objects.none()
    return Assessment.objects.filter(assessed_by=user)


TRAINING_RECORDING_ROLES = frozenset({Role.HR, Role.PEER_LEAD, Role.LINE_MANAGER})


def visible_training(user) -> QuerySet:
    return _development("TrainingRecord").objects.filter(peer__in=visible_peers(user))


def peers_for_training(user) -> QuerySet[Peer]:
    """Peers whose training the user records: HR, the peer lead, the line manager, and the peer."""
    if is_admin(user):
        return Peer.objects.all()
    q = Q(pk__in=_staff_peers(user, TRAINING_RECORDING_ROLES).values("pk"))
    peer_id = scope(user).peer_id
    if peer_id is not None:
        q |= Q(pk=peer_id)
    return Peer.objects.filter(q)


def editable_training(user) -> QuerySet:
    return _development("TrainingRecord").objects.filter(peer__in=peers_for_training(user))


def visible_development_objectives(user) -> QuerySet:
    return _development("DevelopmentObjective").objects.filter(peer__in=visible_peers(user))


def peers_for_development_plan(user) -> QuerySet[Peer]:
    """Peers whose development plan the user keeps: the peer, those who supervise them, HR and the lead."""
    if is_admin(user):
        return Peer.objects.all()
    q = Q(pk__in=supervisees(user).values("pk")) | Q(pk__in=_staff_peers(user, RECORD_KEEPING_ROLES).values("pk"))
    peer_id = scope(user).peer_id
    if peer_id is not None:
        q |= Q(pk=peer_id)
    return Peer.objects.filter(q)


def editable_development_objectives(user) -> QuerySet:
    return _development("DevelopmentObjective").objects.filter(peer__in=peers_for_development_plan(user))


def growth_programmes(user) -> QuerySet[Programme]:
    """Programmes whose workforce growth and system change records the user keeps (HR and the peer lead)."""
    return preparation_programmes(user)


def can_use_growth_pages(user) -> bool:
    return can_use_preparation_pages(user)


def growth_records(user, model_name: str) -> QuerySet:
    """Vacancy reviews, new services or system change contributions of the user's programmes."""
    return _development(model_name).objects.filter(programme__in=growth_programmes(user))


def visible_establishments(user) -> QuerySet:
    return _development("TeamEstablishment").objects.filter(team__in=editable_teams(user))


# --- Phase 4, part 5: training and the place-and-train rule ----------------------------------------------
# HR, the peer lead and line managers follow the place-and-train rule for the peers their roles reach; HR
# and the peer lead see the whole trust's training expiring soon.


def can_follow_place_and_train(user) -> bool:
    return is_admin(user) or bool(roles(user) & TRAINING_RECORDING_ROLES)


def place_and_train_peers(user) -> QuerySet[Peer]:
    """Peers whose place-and-train deadline the user follows: those HR, the peer lead or the line manager reach."""
    return _staff_peers(user, TRAINING_RECORDING_ROLES)


def can_see_expiring_training(user) -> bool:
    return is_admin(user) or bool(scope(user).trusts_for(RECORD_KEEPING_ROLES))


def trust_training(user) -> QuerySet:
    """Training records of the peers of the trusts whose records the user keeps (HR and the peer lead)."""
    return _development("TrainingRecord").objects.filter(peer__in=_staff_peers(user, RECORD_KEEPING_ROLES))


def training_courses_for(peer: Peer) -> QuerySet[TrainingCourse]:
    """Courses a peer's training record may name: the shared library and the peer's trust's own."""
    return TrainingCourse.objects.filter(Q(trust__isnull=True) | Q(trust_id=peer.trust_id))


# --- Phase 4, part 4 (career pathway and competencies) ---------------------------------------
# Who is ready to be considered for the next step of the pathway: HR, the peer lead and line managers
# (seed 002: progression is decided by those who employ and manage peers), for the peers they see.


def can_see_ready_for_next_step(user) -> bool:
    return is_admin(user) or bool(roles(user) & REVIEWING_ROLES)


# --- Dashboards (phase 5, part 7: the peer support lead's dashboard) ---------------------------------
# HR and the peer lead see their whole trust; a line manager sees the same figures for their own team.

DASHBOARD_ROLES = frozenset({Role.HR, Role.PEER_LEAD, Role.LINE_MANAGER})


def can_use_dashboard(user) -> bool:
    return is_admin(user) or bool(roles(user) & DASHBOARD_ROLES)


def dashboard_teams(user) -> QuerySet[Team]:
    """The teams the user's dashboard roles reach: trust-wide for HR and the peer lead, own team for a line manager."""
    return _teams_for_roles(user, DASHBOARD_ROLES)


def dashboard_peers(user) -> QuerySet[Peer]:
    """Peers whose figures the dashboard counts: those HR, the peer lead or the line manager reach."""
    return _staff_peers(user, DASHBOARD_ROLES)


# --- Privacy: subject access, its requests and legal holds ----------------------------------------------------
# Subject access (UK GDPR Art. 15) is fulfilled for the data subject. The FULL export of everything held goes to
# the peer themself and to an information governance (IG) officer of the peer's trust, who handles subject access
# requests (and to administrators). HR and the peer support lead of the peer's trust (team-limited HR for their
# team's peers) download a PARTIAL export: each source's rows filtered by the rules the pages use
# (`subject_access_rules`), so it holds nothing their role may not read elsewhere. Every download by anyone but
# the peer logs each sensitive record in it as read. HR, the peer lead and the IG officer record ("start") a
# request, with the date its statutory month ends; the IG officer changes its status and fulfils it.
#
# The IG officer sees what they need for that and nothing else: as any member of staff of the trust, the trust,
# its teams, posts and the job description library; the list and page of the trust's peers (name, contact,
# stage and posts, never the sensitive parts, which keep their own rules) to find the person; the subject access
# pages of those peers; and the trust's requests. No recruitment, employment, development or dashboard pages,
# no legal holds, no sensitive record anywhere but in the full export they download (each read logged).
# Anyone else gets a 404.

SUBJECT_ACCESS_REQUEST_ROLES = frozenset({Role.HR, Role.PEER_LEAD, Role.IG_OFFICER})


def _ig_trusts(user) -> set[int]:
    """Trusts where the user is the information governance officer (a trust-wide role)."""
    return scope(user).trusts_for(frozenset({Role.IG_OFFICER}))


def ig_peers(user) -> QuerySet[Peer]:
    """Peers of the trusts where the user is the IG officer (applicants included); the own-care-team rule holds."""
    if is_admin(user):
        return Peer.objects.all()
    trusts = _ig_trusts(user)
    if not trusts:
        return Peer.objects.none()
    return Peer.objects.filter(Q(trust_id__in=trusts) & ~_hidden_by_own_care_team(user))


def can_find_peers(user) -> bool:
    """The peer list: those whose roles see peers, and IG officers (to find the person a request is about)."""
    return can_list_peers(user) or bool(_ig_trusts(user))


def findable_peers(user) -> QuerySet[Peer]:
    """The peer list and page: `visible_peers`, and for an IG officer the peers of their trust. The page's
    sensitive parts and the pages it links to keep their own rules (an IG officer reads none of them)."""
    if not _ig_trusts(user):
        return visible_peers(user)
    return Peer.objects.filter(Q(pk__in=visible_peers(user).values("pk")) | Q(pk__in=ig_peers(user).values("pk")))


def can_see_employment_of(user, peer: Peer) -> bool:
    """Whether the peer's page links to their supervision, training and development pages (which use
    `visible_peers`): not for an IG officer who reaches the peer only through that role."""
    return visible_peers(user).filter(pk=peer.pk).exists()


def subject_access_peers(user) -> QuerySet[Peer]:
    """Peers whose subject access page the user opens: their own record; the peers HR and the peer lead keep
    (`editable_peers`: a partial export); the peers of the IG officer's trust (the full export)."""
    if not _ig_trusts(user):
        return editable_peers(user)
    return Peer.objects.filter(Q(pk__in=editable_peers(user).values("pk")) | Q(pk__in=ig_peers(user).values("pk")))


def can_export_subject_access(user, peer: Peer) -> bool:
    return subject_access_peers(user).filter(pk=peer.pk).exists()


def gets_full_subject_access(user, peer: Peer) -> bool:
    """The full export: the peer themself, an IG officer of the peer's trust, administrators."""
    if is_admin(user) or is_own_record(user, peer):
        return True
    return peer.trust_id in _ig_trusts(user) and ig_peers(user).filter(pk=peer.pk).exists()


def ig_officers_of(trust_id: int) -> QuerySet:
    """The active IG officers of a trust: who provides the full export (named on a partial one)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            staff_roles__trust_id=trust_id,
            staff_roles__role=Role.IG_OFFICER,
            staff_roles__team__isnull=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


@dataclass(frozen=True)
class SubjectAccessRules:
    """What a partial subject access export holds, per registry model ("app_label.ModelName"): `rows[label]`
    is a queryset of the rows the user reads on the pages (a model with no entry holds no rows), and
    `withheld[label]` the fields blanked in those rows and their history (a part of a record with its own rule)."""

    rows: dict[str, QuerySet]
    withheld: dict[str, frozenset[str]] = field(default_factory=dict)


def subject_access_rules(user, peer: Peer) -> SubjectAccessRules | None:
    """None for the full export (`gets_full_subject_access`); otherwise the rules of the partial one, each
    source's rows the same queryset its pages use, so nothing their role may not read elsewhere is in it:
    supervision notes and wellbeing checks only where the user held the session (`readable_attendances`,
    `can_read_supervision_notes`), Wellness Action Plans and their reviews only where `visible_waps` allows,
    lived experience only where `can_read_lived_experience`, the care arrangement, reasonable adjustments and
    OH and DBS records for HR and the peer lead as on their pages, the access log and notifications never.
    A deleted record is not on any page: its history is left out too."""
    if gets_full_subject_access(user, peer):
        return None
    from django.apps import apps

    def model(label: str):
        return apps.get_model(label)

    applications = visible_applications(user)
    restricted = restricted_applications(user)
    waps = visible_waps(user)
    assessments = visible_assessments(user)
    rows: dict[str, QuerySet] = {
        "programmes.Peer": visible_peers(user).filter(pk=peer.pk),
        "programmes.OwnCareTeamArrangement": OwnCareTeamArrangement.objects.filter(peer=peer)
        if can_read_care_arrangement(user, peer)
        else OwnCareTeamArrangement.objects.none(),
        "programmes.SensitiveAccessLog": SensitiveAccessLog.objects.filter(peer=peer)
        if can_read_access_log(user, peer)
        else SensitiveAccessLog.objects.none(),
        "programmes.Post": visible_posts(user),
        "programmes.Notification": own_notifications(user),
        "programmes.CohortEnrolment": CohortEnrolment.objects.filter(cohort__in=visible_cohorts(user)),
        "programmes.CodeOfConductAcknowledgement": model("programmes.CodeOfConductAcknowledgement").objects.filter(
            peer__in=visible_peers(user)
        ),
        "recruitment.OrientationBooking": model("recruitment.OrientationBooking").objects.filter(
            session__in=visible_orientation_sessions(user)
        ),
        "recruitment.BenefitsAdvice": visible_benefits_advice(user),
        "recruitment.Application": applications,
        "recruitment.StageTransition": model("recruitment.StageTransition").objects.filter(
            application__in=applications
        ),
        "recruitment.Referee": model("recruitment.Referee").objects.filter(application__in=applications),
        "recruitment.ShortlistingMark": model("recruitment.ShortlistingMark").objects.filter(
            application__in=applications
        ),
        "recruitment.InterviewScore": model("recruitment.InterviewScore").objects.filter(application__in=applications),
        "recruitment.OccupationalHealthReferral": model("recruitment.OccupationalHealthReferral").objects.filter(
            application__in=restricted
        ),
        "recruitment.DbsCheck": model("recruitment.DbsCheck").objects.filter(application__in=restricted),
        "recruitment.CandidateSupport": visible_candidate_support(user),
        "workforce.Placement": visible_placements(user),
        "workforce.InductionPlan": visible_induction_plans(user),
        "workforce.InductionItem": _workforce("InductionItem").objects.filter(plan__in=visible_induction_plans(user)),
        "workforce.EmploymentReview": visible_reviews(user),
        "workforce.ReviewObjective": _workforce("ReviewObjective").objects.filter(review__in=visible_reviews(user)),
        "workforce.SupervisionAttendance": readable_attendances(user),
        "workforce.SupervisionSession": visible_supervision_sessions(user),
        "workforce.WellnessActionPlan": waps,
        "workforce.WapReview": _workforce("WapReview").objects.filter(plan__in=waps),
        "workforce.ReturnToWorkConversation": visible_return_to_work(user),
        "workforce.AbsenceEpisode": visible_absences(user),
        "development.Progression": visible_progressions(user),
        "development.CompetencyAssessment": assessments,
        "development.DescriptorRating": _development("DescriptorRating").objects.filter(assessment__in=assessments),
        "development.TrainingRecord": visible_training(user),
        "development.DevelopmentObjective": visible_development_objectives(user),
        "development.SystemChangeContribution": growth_records(user, "SystemChangeContribution"),
        "development.PeerNetworkMeeting": visible_network_meetings(user),
        "development.PeerNetworkAttendance": _development("PeerNetworkAttendance").objects.filter(
            meeting__in=visible_network_meetings(user)
        ),
        "privacy.LegalHold": model("privacy.LegalHold").objects.filter(peer__in=legal_hold_peers(user)),
        "privacy.SubjectAccessRequest": visible_subject_access_requests(user),
        # Training places: as on the pipeline pages (the lived experience shared with the application is read there
        # by HR, the peer lead and the interviewer); graduates put forward: those who manage the pipeline.
        "outcomes.CaseloadAgreement": visible_caseloads(user),
        "development.TrainingApplication": visible_training_applications(user),
        "development.GraduateCandidacy": _development("GraduateCandidacy").objects.filter(
            training_application__in=graduate_training_applications(user)
        ),
    }
    # Records about keeping the peer's record itself (an email shared with another record, records merged into
    # this one): read by those who keep the record (HR and the peer lead), where the project has them.
    keepers = _peers_for_roles(user, RECORD_KEEPING_ROLES)
    for label, lookup in (("programmes.PeerEmailDuplicate", "peer"), ("programmes.PeerMerge", "kept")):
        if label.split(".")[1].lower() in apps.all_models["programmes"]:
            rows[label] = model(label).objects.filter(**{f"{lookup}__in": keepers})
    withheld: dict[str, frozenset[str]] = {}
    if not can_read_lived_experience(user, peer):
        withheld["programmes.Peer"] = frozenset({"lived_experience_summary"})
    if not can_read_reasonable_adjustments(user, peer):
        withheld["workforce.Placement"] = frozenset({"reasonable_adjustments"})
    # The DBS check before training: only those who manage the application (never the interviewer).
    interviewed_only = (
        visible_training_applications(user)
        .filter(applicant=peer)
        .exclude(pk__in=editable_training_applications(user).values("pk"))
    )
    if interviewed_only.exists():
        withheld["development.TrainingApplication"] = frozenset({"dbs_status", "dbs_returned_on", "dbs_decision"})
    if not (is_admin(user) or _staff_peers(user, REVIEWING_ROLES).filter(pk=peer.pk).exists()):
        # Why the peer left, and where to: HR, the peer lead and the line manager (can_read_leaving_reason).
        leaving = frozenset(_workforce("Placement").LEAVING_FIELDS)
        withheld["workforce.Placement"] = withheld.get("workforce.Placement", frozenset()) | leaving
    return SubjectAccessRules(rows=rows, withheld=withheld)


def can_use_subject_access_requests(user) -> bool:
    """The request list: HR, the peer lead and the IG officer (and administrators)."""
    return is_admin(user) or bool(roles(user) & SUBJECT_ACCESS_REQUEST_ROLES)


def subject_access_request_peers(user) -> QuerySet[Peer]:
    """Peers for whom the user records ("starts") a subject access request: HR and the peer lead for the peers
    they keep (team-limited HR: their team's), the IG officer for their trust's; never the user's own record."""
    if is_admin(user):
        return Peer.objects.all()
    keeps = _peers_for_roles(user, RECORD_KEEPING_ROLES).values("pk")
    return Peer.objects.filter(Q(pk__in=keeps) | Q(pk__in=ig_peers(user).values("pk"))).exclude(pk=scope(user).peer_id)


def visible_subject_access_requests(user) -> QuerySet:
    """Requests about the peers for whom the user records requests (the privacy model, looked up by name)."""
    from django.apps import apps

    Request = apps.get_model("privacy", "SubjectAccessRequest")
    if is_admin(user):
        return Request.objects.all()
    if not can_use_subject_access_requests(user):
        return Request.objects.none()
    return Request.objects.filter(peer__in=subject_access_request_peers(user))


def fulfillable_subject_access_requests(user) -> QuerySet:
    """Requests whose status the user changes, and which they fulfil: the IG officer of the peer's trust."""
    from django.apps import apps

    Request = apps.get_model("privacy", "SubjectAccessRequest")
    if is_admin(user):
        return Request.objects.all()
    if not _ig_trusts(user):
        return Request.objects.none()
    return Request.objects.filter(peer__in=ig_peers(user))


def legal_hold_peers(user) -> QuerySet[Peer]:
    """Peers whose records HR and the peer lead (and administrators) may put under, or release from, a legal
    hold; never the user's own record."""
    if is_admin(user):
        return Peer.objects.all()
    return _peers_for_roles(user, RECORD_KEEPING_ROLES).exclude(pk=scope(user).peer_id)


def can_keep_legal_holds(user, peer: Peer) -> bool:
    return legal_hold_peers(user).filter(pk=peer.pk).exists()


def releasable_legal_holds(user) -> QuerySet:
    """Legal holds in force on the peers whose holds the user keeps (the privacy model, looked up by name)."""
    from django.apps import apps

    LegalHold = apps.get_model("privacy", "LegalHold")
    return LegalHold.objects.filter(peer__in=legal_hold_peers(user), released_at__isnull=True)


# --- Phase 4: the peer network (issue 18, item 6) --------------------------------------------------------
# Meetings of a trust's peer network are kept by HR and the peer support lead of the trust; line managers and
# supervisors of the trust (trust-wide or of one of its teams) read them; a peer reads the meetings they attended.
# Attendees are named only where the user sees the peer (visible_peers); the others are counted.

NETWORK_VIEWING_ROLES = frozenset({Role.HR, Role.PEER_LEAD, Role.LINE_MANAGER, Role.SUPERVISOR})


def network_trusts(user) -> QuerySet[Trust]:
    """Trusts whose peer network meetings the user reads as a member of staff."""
    if is_admin(user):
        return Trust.objects.all()
    s = scope(user)
    team_trusts = Team.objects.filter(pk__in=s.teams_for(NETWORK_VIEWING_ROLES)).values("trust_id")
    return Trust.objects.filter(Q(pk__in=s.trusts_for(NETWORK_VIEWING_ROLES)) | Q(pk__in=team_trusts))


def network_keeping_trusts(user) -> QuerySet[Trust]:
    """Trusts whose peer network meetings the user records and edits (trust-wide HR and the peer lead)."""
    if is_admin(user):
        return Trust.objects.all()
    return Trust.objects.filter(pk__in=scope(user).trusts_for(RECORD_KEEPING_ROLES))


def can_use_network_pages(user) -> bool:
    if is_admin(user):
        return True
    s = scope(user)
    return bool(s.trusts_for(NETWORK_VIEWING_ROLES) or s.teams_for(NETWORK_VIEWING_ROLES)) or s.peer_id is not None


def can_keep_network_meetings(user) -> bool:
    return is_admin(user) or bool(scope(user).trusts_for(RECORD_KEEPING_ROLES))


def visible_network_meetings(user) -> QuerySet:
    """Meetings of the trusts the user reads as staff, and the meetings the signed-in peer attended."""
    Meeting = _development("PeerNetworkMeeting")
    if is_admin(user):
        return Meeting.objects.all()
    if not user.is_authenticated:
        return Meeting.objects.none()
    q = Q(trust__in=network_trusts(user))
    peer_id = scope(user).peer_id
    if peer_id is not None:
        attended = _development("PeerNetworkAttendance").objects.filter(meeting=OuterRef("pk"), peer_id=peer_id)
        q |= Q(Exists(attended))
    return Meeting.objects.filter(q)


def editable_network_meetings(user) -> QuerySet:
    return _development("PeerNetworkMeeting").objects.filter(trust__in=network_keeping_trusts(user))


def peers_for_network(user) -> QuerySet[Peer]:
    """Peers the user may record at a meeting: those of the trusts they keep the network of, that they see."""
    return _staff_peers(user, RECORD_KEEPING_ROLES).filter(trust__in=network_keeping_trusts(user))


def network_attendees_shown_to(user) -> QuerySet[Peer]:
    """Attendees named to the user: the peers they see (a peer sees their own name; the others are counted)."""
    return visible_peers(user)


def network_facilitators(user):
    """Who may be named as a meeting's facilitator: active staff of the trusts whose network the user keeps, and
    the peers of those trusts with a sign-in (a network is often facilitated by a senior peer)."""
    from django.contrib.auth import get_user_model

    trusts = network_keeping_trusts(user)
    return (
        get_user_model()
        .objects.filter(Q(staff_roles__trust__in=trusts) | Q(peer__trust__in=trusts), is_active=True)
        .distinct()
    )


# --- Outcomes (issue 18 items 1 and 2): evaluation plans, monthly team returns, caseload ---------------------------
# The evaluation plan and outcome measures of a programme are kept by its trust's HR and peer support lead. A team's
# monthly return (counts only, about no one) is entered by the team's line manager and its peers in post, and read
# by them, HR and the peer lead. The team's allocation process is kept by those who manage its posts. A peer's
# caseload agreed in supervision is read by the peer, HR, the peer lead and the line manager, who record it.


def _outcomes(model_name: str):
    from django.apps import apps

    return apps.get_model("outcomes", model_name)


def evaluation_programmes(user) -> QuerySet[Programme]:
    """Programmes whose evaluation plan and outcome measures the user reads and keeps (HR and the peer lead)."""
    return preparation_programmes(user)


def can_use_evaluation_pages(user) -> bool:
    return is_admin(user) or bool(scope(user).trusts_for(RECORD_KEEPING_ROLES))


def _teams_in_post_or_managed(user) -> Q:
    """Teams where the signed-in peer holds a current placement, or whose current placement names the user as
    line manager."""
    from django.utils import timezone

    Placement = _workforce("Placement")
    today = timezone.localdate()
    current = Placement.objects.filter(start_date__lte=today).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    q = Q(pk__in=current.filter(line_manager=user).values("post__team_id"))
    peer_id = scope(user).peer_id
    if peer_id is not None:
        q |= Q(pk__in=current.filter(peer_id=peer_id).values("post__team_id"))
    return q


def return_entry_teams(user) -> QuerySet[Team]:
    """Teams whose monthly return the user enters and changes: the team's line manager(s) and its peers in post."""
    if is_admin(user):
        return Team.objects.all()
    if not user.is_authenticated:
        return Team.objects.none()
    s = scope(user)
    return Team.objects.filter(Q(pk__in=s.teams_for(frozenset({Role.LINE_MANAGER}))) | _teams_in_post_or_managed(user))


def return_teams(user) -> QuerySet[Team]:
    """Teams whose returns the user reads: those they enter, and every team of the trusts where they are HR or the
    peer lead."""
    if is_admin(user):
        return Team.objects.all()
    if not user.is_authenticated:
        return Team.objects.none()
    s = scope(user)
    return Team.objects.filter(
        Q(trust_id__in=s.trusts_for(RECORD_KEEPING_ROLES))
        | Q(pk__in=s.teams_for(frozenset({Role.LINE_MANAGER, *RECORD_KEEPING_ROLES})))
        | _teams_in_post_or_managed(user)
    )


def visible_team_returns(user) -> QuerySet:
    return _outcomes("TeamReturn").objects.filter(team__in=return_teams(user))


def editable_team_returns(user) -> QuerySet:
    return _outcomes("TeamReturn").objects.filter(team__in=return_entry_teams(user))


def allocation_teams(user) -> QuerySet[Team]:
    """Teams whose way of deciding whom a peer works with the user writes (HR, the peer lead, the line manager)."""
    return teams_for_posts(user)


def caseload_peers(user) -> QuerySet[Peer]:
    """Peers whose caseload the user reads: the peer themself, and those who record it."""
    if not user.is_authenticated:
        return Peer.objects.none()
    peer_id = scope(user).peer_id
    own = Q(pk=peer_id) if peer_id is not None else Q(pk__in=[])
    return Peer.objects.filter(own | Q(pk__in=peers_for_caseload(user).values("pk")))


def peers_for_caseload(user) -> QuerySet[Peer]:
    """Peers whose caseload the user records as agreed in supervision: HR, the peer lead and the line manager over
    the peer (the team's, or the one named on the peer's placement)."""
    return peers_for_absence(user)


def visible_caseloads(user) -> QuerySet:
    return _outcomes("CaseloadAgreement").objects.filter(placement__peer__in=caseload_peers(user))


# --- The API (issue 20 item 2) -------------------------------------------------------------------------------


def can_use_api(user) -> bool:
    """The API and personal API tokens are for staff (and administrators); a peer's own account has neither."""
    return user.is_authenticated and can_use_staff_pages(user)


def own_api_tokens(user) -> QuerySet:
    """The user's own personal API tokens: nobody sees or revokes another person's."""
    from django.apps import apps

    if not can_use_api(user):
        return apps.get_model("api", "ApiToken").objects.none()
    return apps.get_model("api", "ApiToken").objects.filter(user=user)


def editable_evaluation_questions(user) -> QuerySet:
    return _outcomes("EvaluationQuestion").objects.filter(plan__programme__in=evaluation_programmes(user))


def editable_outcome_measures(user) -> QuerySet:
    return _outcomes("OutcomeMeasure").objects.filter(programme__in=evaluation_programmes(user))


def outcome_measures_for(team) -> QuerySet:
    """The outcome measures a team's return records: those of its trust's programme (the first, by name)."""
    Measure = _outcomes("OutcomeMeasure")
    programme = Programme.objects.filter(trust_id=team.trust_id).order_by("name", "pk").values("pk")[:1]
    return Measure.objects.filter(programme_id__in=programme).order_by("slot")


def caseload_sessions(user, peer: Peer) -> QuerySet:
    """Supervision sessions the peer attended that the user sees, to name where a caseload was agreed."""
    return visible_supervision_sessions(user).filter(attendances__peer=peer).order_by("-date", "-pk")


# --- The train-and-place pipeline (issue 18 item 5) ---------------------------------------------------------------
# Applications for places on a programme's training cohorts are managed by the trust's HR and peer support lead. A
# member of staff named as the interviewer for a training place (a panel member) sees the applications they
# interview, their statements and what the applicant shares of their lived experience (every read logged), never the
# DBS check. Peers, line managers, supervisors and other trusts' staff see none (404).


def pipeline_programmes(user) -> QuerySet[Programme]:
    """Programmes whose training places the user manages (trust-wide HR and the peer lead)."""
    if is_admin(user):
        return Programme.objects.all()
    return Programme.objects.filter(trust_id__in=scope(user).trusts_for(RECORD_KEEPING_ROLES))


def can_keep_pipeline(user) -> bool:
    return is_admin(user) or bool(scope(user).trusts_for(RECORD_KEEPING_ROLES))


def can_use_pipeline_pages(user) -> bool:
    return can_keep_pipeline(user) or Role.PANEL_MEMBER in roles(user)


def pipeline_cohorts(user) -> QuerySet[TrainingCohort]:
    """Cohorts the user takes applications for."""
    return TrainingCohort.objects.filter(programme__in=pipeline_programmes(user))


def editable_training_applications(user) -> QuerySet:
    return _development("TrainingApplication").objects.filter(cohort__programme__in=pipeline_programmes(user))


def visible_training_applications(user) -> QuerySet:
    """Those the user manages, and those they interview for a training place in a trust where they hold a role."""
    Application = _development("TrainingApplication")
    if is_admin(user):
        return Application.objects.all()
    if not user.is_authenticated:
        return Application.objects.none()
    interviewed = Q(interviewed_by=user, cohort__programme__trust_id__in=scope(user).trust_ids)
    return Application.objects.filter(Q(cohort__programme__in=pipeline_programmes(user)) | interviewed)


def can_read_training_dbs(user, application) -> bool:
    """The DBS check before training: HR and the peer lead (as recruitment's DBS records), never the interviewer."""
    return editable_training_applications(user).filter(pk=application.pk).exists()


def training_interviewers(user, trust_id: int):
    """Who may be named as the interviewer for a training place: staff of the trust (as for a recruitment panel)."""
    return panel_candidates(user, trust_id)


def graduate_training_applications(user) -> QuerySet:
    """Applications of the user's programmes whose applicant graduated from the cohort."""
    return editable_training_applications(user).filter(enrolment__graduated_on__isnull=False)


def vacancies_for_graduates(user) -> QuerySet:
    """Open vacancies a graduate may be put forward for: those of the trusts whose recruitment the user keeps."""
    return editable_vacancies(user).filter(status="open")
