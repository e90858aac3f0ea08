"""Response headers (issue 8, OWASP ASVS 5.0 level 2, V3): the Content-Security-Policy and the served HTML that keeps
to it (no inline script or style), HSTS, cookie flags, frames and referrer under production settings,
`Cache-Control: no-store` on what a signed-in user is shown, and `check --deploy` clean."""

from __future__ import annotations

import os
import re
import secrets
import string
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import TEST_PASSWORD

BASE_DIR = Path(__file__).resolve().parent.parent.parent
TEMPLATES = BASE_DIR / "templates"

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def policy_of(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [d.split() for d in header.split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


# --- Inline script and style ----------------------------------------------------------------------------------


class InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block: <script> without src (other than JSON data),
    <style> elements, style="" attributes, on*="" event handlers and javascript: links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name.lower(): value or "" for name, value in attrs}
        if tag == "script" and "src" not in names and names.get("type") != "application/json":
            self.found.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> at line {self.getpos()[0]}")
        for name, value in names.items():
            if name == "style":
                self.found.append(f'style="" on <{tag}> at line {self.getpos()[0]}')
            if name.startswith("on"):
                self.found.append(f"{name}= on <{tag}> at line {self.getpos()[0]}")
            if name in ("href", "src", "action") and value.strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL on <{tag}> at line {self.getpos()[0]}")


# Template tags and variables could hide markup from the parser ({% if %}style="..."{% endif %}): a plain
# search for the same things catches them wherever they are.
INLINE_TEXT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>|<style\b|(?<![\w-])style\s*=|(?<![\w-])on[a-z]+\s*=", re.I
)


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found + [f"text {m.group(0)!r}" for m in INLINE_TEXT.finditer(html)]


def served_templates() -> list[Path]:
    # PDF templates are rendered by WeasyPrint into PDFs, never served as HTML.
    return sorted(p for p in TEMPLATES.rglob("*.html") if not p.name.endswith("_pdf.html"))


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<div style="width: 10%">',
        "<style>p {}</style>",
        '<button onclick="go()">',
        '<a href="javascript:go()">',
        '<p {% if x %}style="color: red"{% endif %}>',
    ],
)
def test_the_inline_code_check_finds_what_the_policy_would_block(html):
    assert inline_code(html)


def test_the_inline_code_check_allows_external_scripts_and_json_data():
    assert (
        inline_code('<script src="/static/js/app.js"></script><script type="application/json" id="d">{}</script>') == []
    )


def test_no_served_template_has_inline_script_or_style():
    templates = served_templates()
    assert len(templates) > 50  # the walk found the project's templates
    found = {str(p.relative_to(TEMPLATES)): f for p in templates if (f := inline_code(p.read_text()))}
    assert not found, f"inline script or style the Content-Security-Policy blocks: {found}"


def rendered_pages(w) -> list[tuple[str, str]]:
    """(viewer, url) of pages that use forms, charts, progress bars and tables."""
    return [
        ("hr_officer", reverse("programmes:home")),
        ("hr_officer", reverse("programmes:peer-detail", args=[w.peer.pk])),
        ("hr_officer", reverse("programmes:peer-create")),
        ("hr_officer", reverse("workforce:placement-detail", args=[w.placement.pk])),
        ("hr_officer", reverse("workforce:placement-update", args=[w.placement.pk])),
        ("peer_worker", reverse("workforce:induction-detail", args=[w.induction.pk])),
        ("peer_lead", reverse("dashboards:dashboard")),
        ("hr_officer", reverse("programmes:confirm-password")),
        ("administrator", reverse("admin:index")),
        ("administrator", reverse("admin:auth_user_change", args=[w.peer_worker.pk])),
        ("anonymous", reverse("login")),
    ]


def test_served_pages_have_no_inline_script_or_style_and_carry_the_policy(workforce, client):
    for viewer, url in rendered_pages(workforce):
        client.logout()
        if viewer != "anonymous":
            client.force_login(getattr(workforce, viewer))
        response = client.get(url)
        assert response.status_code == 200, url
        assert policy_of(response) == POLICY, url
        assert inline_code(response.content.decode()) == [], url


def test_the_induction_progress_bar_takes_its_width_from_a_data_attribute(workforce, client):
    client.force_login(workforce.peer_worker)
    html = client.get(reverse("workforce:induction-detail", args=[workforce.induction.pk])).content.decode()
    assert re.search(r'class="progress-bar" data-progress-percent="\d+"', html)
    assert "data-progress-percent" in (BASE_DIR / "static/js/app.js").read_text()


def test_the_admin_works_under_the_policy(world, client):
    client.force_login(world.administrator)
    for url in (reverse("admin:index"), reverse("admin:auth_user_changelist")):
        response = client.get(url)
        assert response.status_code == 200
        assert policy_of(response) == POLICY
    # The admin's scripts are files, not inline code.
    assert '<script src="/static/admin/js/' in client.get(reverse("admin:auth_user_changelist")).content.decode()


# --- Production headers and cookies ---------------------------------------------------------------------------

PRODUCTION_LIKE = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}


@override_settings(**PRODUCTION_LIKE)
def test_production_responses_carry_the_security_headers_and_secure_cookies(world, client):
    assert client.get(reverse("login"))["Location"].startswith("https://")  # plain HTTP is redirected

    page = client.get(reverse("login"), secure=True)
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert page["X-Frame-Options"] == "DENY"
    assert page["Referrer-Policy"] == "same-origin"
    assert page["X-Content-Type-Options"] == "nosniff"
    assert policy_of(page) == POLICY

    signed_in = client.post(reverse("login"), {"username": "hr_officer", "password": TEST_PASSWORD}, secure=True)
    assert signed_in.status_code == 302
    session, csrf = signed_in.cookies["sessionid"], signed_in.cookies["csrftoken"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"


def production_env(**extra) -> dict[str, str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "SESSION_", "CSRF_", "DEBUG", "ALLOWED_"))
    }
    alphabet = string.ascii_letters + string.digits + "!#%&()*+-=@^_"
    environment.update(
        DEBUG="false",
        SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(50)),
        ALLOWED_HOSTS="example.org",
        DATABASE_URL="sqlite:///:memory:",
        **extra,
    )
    return environment


def run(args: list[str], **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=production_env(**env), capture_output=True, text=True, timeout=120
    )


SHOW = (
    "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
    "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
    "s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SECURE, s.X_FRAME_OPTIONS, s.SECURE_REFERRER_POLICY)"
)


def test_production_settings_turn_the_https_protections_on():
    result = run(["-c", f"import django; django.setup(); {SHOW}"], DJANGO_SETTINGS_MODULE="peersupport.settings")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "31536000", "True", "True", "True", "Lax", "True", "DENY", "same-origin"]


def test_deploy_check_is_clean_under_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


# --- Nothing a signed-in user is shown stays in a cache -------------------------------------------------------


def assert_not_stored(response) -> None:
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives


def test_a_peers_page_a_pdf_and_a_csv_are_never_cached(preparation_for_headers, client):
    w = preparation_for_headers
    client.force_login(w.hr_officer)
    assert_not_stored(client.get(reverse("programmes:peer-detail", args=[w.peer.pk])))
    pdf = client.get(reverse("programmes:post-jd-pdf", args=[w.post.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert_not_stored(pdf)
    csv = client.get(reverse("programmes:peer-list") + "?format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert_not_stored(csv)


def test_pages_for_anonymous_visitors_are_left_to_the_usual_rules(world, client):
    response = client.get(reverse("password_reset"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.fixture
def preparation_for_headers(world):
    """The world's post with its own job description, so its PDF can be fetched."""
    from programmes import services
    from programmes.models import JobDescription

    template = JobDescription.objects.filter(post__isnull=True).first()
    services.create_job_description_from_template(post=world.post, template=template, by=world.hr_officer)
    return world
