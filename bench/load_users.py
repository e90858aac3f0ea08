"""The simulated people of `bench/load.py` (a locustfile, run by locust in its own process): HR, the peer
support lead, line managers, supervisors and peers of the generated trust, each signing in once and then
browsing lists, dashboards and detail pages and saving forms (with their CSRF token) in a mix.

The accounts and the records each may open are read from the JSON file named by LOAD_PLAN (written by
load.py from the database before the run). Requests are named by kind ("GET peer detail"), so the figures
are per kind, not per address. A page that answers other than expected counts as a failure.
"""

from __future__ import annotations

import json
import os
import re
import secrets  # choices of the load mix (random's would do; bandit flags random)
from html.parser import HTMLParser
from pathlib import Path

from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8"))
PASSWORD = PLAN["password"]
TIMES: list[tuple[str, float, bool]] = []  # (request kind, milliseconds, failed), written out at the end


@events.request.add_listener
def _record(name, response_time, exception, **kwargs):
    TIMES.append((name, response_time, exception is not None))


@events.quitting.add_listener
def _write_times(**kwargs):
    if os.environ.get("LOAD_TIMES"):
        Path(os.environ["LOAD_TIMES"]).write_text(json.dumps(TIMES), encoding="utf-8")


class FormFields(HTMLParser):
    """The fields of the page's first form posting to `action` (or to the page itself), as the browser would
    submit them unchanged: text inputs, checked boxes and radios, selected options and textareas."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.fields: list[tuple[str, str]] = []
        self.in_form = self.done = False
        self.select: str | None = None
        self.select_first: str | None = None
        self.select_chosen = False
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done and (a.get("method") or "").lower() == "post":
            self.in_form = a.get("action") in (self.action, "", None)
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((name, a.get("value") or "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.fields.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self.select, self.select_first, self.select_chosen = name, None, False
        elif tag == "option" and self.select:
            value = a.get("value") or ""
            if self.select_first is None:
                self.select_first = value
            if "selected" in a:
                self.fields.append((self.select, value))
                self.select_chosen = True
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_data(self, data):
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag):
        if not self.in_form:
            return
        if tag == "textarea" and self.textarea:
            self.fields.append((self.textarea, self.text.lstrip("\n")))
            self.textarea = None
        elif tag == "select" and self.select:
            self.select = None
        elif tag == "form":
            self.in_form, self.done = False, True


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ATTENDEE = re.compile(r'name="attendees" value="(\d+)"')


def form_of(html: str, action: str) -> list[tuple[str, str]]:
    """The form posting to `action` (or to the page itself), with a CSRF token (from the page's sign-out
    form when that form has none: a page with nothing to submit, such as "mark all read" with none unread)."""
    parser = FormFields(action)
    parser.feed(html)
    fields = parser.fields
    if not any(name == "csrfmiddlewaretoken" for name, _ in fields) and (token := CSRF.search(html)):
        fields.append(("csrfmiddlewaretoken", token.group(1)))
    return fields


# Each simulated person gets an account of their own while the role has accounts left (two people sharing one
# would open the same WAP's sharing form and the second save would rightly be refused as stale).
_UNUSED: dict[str, list[dict]] = {}


def take_account(role: str) -> dict:
    accounts = PLAN["roles"][role]
    if role not in _UNUSED:
        _UNUSED[role] = sorted(accounts, key=lambda _: secrets.randbelow(1 << 30))
    return _UNUSED[role].pop() if _UNUSED[role] else secrets.choice(accounts)


class Person(HttpUser):
    """Signs in as one of the role's accounts; every task checks the answer."""

    abstract = True
    wait_time = between(1, 3)
    role = ""

    def on_start(self):
        self.me = take_account(self.role)
        page = self.client.get("/accounts/login/", name="GET login")
        fields = dict(form_of(page.text, "/accounts/login/"))
        fields.update(username=self.me["username"], password=PASSWORD)
        with self.client.post(
            "/accounts/login/", data=fields, name="POST login", allow_redirects=False, catch_response=True
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"login of {self.me['username']} answered {answer.status_code}")

    def page(self, url: str, kind: str):
        with self.client.get(url, name=f"GET {kind}", catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"{url} answered {answer.status_code}")
            return answer

    def save_form(self, url: str, kind: str, change=None):
        """Open the form, then submit it as it stands (or as `change(fields, page)` returns it): a valid
        form redirects."""
        form = self.page(url, f"{kind} form")
        if form.status_code != 200:
            return
        fields = form_of(form.text, url)
        if change:
            fields = change(fields, form.text)
        with self.client.post(
            url, data=fields, name=f"POST {kind}", allow_redirects=False, catch_response=True
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"saving {url} answered {answer.status_code}")

    def one_of(self, key: str):
        return secrets.choice(self.me[key])


class PeerLead(Person):
    role = "peer_lead"
    weight = 5

    @task(3)
    def dashboard(self):
        self.page("/dashboard/", "dashboard")

    @task(3)
    def peer_list(self):
        self.page("/peers/", "peer list")

    @task(3)
    def peer_detail(self):
        self.page(f"/peers/{self.one_of('peers')}/", "peer detail")

    @task(2)
    def schedule(self):
        self.page("/employment/supervision/schedule/", "supervision schedule")

    @task(1)
    def training_expiring(self):
        self.page("/development/training/expiring/", "training expiring")

    @task(1)
    def save_peer(self):
        self.save_form(f"/peers/{self.one_of('peers')}/edit/", "peer edit")


class HR(Person):
    role = "hr"
    weight = 5

    @task(3)
    def placements(self):
        self.page("/employment/placements/", "placement list")

    @task(3)
    def placement_detail(self):
        self.page(f"/employment/placements/{self.one_of('placements')}/", "placement detail")

    @task(2)
    def peer_list(self):
        self.page("/peers/", "peer list")

    @task(2)
    def reviews(self):
        self.page("/employment/reviews/", "review list")

    @task(1)
    def save_placement(self):
        self.save_form(f"/employment/placements/{self.one_of('placements')}/edit/", "placement edit")


class LineManager(Person):
    role = "line_manager"
    weight = 15

    @task(3)
    def dashboard(self):
        self.page("/dashboard/", "dashboard")

    @task(2)
    def schedule(self):
        self.page("/employment/supervision/schedule/", "supervision schedule")

    @task(3)
    def peer_supervision(self):
        self.page(f"/employment/peers/{self.one_of('peers')}/supervision/", "peer supervision")

    @task(2)
    def notifications(self):
        self.page("/notifications/", "notification list")

    @task(1)
    def read_all(self):
        self.save_form("/notifications/read-all/", "notifications read all")


class Supervisor(Person):
    role = "supervisor"
    weight = 10

    @task(3)
    def sessions(self):
        self.page("/employment/supervision/", "supervision list")

    @task(3)
    def session(self):
        self.page(f"/employment/supervision/{self.one_of('sessions')}/", "supervision detail")

    @task(2)
    def schedule(self):
        self.page("/employment/supervision/schedule/", "supervision schedule")

    @task(1)
    def record_session(self):
        # A one-to-one peer supervision session held today with one of the peers the form offers.
        def held_with_one_peer(fields, page):
            peer = secrets.choice(ATTENDEE.findall(page))
            fields = [(n, v) for n, v in fields if n not in ("kind", "format", "attendees")]
            return [*fields, ("kind", "peer"), ("format", "individual"), ("attendees", peer)]

        self.save_form("/employment/supervision/new/", "supervision session", held_with_one_peer)


class Peer(Person):
    role = "peer"
    weight = 15

    @task(3)
    def home(self):
        self.page("/", "home")

    @task(3)
    def my_supervision(self):
        self.page(f"/employment/peers/{self.me['peer']}/supervision/", "own supervision")

    @task(2)
    def my_plan(self):
        self.page(f"/employment/wellbeing/{self.me['wap']}/", "own WAP")

    @task(1)
    def share_plan(self):
        # Toggle sharing with the line manager, as a peer changing their mind would.
        def toggle(fields, page):
            if any(name == "line_manager" for name, _ in fields):
                return [(n, v) for n, v in fields if n != "line_manager"]
            return [*fields, ("line_manager", "on")]

        self.save_form(f"/employment/wellbeing/{self.me['wap']}/sharing/", "WAP sharing", toggle)
