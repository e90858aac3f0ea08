"""Shared fixtures: the named people whose access the tests check, and the real services.

Under CI=true the tests run on PostgreSQL and need Redis and Chromium; a missing one fails the run.
"""

import copy
import os
import shutil
import unittest
from dataclasses import dataclass

import pytest
from django.db import connection

from programmes.models import Peer, Post, StaffRole, Team, Trust
from tests import factories

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = "/usr/bin/chromium"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def need(what: str, present: bool) -> None:
    """A missing service fails the run in CI, and skips (with the reason shown) elsewhere."""
    if present:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI (CI=true) and is missing", pytrace=False)
    pytest.skip(f"{what} is missing; `make test` on this kind of machine has it")


def redis_available() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def postgresql_available() -> bool:
    """Whether the PostgreSQL server answers (its maintenance database: the test database may not be made yet)."""
    from django.db import DatabaseError

    try:
        with connection._nodb_cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


@pytest.fixture(scope="session", autouse=True)
def _real_services_in_ci(django_db_blocker):
    """In CI a missing service fails every test. None of the checks waits for the test database, which is being
    made meanwhile (tests/template_db.py), so the tests that use no database start at once."""
    if IN_CI:
        with django_db_blocker.unblock():
            vendor = connection.vendor
            if vendor != "postgresql":
                pytest.fail(f"CI must run on PostgreSQL, not {vendor}: set DATABASE_URL", pytrace=False)
            if not postgresql_available():
                where = f"{connection.settings_dict['HOST']}:{connection.settings_dict['PORT']}"
                pytest.fail(f"PostgreSQL is not answering at {where}", pytrace=False)
        if not redis_available():
            pytest.fail(f"Redis is not answering at {REDIS_URL}", pytrace=False)
        if not shutil.which(CHROMIUM):
            pytest.fail(f"Chromium is missing at {CHROMIUM}", pytrace=False)


# --- The migrations run once per pytest-xdist run, into a template each worker's database is copied from ----------
# (tests/template_db.py says why and how.) The controller builds it in the background from the moment the first
# worker starts; the tests that use no database run first meanwhile, and a worker waits for the template only when
# a test first needs the database.

_XDIST_RUN = pytest.StashKey[str]()  # in the controller: xdist's run id, which names the run's template
_BUILD = pytest.StashKey[object]()  # in the controller: the template's background build (a Popen, or None)
DISTRIBUTION = "distribution"  # in a worker's workerinput: the controller's --dist and --maxschedchunk


@pytest.fixture(scope="session")
def _worker_db_template(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_modify_db_settings,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
):
    workerinput = getattr(request.config, "workerinput", None)
    if workerinput is None or not django_db_use_migrations:
        return
    from tests.template_db import IN_BACKGROUND, TemplateUnavailable, use_template_for_worker

    with django_db_blocker.unblock():
        try:
            use_template_for_worker(
                runuid=workerinput["testrunuid"],
                workerid=workerinput["workerid"],
                keep_existing=django_db_keepdb and not django_db_createdb,
                verbosity=request.config.option.verbose,
                in_background=workerinput.get(IN_BACKGROUND, False),
            )
        except TemplateUnavailable as error:
            pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def django_db_setup(_worker_db_template, django_db_setup, django_db_blocker):
    """pytest-django's own `django_db_setup` (the argument of the same name), which then finds a worker's test
    database set to be copied from the run's template rather than migrated; its teardown and --reuse-db are
    unchanged. Then the rows the migrations left are kept, for the tables to be put back after a test that
    commits (below)."""
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            copy_tables_after_migrate()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """In the controller, as each worker starts: the template's build starts with the first worker that needs it,
    and the worker is told so (it waits for that build rather than building one itself)."""
    from tests.template_db import IN_BACKGROUND, start_build, worker_needs_template

    config = node.config
    runuid = node.workerinput["testrunuid"]
    config.stash[_XDIST_RUN] = runuid
    # A worker's own options say `--dist no`; the order of its tests follows the controller's (below).
    node.workerinput[DISTRIBUTION] = (config.getoption("dist"), config.getoption("maxschedchunk"))
    if config.option.collectonly or config.getvalue("nomigrations"):
        return
    from pytest_django.plugin import blocking_manager_key

    keep_existing = config.getvalue("reuse_db") and not config.getvalue("create_db")
    with config.stash[blocking_manager_key].unblock():
        if not worker_needs_template(node.workerinput["workerid"], keep_existing):
            return
    if _BUILD not in config.stash:
        config.stash[_BUILD] = start_build(runuid, config.option.verbose, cwd=config.rootpath)
    node.workerinput[IN_BACKGROUND] = True


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    """The controller drops the run's template once every worker has stopped (nothing is left in PostgreSQL),
    stopping its build first if the run ended before it did."""
    runuid = session.config.stash.get(_XDIST_RUN, None)
    if runuid is None:
        return
    from pytest_django.plugin import blocking_manager_key

    from tests.template_db import drop_template, stop_build

    stop_build(session.config.stash.get(_BUILD, None))
    with session.config.stash[blocking_manager_key].unblock():
        drop_template(runuid)


def _uses_database(item) -> bool:
    """Whether the test uses the database, or may: marked, a Django test case, a fixture of its (or an autouse one)
    needing `django_db_setup`, or a module sharing a world (tests/shared_world.py builds it on demand)."""
    cls = getattr(item, "cls", None)
    return bool(
        (cls is not None and issubclass(cls, unittest.TestCase))
        or item.get_closest_marker("django_db")
        or item.get_closest_marker(SHARED_WORLD)
        or "django_db_setup" in getattr(item, "fixturenames", ())
    )


def _first_chunks(config, count: int) -> tuple[int, int] | None:
    """Under pytest-xdist's default distribution (`load`): the number of workers, and how many consecutive tests
    of the collection each is sent first (xdist's LoadScheduling.schedule); None otherwise."""
    workerinput = getattr(config, "workerinput", None)
    distribution, maxschedchunk = (workerinput or {}).get(DISTRIBUTION, ("no", None))
    if distribution != "load":
        return None
    workers = workerinput["workercount"]
    if count < 2 * workers:
        return None
    return workers, max(min(count // workers // 4, maxschedchunk or count), 2)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The tests that use no database first (pytest-django puts them last), while the template is still being
    built; the others in pytest-django's order (each test, then the ones that commit).

    pytest-xdist sends each worker a chunk of consecutive tests first, so the tests without the database are
    shared out at the start of each chunk, for every worker to have some. Every worker collects the same tests
    with the same options, so every worker finds the same order (as xdist requires)."""
    without = [item for item in items if not _uses_database(item)]
    rest = [item for item in items if _uses_database(item)]
    chunks = _first_chunks(config, len(items))
    if chunks is None or len(without) >= chunks[0] * chunks[1]:
        items[:] = without + rest
        return
    workers, chunk = chunks
    ordered = []
    for worker in range(workers):
        ordered += without[worker * len(without) // workers : (worker + 1) * len(without) // workers]
        fill = max(0, (worker + 1) * chunk - len(ordered))
        ordered += rest[:fill]
        del rest[:fill]
    items[:] = ordered + rest


@dataclass
class World:
    """Two trusts and one person per role, as the access rules name them."""

    trust: Trust
    team: Team
    other_team: Team
    other_trust: Trust
    other_trust_team: Team
    hr_officer: object
    peer_lead: object
    line_manager: object
    supervisor: object
    panel_member: object
    peer_worker: object
    other_trust_staff: object
    administrator: object
    peer: Peer
    post: Post
    colleague: Peer
    applicant: Peer
    other_team_peer: Peer
    other_trust_peer: Peer
    other_trust_post: Post


def _staff(username, trust, role, team=None):
    user = factories.UserFactory(username=username)
    StaffRole.objects.create(user=user, trust=trust, team=team, role=role)
    return user


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a folder of the test's own, removed afterwards."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def make_world() -> World:
    """The shared world, built (for the `world` fixture, or once per module for the permission matrix)."""
    Role = StaffRole.Role
    trust = factories.TrustFactory(name="Northshire Health and Care NHS Foundation Trust", ods_code="ZZ1")
    other_trust = factories.TrustFactory(name="Westvale Mental Health NHS Trust", ods_code="ZZ2")
    factories.ProgrammeFactory(trust=trust, name="Northshire Peer Support Programme")
    team = factories.TeamFactory(trust=trust, name="Riverside CMHT")
    other_team = factories.TeamFactory(trust=trust, name="Oak Ward", service_type=Team.ServiceType.INPATIENT)
    other_trust_team = factories.TeamFactory(trust=other_trust, name="Westvale CMHT")

    peer_user = factories.UserFactory(username="peer_worker")
    peer = factories.PeerFactory(
        trust=trust,
        full_name="Samira Okafor",
        user=peer_user,
        lived_experience_summary="Depression; recovery through peer groups.",
    )
    post = factories.PostFactory(team=team, holder=peer)
    colleague = factories.PeerFactory(trust=trust, full_name="Daniel Whitfield")
    factories.PostFactory(team=team, holder=colleague)
    other_team_peer = factories.PeerFactory(trust=trust, full_name="Tom Hughes")
    factories.PostFactory(team=other_team, holder=other_team_peer)
    applicant = factories.PeerFactory(trust=trust, full_name="Chris Bell")
    other_trust_peer = factories.PeerFactory(trust=other_trust, full_name="Wes Vale")
    other_trust_post = factories.PostFactory(team=other_trust_team, holder=other_trust_peer)

    return World(
        trust=trust,
        team=team,
        other_team=other_team,
        other_trust=other_trust,
        other_trust_team=other_trust_team,
        hr_officer=_staff("hr_officer", trust, Role.HR),
        peer_lead=_staff("peer_lead", trust, Role.PEER_LEAD),
        line_manager=_staff("line_manager", trust, Role.LINE_MANAGER, team),
        supervisor=_staff("supervisor", trust, Role.SUPERVISOR, team),
        panel_member=_staff("panel_member", trust, Role.PANEL_MEMBER),
        peer_worker=peer_user,
        other_trust_staff=_staff("other_trust_staff", other_trust, Role.HR),
        administrator=factories.UserFactory(username="administrator", is_superuser=True, is_staff=True),
        peer=peer,
        post=post,
        colleague=colleague,
        applicant=applicant,
        other_team_peer=other_team_peer,
        other_trust_peer=other_trust_peer,
        other_trust_post=other_trust_post,
    )


@pytest.fixture
def world(request, db) -> World:
    """Built for the test; in a module marked `shared_world`, the test's own copy of the module's (which holds the
    records of the module's kind too: tests/shared_world.py)."""
    shared = request.getfixturevalue("_shared_world")  # autouse: set up before `db`
    return make_world() if shared is None else copy.deepcopy(shared)


@pytest.fixture
def recruitment(request, world):
    """The recruitment world (tests/recruitment/world.py): `world`, with the records added (already there in a
    module marked `shared_world` or `shared_world("recruitment")`)."""
    return world if holds(request, "recruitment") else make_recruitment(world)


@pytest.fixture
def client():
    """Django's test client, posting a create or edit form with its page's one-time token or version as a browser
    does (tests/form_client.py); the server's check is not relaxed."""
    from tests.form_client import FormClient

    return FormClient()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Django's advice for tests: a fast hasher, so creating users does not dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# The later phases' worlds (tests/*/world.py), on `world`; the recruitment one (a vacancy, applications at several
# stages, OH and DBS records) is `recruitment` above, built once for a module marked `shared_world`.
from tests.development.world import development  # noqa: E402, F401
from tests.recruitment.world import make_recruitment  # noqa: E402
from tests.shared_world import MARK as SHARED_WORLD  # noqa: E402
from tests.shared_world import MARK_HELP, _shared_world, holds  # noqa: E402, F401
from tests.workforce.world import workforce  # noqa: E402, F401


def pytest_configure(config):
    config.addinivalue_line("markers", MARK_HELP)


# --- The tables back as the migrations left them, after a test that commits --------------------------------
# A transactional test (browser journeys, the Celery worker, two runs at once) commits, so Django empties every
# table when it ends (a TRUNCATE of all ~250 tables, then the content types and permissions made again), and the
# reference data loaded by migrations went with it and had to be loaded again: 2-3 s a test, ~100 tests. On
# PostgreSQL the tables are instead put back as they were after `migrate`: each table with rows is emptied and
# the rows the migrations left (copied once per test database, by `django_db_setup` above) are copied back, in
# one transaction, with the foreign-key triggers off while it runs. pytest-xdist may hand a worker an ordinary
# test afterwards: it finds the same reference data, under the same ids, as the first test did.

_AFTER_MIGRATE: dict[str, bytes] = {}  # table -> its rows as `COPY ... TO STDOUT` wrote them


def _tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'django_migrations'"
    )
    return [row[0] for row in cursor.fetchall()]


def _with_rows(cursor, tables: list[str]) -> list[str]:
    """The tables of `tables` that hold a row: one query. (Names from pg_tables, quoted.)"""
    if not tables:
        return []
    cursor.execute(
        " UNION ALL ".join(f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM \"{t}\")" for t in tables)  # noqa: S608
    )
    return [row[0] for row in cursor.fetchall()]


def copy_tables_after_migrate() -> None:
    _AFTER_MIGRATE.clear()
    with connection.cursor() as cursor:
        for table in _with_rows(cursor, _tables(cursor)):
            with cursor.cursor.copy(f'COPY "{table}" TO STDOUT') as copy:
                _AFTER_MIGRATE[table] = b"".join(bytes(chunk) for chunk in copy)


def put_tables_back() -> None:
    """Every table as `copy_tables_after_migrate` found it (sequences go on from where they are, as after a
    flush)."""
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")  # no foreign-key triggers meanwhile
        for table in _with_rows(cursor, _tables(cursor)):
            cursor.execute(f'DELETE FROM "{table}"')  # noqa: S608  (a name from pg_tables)
        for table, rows in _AFTER_MIGRATE.items():
            with cursor.cursor.copy(f'COPY "{table}" FROM STDIN') as copy:
                copy.write(rows)


def _put_back_or_flush(self) -> None:
    if connection.vendor == "postgresql" and _AFTER_MIGRATE:
        put_tables_back()
    else:
        _flush(self)


from django.test import TransactionTestCase  # noqa: E402

_flush = TransactionTestCase._fixture_teardown
TransactionTestCase._fixture_teardown = _put_back_or_flush


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and marker.kwargs.get("transaction")) or "transactional_db" in fixtures or "live_server" in fixtures
    )


def reload_reference_data() -> None:
    """The migrations' reference data loaded again (after a flush on a database other than PostgreSQL)."""
    import importlib

    from django.apps import apps

    from development.reference_data import load_development_reference_data
    from programmes.reference_data import load_reference_data

    load_reference_data()
    load_development_reference_data()
    for module, function in (
        ("workforce.migrations.0002_reminder_schedule", "create_schedules"),
        ("workforce.migrations.0003_induction_template", "load_template"),
        ("workforce.migrations.0005_catch_up_schedule", "create_schedules"),
        ("privacy.migrations.0002_retention_schedule", "create_schedules"),
    ):
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if _is_transactional(item) and not _AFTER_MIGRATE:
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            reload_reference_data()
