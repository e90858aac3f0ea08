"""The read endpoints (issue 20 item 2): lists hold only what the user may see, a record out of reach is a 404,
lists are paged and filtered as their pages are, the figures are the selectors' own, and nothing sensitive is ever
in an answer."""

from __future__ import annotations

import datetime
import json

import time_machine
from django.urls import reverse

from programmes import access
from recruitment import selectors as recruitment_selectors
from tests import factories
from tests.api.conftest import bearer, token_for
from tests.recruitment.world import make_vacancy

TODAY = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)


def get(client, user, name, *args, query=""):
    response = client.get(reverse(name, args=args) + query, **bearer(token_for(user)))
    return response


def test_lists_hold_only_what_the_user_may_see(client, world):
    names = [t["name"] for t in get(client, world.hr_officer, "api:trust-list").json()["results"]]
    assert names == [world.trust.name]
    teams = {t["id"] for t in get(client, world.line_manager, "api:team-list").json()["results"]}
    assert teams == set(access.visible_teams(world.line_manager).values_list("pk", flat=True)) == {world.team.pk}
    posts = {p["id"] for p in get(client, world.other_trust_staff, "api:post-list").json()["results"]}
    assert posts == {world.other_trust_post.pk}


def test_a_record_out_of_reach_is_a_404(client, world):
    assert get(client, world.hr_officer, "api:trust-detail", world.other_trust.pk).status_code == 404
    assert get(client, world.line_manager, "api:team-detail", world.other_team.pk).status_code == 404
    assert get(client, world.hr_officer, "api:post-detail", world.other_trust_post.pk).status_code == 404
    assert get(client, world.hr_officer, "api:post-detail", world.post.pk).json()["vacant"] is False


def test_lists_are_paged_by_25_and_filtered_as_their_pages(client, world):
    for i in range(30):
        factories.PostFactory(team=world.team, title=f"Sessional worker {i}")
    first = get(client, world.hr_officer, "api:post-list").json()
    assert first["count"] == 33 and len(first["results"]) == 25 and first["next"].endswith("page=2")
    vacant = get(client, world.hr_officer, "api:post-list", query="?status=vacant&q=sessional").json()
    assert vacant["count"] == 30 and all(p["vacant"] for p in vacant["results"])
    refused = get(client, world.hr_officer, "api:post-list", query=f"?team={world.other_trust_team.pk}")
    assert refused.status_code == 400 and "team" in refused.json()  # a team out of reach is not a choice


def test_the_funnel_is_the_selectors_own(client, recruitment):
    w = recruitment
    answer = get(client, w.hr_officer, "api:vacancy-funnel", w.vacancy.pk).json()
    funnel = recruitment_selectors.funnel(
        access.visible_applications(w.hr_officer).filter(vacancy=w.vacancy), trust=w.trust
    )
    assert answer["total"] == funnel.total
    assert [(s["stage"], s["reached"]) for s in answer["stages"]] == [(s.stage, s.reached) for s in funnel.stages]
    vacancies = get(client, w.hr_officer, "api:vacancy-list", query="?status=open").json()["results"]
    assert {v["id"] for v in vacancies} >= {w.vacancy.pk}
    assert all(v["status"] == "open" for v in vacancies)


def test_supervision_compliance_reviews_and_training_are_those_of_the_peers_in_view(client, development):
    w = development
    with time_machine.travel(TODAY, tick=False):
        rows = get(client, w.line_manager, "api:supervision-compliance").json()["results"]
        assert {r["peer"] for r in rows} == {w.peer.pk, w.colleague.pk}
        assert {r["kind"] for r in rows} == {"managerial", "peer"}
        due = get(client, w.line_manager, "api:review-list", query="?status=due").json()["results"]
        assert due and all(r["held_on"] is None for r in due)
        training = get(client, w.line_manager, "api:training-list").json()["results"]
        assert {t["id"] for t in training} == set(access.visible_training(w.line_manager).values_list("pk", flat=True))
        assert get(client, w.other_trust_staff, "api:placement-detail", w.placement.pk).status_code == 404


def test_the_dashboard_figures_name_nobody_and_an_invalid_filter_says_why(client, development):
    w = development
    with time_machine.travel(TODAY, tick=False):
        answer = get(client, w.peer_lead, "api:dashboard").json()
        assert answer["on"] == "2026-11-23" and answer["headline"] and answer["tables"]
        assert w.peer.full_name not in json.dumps(answer) and w.colleague.full_name not in json.dumps(answer)
        table = get(client, w.peer_lead, "api:dashboard-table", "supervision").json()
        assert table["key"] == "supervision" and table["headers"]
        future = get(client, w.peer_lead, "api:dashboard", query="?date_to=2027-01-01")
        assert future.status_code == 400 and future.json() == {"date_to": ["The end date cannot be in the future."]}


def test_workforce_growth_is_the_programmes_share(client, world):
    answer = get(client, world.peer_lead, "api:workforce-growth").json()
    assert [g["programme_name"] for g in answer] == ["Northshire Peer Support Programme"]
    assert {row["label"] for row in answer[0]["teams"]} >= {world.team.name}


def test_no_answer_of_any_endpoint_holds_a_sensitive_record(client, development):
    """The development world's sensitive records (lived experience, reasonable adjustments, WAPs, supervision notes,
    a return-to-work conversation) never appear in any answer, for the administrator who may read them all."""
    from tests.api.matrix_api import ROWS

    w = development
    make_vacancy(by=w.hr_officer, post=w.post, reference="NS-API-02")
    secrets = [
        w.peer.lived_experience_summary,
        w.placement.reasonable_adjustments,
        w.wap.approaches,
        w.attendance.notes,
        w.return_to_work.notes if hasattr(w.return_to_work, "notes") else "",
    ]
    secrets = [s for s in secrets if s]
    assert len(secrets) >= 4
    token = token_for(w.administrator)
    read = 0
    with time_machine.travel(TODAY, tick=False):
        for row in ROWS:
            if row.method != "get" or not row.name.startswith("api:") or row.name.startswith("api:token"):
                continue
            if row.name in ("api:reference", "api:schema", "api:import"):
                continue
            kwargs = row.kwargs(w) if row.name not in ("api:vacancy-detail", "api:vacancy-funnel") else None
            if kwargs is None:
                continue
            response = client.get(reverse(row.name, kwargs=kwargs), **bearer(token))
            text = response.content.decode()
            assert not [s for s in secrets if s in text], row.id
            read += response.status_code == 200
    assert read >= 15
