"""The ranked shortlist one page at a time, with the ranking carried across pages and the CSV holding every rank;
the pipeline board's columns capped, with the rest one link away (issue 19)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from programmes.models import Peer
from programmes.paging import PAGE_SIZE
from recruitment import selectors
from recruitment.models import Application
from recruitment.views_board import CARDS_PER_COLUMN
from tests.recruitment.world import mark_all

pytestmark = pytest.mark.shared_world  # one recruitment world for the module (tests/shared_world.py)


def _apply(w, n: int) -> list[Application]:
    peers = Peer.objects.bulk_create([Peer(trust=w.trust, full_name=f"Applicant {i:03d}") for i in range(n)])
    return Application.objects.bulk_create(
        Application(vacancy=w.vacancy, applicant=p, applied_on=w.vacancy.opens_on) for p in peers
    )


def _ranked_pks(w) -> list[int]:
    applications = Application.objects.filter(vacancy=w.vacancy)
    return [r.application.pk for r in selectors.ranked_shortlist(w.vacancy, applications)]


def test_page_two_of_the_shortlist_continues_the_ranking(client, recruitment):
    w = recruitment
    applications = _apply(w, 30)
    mark_all(applications[-1], w.hr_officer)  # the last by name ranks first: the ranking is not the name order
    client.force_login(w.hr_officer)
    url = reverse("recruitment:shortlist", args=[w.vacancy.pk])

    first, second = client.get(url), client.get(url + "?page=2")

    ranked = _ranked_pks(w)
    assert [r.application.pk for r in first.context["page_obj"]] == ranked[:PAGE_SIZE]
    assert [r.application.pk for r in second.context["page_obj"]] == ranked[PAGE_SIZE:]
    assert [r.rank for r in second.context["page_obj"]][0] == PAGE_SIZE + 1
    assert first.context["page_obj"][0].application == applications[-1]
    assert "<td>26</td>" in second.content.decode()
    assert "Page 2 of 2" in second.content.decode()


def test_the_shortlist_csv_holds_every_rank_on_every_page(client, recruitment):
    w = recruitment
    _apply(w, 30)
    client.force_login(w.hr_officer)

    response = client.get(reverse("recruitment:shortlist", args=[w.vacancy.pk]) + "?format=csv&page=2")

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))
    ranked = _ranked_pks(w)
    assert len(rows) == len(ranked) > PAGE_SIZE
    assert [row["Rank"] for row in rows] == [str(i) for i in range(1, len(ranked) + 1)]
    names = dict(Application.objects.filter(pk__in=ranked).values_list("pk", "applicant__full_name"))
    assert [row["Applicant"] for row in rows] == [names[pk] for pk in ranked]


def test_a_board_column_shows_the_longest_waiting_and_links_to_the_rest(client, recruitment):
    w = recruitment
    _apply(w, CARDS_PER_COLUMN + 5)
    client.force_login(w.hr_officer)

    response = client.get(reverse("recruitment:vacancy-board", args=[w.vacancy.pk]))

    applied = next(c for c in response.context["columns"] if c.stage == Application.Stage.APPLIED)
    assert len(applied.shown) == CARDS_PER_COLUMN
    assert applied.count == Application.objects.filter(vacancy=w.vacancy, stage=Application.Stage.APPLIED).count()
    assert applied.shown == applied.cards[:CARDS_PER_COLUMN]
    assert f"Show all {applied.count}" in response.content.decode()
    listed = client.get(applied.more_url)
    assert listed.context["paginator"].count == applied.count
    assert {a.stage for a in listed.context["object_list"]} == {Application.Stage.APPLIED}
