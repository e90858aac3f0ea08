"""Issue 21's crawl: text a user typed is shown as typed, never compiled as a template nor left unescaped.

Every free-text field (CharField and TextField without choices) of every record of a world holding every kind of
record (the shared, phase 1, recruitment, employment, sensitive-record and development worlds; peers' and staff's
names included) is set to a marker of its own, `ZQ<n>X{{ request.user }}{% now "Y" %}<script>alert(1)</script>XQZ`
(a shorter variant where the field is shorter; a valid address in e-mail and URL fields). Then every page of the
permission matrix (tests/test_permissions.py has a URL for every URL pattern), the CSV of every list page, every
PDF, calendar and JSON download, and the admin's list, change and history pages of every model are fetched, and the
test fails when a marker comes back evaluated or altered (`ZQ<n>Xsupervisor2026...`: a template or a str.format
read it), with a raw `<script>alert(1)</script>` in HTML, or with a server error. In CSV, PDF, calendar and JSON
text the literal is the right answer.

Who fetches: every role of tests/matrix.py ROLES, on each URL the matrix opens to that role (the others answer 404
or a redirect, with nothing of the record: tests/test_permissions.py checks that); the admin as the administrator.
Printing is slow (a subject access PDF takes seconds), so each PDF and JSON download is fetched once: for the
first URL of its pattern in the matrix, as the first of PDF_ROLES it is open to; its template is the same for all.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import re
import urllib.parse
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, models, transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from programmes.exports import CsvExportMixin
from tests.matrix import ROLES
from tests.security.pdf_text import pdf_text
from tests.security.sensitive_world import sensitive_fixture  # noqa: F401
from tests.test_permissions import MATRIX, _all_url_patterns, preparation  # noqa: F401

APPS = ("programmes", "recruitment", "workforce", "development", "dashboards", "privacy")
JSON_DOWNLOADS = {"privacy:subject-access"}  # `?format=json` on the page downloads the export
PDF_ROLES = ("peer_worker", "line_manager", "hr_officer", "peer_lead", "supervisor", "other_trust_staff")

SCRIPT = "<script>alert(1)</script>"
# Longest first: each field gets the first that fits it (and that its validators accept).
VARIANTS = (
    'ZQ{n}X{{{{ request.user }}}}{{% now "Y" %}}' + SCRIPT + "XQZ",
    'ZQ{n}X{{{{ request.user }}}}{{% now "Y" %}}XQZ',
    "ZQ{n}X{{{{request.user}}}}XQZ",
)
EMAIL = "ZQ{n}X{{{{request.user}}}}XQZ@example.org"
URL = "https://example.org/ZQ{n}X{{{{request.user}}}}XQZ"
MARKER = re.compile(r"ZQ(\d+)X((?:(?!ZQ\d+X).){0,400}?)XQZ", re.DOTALL)
ABBREVIATED = re.compile(r"(.*)\[\d+ chars\](.*)", re.DOTALL)  # simple-history's diff of long values

# Text no user types: written by the application itself (identifiers, links, the append-only access log).
NOT_TYPED = {
    "programmes.SensitiveAccessLog": "the access log is written by the application and refuses changes",
    "programmes.SubmissionToken": "idempotency tokens: written by the services",
    "programmes.FileDeletion": "the file-deletion outbox: paths and errors written by the job",
    "programmes.Notification.url": "a link the application builds",
    "programmes.Notification.run": "the id of the job run that sent it",
}


@dataclass
class Markers:
    literal: dict[int, str] = field(default_factory=dict)
    where: dict[int, str] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    kept_empty: set[str] = field(default_factory=set)

    def new(self, model, f, pk) -> str | None:
        n = len(self.literal) + 1
        if isinstance(f, models.EmailField):
            candidates = [EMAIL]
        elif isinstance(f, models.URLField):
            candidates = [URL]
        else:
            candidates = VARIANTS
        for variant in candidates:
            value = variant.format(n=n)
            if f.max_length and len(value) > f.max_length:
                continue
            try:
                f.run_validators(value)
            except Exception:  # noqa: S112  (a validator refusing the variant: try the next)
                continue
            self.literal[n] = value
            self.where[n] = f"{model._meta.label}.{f.name} #{pk}"
            return value
        self.skipped[f"{model._meta.label}.{f.name}"] = f"no marker fits {f.max_length} characters"
        return None

    def typed(self, n: int) -> str:
        """What the marker's delimiters enclose, as typed."""
        literal = self.literal[n]
        return literal[literal.index(f"ZQ{n}X") + len(f"ZQ{n}X") : literal.rindex("XQZ")]


def free_text_fields(model) -> list[models.Field]:
    label = model._meta.label
    if label in NOT_TYPED or label.replace(".Historical", ".") in NOT_TYPED:
        return []
    original = getattr(model, "instance_type", model)  # a historical model's record model (simple-history)

    def is_text(f) -> bool:
        with contextlib.suppress(FieldDoesNotExist):  # simple-history keeps a file's name in a CharField
            f = original._meta.get_field(f.name)
        return isinstance(f, models.CharField | models.TextField)

    return [
        f
        for f in model._meta.concrete_fields
        if is_text(f)
        and not isinstance(f, models.SlugField)
        and not f.choices
        and not f.primary_key
        and f"{label}.{f.name}" not in NOT_TYPED
        and not (f.name.startswith("history_") and f.name != "history_change_reason")
    ]


def mark_every_record() -> Markers:
    """Every free-text field of every row of the project's models (their history included) and every user's
    names: a marker of its own. Usernames stay, so an evaluated `{{ request.user }}` shows who is signed in."""
    markers = Markers()
    User = get_user_model()
    targets = [m for app in APPS for m in apps.get_app_config(app).get_models()] + [User]
    for model in targets:
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = free_text_fields(model)
        if model is User:
            fields = [model._meta.get_field("first_name"), model._meta.get_field("last_name")]
        if not fields:
            continue
        names = [f.attname for f in fields]
        for pk, *current in model._base_manager.values_list("pk", *names).order_by("pk"):
            values = {f.attname: markers.new(model, f, pk) for f in fields}
            values = {k: v for k, v in values.items() if v is not None}
            try:
                with transaction.atomic():
                    models.QuerySet(model).filter(pk=pk).update(**values)
            except IntegrityError:
                # A check constraint reads an empty field as "not this kind" (a job description is a template
                # or a post's, by its template name): keep the empty ones empty, mark the rest.
                filled = {k: v for k, v in values.items() if current[names.index(k)]}
                models.QuerySet(model).filter(pk=pk).update(**filled)
                markers.kept_empty.update(f"{model._meta.label}.{k}" for k in set(values) - set(filled))
    return markers


# --- what to fetch, and as whom ----------------------------------------------------------------------------------


def _csv_views(resolver=None, namespace="") -> set[str]:
    found = set()
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            found |= _csv_views(p, f"{namespace}{p.namespace}:" if p.namespace else namespace)
        elif (
            isinstance(p, URLPattern)
            and p.name
            and issubclass(getattr(p.callback, "view_class", object), CsvExportMixin)
        ):
            found.add(f"{namespace}{p.name}")
    return found


@dataclass
class Page:
    label: str
    url: str
    roles: list[str]


def pages_of(world) -> list[Page]:
    """Every GET row of the permission matrix (and the CSV of every list page among them), with the roles it
    is open to; the admin's pages of every registered model, for the administrator."""
    csv_views = _csv_views()
    found: dict[str, Page] = {}
    for row in MATRIX:
        if row.method != "get":
            continue
        url = reverse(row.name, kwargs=row.kwargs(world))
        ok = [role for role in ROLES if row.expected[role] == 200]
        addresses = [(url, row.id)]
        if row.name in csv_views:
            addresses.append((f"{url}?format=csv", f"{row.id} csv"))
        if row.name in JSON_DOWNLOADS:
            addresses.append((f"{url}?format=json", f"{row.id} json"))
        for address, label in addresses:
            page = found.setdefault(address, Page(label, address, []))
            page.roles += [r for r in ok if r not in page.roles]
    printed = set()
    for page in found.values():
        if page.url.split("?")[0].endswith("pdf") or page.url.endswith("json"):
            view = resolve(page.url.split("?")[0]).view_name + page.url.partition("?")[2]
            roles = [r for r in (*PDF_ROLES, "administrator") if r in page.roles]
            page.roles = roles[:1] if view not in printed else []
            printed.update([view] if roles else [])
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls = [(f"{info}_changelist", reverse(f"{info}_changelist"))]
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            urls += [(f"{info}_{view}", reverse(f"{info}_{view}", args=[obj.pk])) for view in ("change", "history")]
        found.update({url: Page(label, url, ["administrator"]) for label, url in urls})
    return list(found.values())


# --- reading the answers -----------------------------------------------------------------------------------------


def text_of(response) -> tuple[str, str]:
    """(kind, text) of a response: HTML as served; CSV, PDF, calendar and JSON as the text they hold."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    ctype = response.get("Content-Type", "")
    if ctype.startswith("application/pdf"):
        return "pdf", pdf_text(body)
    text = body.decode("utf-8", errors="replace")
    if ctype.startswith("text/csv"):
        return "csv", "\n".join("\t".join(row) for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if ctype.startswith("application/json"):
        strings = []

        def walk(value):
            if isinstance(value, str):
                strings.append(value)
            elif isinstance(value, dict):
                for k, v in value.items():
                    walk(k)
                    walk(v)
            elif isinstance(value, list):
                for v in value:
                    walk(v)

        walk(json.loads(text))
        return "json", "\n".join(strings)
    if ctype.startswith("text/calendar"):
        unfolded = re.sub(r"\r?\n[ \t]", "", text)
        return "ics", re.sub(r"\\([,;\\])", r"\1", unfolded).replace("\\n", "\n").replace("\\N", "\n")
    return "html", text


def _readings(shown: str, kind: str):
    """The text a reader gets from what was served: HTML entities, a JavaScript or JSON string's escapes
    (escapejs, json_script) and a link's percent-encoding are all ways of showing the same text."""
    if kind != "html":
        yield shown
        return
    text = html.unescape(shown)
    yield text
    if "\\" in text:
        with contextlib.suppress(ValueError):
            yield json.loads(f'"{text}"')
    if "%" in text:
        yield urllib.parse.unquote(text)


def shown_as_typed(shown: str, typed: str, kind: str) -> bool:
    for reading in _readings(shown, kind):
        if kind == "pdf":  # PDF text comes back with line breaks (and hyphens) where a line wrapped
            reading, typed = (re.sub(r"\s|[\u00ad\u2010](?=\s)", "", t) for t in (reading, typed))
        if reading == typed:
            return True
        abbreviated = ABBREVIATED.fullmatch(reading)
        if abbreviated and typed.startswith(abbreviated[1]) and typed.endswith(abbreviated[2]):
            return True
    return False


def problems_in(kind: str, text: str, markers: Markers, where: str) -> tuple[list[str], int]:
    problems = []
    if kind == "html" and SCRIPT in text:
        at = text.index(SCRIPT)
        problems.append(f"{where}: unescaped {SCRIPT!r} in HTML: ...{text[max(0, at - 80) : at + 30]!r}")
    seen = 0
    for found in MARKER.finditer(text):
        n = int(found.group(1))
        if n not in markers.literal:
            problems.append(f"{where}: unknown marker {found.group(0)!r}")
            continue
        seen += 1
        if not shown_as_typed(found.group(2), markers.typed(n), kind):
            problems.append(f"{where}: {markers.where[n]} shown as {found.group(0)!r} (evaluated or altered)")
    return problems, seen


@pytest.fixture
def marked_world(preparation, sensitive, development):  # noqa: F811  (the fixtures imported above)
    """Every world at once (they build on the same `world`), its pages listed before the marking (a row may make
    the record it names), then every free-text field of every record marked."""
    pages = pages_of(development)
    markers = mark_every_record()
    return development, pages, markers


def test_no_page_csv_or_pdf_evaluates_or_leaves_unescaped_what_a_user_typed(client, marked_world):
    w, pages, markers = marked_world
    # Every pattern has a URL; a few answer no role with a page in this world (a peer who has a plan is sent to
    # it from "new plan"; an evidence file download with no file; signing out is a POST), and are not fetched.
    crawled = {resolve(page.url.split("?")[0]).view_name for page in pages}
    patterns = {name for ns, name in _all_url_patterns() if ns.rstrip(":") != "admin"}
    assert not patterns - crawled, f"URL patterns the crawl does not fetch: {sorted(patterns - crawled)}"
    assert len([page for page in pages if page.roles]) > 250
    # Peers' names, staff's names and the sensitive records' text are marked, and nothing that a user types is
    # left out for want of room except the trust's ODS code (10 characters).
    marked = {where.split(" #")[0] for where in markers.where.values()}
    for name in ("programmes.Peer.full_name", "auth.User.first_name", "workforce.SupervisionAttendance.notes"):
        assert name in marked
    assert set(markers.skipped) <= {"programmes.Trust.ods_code", "programmes.HistoricalTrust.ods_code"}

    client.raise_request_exception = False  # a page that fails on a marker is a finding: report it, go on
    problems, seen_by, seen_in = [], {}, {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(w, role))
        for page in pages:
            if role not in page.roles:
                continue
            response = client.get(page.url)
            where = f"{role} {page.url} ({page.label}, {response.status_code})"
            if response.status_code >= 500:
                problems.append(f"{where}: server error")
                continue
            kind, text = text_of(response)
            found, seen = problems_in(kind, text, markers, where)
            problems += found
            seen_by[(role, page.label)] = seen
            seen_in[kind] = seen_in.get(kind, 0) + seen
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60])
    # So the test cannot pass by finding nothing: the markers are read back from every kind of answer, and the
    # notes page shows the group's two peers' names.
    assert all(seen_in.get(kind) for kind in ("html", "csv", "pdf", "ics", "json")), seen_in
    assert seen_by[("supervisor", "workforce:supervision-notes[group peer session]")] >= 2


def test_the_check_finds_an_evaluated_marker_and_an_unescaped_script():
    markers = Markers()
    literal = VARIANTS[0].format(n=1)
    markers.literal[1], markers.where[1] = literal, "programmes.Peer.full_name #1"
    assert problems_in("html", f"<legend>{html.escape(literal)}</legend>", markers, "page") == ([], 1)
    evaluated = "ZQ1Xsupervisor2026" + SCRIPT + "XQZ"
    found, _ = problems_in("html", f"<legend>{evaluated}</legend>", markers, "page")
    assert len(found) == 2 and "unescaped" in found[0] and "evaluated" in found[1]
    formatted = "ZQ1X{ request.user }{% now &quot;Y&quot; %}&lt;script&gt;alert(1)&lt;/script&gt;XQZ"  # str.format
    assert problems_in("html", formatted, markers, "page")[0]
    escaped_js = json.dumps(literal)[1:-1].replace("<", "\\u003C").replace(">", "\\u003E")
    assert problems_in("html", escaped_js, markers, "page") == ([], 1)
    assert problems_in("csv", literal, markers, "csv") == ([], 1)
    assert problems_in("pdf", literal.replace("request.user ", "request.user\n"), markers, "pdf") == ([], 1)
    assert problems_in("pdf", "ZQ1Xsupervisor2026" + SCRIPT + "XQZ", markers, "pdf")[0]
    markers.literal[2], markers.where[2] = URL.format(n=2), "development.SystemChangeContribution.evidence_link #1"
    assert problems_in("html", f'<a href="{URL.format(n=2).replace("{", "%7B")}">', markers, "link") == ([], 1)
