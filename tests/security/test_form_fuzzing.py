"""Bad input in any form (issue 8 item 5; DESIGN section 9): every view that accepts a POST is sent data generated
by hypothesis from its own form's fields, by every role of the permission matrix.

Properties, for every form x role x example (each example in a savepoint rolled back afterwards):
- never a server error (the test client re-raises any exception a view lets out);
- a role the matrix keeps out gets the same answer as for the page (404, or a redirect to sign in) and nothing
  is saved;
- data the form or service refuses saves nothing and the page comes back (200) with the error beside the field
  or in the error summary;
- a model-choice field offers only what the user may see (a subset of the access queryset), and an id it does
  not offer is never accepted;
- data accepted (a redirect) creates at most one record of the form's model, an edit page none; posting the
  same form again (a double click, a browser's resend: the same one-time token) saves nothing more and leads to
  the first result, and an edit form posted again (its version now stale) is refused and saves nothing.

Views are found by walking the URL patterns: any view that accepts POST is fuzzed (its form, formsets and
per-item forms are found in the page's context) unless EXCLUDED names it with the reason.
"""

from __future__ import annotations

import datetime as dt
import inspect
import os
import re
import string
from decimal import Decimal

import pytest
import time_machine
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.forms.formsets import BaseFormSet
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from programmes import access
from programmes.integrity import TOKEN_FIELD
from programmes.models import Peer, Post, Team, Trust
from programmes.views import EditRecordView
from tests.form_client import integrity_fields
from tests.matrix import ROLES
from tests.module_world import Kind, _module_world, _row_world  # noqa: F401  (the fixtures the tests below use)
from tests.test_permissions import MATRIX, _answer

# Examples per form and role: enough to reach both the valid and the refused paths of every form (a third of
# the examples fill every field plausibly, a third break one field, a third break any), few enough that the
# module runs in a few minutes on one core.
EXAMPLES_ALLOWED = 4
EXAMPLES_FORBIDDEN = 1

# Views that accept POST and are not fuzzed here, each with the reason. Everything else that accepts POST is.
EXCLUDED = {
    "login": "Django's own sign-in form, throttled by django-axes; fuzzing it would lock the roles out "
    "(tests/test_auth.py covers it)",
    "logout": "no data: a POST signs the user out",
    "password_change": "Django's own form (django.contrib.auth), not this application's code",
    "password_reset": "Django's own form; it sends an email and never says whether the address exists",
    "password_reset_confirm": "Django's own form behind a signed token; with a bad token it shows no form",
    "programmes:notification-read": "no form: a button marking one of the user's own notifications read "
    "(tests/programmes/test_notifications.py)",
    "programmes:notification-read-all": "no form: a button marking all the user's notifications read",
    "programmes:import-confirm": "no form: it imports the file checked on programmes:import (fuzzed here) "
    "by the token of its dry run, which tests/programmes/test_import.py covers",
    "workforce:supervision-detail": "no form: two buttons (action=held or cancel); fuzzed separately below",
    "api:import": "an API endpoint taking JSON, not a form: its bad input is generated from the schema by "
    "schemathesis (tests/api/test_schema_conformance.py) and checked in tests/api/test_imports.py",
    "api:token-revoke": "no form: a button revoking one of the user's own tokens (tests/api/test_tokens.py)",
    "dashboards:recount": "no form: a button counting a big dashboard's kept figures again with the page's filters "
    "(tests/dashboards/test_kept.py)",
}

# Pages whose POST never saves anything: it answers 200 with a result, whatever the data.
CHECK_ONLY = {
    "programmes:import": "a dry run of the file; the import itself is programmes:import-confirm",
}

HISTORY_PREFIX = "historical"
APP_LABELS = ("programmes", "recruitment", "workforce", "development", "dashboards")
# Reads are logged (programmes.SensitiveAccessLog) also when a form is shown again with its errors: a log of
# reading, not a record saved by the form, so it is left out of the fingerprint.
NOT_SAVES = {"programmes.sensitiveaccesslog"}

VISIBLE = {
    Peer: access.visible_peers,
    Team: access.visible_teams,
    Post: access.visible_posts,
    Trust: access.visible_trusts,
}


# --- Which views accept POST ---------------------------------------------------------------------------------


def _patterns(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":  # the admin's own forms are Django's, for administrators only
                continue
            yield from _patterns(pattern, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", pattern


def posting_views() -> dict[str, type]:
    """URL name -> view class, for every view of the project that accepts POST."""
    found = {}
    for name, pattern in _patterns():
        view_class = getattr(pattern.callback, "view_class", None)
        actions = getattr(pattern.callback, "actions", None)
        if actions is not None:  # a Django REST framework viewset's route: the methods it maps (api/)
            if "post" in actions:
                found[name] = pattern.callback.cls
            continue
        if view_class is None:
            accepts = "POST" in getattr(pattern.callback, "allowed_methods", {"POST"})
            if accepts:
                found[name] = pattern.callback
            continue
        if "post" in view_class.http_method_names and hasattr(view_class, "post"):
            found[name] = view_class
    return found


POSTING = posting_views()
ROWS = [row for row in MATRIX if row.method == "get" and row.name in POSTING and row.name not in EXCLUDED]


def test_every_view_that_accepts_post_is_fuzzed_or_excluded_with_a_reason():
    fuzzed = {row.name for row in ROWS}
    missing = sorted(set(POSTING) - fuzzed - set(EXCLUDED))
    assert not missing, (
        f"views accepting POST with no GET row to fuzz from (add a matrix row or an exclusion): {missing}"
    )
    stale = sorted(set(EXCLUDED) - set(POSTING))
    assert not stale, f"exclusions for views that no longer accept POST: {stale}"
    assert set(CHECK_ONLY) <= fuzzed
    # The ones fuzzed include the project's form views of every kind (a guard against a walk that finds none).
    assert {"programmes:trust-create", "development:training-create", "workforce:supervision-notes"} <= fuzzed


# --- A fingerprint of everything saved -------------------------------------------------------------------------


def _tables() -> list[tuple[str, str]]:
    tables = []
    for label in APP_LABELS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label_lower not in NOT_SAVES:
                tables.append((model._meta.label_lower, model._meta.db_table))
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                if through._meta.auto_created:
                    tables.append((through._meta.label_lower, through._meta.db_table))
    tables.append(("auth.user", "auth_user"))
    return sorted(set(tables))


# Each table's row count as last counted in this transaction: {"xid": the transaction, "tables": {table:
# (inserted, deleted, savepoints, count)}}, with the server's counters of the rows the transaction had inserted and
# deleted in the table then, and the savepoints open then.
_COUNTED: dict = {"xid": None, "tables": {}}


def _count(cursor, tables: list[str]) -> dict[str, int]:
    quote = connection.ops.quote_name
    # Table names from the models' own meta, quoted: no input reaches this SQL.
    sql = " UNION ALL ".join(f"SELECT {i}, COUNT(*) FROM {quote(table)}" for i, table in enumerate(tables))  # noqa: S608
    cursor.execute(sql)
    counts = dict(cursor.fetchall())
    return {table: counts[i] for i, table in enumerate(tables)}


def fingerprint() -> dict[str, int]:
    """The row count of every table of the application (history and many-to-many tables included).

    Counting all ~180 tables takes 60-90 ms, which was most of the time of a fuzzed POST. On PostgreSQL, inside a
    transaction, a table's last count in it is kept while it still holds: while no row of the table has been
    inserted or deleted since (the server's per-transaction counters, `pg_stat_xact_user_tables`, which count the
    rows of a savepoint rolled back too) and every savepoint open when it was counted is still open (none rolled
    back since). The others are counted again: a few milliseconds for a POST that touched a few tables, taken
    before its savepoint as the fuzzing does."""
    tables = _tables()
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql" or not connection.in_atomic_block:
            counts = _count(cursor, [table for _, table in tables])
            return {label: counts[table] for label, table in tables}
        cursor.execute("SELECT txid_current()")
        xid = cursor.fetchone()[0]
        if _COUNTED["xid"] != xid:
            _COUNTED.update(xid=xid, tables={})
        known = _COUNTED["tables"]
        cursor.execute(
            "SELECT relname, n_tup_ins, n_tup_del FROM pg_stat_xact_user_tables WHERE schemaname = current_schema()"
        )
        moved = {table: (inserted, deleted) for table, inserted, deleted in cursor.fetchall()}
        open_now = tuple(connection.savepoint_ids)

        def holds(table: str) -> bool:
            entry = known.get(table)
            return entry is not None and entry[:2] == moved.get(table, (0, 0)) and open_now[: len(entry[2])] == entry[2]

        stale = [table for _, table in tables if not holds(table)]
        if stale:
            for table, count in _count(cursor, stale).items():
                known[table] = (*moved.get(table, (0, 0)), open_now, count)
    return {label: known[table][3] for label, table in tables}


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {label: after[label] - before[label] for label in before if after[label] != before[label]}


def test_the_fingerprint_moves_with_a_row_saved_or_removed_and_a_savepoint_rolled_back(db):
    """The fingerprint every "saved nothing" check rests on: a save, a delete and a rolled-back save."""
    before = fingerprint()
    trust = Trust.objects.create(name="Fingerprint Trust", ods_code="FP1")
    assert changed(before, fingerprint())["programmes.trust"] == 1
    saved = fingerprint()
    with transaction.atomic():
        Team.objects.create(trust=trust, name="Rolled back")
        assert changed(saved, fingerprint())["programmes.team"] == 1
        transaction.set_rollback(True)
    assert "programmes.team" not in changed(saved, fingerprint())
    trust.delete()
    assert changed(saved, fingerprint())["programmes.trust"] == -1


# --- The forms on a page, and data for their fields -----------------------------------------------------------


def forms_on_page(response) -> list:
    """The forms and formsets in a page's context (the main form, formsets, per-item forms)."""
    found, seen = [], set()

    def add(value):
        if isinstance(value, forms.BaseForm | BaseFormSet) and id(value) not in seen:
            seen.add(id(value))
            found.append(value)

    for key in response.context.keys():  # noqa: SIM118  (a ContextList iterates over its contexts, not keys)
        value = response.context[key]
        if isinstance(value, list | tuple):
            for item in value:
                add(item)
        elif isinstance(value, dict):
            for item in value.values():
                add(item)
        else:
            add(value)
    return found


def fields_of(found: list) -> tuple[dict, list]:
    """(fixed data: the formsets' management forms; [(name, field, initial)] for every field to fill)."""
    fixed, fields = {}, []
    for item in found:
        if isinstance(item, BaseFormSet):
            management = item.management_form
            fixed.update({management.add_prefix(k): v for k, v in management.initial.items()})
            members = item.forms
        else:
            members = [item]
        for form in members:
            for name, field in form.fields.items():
                if not field.disabled:
                    fields.append((form.add_prefix(name), field, form[name].value()))
    return fixed, fields


HOSTILE_TEXT = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n\t",
    "\u202eevil",
    "\ufeff",
    "Zoë Ñandú 李小龍 🙂",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "{{ 7|add:7 }}",
    "{record}",
    "%s%n",
    "../../etc/passwd",
    "-1",
    "0",
    "9" * 40,
    "NaN",
    "Infinity",
    "1e400",
    "2024-02-30",
    "0000-00-00",
    "99999-12-31",
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "2101-01-01",
    "31/12/2025",
    "25:61",
]
BAD_IDS = ["0", "-1", "2147483648", "9223372036854775808", "1.5", "abc", "1 OR 1=1", "", "١"]
FAR_DATES = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
NEAR_DATES = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))

long_text = st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=3), st.integers(1, 30_000))
any_text = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=300), long_text)


def _choice_values(field) -> list[str]:
    values = []
    for value, label in field.choices:
        if isinstance(label, list | tuple):  # a group
            values += [str(v) for v, _ in label]
        else:
            values.append(str(value))
    return [v for v in values if v != ""]


def _upload(name: str, content: bytes) -> tuple[str, bytes]:
    return (name, content)


FILE_NAMES = ["evidence.pdf", "photo.png", "notes.txt", "data.csv", "x.exe", "a" * 300 + ".pdf", "../../x.pdf", ""]
FILE_CONTENT = [b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", b"\x89PNG\r\n\x1a\n", b"name,email\n", b"MZ\x90\x00", b""]
files = st.builds(
    _upload,
    st.one_of(st.sampled_from(FILE_NAMES), st.text(max_size=40)),
    st.one_of(st.sampled_from(FILE_CONTENT), st.binary(max_size=200)),
)


def plausible(field, initial, offered: list[str]):
    """Values a person filling the form in would type or pick."""
    if initial not in (None, "", []) and not isinstance(field, forms.FileField):
        if isinstance(initial, dt.datetime):
            initial = initial.strftime("%Y-%m-%d %H:%M")
        elif isinstance(initial, dt.date | dt.time):
            initial = initial.isoformat()
        elif isinstance(initial, list | tuple):
            initial = [str(v) for v in initial]
        else:
            initial = str(initial)
        return st.just(initial)
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        values = offered if isinstance(field, forms.ModelChoiceField) else _choice_values(field)
        return st.lists(st.sampled_from(values), max_size=3, unique=True) if values else st.just([])
    if isinstance(field, forms.ModelChoiceField):
        return st.sampled_from(offered) if offered else st.just("")
    if isinstance(field, forms.ChoiceField):
        values = _choice_values(field)
        return st.sampled_from(values) if values else st.just("")
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", ""])
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        low = field.min_value if field.min_value is not None else 0
        high = field.max_value if field.max_value is not None else 100
        return st.integers(int(low), int(high)).map(str)
    if isinstance(field, forms.DateTimeField):
        return st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2030, 12, 31)).map(
            lambda d: d.strftime("%Y-%m-%d %H:%M")
        )
    if isinstance(field, forms.DateField):
        return NEAR_DATES.map(dt.date.isoformat)
    if isinstance(field, forms.TimeField):
        return st.times().map(lambda t: t.strftime("%H:%M"))
    if isinstance(field, forms.FileField):
        return st.sampled_from([("evidence.pdf", FILE_CONTENT[0] + b"1 0 obj\n"), ("data.csv", b"a,b\n1,2\n")])
    if isinstance(field, forms.EmailField):
        return st.just("sam.okafor@example.org")
    if isinstance(field, forms.URLField):
        return st.just("https://example.org/evidence")
    size = min(field.max_length or 60, 60) if isinstance(field, forms.CharField) else 60
    return st.text(alphabet=string.ascii_letters + " ", min_size=1, max_size=size).filter(str.strip)


def hostile(field, offered: list[str], hidden: list[str]):
    """Values nobody should be able to save: out of range, malformed, or someone else's records."""
    if isinstance(field, forms.ModelChoiceField):
        ids = st.sampled_from(hidden + BAD_IDS)
        one = st.one_of(ids, any_text)
        if isinstance(field, forms.ModelMultipleChoiceField):
            return st.lists(st.one_of(ids, st.sampled_from(offered or ["1"])), min_size=1, max_size=4)
        return one
    if isinstance(field, forms.MultipleChoiceField):
        return st.lists(st.one_of(st.sampled_from(_choice_values(field) or ["x"]), any_text), min_size=1, max_size=4)
    if isinstance(field, forms.ChoiceField):
        return st.one_of(any_text, st.sampled_from(_choice_values(field) or ["x"]).map(lambda v: f" {v}\x00"))
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return st.one_of(
            st.integers().map(str),
            st.decimals(allow_nan=True, allow_infinity=True).map(str),
            st.sampled_from(["1e400", "-0", "0x10", " 12 ", "1,000", "١٢", str(2**63), str(Decimal("1E-400"))]),
            any_text,
        )
    if isinstance(field, forms.DateTimeField):
        return st.one_of(
            st.datetimes().map(lambda d: d.strftime("%Y-%m-%d %H:%M")),
            FAR_DATES.map(str),
            st.sampled_from(FAR_DATE_EDGES).map(lambda d: f"{d} 10:00"),
            any_text,
        )
    if isinstance(field, forms.DateField):
        return st.one_of(FAR_DATES.map(dt.date.isoformat), st.sampled_from(FAR_DATE_EDGES), any_text)
    if isinstance(field, forms.TimeField):
        return st.one_of(st.sampled_from(["24:00", "-1:00", "12:60", "noon"]), any_text)
    if isinstance(field, forms.FileField):
        return files
    return any_text


# --- Posting -----------------------------------------------------------------------------------------------


def post(client, url: str, fixed: dict, values: dict):
    data = dict(fixed)
    for name, value in values.items():
        if value is OMIT:
            continue
        if isinstance(value, tuple):  # a file: a fresh upload each time it is posted
            # As a browser sends it: the name's last part ("/" or ".." names no file, so Django refuses to make one).
            name = os.path.basename(value[0])
            value = SimpleUploadedFile(name if name not in ("", ".", "..") else "upload", value[1])
        data[name] = value
    return client.post(url, data)


OMIT = object()


def shows_errors(response) -> bool:
    html = response.content.decode()
    return any(
        mark in html for mark in ('class="invalid-feedback', "invalid-feedback", "data-error-summary", "alert-danger")
    )


def offered_ids(field) -> list[str]:
    return [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:50]] if field.queryset is not None else []


def hidden_ids(field, offered: list[str]) -> list[str]:
    model = field.queryset.model
    return [
        str(pk)
        for pk in model._default_manager.exclude(pk__in=field.queryset.values("pk")).values_list("pk", flat=True)[:50]
    ]


def draw_values(data, fields: list, choices: dict) -> dict:
    mode = data.draw(st.sampled_from(["plausible", "one bad field", "hostile"]), label="mode")
    bad = data.draw(st.integers(0, max(len(fields) - 1, 0)), label="bad field") if mode == "one bad field" else -1
    values = {}
    for i, (name, field, initial) in enumerate(fields):
        offered, hidden = choices.get(name, ([], []))
        if mode == "plausible" or (mode == "one bad field" and i != bad):
            strategy = plausible(field, initial, offered)
        elif mode == "one bad field":
            strategy = st.one_of(hostile(field, offered, hidden), st.just(OMIT))
        else:
            strategy = st.one_of(plausible(field, initial, offered), hostile(field, offered, hidden), st.just(OMIT))
        values[name] = data.draw(strategy, label=name)
    return values


FUZZ = hypothesis_settings(
    max_examples=EXAMPLES_ALLOWED,
    deadline=None,
    database=None,
    derandomize=False,
    suppress_health_check=list(HealthCheck),
)


FROZEN = dt.datetime(2026, 2, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(FROZEN, tick=False):
        yield


def _model_of(found: list):
    main = next((f for f in found if isinstance(f, forms.BaseModelForm)), None)
    return main._meta.model if main is not None else None


# Pages whose access follows who is in post today: the day they are fuzzed on, within the workforce world's
# placements (from 1 September 2026) rather than the 2 February 2026 of `frozen`.
FUZZED_ON = {
    "outcomes:return-create": dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC),
    "outcomes:return-update": dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC),
}


def fuzzed_world(row) -> Kind:
    """The world a row is fuzzed in, built as its fixtures built it for each row: the shared world and phase 1 on
    the real clock, the phase's records (recruitment, workforce, development) on the day the row is fuzzed."""
    if row.world_fixture == "preparation":
        return Kind("preparation")
    return Kind(row.world_fixture, phase_on=FUZZED_ON.get(row.name, FROZEN))


def frozen_world(world_fixture: str) -> Kind:
    """The world of `request.getfixturevalue(world_fixture)` inside a test: all of it built on the frozen day, with
    phase 1's records only in the "preparation" one (the fixture of a phase builds that phase's on the shared world
    alone)."""
    return Kind(world_fixture, preparation=world_fixture == "preparation", base_on=FROZEN, phase_on=FROZEN)


# The world is built once per module and kind (tests/module_world.py), each row running in a savepoint of it with
# its own copy: building it for each of ~130 rows took a third of the module's time.
@pytest.mark.parametrize(
    ("row", "module_world"),
    [(row, fuzzed_world(row)) for row in ROWS],
    indirect=["module_world"],
    ids=[row.id for row in ROWS],
    scope="module",
)
def test_bad_input_never_breaks_a_form_and_saves_nothing(row, row_world, client, request, settings, tmp_path, frozen):
    if row.name in FUZZED_ON:
        traveller = time_machine.travel(FUZZED_ON[row.name], tick=False)
        traveller.start()
        request.addfinalizer(traveller.stop)
    settings.MEDIA_ROOT = tmp_path
    world = row_world
    url = reverse(row.name, kwargs=row.kwargs(world))
    view_class = POSTING[row.name]
    # A row no role may open (e.g. a WAP for a peer who has one) is posted to by every role, all kept out.
    allowed = [role for role in ROLES if row.expected[role] == 200]
    page_form = ({}, [])

    for role in allowed:
        user = getattr(world, role)
        client.force_login(user)
        page = client.get(url)
        assert page.status_code == 200, (role, page.status_code)
        found = forms_on_page(page)
        if not found:
            # A page with no form whose class only passes POST on (a mixin's handler) must refuse it.
            assert client.post(url, {"x": "y"}).status_code == 405, f"{row.id}: POST taken, but no form on the page"
            continue
        fixed, fields = page_form = fields_of(found)
        # The page's one-time token (a create form) or the version it was opened at (an edit form), as a browser
        # sends it: without it every POST would be refused before its data is looked at.
        fixed.update(integrity_fields(page.content.decode()))
        model = _model_of(found)
        choices = {}
        for name, field, _ in fields:
            if isinstance(field, forms.ModelChoiceField):
                offered = offered_ids(field)
                choices[name] = (offered, hidden_ids(field, offered))
                rule = VISIBLE.get(field.queryset.model)
                if rule is not None:
                    access.forget(user)
                    beyond = field.queryset.exclude(pk__in=rule(user).values("pk"))
                    assert not beyond.exists(), f"{row.id} as {role}: {name} offers {list(beyond)} the user may not see"

        fuzz_as(row, role, client, url, fixed, fields, choices, model, view_class)

    # The roles kept out: the same answer as for the page, whatever they post, and nothing saved.
    # (The fields are those the last allowed role saw: usually the administrator, who sees the most.)
    for role in ROLES:
        if role in allowed:
            continue
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(world, role))
        post_kept_out(row, role, client, url, *page_form)


def fuzz_as(row, role, client, url, fixed, fields, choices, model, view_class):
    """EXAMPLES_ALLOWED posts of generated data by a role the page is for."""

    @FUZZ
    @given(data=st.data())
    def example(data):
        values = draw_values(data, fields, choices)
        before = fingerprint()  # (before the savepoint: the counts it keeps hold across the examples)
        with transaction.atomic():
            response = post(client, url, fixed, values)
            after = fingerprint()
            check_answer(row, role, response, before, after, values, choices, model, view_class, client, url, fixed)
            transaction.set_rollback(True)

    example()


def post_kept_out(row, role, client, url, fixed, fields):
    """EXAMPLES_FORBIDDEN posts by a role kept out: the page's answer, and nothing saved."""

    @hypothesis_settings(FUZZ, max_examples=EXAMPLES_FORBIDDEN)
    @given(data=st.data())
    def kept_out(data):
        values = draw_values(data, fields, {})
        before = fingerprint()
        with transaction.atomic():
            response = post(client, url, fixed, values)
            # 405 from a view that takes no POST at all (answered whatever the object: it reveals nothing).
            assert _answer(response) in (row.expected[role], 405), f"{row.id} as {role}: {_answer(response)}"
            assert changed(before, fingerprint()) == {}, f"{row.id} as {role}: saved although kept out"
            transaction.set_rollback(True)

    kept_out()


def check_answer(row, role, response, before, after, values, choices, model, view_class, client, url, fixed):
    who = f"{row.id} as {role}"
    assert response.status_code < 500, who
    delta = changed(before, after)
    if row.name in CHECK_ONLY:
        assert response.status_code == 200, who
        assert delta == {}, f"{who}: {CHECK_ONLY[row.name]}, yet it saved {delta}"
        return
    if response.status_code == 200:
        assert delta == {}, f"{who}: the form came back but {delta} was saved"
        assert shows_errors(response), f"{who}: the form came back without an error message"
        return
    assert response.status_code == 302, f"{who}: answered {response.status_code}"
    # Accepted. No id the form did not offer may have been taken.
    for name, (_offered, hidden) in choices.items():
        posted = values.get(name)
        posted = posted if isinstance(posted, list) else [posted]
        smuggled = [v for v in posted if isinstance(v, str) and v in hidden]
        assert not smuggled, f"{who}: accepted {name}={smuggled}, which the form did not offer"
    is_edit = issubclass(view_class, EditRecordView) if isinstance(view_class, type) else False
    if model is not None:
        created = delta.get(model._meta.label_lower, 0)
        assert created <= (0 if is_edit else 1), f"{who}: one POST created {created} {model._meta.verbose_name}"
    # The same form again (a double click, a browser's resend): its token is claimed, or its version stale.
    again = post(client, url, fixed, values)
    assert again.status_code < 500, who
    delta_again = changed(after, fingerprint())
    if TOKEN_FIELD in fixed:
        assert again.status_code == 302 and delta_again == {}, f"{who}: the same form posted again saved {delta_again}"
    elif model is not None:  # an edit form: refused when its first save moved the version, never a new record
        created_again = delta_again.get(model._meta.label_lower, 0)
        assert created_again <= (0 if is_edit else 1), f"{who}: posting again created {created_again}"


# --- The supervision session's two buttons -------------------------------------------------------------------


# The employment world alone, built on the real clock, as the `workforce` fixture built it for each of the tests below.
WORKFORCE_ALONE = Kind("workforce", preparation=False)
SESSION_ROWS = [r for r in MATRIX if r.name == "workforce:supervision-detail"]


@pytest.mark.parametrize(
    ("row", "module_world"),
    [(row, WORKFORCE_ALONE) for row in SESSION_ROWS],
    indirect=["module_world"],
    ids=[row.id for row in SESSION_ROWS],
    scope="module",
)
def test_supervision_session_buttons_take_any_input(row, row_world, client, frozen):
    workforce = row_world
    url = reverse(row.name, kwargs=row.kwargs(workforce))
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(workforce, role))

        press_buttons(row, role, client, url)


def press_buttons(row, role, client, url):
    @hypothesis_settings(FUZZ, max_examples=4)
    @given(action=st.one_of(st.sampled_from(["held", "cancel", ""]), any_text))
    def press(action):
        with transaction.atomic():
            before = fingerprint()
            response = client.post(url, {"action": action})
            assert response.status_code < 500
            if row.expected[role] != 200:
                assert _answer(response) in (row.expected[role], 404), role
                assert changed(before, fingerprint()) == {}, role
            elif action not in ("held", "cancel"):
                assert changed(before, fingerprint()) == {}, role
            transaction.set_rollback(True)

    press()


# --- Bugs the fuzzing found, pinned ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "module_world", [Kind("world", preparation=False)], indirect=True, ids=[pytest.HIDDEN_PARAM], scope="module"
)
def test_the_recovery_language_check_is_a_get_and_refuses_a_post(row_world, client):
    world = row_world
    # A valid POST reached FormView.form_valid, which had nowhere to redirect to: a 500.
    client.force_login(world.hr_officer)
    assert client.post(reverse("programmes:recovery-language"), {"text": "a service user"}).status_code == 405
    assert client.get(reverse("programmes:recovery-language"), {"text": "a service user"}).status_code == 200


@pytest.mark.parametrize("module_world", [WORKFORCE_ALONE], indirect=True, ids=[pytest.HIDDEN_PARAM], scope="module")
def test_notes_posted_by_someone_who_may_not_write_them_are_refused_with_a_reason(row_world, client):
    workforce = row_world
    # The administrator may open the notes page but is shown no form; bad data came back as a page without the
    # fields its errors belonged to. Now: a message, and nothing saved.
    row = next(r for r in MATRIX if r.name == "workforce:supervision-notes" and r.label == "managerial")
    client.force_login(workforce.administrator)
    url = reverse(row.name, kwargs=row.kwargs(workforce))
    fixed, fields = fields_of(forms_on_page(client.get(url)))
    before = fingerprint()
    response = client.post(url, {**fixed, **{name: "\x00" for name, _, _ in fields}}, follow=True)
    assert response.status_code == 200
    assert "supervisor writes the notes, once the session has been held" in response.content.decode()
    assert changed(before, fingerprint()) == {}


@pytest.mark.parametrize("module_world", [WORKFORCE_ALONE], indirect=True, ids=[pytest.HIDDEN_PARAM], scope="module")
@pytest.mark.parametrize("week", ["9999999999999999999999999999999999999999", "5", "0"])
def test_an_induction_item_in_a_week_out_of_range_is_refused_beside_the_field(row_world, client, week):
    workforce = row_world
    # A huge week overflowed while its due date was worked out: a 500.
    row = next(r for r in MATRIX if r.name == "workforce:induction-item-add")
    client.force_login(workforce.administrator)
    url = reverse(row.name, kwargs=row.kwargs(workforce))
    before = fingerprint()
    response = client.post(url, {"section": "checklist", "week": week, "title": "Meet the team", "description": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["week"]
    assert changed(before, fingerprint()) == {}


# --- Far dates (issue 21, defect 5) ----------------------------------------------------------------------------
# Every date field of every form on every page that accepts POST, given each far date in turn (the other fields
# filled as a person would): never a server error, nothing saved, and the bound's message beside that field.

FAR_DATE_EDGES = ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"]


def typical(field, initial, offered: list[str]):
    """One value a person would type or pick (no randomness: the far date is the only thing wrong)."""
    if initial not in (None, "", []) and not isinstance(field, forms.FileField):
        if isinstance(initial, dt.datetime):
            return initial.strftime("%Y-%m-%d %H:%M")
        if isinstance(initial, dt.date | dt.time):
            return initial.isoformat()
        if isinstance(initial, list | tuple):
            return [str(v) for v in initial]
        return str(initial)
    if isinstance(field, forms.ModelMultipleChoiceField):
        return offered[:1]
    if isinstance(field, forms.ModelChoiceField):
        return offered[0] if offered else ""
    if isinstance(field, forms.MultipleChoiceField):
        return _choice_values(field)[:1]
    if isinstance(field, forms.ChoiceField):
        return next(iter(_choice_values(field)), "")
    if isinstance(field, forms.BooleanField):
        return ""
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return str(int(field.min_value if field.min_value is not None else 1))
    if isinstance(field, forms.DateTimeField):
        return "2026-02-03 10:00"
    if isinstance(field, forms.DateField):
        return "2026-02-03"
    if isinstance(field, forms.TimeField):
        return "10:00"
    if isinstance(field, forms.FileField):
        return OMIT
    if isinstance(field, forms.EmailField):
        return "sam.okafor@example.org"
    if isinstance(field, forms.URLField):
        return "https://example.org/evidence"
    return "Sam"


def _errors_of(found: list, name: str) -> list[str]:
    for item in found:
        members = item.forms if isinstance(item, BaseFormSet) else [item]
        for form in members:
            for field_name in form.fields:
                if form.add_prefix(field_name) == name:
                    return list(form.errors.get(field_name, []))
    return []


def _first_allowed_role(row) -> str | None:
    return next((role for role in ROLES if row.expected[role] == 200), None)


WORLD_FIXTURES = ["preparation", "recruitment", "workforce", "development"]


@pytest.mark.parametrize(
    ("world_fixture", "module_world"),
    [(name, frozen_world(name)) for name in WORLD_FIXTURES],
    indirect=["module_world"],
    ids=WORLD_FIXTURES,
    scope="module",
)
def test_a_far_date_in_any_form_is_refused_beside_its_field(
    world_fixture, row_world, client, settings, tmp_path, frozen
):
    from programmes.fields import OUT_OF_RANGE

    settings.MEDIA_ROOT = tmp_path
    world = row_world
    checked = []
    for row in [r for r in ROWS if r.world_fixture == world_fixture]:
        role = _first_allowed_role(row)
        if role is None:
            continue
        client.force_login(getattr(world, role))
        url = reverse(row.name, kwargs=row.kwargs(world))
        page = client.get(url)
        found = forms_on_page(page)
        fixed, fields = fields_of(found)
        # The page's one-time token or version, sent with every POST as a browser sends it (each POST is rolled back,
        # so the token is unclaimed and the version current for each): without it the test client would open the
        # page again before every POST to fetch one.
        fixed.update(integrity_fields(page.content.decode()))
        choices = {name: offered_ids(field) for name, field, _ in fields if isinstance(field, forms.ModelChoiceField)}
        base = {name: typical(field, initial, choices.get(name, [])) for name, field, initial in fields}
        for name, field, _ in fields:
            if not isinstance(field, forms.DateField | forms.DateTimeField):
                continue
            for far in FAR_DATE_EDGES:
                value = far if isinstance(field, forms.DateField) else f"{far} 10:00"
                who = f"{row.id} as {role}: {name}={value}"
                before = fingerprint()
                with transaction.atomic():
                    response = post(client, url, fixed, {**base, name: value})
                    assert response.status_code == 200, f"{who} answered {response.status_code}"
                    assert changed(before, fingerprint()) == {}, f"{who} saved something"
                    assert OUT_OF_RANGE in _errors_of(forms_on_page(response), name), f"{who}: no message beside it"
                    transaction.set_rollback(True)
            checked.append(f"{row.id}:{name}")
    # A guard against a walk that finds nothing: each world has forms with dates.
    assert checked, f"no date field found in the forms of the {world_fixture} world"


# --- GET filters of every list page and the dashboard (issue 21, defect 5) ---------------------------------------
# Every query parameter a list page or the dashboard reads (its filter form's fields, and what its view reads from
# request.GET), given far dates and garbage, one at a time and all at once, as the page and as CSV (the dashboard:
# also each table's CSV and the board PDF): never a server error.

GARBAGE = [
    *FAR_DATE_EDGES,
    "99999-12-31",
    "2024-02-30",
    "",
    "abc",
    "-1",
    "9223372036854775808",
    "1.5",
    "\x00",
    "١",
    "9" * 400,
]
ONE_AT_A_TIME = [*FAR_DATE_EDGES, "abc", "-1", "9223372036854775808", "\x00"]
GET_KEY = re.compile(
    r"""GET(?:\.get|\.getlist)?[\(\[]\s*["']([\w-]+)["']|["']([\w-]+)["']\s+in\s+(?:self\.)?request\.GET"""
)


def _view_classes() -> dict[str, type]:
    return {
        name: pattern.callback.view_class
        for name, pattern in _patterns()
        if getattr(pattern.callback, "view_class", None) is not None
    }


VIEW_CLASSES = _view_classes()


def _is_list(view_class) -> bool:
    from django.views.generic.list import MultipleObjectMixin

    from programmes.exports import CsvExportMixin

    return issubclass(view_class, CsvExportMixin | MultipleObjectMixin) or hasattr(view_class, "filterset_class")


def _keys_read_by(view_class) -> set[str]:
    """The query parameters a view's own code reads (request.GET.get("team"), "text" in request.GET, ...)."""
    keys = set()
    for klass in view_class.__mro__:
        if klass.__module__.split(".")[0] in APP_LABELS + ("privacy",):
            source = inspect.getsource(klass)
            keys |= {a or b for a, b in GET_KEY.findall(source)}
    return keys


LIST_ROWS = list(
    {
        row.name: row
        for row in reversed(MATRIX)
        if row.method == "get"
        and row.name in VIEW_CLASSES
        and (_is_list(VIEW_CLASSES[row.name]) or row.name.startswith("dashboards:"))
        and _first_allowed_role(row) is not None
    }.values()
)


def test_the_get_fuzzing_covers_every_list_page_and_the_dashboard():
    names = {row.name for row in LIST_ROWS}
    lists = {name for name, view in VIEW_CLASSES.items() if _is_list(view)}
    assert lists <= names, f"list pages with no matrix row a role may open: {sorted(lists - names)}"
    assert {"dashboards:dashboard", "dashboards:csv", "dashboards:pdf", "programmes:peer-list"} <= names
    assert "format" in _keys_read_by(VIEW_CLASSES["programmes:peer-list"])  # read by the CSV mixin


def _get_parameters(response, view_class) -> set[str]:
    """The page's query parameters: those its view reads, and the fields of every form on the page (a filter's
    form among them; a POST form's fields as well, which a GET must ignore just the same)."""
    names = {"page", "format"} | _keys_read_by(view_class)
    context = response.context
    # A page of several templates has a ContextList (its keys() are the names); one template a Context.
    values = [context[key] for key in context.keys()] if hasattr(context, "keys") else context.flatten().values()  # noqa: SIM118
    for value in values:
        form = getattr(value, "form", value)  # a FilterSet holds its form
        if isinstance(form, forms.BaseForm):
            names |= {form.add_prefix(name) for name in form.fields}
    return names


@pytest.mark.parametrize(
    ("row", "module_world"),
    [(row, frozen_world(row.world_fixture)) for row in LIST_ROWS],
    indirect=["module_world"],
    ids=[row.id for row in LIST_ROWS],
    scope="module",
)
def test_garbage_and_far_dates_in_a_list_pages_filters_never_break_it(row, row_world, client, frozen):
    world = row_world
    client.force_login(getattr(world, _first_allowed_role(row)))
    url = reverse(row.name, kwargs=row.kwargs(world))
    page = client.get(url)
    assert page.status_code == 200, row.id
    if not page["Content-Type"].startswith("text/html"):  # a file (the dashboard's CSV and PDF): its own filters
        from dashboards.forms import DashboardFilterForm

        # (`format` and `page` only where the view reads them: the PDF ignores both, and each request renders a
        # whole PDF. Its context is not None: the PDF is rendered from templates, so the type tells a file.)
        parameters = set(DashboardFilterForm.base_fields) | _keys_read_by(VIEW_CLASSES[row.name])
    else:
        parameters = _get_parameters(page, VIEW_CLASSES[row.name])
    as_csv = "format" in parameters
    # One parameter at a time (the others left out, so the form stays valid and the query runs)...
    for value in ONE_AT_A_TIME:
        for name in sorted(parameters):
            response = client.get(url, {name: value})
            assert response.status_code < 500, f"{row.id}: {name}={value!r}"
            if as_csv and name != "format" and value in FAR_DATE_EDGES:
                response = client.get(url, {name: value, "format": "csv"})
                assert response.status_code < 500, f"{row.id} as CSV: {name}={value!r}"
    # ...and every parameter at once, with every kind of garbage; for the dashboard's CSV, of every table.
    targets = [url]
    if row.name == "dashboards:csv":
        targets = [reverse("dashboards:csv", kwargs={"table": table}) for table in _dashboard_tables()]
    for target in targets:
        for value in GARBAGE:
            every = {name: value for name in parameters if name != "format"}
            for extra in ({}, {"format": "csv"}) if as_csv else ({},):
                response = client.get(target, {**every, **extra})
                assert response.status_code < 500, f"{row.id}: every parameter={value!r} {extra}"


def _dashboard_tables() -> list[str]:
    from dashboards.selectors import TABLE_SECTIONS

    return list(TABLE_SECTIONS)
