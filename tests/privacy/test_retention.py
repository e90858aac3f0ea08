"""The retention job: an unsuccessful applicant's personal data (every record in the subject access registry,
their history rows, their reads in the access log, uploaded files, their own sign-in) is removed once every
application of theirs ended unsuccessfully at least RETENTION_MONTHS_UNSUCCESSFUL_APPLICANTS months ago, unless they
were placed or employed, still have an open application, or are under a legal hold."""

from __future__ import annotations

import datetime
import os

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from development.models import TrainingRecord
from privacy import services, subject_access, tasks
from privacy.models import LegalHold, RetentionRun
from programmes import access
from programmes.models import FileDeletion, Peer, SensitiveAccessLog, StaffRole
from recruitment import services as recruitment_services
from recruitment.models import Application, StageTransition
from tests import factories
from tests.recruitment.world import Stage, give_band_2_job_description, make_vacancy
from tests.workforce.world import place

pytestmark = pytest.mark.shared_world("world")  # one world for the module (tests/shared_world.py)

ENDED = datetime.datetime(2026, 1, 15, 10, 0, tzinfo=datetime.UTC)  # the application was withdrawn that day
TWELVE_MONTHS_ON = datetime.date(2027, 1, 15)
ELEVEN_MONTHS_ON = datetime.date(2026, 12, 15)
A_DAY_SHORT = datetime.date(2027, 1, 14)


@pytest.fixture
def alex(world, media):
    """Alex applied (with a referee), was booked on nothing, had their lived experience read by HR, uploaded a
    certificate, had a legal hold set and released, and withdrew on 15 January 2026."""
    w = world
    with time_machine.travel(ENDED, tick=False):
        post = factories.PostFactory(team=w.team, title="Peer Support Worker", band=2)
        give_band_2_job_description(post, by=w.hr_officer)
        w.vacancy = make_vacancy(by=w.hr_officer, post=post)
        user = factories.UserFactory(username="alex")
        peer = factories.PeerFactory(
            trust=w.trust, full_name="Alex Rowe", user=user, lived_experience_summary="Psychosis; Hearing Voices group."
        )
        peer.phone = "07700 900123"
        peer.save()  # a second history row
        w.application = recruitment_services.submit_application(
            vacancy=w.vacancy,
            applicant=peer,
            by=w.hr_officer,
            applied_on=w.vacancy.opens_on,
            referees=[{"name": "Jo Marsh", "relationship": "care_coordinator", "contact": "jo@example.org"}],
        )
        recruitment_services.move_application(application=w.application, to_stage=Stage.WITHDRAWN, by=w.hr_officer)
        w.certificate = TrainingRecord.objects.create(
            peer=peer,
            category=TrainingRecord.Category.RECOVERY_COLLEGE,
            title="Recovery college course",
            evidence=SimpleUploadedFile("certificate.pdf", b"%PDF-1.4", "application/pdf"),
        )
        access.log_sensitive_read(user=w.hr_officer, peer=peer, record_type="lived_experience")
        hold = services.set_legal_hold(peer=peer, by=w.hr_officer, reason="A complaint.")
        services.release_legal_hold(hold=hold, by=w.hr_officer, reason="Closed.")
    w.alex = peer
    w.alex_user = user
    return w


def run(today):
    with time_machine.travel(datetime.datetime.combine(today, datetime.time(3, 0), tzinfo=datetime.UTC), tick=False):
        return services.apply_retention(today=today)


def test_an_unsuccessful_applicant_is_removed_after_12_months_with_their_history(
    alex, django_capture_on_commit_callbacks
):
    w = alex
    sections = subject_access.collect(w.alex)
    held = {s.source.model_class: s.ids for s in sections if s.source.removed_with_peer and s.ids}
    assert len(held) >= 8  # peer, application, referee, transition, support, training, access log, legal hold
    stored = w.certificate.evidence.path
    others = set(Peer.objects.exclude(pk=w.alex.pk).values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):  # files go once the removal has committed
        result = run(TWELVE_MONTHS_ON)

    assert result.removed == 1 and result.months == 12 and result.ran_for == TWELVE_MONTHS_ON
    assert result.due == 1 and result.finished_at is not None
    for model, ids in held.items():
        assert not model._base_manager.filter(pk__in=ids).exists(), model
        history = getattr(model, "history", None)
        if history is not None:
            assert not history.model.objects.filter(id__in=ids).exists(), f"history of {model.__name__} kept"
    assert not SensitiveAccessLog.objects.filter(peer_id=w.alex.pk).exists()
    assert not Peer.history.filter(id=w.alex.pk).exists()
    assert not Application.history.filter(applicant_id=w.alex.pk).exists()
    assert not StageTransition.objects.filter(application_id=w.application.pk).exists()
    assert not get_user_model().objects.filter(pk=w.alex_user.pk).exists()  # their own sign-in, no staff role
    assert not os.path.exists(stored)  # the uploaded certificate
    deletion = FileDeletion.objects.get()  # through the file outbox, ticked off
    assert (deletion.reason, deletion.deleted_at is not None) == ("retention", True)
    folder = w.certificate.evidence.name.rsplit("/", 1)[0]
    assert deletion.name == f"{folder}/(name removed when the file was deleted)"  # the uploader's name for it gone
    assert set(Peer.objects.values_list("pk", flat=True)) == others  # nobody else
    assert w.vacancy.__class__.objects.filter(pk=w.vacancy.pk).exists()  # the vacancy is the trust's


def test_kept_at_11_months_and_on_the_day_before_12(alex):
    assert run(ELEVEN_MONTHS_ON).removed == 0
    assert run(A_DAY_SHORT).removed == 0
    assert Peer.objects.filter(pk=alex.alex.pk).exists()
    assert SensitiveAccessLog.objects.filter(peer=alex.alex).exists()


def test_kept_under_a_legal_hold_and_removed_once_it_is_released(alex):
    w = alex
    hold = services.set_legal_hold(peer=w.alex, by=w.peer_lead, reason="Employment tribunal claim.")
    assert run(TWELVE_MONTHS_ON).removed == 0
    assert Peer.objects.filter(pk=w.alex.pk).exists()
    services.release_legal_hold(hold=hold, by=w.peer_lead, reason="Claim withdrawn.")
    assert run(TWELVE_MONTHS_ON).removed == 1
    assert not LegalHold.objects.filter(peer_id=w.alex.pk).exists()
    assert not LegalHold.history.filter(peer_id=w.alex.pk).exists()


def test_kept_while_another_application_is_open(alex):
    w = alex
    other = make_vacancy(by=w.hr_officer, post=factories.PostFactory(team=w.other_team, band=2))
    recruitment_services.submit_application(vacancy=other, applicant=w.alex, by=w.hr_officer, applied_on=other.opens_on)
    assert run(TWELVE_MONTHS_ON).removed == 0
    assert Peer.objects.filter(pk=w.alex.pk).exists()


def test_kept_when_they_were_placed_or_hold_a_post(alex):
    w = alex
    post = factories.PostFactory(team=w.team, holder=w.alex)
    place(w.alex, post, start=datetime.date(2026, 3, 1))
    assert run(TWELVE_MONTHS_ON).removed == 0
    assert Peer.objects.filter(pk=w.alex.pk).exists()


def test_kept_when_they_once_held_a_post(alex):
    w = alex
    post = factories.PostFactory(team=w.team, holder=w.alex)
    post.holder = None
    post.save()  # the post's history remembers its holder
    assert run(TWELVE_MONTHS_ON).removed == 0


def test_an_applicant_who_never_applied_is_not_touched(world):
    assert run(TWELVE_MONTHS_ON).removed == 0
    assert Peer.objects.filter(pk=world.applicant.pk).exists()


def test_the_setting_is_respected(alex, settings):
    settings.RETENTION_MONTHS_UNSUCCESSFUL_APPLICANTS = 24
    assert run(TWELVE_MONTHS_ON).removed == 0
    settings.RETENTION_MONTHS_UNSUCCESSFUL_APPLICANTS = 6
    result = run(datetime.date(2026, 7, 15))
    assert (result.removed, result.months) == (1, 6)
    assert not Peer.objects.filter(pk=alex.alex.pk).exists()


def test_running_twice_is_fine(alex):
    assert run(TWELVE_MONTHS_ON).removed == 1
    assert run(TWELVE_MONTHS_ON).removed == 0
    assert list(RetentionRun.objects.order_by("pk").values_list("due", "removed")) == [(1, 1), (0, 0)]
    assert not RetentionRun.objects.filter(finished_at__isnull=True).exists()
    assert FileDeletion.objects.count() == 1  # the certificate, recorded once


def test_an_account_with_a_staff_role_is_kept_unlinked(alex):
    w = alex
    StaffRole.objects.create(user=w.alex_user, trust=w.trust, role=StaffRole.Role.PANEL_MEMBER)
    assert run(TWELVE_MONTHS_ON).removed == 1
    w.alex_user.refresh_from_db()
    assert w.alex_user.is_active
    assert not Peer.objects.filter(user=w.alex_user).exists()


def test_the_celery_task_calls_the_service(alex):
    result = tasks.apply_retention.apply(kwargs={"day": TWELVE_MONTHS_ON.isoformat()}).get()
    assert result == {"ran_for": "2027-01-15", "removed": 1, "months": 12, "tokens_purged": 0}
    assert not Peer.objects.filter(pk=alex.alex.pk).exists()


def test_the_command_runs_it_for_a_date(alex, capsys):
    call_command("apply_retention", "--date", "2027-01-15")
    assert "removed the data of 1 unsuccessful applicant." in capsys.readouterr().out
    assert RetentionRun.objects.get().removed == 1


def test_the_job_is_scheduled_daily_at_3am(db):
    task = PeriodicTask.objects.get(task="privacy.tasks.apply_retention")
    assert (task.crontab.hour, task.crontab.minute, task.enabled) == ("3", "0", True)
