"""A checked staff file is imported once: its confirm claims the file (a row under a unique key, in the import's own
transaction) before importing, so a second confirm of the same file, one after the other or at the same moment,
imports nothing and shows the first one's result. Two different files adding the same people at once are kept
apart by the trust's unique emails."""

from __future__ import annotations

import re
import threading
import time

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from programmes.models import Peer, SubmissionToken
from tests.conftest import need

HEADER = "full_name,preferred_name,pronouns,email,phone\n"


def peers_file(count: int) -> str:
    return HEADER + "".join(f"Person {n},,,person{n}@example.nhs.uk,\n" for n in range(count))


def check(client, content: str, trust) -> str:
    """Upload a file for its dry run; the id of the checked file its confirm page posts."""
    response = client.post(
        reverse("programmes:import"),
        {"kind": "peers", "trust": trust.pk, "file": SimpleUploadedFile("staff.csv", content.encode(), "text/csv")},
    )
    assert response.status_code == 200 and "Import these" in response.content.decode()
    return response.context["token"]


@pytest.mark.django_db
def test_a_second_confirm_of_the_same_file_imports_nothing_and_shows_the_first_result(client, world):
    client.force_login(world.hr_officer)
    token = check(client, peers_file(3), world.trust)
    before = Peer.objects.count()

    first = client.post(reverse("programmes:import-confirm"), {"token": token}, follow=True)
    assert "Imported 3 row(s) of peers" in first.content.decode()
    again = client.post(reverse("programmes:import-confirm"), {"token": token}, follow=True)

    text = again.content.decode()
    assert f"Already imported: 3 peers for {world.trust.name}: 3 added, 0 changed." in text
    assert "Nothing was imported again." in text
    assert Peer.objects.count() == before + 3
    assert SubmissionToken.objects.filter(form="programmes:import-confirm").count() == 1


@pytest.mark.django_db
def test_a_confirm_that_fails_saves_nothing_its_claim_included(client, world):
    """The file no longer imports when confirmed (its team was renamed meanwhile): nothing is saved, not even the
    claim, so a second confirm is not told "already imported"."""
    client.force_login(world.hr_officer)
    response = client.post(
        reverse("programmes:import"),
        {
            "kind": "posts",
            "trust": world.trust.pk,
            "file": SimpleUploadedFile(
                "posts.csv", b"team,title,band,hours\nRiverside CMHT,Peer Support Worker,3,22.5\n"
            ),
        },
    )
    token = response.context["token"]
    world.team.name = "Riverside Community Team"
    world.team.save()

    failed = client.post(reverse("programmes:import-confirm"), {"token": token})
    assert "Unknown team" in failed.content.decode()
    assert not SubmissionToken.objects.exists()
    again = client.post(reverse("programmes:import-confirm"), {"token": token}, follow=True)
    assert "That import has expired" in again.content.decode()


# --- At the same moment: a real threaded server, two requests pinned inside their write -------------------


def _session(client: Client, base: str) -> tuple[requests.Session, str]:
    """A browser-like session for the live server, signed in as the test client is, with its CSRF token."""
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value)
    page = session.get(base + reverse("programmes:import-confirm"), timeout=10)
    assert page.status_code == 200
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return session, csrf


def _database():
    import psycopg

    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        password=settings["PASSWORD"] or None,
    )


def _wait_for_blocked_requests(count: int, seconds: float = 15.0) -> None:
    """Until `count` other backends of this database wait on a lock (both requests inside their write)."""
    with _database() as watcher:
        watcher.autocommit = True
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            waiting = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchone()[0]
            if waiting >= count:
                return
            time.sleep(0.05)
    pytest.fail(f"fewer than {count} requests blocked inside their write within {seconds} s")


def _post_both_at_once(posts: list[tuple[requests.Session, str, dict]]) -> list[requests.Response]:
    """Hold an EXCLUSIVE lock on the peers table from another connection (reads pass, writes wait), send both
    requests, wait until both are blocked inside their write, release, and collect the answers."""
    answers: list = [None] * len(posts)

    def send(i, session, url, data):
        answers[i] = session.post(url, data=data, timeout=60)

    with _database() as locker:
        locker.execute("LOCK TABLE programmes_peer IN EXCLUSIVE MODE")
        threads = [threading.Thread(target=send, args=(i, *post)) for i, post in enumerate(posts)]
        for thread in threads:
            thread.start()
        try:
            _wait_for_blocked_requests(len(posts))
        finally:
            locker.rollback()  # the lock goes: the two requests race from inside their write
        for thread in threads:
            thread.join(timeout=60)
    assert all(answers), "a request did not answer"
    return answers


@pytest.fixture
def on_postgresql(transactional_db):
    need("PostgreSQL (row locks and a second connection)", connection.vendor == "postgresql")


@pytest.mark.django_db(transaction=True)
def test_two_confirms_of_one_file_at_once_import_it_once(live_server, world, on_postgresql):
    count = 40
    client = Client()
    client.force_login(world.hr_officer)
    token = check(client, peers_file(count), world.trust)
    before = Peer.objects.count()
    confirm = live_server.url + reverse("programmes:import-confirm")
    posts = []
    for _ in range(2):
        session, csrf = _session(client, live_server.url)
        posts.append((session, confirm, {"csrfmiddlewaretoken": csrf, "token": token}))

    answers = _post_both_at_once(posts)

    assert [a.status_code for a in answers] == [200, 200]  # each followed its redirect to the import page
    texts = sorted(a.text for a in answers)
    said = [("Imported 40 row(s) of peers" in t, "Already imported: 40 peers" in t) for t in texts]
    assert sorted(said) == [(False, True), (True, False)], said
    assert Peer.objects.count() == before + count
    assert SubmissionToken.objects.filter(form="programmes:import-confirm").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_files_adding_the_same_people_at_once_add_them_once(live_server, world, on_postgresql):
    """HR and the peer lead each check a file of the same people and confirm at the same moment: different files,
    so both claims succeed; the trust's unique emails refuse the second import, which is told so and saves nothing."""
    count = 10
    posts = []
    for user in (world.hr_officer, world.peer_lead):
        client = Client()
        client.force_login(user)
        token = check(client, peers_file(count), world.trust)
        session, csrf = _session(client, live_server.url)
        posts.append(
            (
                session,
                live_server.url + reverse("programmes:import-confirm"),
                {"csrfmiddlewaretoken": csrf, "token": token},
            )
        )
    before = Peer.objects.count()

    answers = _post_both_at_once(posts)

    texts = [a.text for a in answers]
    assert sum("Imported 10 row(s) of peers" in t for t in texts) == 1
    refused = next(t for t in texts if "Imported 10 row(s)" not in t)
    assert "already has this email address" in refused
    assert Peer.objects.count() == before + count
    assert Peer.objects.filter(email__startswith="person").count() == count
