"""Two people editing one record from forms opened together (issue 22 item 2): one save wins, the other is told
who changed what and nothing of theirs is saved; job description versions come from the locked row, so
simultaneous saves never share a number. Real threads on a real server; a row lock held from another
connection makes both requests wait inside their write and go together."""

from __future__ import annotations

import pytest
from django.urls import reverse

from programmes import integrity, services
from programmes.models import JobDescription, Peer
from programmes.views_integrity import CONFLICT
from tests.integrity.live import Person, Together, holding, need_postgresql, wait_for_waiters
from tests.security.test_form_fuzzing import fields_of, forms_on_page


def opened_form(client, user, path: str) -> dict:
    """The form as a person opens it: every field with the value it shows (and the formsets' counts)."""
    client.force_login(user)
    page = client.get(path)
    assert page.status_code == 200
    return form_as_shown(page)


def form_as_shown(page) -> dict:
    """The data a browser would post back from `page` unchanged: every field with the value it shows (and the
    formsets' counts)."""
    import datetime

    from django import forms
    from django.db.models import Model

    fixed, fields = fields_of(forms_on_page(page))
    data = dict(fixed)
    for name, field, value in fields:
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v.pk if isinstance(v, Model) else v) for v in value]
        elif isinstance(value, Model):
            data[name] = str(value.pk)
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        elif value is not None:
            data[name] = str(value)
    return data


def edit_at_once(live_server, client, path, table, pk, first, second):
    """`first` and `second` ((user, changes)) open the form, then save it at the same moment."""
    people = []
    for user, changes in (first, second):
        person = Person(live_server.url, user)
        data = {**opened_form(client, user, path), **changes, **person.open(path)}
        assert integrity.VERSION_FIELD in data
        people.append((person, data))
    with holding(f"SELECT 1 FROM {table} WHERE id = %s FOR UPDATE", [pk]):  # noqa: S608  (a test's own table name)
        both = Together(*[lambda p=p, d=d: p.post(path, d) for p, d in people])
        both_waited = wait_for_waiters(table, 2)
    return both.results(), both_waited


@pytest.mark.django_db(transaction=True)
def test_two_people_changing_a_peers_phone_at_once_one_is_saved_the_other_told(live_server, world, client):
    need_postgresql()
    w = world
    path = reverse("programmes:peer-update", args=[w.colleague.pk])
    history_before = w.colleague.history.count()
    answers, both_waited = edit_at_once(
        live_server,
        client,
        path,
        "programmes_peer",
        w.colleague.pk,
        (w.hr_officer, {"phone": "01632 960001"}),
        (w.peer_lead, {"phone": "01632 960002"}),
    )

    saved = [a for a in answers if a.status_code == 302]
    told = [a for a in answers if a.status_code == 200]
    assert len(saved) == 1 and len(told) == 1, [a.status_code for a in answers]
    assert both_waited
    winner = w.hr_officer if answers[0] is saved[0] else w.peer_lead
    phone = Peer.objects.get(pk=w.colleague.pk).phone
    assert phone == ("01632 960001" if winner == w.hr_officer else "01632 960002")
    assert w.colleague.history.count() == history_before + 1  # one save, not two
    page = told[0].text
    assert CONFLICT in page and "Someone else changed this record since you opened it" in page
    # Their change, field by field: the label, their value, by whom.
    assert '<th scope="row">Phone</th><td>' + phone in page
    assert (winner.get_full_name() or winner.username) in page
    # The form now carries the version saved now, so the user can put theirs in its place.
    assert f'name="record_version" value="{integrity.version_of(Peer.objects.get(pk=w.colleague.pk))}"' in page


@pytest.mark.django_db(transaction=True)
def test_two_people_saving_a_job_description_at_once_one_is_saved_the_other_told(live_server, world, client):
    need_postgresql()
    w = world
    template = JobDescription.objects.filter(post__isnull=True).first()
    jd = services.create_job_description_from_template(post=w.post, template=template, by=w.hr_officer)
    path = reverse("programmes:post-jd-update", args=[w.post.pk])
    answers, both_waited = edit_at_once(
        live_server,
        client,
        path,
        "programmes_jobdescription",
        jd.pk,
        (w.hr_officer, {"hours": "30"}),
        (w.peer_lead, {"hours": "22.5"}),
    )

    assert sorted(a.status_code for a in answers) == [200, 302]
    assert both_waited
    jd.refresh_from_db()
    assert jd.version == 2 and jd.hours in ("30", "22.5")
    assert sorted(jd.history.values_list("version", flat=True)) == [1, 2]
    told = next(a for a in answers if a.status_code == 200).text
    assert "Someone else changed this record since you opened it" in told
    assert f"<td>{jd.hours}</td>" in told


@pytest.mark.django_db(transaction=True)
def test_ten_pairs_of_simultaneous_job_description_saves_take_ten_pairs_of_numbers(world):
    need_postgresql()
    w = world
    template = JobDescription.objects.filter(post__isnull=True).first()
    jd = services.create_job_description_from_template(post=w.post, template=template, by=w.hr_officer)
    waited = []
    for pair in range(10):
        # Each of the two holds the job description as it was before either saves (a stale copy each).
        copies = [JobDescription.objects.get(pk=jd.pk) for _ in range(2)]
        with holding("SELECT 1 FROM programmes_jobdescription WHERE id = %s FOR UPDATE", [jd.pk]):
            both = Together(
                *[
                    lambda c=c, who=who, pair=pair: services.update_job_description(
                        job_description=c, by=who, hours=f"{pair} by {who.username}"
                    )
                    for c, who in zip(copies, (w.hr_officer, w.peer_lead), strict=True)
                ]
            )
            waited.append(wait_for_waiters("programmes_jobdescription", 2))
        both.results()

    versions = sorted(jd.history.values_list("version", flat=True))
    assert versions == list(range(1, 22)), f"versions saved: {versions}"  # 1, then 20 saves, each its own
    assert JobDescription.objects.get(pk=jd.pk).version == 21
    assert all(waited), f"pairs whose two saves did not both wait for the lock: {waited}"


def test_a_record_loaded_without_history_shows_who_changed_it_after_the_form_opened(world):
    """Reference data is bulk-loaded, without history rows: the version a form opens at is then a fingerprint,
    and every save in the record's history came after it, each shown with who made it (it was "Not recorded")."""
    peer = world.peer
    peer.history.all().delete()
    opened = integrity.version_of(peer)
    assert opened.startswith("f")
    peer.phone = "07700 900123"
    peer._history_user = world.administrator
    peer.save()
    (change,) = integrity.changes_since(peer, opened, {"phone": "Phone"})
    assert change.who != "Not recorded" and change.when is not None
    assert change.who == (world.administrator.get_full_name() or world.administrator.username)
    assert ("Phone", "07700 900123") in change.fields
