"""The permission matrix: every URL pattern, every role, the expected answer.

200 the page, "login" a redirect to sign in, 404 for what the role may not see (a forbidden object
answers 404 so its existence does not leak). The meta-test fails when a URL pattern has no row.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.api import matrix_api
from tests.conftest import World, make_world
from tests.dashboards import matrix_dashboards
from tests.development import matrix_growth, matrix_network, matrix_pathway, matrix_pipeline, matrix_training
from tests.development.world import make_development
from tests.matrix import (  # noqa: F401  (the vocabulary the rows below are written in)
    ADMIN,
    ADMIN_LOGIN,
    HOME,
    KEEPERS,
    LOGIN,
    POST_MANAGERS,
    ROLES,
    SIGNED_IN,
    STAFF_LISTS,
    STAFF_OF_TRUST,
    Row,
    answers,
)
from tests.no_pdf_layout import pdfs_not_laid_out
from tests.operations import matrix_operations
from tests.outcomes import matrix_outcomes
from tests.privacy import matrix_privacy
from tests.programmes import matrix_imports, matrix_notifications
from tests.recruitment import matrix_adverts, matrix_applications, matrix_restricted
from tests.recruitment.world import make_recruitment
from tests.security import matrix_security
from tests.sso import matrix_sso
from tests.workforce import matrix_placements, matrix_retention, matrix_supervision
from tests.workforce.world import make_workforce

trust = lambda w: {"pk": w.trust.pk}  # noqa: E731
team = lambda w: {"pk": w.team.pk}  # noqa: E731
post = lambda w: {"pk": w.post.pk}  # noqa: E731
peer = lambda w: {"pk": w.peer.pk}  # noqa: E731

MATRIX = [
    Row("programmes:home", answers(ok=SIGNED_IN)),
    # Trusts: every member of staff sees their own trust; only administrators keep trust details.
    Row("programmes:trust-list", answers(ok=STAFF_LISTS)),
    Row("programmes:trust-create", answers(ok=ADMIN)),
    Row("programmes:trust-detail", answers(ok=(*STAFF_OF_TRUST, *ADMIN)), trust),
    Row(
        "programmes:trust-detail",
        answers(ok=("other_trust_staff", *ADMIN)),
        lambda w: {"pk": w.other_trust.pk},
        label="other trust",
    ),
    Row("programmes:trust-update", answers(ok=ADMIN), trust),
    # Teams: HR and the peer lead keep team records; team-limited roles see only their team.
    Row("programmes:team-list", answers(ok=STAFF_LISTS)),
    Row("programmes:team-create", answers(ok=("hr_officer", "peer_lead", "other_trust_staff", *ADMIN))),
    Row("programmes:team-detail", answers(ok=(*STAFF_OF_TRUST, *ADMIN)), team),
    Row(
        "programmes:team-detail",
        answers(ok=("hr_officer", "peer_lead", "panel_member", *ADMIN)),
        lambda w: {"pk": w.other_team.pk},
        label="a team the manager does not manage",
    ),
    Row("programmes:team-update", answers(ok=("hr_officer", "peer_lead", *ADMIN)), team),
    # Posts: line managers manage their own team's posts.
    Row("programmes:post-list", answers(ok=STAFF_LISTS)),
    Row("programmes:post-create", answers(ok=("hr_officer", "peer_lead", "line_manager", "other_trust_staff", *ADMIN))),
    Row("programmes:post-detail", answers(ok=(*STAFF_OF_TRUST, *ADMIN)), post),
    Row(
        "programmes:post-detail",
        answers(ok=("other_trust_staff", *ADMIN)),
        lambda w: {"pk": w.other_trust_post.pk},
        label="other trust",
    ),
    Row("programmes:post-update", answers(ok=("hr_officer", "peer_lead", "line_manager", *ADMIN)), post),
    # Peers: HR and the peer lead see every peer of the trust; managers and supervisors the peers
    # in post in their team; panel members none yet; a peer only themselves.
    Row(
        "programmes:peer-list",
        answers(ok=("hr_officer", "peer_lead", "line_manager", "supervisor", "other_trust_staff", *ADMIN)),
    ),
    Row("programmes:peer-create", answers(ok=("hr_officer", "peer_lead", "other_trust_staff", *ADMIN))),
    Row(
        "programmes:peer-detail",
        answers(ok=("hr_officer", "peer_lead", "line_manager", "supervisor", "peer_worker", *ADMIN)),
        peer,
        label="own record for the peer",
    ),
    Row(
        "programmes:peer-detail",
        answers(ok=("hr_officer", "peer_lead", *ADMIN)),
        lambda w: {"pk": w.applicant.pk},
        label="not yet in post",
    ),
    Row(
        "programmes:peer-detail",
        answers(ok=("hr_officer", "peer_lead", *ADMIN)),
        lambda w: {"pk": w.other_team_peer.pk},
        label="in another team",
    ),
    Row(
        "programmes:peer-detail",
        answers(ok=("other_trust_staff", *ADMIN)),
        lambda w: {"pk": w.other_trust_peer.pk},
        label="other trust",
    ),
    Row(
        "programmes:peer-update",
        answers(ok=("hr_officer", "peer_lead", "peer_worker", *ADMIN)),
        peer,
        label="own record for the peer",
    ),
    Row(
        "programmes:peer-update",
        answers(ok=("hr_officer", "peer_lead", *ADMIN)),
        lambda w: {"pk": w.colleague.pk},
        label="a colleague",
    ),
    Row("programmes:peer-access-log", answers(ok=("peer_worker", *ADMIN)), peer, label="own record for the peer"),
    Row("programmes:peer-access-log", answers(ok=ADMIN), lambda w: {"pk": w.colleague.pk}, label="a colleague"),
    # Phase 1, preparation: readiness, training and team preparation are kept by HR and the peer lead;
    # line managers see their team's preparation and manage their posts' job descriptions.
    *[
        Row(f"programmes:{name}", answers(ok=KEEPERS), kwargs)
        for name, kwargs in [
            ("programme-readiness", lambda w: {"pk": w.programme.pk}),
            ("programme-update", lambda w: {"pk": w.programme.pk}),
            ("steering-member-create", lambda w: {"pk": w.programme.pk}),
            ("steering-member-update", lambda w: {"pk": w.member.pk}),
            ("project-action-create", lambda w: {"pk": w.programme.pk}),
            ("project-action-update", lambda w: {"pk": w.action.pk}),
            ("cost-item-create", lambda w: {"pk": w.programme.pk}),
            ("cost-item-update", lambda w: {"pk": w.cost.pk}),
            ("team-preparation-create", team),
            ("team-preparation-update", lambda w: {"pk": w.session.pk}),
            ("cohort-detail", lambda w: {"pk": w.cohort.pk}),
            ("cohort-update", lambda w: {"pk": w.cohort.pk}),
            ("enrolment-create", lambda w: {"pk": w.cohort.pk}),
            ("enrolment-update", lambda w: {"pk": w.enrolment.pk}),
        ]
    ],
    Row("programmes:team-preparation-detail", answers(ok=(*KEEPERS, "line_manager")), lambda w: {"pk": w.session.pk}),
    Row("programmes:jd-template-list", answers(ok=STAFF_LISTS)),
    Row("programmes:jd-template-detail", answers(ok=STAFF_LISTS), lambda w: {"pk": w.template.pk}),
    Row("programmes:post-jd-detail", answers(ok=(*STAFF_OF_TRUST, *ADMIN)), post),
    Row("programmes:post-jd-create", answers(ok=POST_MANAGERS), lambda w: {"pk": w.post_without_jd.pk}),
    Row("programmes:post-jd-update", answers(ok=POST_MANAGERS), post),
    Row("programmes:post-jd-pdf", answers(ok=POST_MANAGERS), post),
    Row("programmes:course-list", answers(ok=(*KEEPERS, "other_trust_staff"))),
    Row("programmes:course-create", answers(ok=(*KEEPERS, "other_trust_staff"))),
    Row(
        "programmes:course-detail",
        answers(ok=(*KEEPERS, "other_trust_staff")),
        lambda w: {"pk": w.course.pk},
        label="library course",
    ),
    Row("programmes:course-detail", answers(ok=KEEPERS), lambda w: {"pk": w.own_course.pk}, label="a trust's own"),
    Row("programmes:course-update", answers(ok=ADMIN), lambda w: {"pk": w.course.pk}, label="library course"),
    Row("programmes:course-update", answers(ok=KEEPERS), lambda w: {"pk": w.own_course.pk}, label="a trust's own"),
    Row("programmes:cohort-create", answers(ok=(*KEEPERS, "other_trust_staff")), lambda w: {"pk": w.course.pk}),
    Row("programmes:code-of-conduct", answers(ok=SIGNED_IN)),
    Row(
        "programmes:peer-acknowledgement-create",
        answers(ok=(*KEEPERS, "peer_worker")),
        peer,
        label="own record for the peer",
    ),
    Row("programmes:recovery-language", answers(ok=STAFF_LISTS)),
    # Signing in and out, and passwords.
    Row("login", answers(default=HOME, anonymous=200)),
    Row("logout", answers(default=405, anonymous=405)),
    Row("logout", answers(default=LOGIN, anonymous=LOGIN), method="post"),
    Row("password_change", answers(ok=SIGNED_IN)),
    Row("password_change_done", answers(ok=SIGNED_IN)),
    Row("password_reset", answers(ok=SIGNED_IN, anonymous=200)),
    Row("password_reset_done", answers(ok=SIGNED_IN, anonymous=200)),
    Row(
        "password_reset_confirm",
        answers(ok=SIGNED_IN, anonymous=200),
        lambda w: {"uidb64": "MQ", "token": "not-a-valid-token"},
    ),
    Row("password_reset_complete", answers(ok=SIGNED_IN, anonymous=200)),
    # The admin is for administrators only, whatever their is_staff flag.
    Row("admin:index", answers(ok=ADMIN, default=ADMIN_LOGIN, anonymous=ADMIN_LOGIN)),
    # Phase 2, recruitment.
    *matrix_adverts.ROWS,
    *matrix_applications.ROWS,
    *matrix_restricted.ROWS,
    # Phase 3, employment, and the notifications every phase shares.
    *matrix_placements.ROWS,
    *matrix_supervision.ROWS,
    *matrix_retention.ROWS,
    *matrix_notifications.ROWS,
    # Phase 4, ongoing development.
    *matrix_pathway.ROWS,
    *matrix_training.ROWS,
    *matrix_growth.ROWS,
    *matrix_network.ROWS,
    *matrix_pipeline.ROWS,
    # Outcomes: evaluation plans, monthly team returns, caseload (issue 18).
    *matrix_outcomes.ROWS,
    # Dashboards and exports.
    *matrix_dashboards.ROWS,
    *matrix_imports.ROWS,
    *matrix_security.ROWS,
    # Privacy: subject access and legal holds.
    *matrix_privacy.ROWS,
    # Operations: health and metrics endpoints.
    *matrix_operations.ROWS,
    # The API: every endpoint, its schema and reference page, and personal API tokens (issue 20 item 2).
    *matrix_api.ROWS,
    # Single sign-on with a trust's identity provider.
    *matrix_sso.ROWS,
]

# The admin's own patterns are guarded by the admin site's permission check (programmes.access.can_use_admin),
# tested through admin:index above and per model in test_admin_is_for_administrators_only.
EXEMPT_NAMESPACES = {"admin"}


def _all_url_patterns(resolver=None, namespace="") -> list[tuple[str, str]]:
    """(namespace, name or route) of every URL pattern the project serves."""
    found = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += _all_url_patterns(pattern, ns)
        elif isinstance(pattern, URLPattern):
            found.append((namespace, f"{namespace}{pattern.name}" if pattern.name else f"unnamed {pattern.pattern}"))
    return found


def test_every_url_pattern_has_a_row_in_the_matrix():
    patterns = [(ns, name) for ns, name in _all_url_patterns() if ns.rstrip(":") not in EXEMPT_NAMESPACES]
    names = [name for _, name in patterns]
    covered = {row.name for row in MATRIX}
    missing = sorted(n for n in names if n not in covered)
    assert not missing, f"URL patterns with no row in the permission matrix: {missing}"
    stale = covered - set(names) - {row.name for row in MATRIX if row.name.startswith("admin:")}
    assert not stale, f"rows for URLs that no longer exist: {sorted(stale)}"


def _answer(response) -> object:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        if location.startswith(reverse(settings.LOGIN_URL)):
            return LOGIN
        if location == reverse("programmes:home"):
            return HOME
        return f"302 to {location}"
    return response.status_code


def make_preparation(world):
    """Phase 1 records of the world's programme, for the rows above, added to `world`, which is returned."""
    from programmes import services
    from programmes.models import (
        CostItem,
        JobDescription,
        Programme,
        ProjectAction,
        SteeringGroupMember,
        TrainingCohort,
        TrainingCourse,
    )
    from tests import factories

    hr = world.hr_officer
    world.programme = Programme.objects.get(trust=world.trust)
    world.member = services.create_record(
        SteeringGroupMember, by=hr, programme=world.programme, name="Ruth Adams", represents="hr"
    )
    world.action = services.create_record(
        ProjectAction, by=hr, programme=world.programme, action="Agree the JD", owner="Ruth", due_date="2026-01-01"
    )
    world.cost = services.create_record(
        CostItem, by=hr, programme=world.programme, category="travel", description="Visits", amount=100
    )
    world.session = services.record_team_preparation_session(
        by=hr, team=world.team, held_on="2026-01-05", attendees="A"
    )
    world.template = JobDescription.objects.filter(post__isnull=True).first()
    services.create_job_description_from_template(post=world.post, template=world.template, by=hr)
    world.post_without_jd = factories.PostFactory(team=world.team)
    world.course = TrainingCourse.objects.filter(trust__isnull=True).first()
    world.own_course = services.create_record(
        TrainingCourse, by=hr, trust=world.trust, name="Our course", provider="Us", length="5 days"
    )
    world.cohort = services.create_record(
        TrainingCohort,
        by=hr,
        programme=world.programme,
        course=world.course,
        name="Spring",
        starts_on="2026-03-01",
        ends_on="2026-03-20",
        capacity=10,
    )
    world.enrolment = services.enrol_peer(cohort=world.cohort, peer=world.applicant, by=hr)
    return world


@pytest.fixture
def preparation(world):
    """Phase 1 records of the world's programme, for the rows above."""
    return make_preparation(world)


def test_admin_is_for_administrators_only(world, client):
    from django.contrib import admin

    world.hr_officer.is_staff = True  # even a staff flag does not open the admin to a trust's staff
    world.hr_officer.save()
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        client.force_login(world.hr_officer)
        assert _answer(client.get(url)) == ADMIN_LOGIN, url
        client.force_login(world.administrator)
        assert client.get(url).status_code == 200, url


# Every row's world (the shared one, phase 1 and the phase the row's objects come from); development's is built
# on the employment one, as its fixture is.
BUILD = {
    "preparation": lambda w: w,
    "recruitment": make_recruitment,
    "workforce": make_workforce,
    "development": lambda w: make_development(make_workforce(w)),
}


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as tests/conftest.py's, for a module's fixture


@dataclass
class MatrixWorld:
    world: World
    sessions: dict[str, str]  # role -> the key of a session signed in as that role


# Tests of this module that use the database but not `matrix_world` must not run while one is open (their `world`
# would meet its people): defined above test_permission_matrix, pytest runs them first.
_open_matrix_worlds: list[str] = []


@pytest.fixture(scope="module")
def matrix_world(request, django_db_setup, django_db_blocker) -> Iterator[MatrixWorld]:
    """The world of one kind of row (request.param, a key of BUILD) and a session for each role, built once per
    module (and xdist worker) for all the rows of that kind, inside a transaction rolled back at the end. Each row
    runs in a savepoint of it (pytest-django's `db`), so what a row writes (a form, a sign-out) goes with the row.
    Building a world and signing ~9 roles in for each of ~300 rows took most of this module's time."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            world = BUILD[request.param](make_preparation(make_world()))
            sessions = {}
            for role in SIGNED_IN:
                signing_in = Client()
                signing_in.force_login(getattr(world, role))
                sessions[role] = signing_in.cookies[settings.SESSION_COOKIE_NAME].value
        _open_matrix_worlds.append(request.param)
        yield MatrixWorld(world, sessions)
    finally:
        if request.param in _open_matrix_worlds:
            _open_matrix_worlds.remove(request.param)
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _no_open_matrix_world_for_other_tests(request):
    uses_the_database = "_django_db_helper" in request.fixturenames
    if uses_the_database and "matrix_world" not in request.fixturenames and _open_matrix_worlds:
        pytest.fail(
            f"{request.node.name} ran while the permission matrix's {_open_matrix_worlds} world was open: "
            "define it above test_permission_matrix",
            pytrace=False,
        )


@pytest.mark.parametrize(
    ("row", "matrix_world"),
    [(row, row.world_fixture) for row in MATRIX],
    indirect=["matrix_world"],
    ids=[row.id for row in MATRIX],
    scope="module",  # else a pair with a direct argument is function-scoped, and the world built for every row
)
def test_permission_matrix(row, matrix_world, db, client):
    # A copy: what a row's kwargs make on demand (tests/development/pipeline_world.py) goes with the row's savepoint.
    url = reverse(row.name, kwargs=row.kwargs(copy.copy(matrix_world.world)))
    got = {}
    # Only the answer's status is read, never a PDF's bytes, so no PDF is laid out (tests/no_pdf_layout.py): the
    # view, its access rule and the HTML the PDF is printed from all still run.
    with pdfs_not_laid_out():
        for role in ROLES:
            client.cookies = SimpleCookie()  # as signing out leaves them
            if role != "anonymous":
                client.cookies[settings.SESSION_COOKIE_NAME] = matrix_world.sessions[role]
            got[role] = _answer(getattr(client, row.method)(url))
    wrong = {r: f"expected {row.expected[r]}, got {got[r]}" for r in ROLES if got[r] != row.expected[r]}
    assert not wrong, f"{url}: {wrong}"
