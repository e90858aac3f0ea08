"""Kept figures (dashboards.kept): a dashboard of more peers than DASHBOARD_KEEP_ABOVE_PEERS is shown from figures
counted at most DASHBOARD_KEEP_MINUTES earlier. Here every scope with a peer is kept (the setting at 0): the page
shown from kept figures is the page counted live, access is worked out afresh on every visit, stale figures are
counted again, and the background job counts again what is due and drops what nobody reads or may read."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from dashboards import kept
from dashboards.models import KeptFigures
from tests.perf.test_dashboard_budgets import add_outcomes, add_placed_peers

DASHBOARD = reverse("dashboards:dashboard")
MORNING = datetime.datetime(2026, 12, 10, 9, 0, tzinfo=datetime.UTC)
KEPT = 'id="kept-figures"'


@pytest.fixture
def keep_all(settings):
    settings.DASHBOARD_KEEP_ABOVE_PEERS = 0
    settings.DASHBOARD_KEEP_MINUTES = 10
    return settings


class at:  # noqa: N801  (reads as the time it sets)
    """The clock set `minutes` (and days, hours, seconds) after 09:00 on 10 December 2026, with the client signed
    in afresh then (`client` given): the clock jumps further than a session lasts."""

    def __init__(self, minutes: float = 0, client=None, user=None, **later):
        self.travel = time_machine.travel(MORNING + datetime.timedelta(minutes=minutes, **later), tick=False)
        self.client, self.user = client, user

    def __enter__(self):
        self.travel.__enter__()
        if self.client is not None:
            self.client.force_login(self.user)

    def __exit__(self, *exc):
        return self.travel.__exit__(*exc)


def page(html: str) -> str:
    """The page's content without the line saying when kept figures were counted (and its form's token)."""
    content = html[html.index("<h1") : html.index("</main>")]
    content = re.sub(r'<div class="[^"]*" id="kept-figures">.*?</div>', "", content, flags=re.DOTALL)
    return re.sub(r"\n\s*\n", "\n", content)  # and the blank lines the template's {% if %} leaves


def shown(client, *args):
    """The dashboard as the signed-in user sees it (signed in at the time it is asked for)."""
    response = client.get(DASHBOARD, *args)
    assert response.status_code == 200
    return response


def tables(response) -> dict:
    return {t.key: t for t in response.context["tables"]}


@pytest.mark.django_db
def test_the_page_from_kept_figures_is_the_page_counted_live(client, development, keep_all, monkeypatch):
    """Every headline figure, trend month, section summary, chart, first row, row count and peer link is the same
    whether counted for the visit or read back from the kept JSON: the long tables (more rows than the page
    shows) included."""
    w = development
    add_placed_peers(w, 14)  # supervisions overdue: a table longer than the page
    add_outcomes(w, 3)
    with at(client=client, user=w.peer_lead):
        keep_all.DASHBOARD_KEEP_ABOVE_PEERS = 10**6
        live = shown(client).content.decode()
        assert KEPT not in live and not KeptFigures.objects.exists()
        keep_all.DASHBOARD_KEEP_ABOVE_PEERS = 0
        counted = shown(client).content.decode()  # counted for this visit, and kept
    assert KEPT in counted and KeptFigures.objects.count() == 1
    assert "Counted at 09:00 on 10 December 2026" in counted

    def not_counted(scope):
        raise AssertionError("the page counted its figures rather than reading the kept ones")

    monkeypatch.setattr("dashboards.selectors.dashboard_tables", not_counted)
    monkeypatch.setattr("dashboards.selectors.headline_figures", not_counted)
    with at(minutes=9):
        from_kept = shown(client).content.decode()
    assert KEPT in from_kept and "Counted at 09:00 on 10 December 2026" in from_kept
    assert page(from_kept) == page(live)
    overdue = from_kept[from_kept.index('id="supervision-overdue"') :].split("</section>")[0]
    total = int(re.search(r"The first 25 of (\d+) rows; the CSV holds them all.", overdue).group(1))
    assert f'href="{reverse("programmes:peer-detail", args=[w.peer.pk])}"' in from_kept  # names still link
    # The CSV and the board report are counted when downloaded, whole.
    monkeypatch.undo()
    with at(minutes=9):
        csv = client.get(reverse("dashboards:csv", args=["supervision-overdue"]))
        assert csv.status_code == 200 and len(csv.content.decode().splitlines()) == 1 + total > 26
        assert client.get(reverse("dashboards:pdf")).status_code == 200


@pytest.mark.django_db
def test_a_plan_no_longer_shared_is_not_named_from_the_figures_kept_while_it_was(client, development, keep_all):
    w = development
    plan = w.peer.wellness_action_plan
    plan.shared_with_hr = True
    plan.save()
    with at(client=client, user=w.hr_officer):
        assert tables(shown(client))["waps"].rows == [[w.peer.full_name]]
    plan.shared_with_hr = False
    plan.save()
    with at(minutes=1):
        response = shown(client)
    waps = tables(response)["waps"]
    assert waps.rows == [] and "1 of them not shared with you: counted, not named." in waps.summary
    assert KeptFigures.objects.count() == 2  # another scope, counted afresh; the first is dropped by the job
    html = response.content.decode()
    assert html[html.index('id="waps"') :].split("</section>")[0].count(w.peer.full_name) == 0


@pytest.mark.django_db
def test_kept_figures_are_counted_again_once_stale_or_when_asked(client, development, keep_all):
    w = development
    with at(client=client, user=w.peer_lead):
        shown(client, {"service_type": w.team.service_type})
    first = KeptFigures.objects.get()
    assert first.built_at == MORNING and first.query == f"service_type={w.team.service_type}"
    with at(minutes=9, seconds=59):
        shown(client, {"service_type": w.team.service_type})
        assert KeptFigures.objects.get().built_at == MORNING  # fresh: read, not counted
    with at(minutes=10, seconds=1):
        shown(client, {"service_type": w.team.service_type})
        assert KeptFigures.objects.get().built_at == MORNING + datetime.timedelta(minutes=10, seconds=1)
    # The page's button counts them again now, and comes back to the page with its filters.
    recount = reverse("dashboards:recount") + f"?service_type={w.team.service_type}"
    with at(minutes=12):
        response = client.post(recount)
    assert response.status_code == 302 and response["Location"] == f"{DASHBOARD}?service_type={w.team.service_type}"
    assert KeptFigures.objects.get().built_at == MORNING + datetime.timedelta(minutes=12)
    assert client.get(recount).status_code == 405


@pytest.mark.django_db
def test_a_small_dashboard_is_counted_on_every_visit_and_keeps_nothing(client, development, settings):
    settings.DASHBOARD_KEEP_ABOVE_PEERS = 2000
    with at(client=client, user=development.peer_lead):
        html = shown(client).content.decode()
        response = client.post(reverse("dashboards:recount"))
    assert KEPT not in html and response.status_code == 302 and not KeptFigures.objects.exists()


@pytest.mark.django_db
def test_the_job_counts_again_what_is_due_and_drops_what_nobody_reads_or_may_read(client, development, keep_all):
    w = development
    for user in (w.peer_lead, w.line_manager, w.hr_officer):
        with at(client=client, user=user):
            shown(client)
    built = dict(KeptFigures.objects.values_list("user_id", "built_at"))
    assert built == dict.fromkeys([w.peer_lead.pk, w.line_manager.pk, w.hr_officer.pk], MORNING)
    with at(minutes=3):
        assert kept.refresh() == {"counted": 0, "dropped": 0, "failed": 0}  # not yet due (4 minutes when kept for 10)
    with at(minutes=5):
        assert kept.refresh() == {"counted": 3, "dropped": 0, "failed": 0}
    rows = {row.user_id: row for row in KeptFigures.objects.all()}
    assert {row.built_at for row in rows.values()} == {MORNING + datetime.timedelta(minutes=5)}
    assert {row.read_at for row in rows.values()} == {MORNING}  # counting again is not reading
    # The line manager leaves: theirs is dropped, the others counted again.
    w.line_manager.is_active = False
    w.line_manager.save()
    with at(minutes=10):
        assert kept.refresh() == {"counted": 2, "dropped": 1, "failed": 0}
    # The scopes become small enough to count on every visit: nothing left to keep.
    keep_all.DASHBOARD_KEEP_ABOVE_PEERS = 10**6
    with at(minutes=15):
        assert kept.refresh() == {"counted": 0, "dropped": 2, "failed": 0}
    keep_all.DASHBOARD_KEEP_ABOVE_PEERS = 0
    # Nobody reads the lead's kept figures for a week: the job keeps counting them for a week, then drops them.
    with at(minutes=11, client=client, user=w.peer_lead):
        shown(client)
    with at(days=6, hours=23):  # another day: that day's figures counted, the last day's dropped
        assert kept.refresh() == {"counted": 1, "dropped": 1, "failed": 0}
    with at(days=7, minutes=12):
        assert kept.refresh() == {"counted": 0, "dropped": 1, "failed": 0}
    assert not KeptFigures.objects.exists()


@pytest.mark.django_db
def test_one_dashboard_failing_to_count_leaves_the_others_counted_and_is_tried_again(
    client, development, keep_all, monkeypatch, caplog
):
    w = development
    for user in (w.peer_lead, w.hr_officer):
        with at(client=client, user=user):
            shown(client)
    real_count = kept.count

    def count(scope, key, *, user, **kwargs):
        if user.pk == w.peer_lead.pk:
            raise RuntimeError("canceling statement due to statement timeout")
        return real_count(scope, key, user=user, **kwargs)

    monkeypatch.setattr(kept, "count", count)
    with at(minutes=5):
        assert kept.refresh() == {"counted": 1, "dropped": 0, "failed": 1}
    assert "could not be counted again" in caplog.text
    lead = KeptFigures.objects.get(user=w.peer_lead)
    assert lead.built_at == MORNING  # left as it was, for the next run
    monkeypatch.setattr(kept, "count", real_count)
    with at(minutes=6):
        assert kept.refresh() == {"counted": 1, "dropped": 0, "failed": 0}
    assert KeptFigures.objects.get(user=w.peer_lead).built_at == MORNING + datetime.timedelta(minutes=6)


@pytest.mark.django_db
def test_a_read_is_recorded_at_most_once_an_hour(client, development, keep_all):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    keep_all.DASHBOARD_KEEP_MINUTES = 24 * 60
    with at(client=client, user=development.peer_lead):
        shown(client)

    def writes(minutes: float) -> list[str]:
        with (
            at(minutes=minutes, client=client, user=development.peer_lead),
            CaptureQueriesContext(connection) as captured,
        ):
            shown(client)
        return [q["sql"] for q in captured.captured_queries if "dashboards_keptfigures" in q["sql"]]

    assert not any(q.startswith("UPDATE") for q in writes(30))
    assert [q for q in writes(61) if q.startswith("UPDATE")]
    assert KeptFigures.objects.get().read_at == MORNING + datetime.timedelta(minutes=61)


def test_the_job_runs_every_five_minutes(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="dashboards.tasks.keep_dashboard_figures")
    assert task.enabled and (task.interval.every, task.interval.period) == (5, "minutes")
    from dashboards.tasks import keep_dashboard_figures

    assert keep_dashboard_figures.apply().get() == {"counted": 0, "dropped": 0, "failed": 0}


@pytest.mark.django_db
def test_a_kept_dashboard_reads_the_same_queries_whatever_it_counts(client, development, keep_all):
    """Shown from kept figures, the page makes the same queries with 5 or 50 more peers placed (the scope's ids,
    the kept row, the links of the names shown), and writes nothing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.perf.budget import tables_written

    w = development
    counted = []
    for n, minutes in ((5, 0), (45, 1)):
        add_placed_peers(w, n)
        with at(minutes=minutes, client=client, user=w.peer_lead):
            shown(client)  # counted and kept
            with CaptureQueriesContext(connection) as captured:
                response = shown(client)  # read back
        queries = [q["sql"] for q in captured.captured_queries]
        assert not tables_written(queries) and len(tables(response)["supervision-overdue"].rows) > n
        counted.append(len(queries))
    assert counted[0] == counted[1]


@pytest.mark.django_db
def test_kept_figures_of_another_format_are_counted_again(client, development, keep_all, monkeypatch):
    """Figures kept by an earlier version of the page (another FORMAT) are never unpacked: the visit counts them
    under the new format, and the job drops the old row."""
    with at(client=client, user=development.peer_lead):
        shown(client)
    old = KeptFigures.objects.get()
    monkeypatch.setattr(kept, "FORMAT", kept.FORMAT + 1)
    with at(minutes=1):
        shown(client)
    new = KeptFigures.objects.exclude(pk=old.pk).get()
    assert new.built_at == MORNING + datetime.timedelta(minutes=1) and f'"format":{kept.FORMAT}' in new.figures
    # A row whose fingerprint is current but whose JSON is of another format is counted again too.
    KeptFigures.objects.filter(pk=new.pk).update(figures=old.figures)
    with at(minutes=2):
        shown(client)
    assert f'"format":{kept.FORMAT}' in KeptFigures.objects.get(pk=new.pk).figures
    with at(minutes=7):
        # The old row moves to the new key (counted once); the new row, counted by then, is not counted twice.
        assert kept.refresh() == {"counted": 1, "dropped": 1, "failed": 0}
    assert list(KeptFigures.objects.values_list("pk", flat=True)) == [new.pk]


@pytest.mark.django_db
def test_counting_again_with_wrong_filters_keeps_nothing_and_the_page_says_why(client, development, keep_all):
    recount = reverse("dashboards:recount") + "?date_from=2026-12-01&date_to=2026-11-01"
    with at(client=client, user=development.peer_lead):
        response = client.post(recount, follow=True)
    assert response.redirect_chain == [(f"{DASHBOARD}?date_from=2026-12-01&date_to=2026-11-01", 302)]
    assert "The start date must be on or before the end date." in response.content.decode()
    assert not KeptFigures.objects.exists()


@pytest.mark.django_db
def test_by_default_a_whole_trusts_dashboard_is_kept_and_a_smaller_one_counted_live(client, development):
    """The default DASHBOARD_KEEP_ABOVE_PEERS (1,000 peers in view, applicants included: a trust's HR or peer lead)
    keeps the dashboard of a trust that size; at 1,000 it is still counted on every visit."""
    from django.conf import settings

    from programmes import access
    from programmes.models import Peer

    assert settings.DASHBOARD_KEEP_ABOVE_PEERS == 1000
    w = development
    in_view = access.dashboard_peers(w.peer_lead).count()
    Peer.objects.bulk_create(Peer(trust=w.trust, full_name=f"Applicant {n}") for n in range(1000 - in_view))
    with at(client=client, user=w.peer_lead):
        assert KEPT not in shown(client).content.decode()
    assert not KeptFigures.objects.exists()
    Peer.objects.create(trust=w.trust, full_name="Applicant 1000")
    with at(minutes=1, client=client, user=w.peer_lead):
        assert KEPT in shown(client).content.decode()
    assert KeptFigures.objects.filter(user=w.peer_lead).count() == 1
