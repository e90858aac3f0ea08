"""A create form posted twice saves once (issue 22 item 1): a double click, a browser's resend, two requests at
once. The concurrent cases use a real threaded server and two threads posting the same token together; a lock
held on the token table from another connection makes both requests wait inside their write, so the race is the
same every run: released together, one claims the token and saves, the other is sent to what the first saved."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from development.models import DevelopmentObjective, TrainingRecord
from programmes import integrity
from programmes.models import SubmissionToken
from programmes.views_integrity import NOT_FROM_THIS_FORM
from tests.integrity.live import Person, Together, holding, need_postgresql, wait_for_waiters
from workforce.models import ReturnToWorkConversation, SupervisionSession

NOW = datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=True):
        yield


# The four create forms the issue found saving a second identical POST: who fills it in, where, with what.
CASES = {
    "supervision session": (
        lambda w: w.supervisor,
        lambda w: reverse("workforce:supervision-create"),
        lambda w: {
            "kind": "peer",
            "format": "group",
            "status": "held",
            "date": "2026-11-09",
            "duration_minutes": "90",
            "supervisor": str(w.supervisor.pk),
            "attendees": [str(w.peer.pk), str(w.colleague.pk)],
            "themes": "Using your story with purpose.",
            "actions": "",
        },
        SupervisionSession,
    ),
    "return-to-work conversation": (
        lambda w: w.line_manager,
        lambda w: reverse("workforce:return-to-work-create", args=[w.peer.pk]),
        lambda w: {
            "absence_from": "2026-10-26",
            "absence_to": "2026-11-06",
            "held_on": "2026-11-09",
            "support_agreed": "Half days for the first week.",
            "wap_reviewed": "on",
            "notes": "",
        },
        ReturnToWorkConversation,
    ),
    "development objective": (
        lambda w: w.peer_worker,
        lambda w: reverse("development:objective-create", args=[w.peer.pk]),
        lambda w: {"text": "Train as a WRAP facilitator", "source": "own_wish", "target_on": ""},
        DevelopmentObjective,
    ),
    "training record": (
        lambda w: w.hr_officer,
        lambda w: reverse("development:training-create", args=[w.peer.pk]),
        lambda w: {
            "category": "mandatory",
            "title": "Information governance",
            "provider": "MyESR",
            "course": "",
            "started_on": "",
            "completed_on": "2026-11-02",
            "expires_on": "2027-11-02",
            "notes": "",
        },
        TrainingRecord,
    ),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("case", CASES)
def test_a_create_form_posted_twice_at_once_saves_once(case, live_server, development, frozen):
    need_postgresql()
    who, path_of, data_of, model = CASES[case]
    w = development
    path = path_of(w)
    person = Person(live_server.url, who(w))
    form = {**data_of(w), **person.open(path)}
    assert integrity.TOKEN_FIELD in form
    before = model.objects.count()

    # Both requests wait on the token table inside their transaction, then go together.
    with holding("LOCK TABLE programmes_submissiontoken IN SHARE ROW EXCLUSIVE MODE"):
        both = Together(lambda: person.post(path, form), lambda: person.post(path, form))
        both_waited = wait_for_waiters("programmes_submissiontoken", 2)
    answers = both.results()

    assert model.objects.count() - before == 1, f"{case}: two posts of one form saved {model.objects.count() - before}"
    assert both_waited, "the two requests did not both reach their write before the lock was let go"
    assert [a.status_code for a in answers] == [302, 302]
    claim = SubmissionToken.objects.get()
    assert {a.headers["Location"] for a in answers} == {claim.result_url}  # both shown the one record
    # The one that came second is told so.
    told = ["This was already saved" in person.follow(answer) for answer in answers]
    assert sorted(told) == [False, True]
    assert claim.user == who(w)


@pytest.mark.parametrize("case", CASES)
def test_a_create_form_posted_again_saves_nothing_more_and_shows_the_first(case, development, client):
    who, path_of, data_of, model = CASES[case]
    w = development
    with time_machine.travel(NOW, tick=False):
        client.force_login(who(w))
        path = path_of(w)
        page = client.get(path)
        form = {**data_of(w), **integrity_of(page)}
        before = model.objects.count()

        first = client.post(path, form)
        again = client.post(path, form, follow=True)

    assert first.status_code == 302 and model.objects.count() == before + 1
    assert model.objects.count() == before + 1, "the second POST saved again"
    assert again.redirect_chain[0] == (first["Location"], 302)
    assert "This was already saved" in again.content.decode()


@pytest.mark.parametrize("case", CASES)
def test_a_create_form_without_its_token_or_with_someone_elses_saves_nothing(case, development, client):
    who, path_of, data_of, model = CASES[case]
    w = development
    with time_machine.travel(NOW, tick=False):
        client.force_login(who(w))
        path = path_of(w)
        before = model.objects.count()
        someone_else = w.administrator
        for token in (None, "forged", integrity.new_token(someone_else)):
            data = data_of(w) if token is None else {**data_of(w), integrity.TOKEN_FIELD: token}
            response = client.post(path, data, integrity=False)
            assert response.status_code == 200, token
            assert NOT_FROM_THIS_FORM in response.context["form"].non_field_errors(), token
            # The form comes back with a token of the user's own, which saves.
            assert integrity.token_nonce(who(w), integrity_of(response)[integrity.TOKEN_FIELD])
        assert model.objects.count() == before
        assert not SubmissionToken.objects.exists()


def test_a_form_refused_for_its_data_keeps_its_token_unclaimed_so_the_corrected_one_saves(workforce, client):
    w = workforce
    path = reverse("workforce:return-to-work-create", args=[w.peer.pk])
    with time_machine.travel(NOW, tick=False):
        client.force_login(w.line_manager)
        token = integrity_of(client.get(path))
        data = CASES["return-to-work conversation"][2](w)
        wrong = client.post(path, {**data, "absence_to": "2026-10-20", **token})
        assert wrong.status_code == 200 and not SubmissionToken.objects.exists()
        assert integrity_of(wrong) == token  # the same token: it was never claimed
        right = client.post(path, {**data, **token})
    assert right.status_code == 302
    assert ReturnToWorkConversation.objects.filter(peer=w.peer).count() == 1


def test_a_token_expires_after_a_week_and_old_claims_are_purged_by_the_daily_job(world):
    from privacy.tasks import apply_retention

    with time_machine.travel(NOW, tick=False):
        token = integrity.new_token(world.hr_officer)
        nonce = integrity.token_nonce(world.hr_officer, token)
        integrity.claim_token(nonce=nonce, user=world.hr_officer, form="programmes:post-create")
    with time_machine.travel(NOW + integrity.TOKEN_MAX_AGE - datetime.timedelta(minutes=1), tick=False):
        assert integrity.token_nonce(world.hr_officer, token) == nonce
        apply_retention()
        assert SubmissionToken.objects.count() == 1  # within the week: a repeat still finds it
    with time_machine.travel(NOW + integrity.TOKEN_MAX_AGE + datetime.timedelta(minutes=1), tick=False):
        assert integrity.token_nonce(world.hr_officer, token) is None  # refused as expired...
        assert apply_retention()["tokens_purged"] == 1  # ...so its claim can go
    assert not SubmissionToken.objects.exists()


def integrity_of(response) -> dict[str, str]:
    from tests.form_client import integrity_fields

    return integrity_fields(response.content.decode())
