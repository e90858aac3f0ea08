"""The recovery-focused language check while typing, in the browser: a supervisor types a deficit-based word into
a supervision session's actions and is advised beside the field (announced politely, and part of the field's
accessible description only while there is advice); the words never stop the save."""

from __future__ import annotations

import json
import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from programmes import language
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_hr_creates_post import sign_in
from workforce.models import SupervisionSession

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_supervisor_is_advised_while_typing_and_the_session_saves(live_server, workforce, page):
    w = workforce
    base = live_server.url
    refused = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    sign_in(page, base, w.supervisor.username)
    expect(page).to_have_url(base + "/")
    page.goto(base + reverse("workforce:supervision-create"))

    actions = page.get_by_label("Actions")
    description_before = actions.get_attribute("aria-describedby")
    actions.fill("Talk with the care coordinator: noncompliant with the plan.")

    advice = page.locator("#id_actions-language-advice")
    expect(advice).to_contain_text("\u201cnoncompliant\u201d: try \u201cNot in agreement with the treatment plan\u201d")
    expect(advice).to_have_attribute("aria-live", "polite")
    expect(actions).to_have_accessible_description(re.compile("Not in agreement with the treatment plan"))
    assert_accessible(page)

    page.get_by_label("Themes").fill("Support staff to enable them to develop.")
    expect(page.locator("#id_themes-language-advice")).to_be_empty()

    actions.fill("Read the ImROC briefing.")
    expect(advice).to_be_empty()
    assert actions.get_attribute("aria-describedby") == description_before

    actions.fill("Noncompliant with the plan.")
    page.get_by_role("radio", name="Peer supervision").check()
    page.get_by_role("radio", name="Individual").check()
    page.get_by_role("radio", name="Held", exact=True).check()
    page.get_by_role("checkbox", name="Samira Okafor").check()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status")).to_contain_text("Actions: \u201cNoncompliant\u201d")
    assert SupervisionSession.objects.filter(actions="Noncompliant with the plan.").exists()
    assert refused == []


def test_the_browser_mirrors_the_servers_check(page):
    """static/js/language_check.js, run in Chromium with the rules the page carries, flags what the server flags."""
    texts = [
        "He was noncompliant again.",
        "Support staff to enable them to develop.",
        "Staff were enabling their drinking; an enabler.",
        "Essential: Good health record. No history of mental illness.",
        "Most patients are Non-compliant with medications, suffering from low mood.",
    ]
    page.set_content("<!doctype html><html lang='en'><body></body></html>")
    page.add_script_tag(path=str(settings.BASE_DIR / "static" / "js" / "language_check.js"))
    browser = page.evaluate(
        """([rules, texts]) => {
          const compiled = window.languageCheck.compile(rules);
          return texts.map(t => window.languageCheck.check(t, compiled).map(a => [a.rule.deficit_based, a.found]));
        }""",
        [json.loads(language.rules_for_browser()), texts],
    )

    server = [[[a.deficit_based, a.found] for a in language.check(text)] for text in texts]
    assert browser == server
    assert server[1] == [] and server[0] == [["Noncompliant", "noncompliant"]]
