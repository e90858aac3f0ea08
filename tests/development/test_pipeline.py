"""The train-and-place pipeline (issue 18 item 5): the waiting list's order and the next offered a place when one is
declined, the DBS check before training, a graduate put forward for a vacancy once however often it is asked, the
lived experience shared read and logged, and the board's figures on a small hand-built data set with known answers."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dashboards import selectors as dashboard_selectors
from dashboards.sections_pipeline import pipeline_table
from development import services_pipeline as services
from development.models import GraduateCandidacy, TrainingApplication, TrainingPipelineSettings
from development.selectors_pipeline import pipeline_figures, waiting_list
from programmes import integrity
from programmes.models import CohortEnrolment, Programme, SensitiveAccessLog
from recruitment.models import Application
from tests import factories
from tests.development.pipeline_world import make_cohort, pipeline_of
from tests.workforce.world import place

pytestmark = pytest.mark.shared_world("recruitment")  # one world for the module (tests/shared_world.py)

Status = TrainingApplication.Status
DAY = datetime.date(2026, 1, 20)


def apply(w, cohort, name: str) -> TrainingApplication:
    return services.submit_training_application(
        by=w.hr_officer,
        cohort=cohort,
        full_name=name,
        email=f"{name.split()[0].lower()}@example.org",
        statement="I want to use my own experience to help others.",
        applied_on=datetime.date(2026, 1, 5),
    )


def interview(w, application, outcome="suitable", feedback="") -> TrainingApplication:
    return services.record_training_interview(
        application=application, by=w.hr_officer, interviewed_on=DAY, outcome=outcome, feedback=feedback
    )


def refreshed(application) -> TrainingApplication:
    return TrainingApplication.objects.get(pk=application.pk)


def test_places_are_offered_up_to_the_cohort_then_the_waiting_list_in_order(world):
    cohort = make_cohort(world, capacity=1)
    ann, ben, cal = (apply(world, cohort, n) for n in ("Ann Able", "Ben Best", "Cal Cole"))
    assert interview(world, ann).status == Status.OFFERED
    assert (interview(world, ben).status, refreshed(ben).waiting_position) == (Status.WAITING, 1)
    assert (interview(world, cal).status, refreshed(cal).waiting_position) == (Status.WAITING, 2)
    assert [a.applicant.full_name for a in waiting_list(cohort)] == ["Ben Best", "Cal Cole"]

    services.answer_offer(application=ann, by=world.hr_officer, accepted=False)

    assert refreshed(ann).status == Status.DECLINED
    assert (refreshed(ben).status, refreshed(ben).waiting_position) == (Status.OFFERED, None)
    assert [a.applicant.full_name for a in waiting_list(cohort)] == ["Cal Cole"]
    services.withdraw_training_application(application=refreshed(ben), by=world.hr_officer)
    assert refreshed(cal).status == Status.OFFERED


def test_no_place_without_feedback_and_nothing_saved(world):
    application = apply(world, make_cohort(world), "Dee Dean")
    with pytest.raises(ValidationError) as error:
        interview(world, application, outcome="not_selected")
    assert "feedback" in error.value.message_dict
    assert refreshed(application).status == Status.APPLIED


def test_a_place_is_confirmed_only_once_the_dbs_check_is_cleared(world):
    cohort = make_cohort(world)
    application = interview(world, apply(world, cohort, "Eve Ellis"))
    services.answer_offer(application=application, by=world.hr_officer, accepted=True)
    with pytest.raises(ValidationError, match="DBS check recorded as cleared"):
        services.confirm_place(application=application, by=world.hr_officer)
    assert not CohortEnrolment.objects.filter(cohort=cohort).exists()

    services.record_training_dbs(application=application, by=world.hr_officer, dbs_status="clear", dbs_returned_on=DAY)
    confirmed = services.confirm_place(application=application, by=world.hr_officer)

    assert confirmed.status == Status.ENROLLED
    assert confirmed.enrolment.peer == application.applicant


def test_a_programme_that_asks_for_no_check_confirms_at_once(world):
    cohort = make_cohort(world)
    TrainingPipelineSettings.objects.create(programme=cohort.programme, dbs_check_before_training=False)
    application = interview(world, apply(world, cohort, "Fay Ford"))
    services.answer_offer(application=application, by=world.hr_officer, accepted=True)
    assert services.confirm_place(application=application, by=world.hr_officer).status == Status.ENROLLED


def test_putting_a_graduate_forward_twice_makes_one_application(recruitment, client):
    w = pipeline_of(recruitment)
    client.force_login(w.peer_lead)
    url = reverse("development:pipeline-put-forward", args=[w.graduate_application.pk])
    token = integrity.new_token(w.peer_lead)

    first = client.post(url, {"vacancy": w.vacancy.pk, integrity.TOKEN_FIELD: token})
    again = client.post(url, {"vacancy": w.vacancy.pk, integrity.TOKEN_FIELD: token})
    assert first.status_code == again.status_code == 302
    # Asked again from a fresh form: the service answers with the first candidacy.
    services.put_graduate_forward(training_application=w.graduate_application, vacancy=w.vacancy, by=w.peer_lead)

    candidacy = GraduateCandidacy.objects.get()
    assert candidacy.training_application == w.graduate_application
    assert Application.objects.filter(vacancy=w.vacancy, applicant=w.graduate).count() == 1
    assert candidacy.application.applicant == w.graduate


def test_someone_not_graduated_is_not_put_forward(recruitment):
    w = pipeline_of(recruitment)
    with pytest.raises(ValidationError):
        services.put_graduate_forward(training_application=w.training_application, vacancy=w.vacancy, by=w.hr_officer)
    assert not GraduateCandidacy.objects.exists()


def test_the_interviewer_reads_the_lived_experience_and_the_read_is_logged(recruitment, client):
    w = pipeline_of(recruitment)
    client.force_login(w.panel_member)
    page = client.get(reverse("development:pipeline-detail", args=[w.training_application.pk]))
    assert "a peer group helped me back to work" in page.content.decode()
    assert "DBS check before training" not in page.content.decode()
    log = SensitiveAccessLog.objects.get(user=w.panel_member)
    assert (log.peer, log.record_type) == (w.applicant, "lived_experience")


# --- The board's figures, on a hand-built data set with known answers ---------------------------------------------


def _enrol(cohort, name, trust, **fields):
    peer = factories.PeerFactory(trust=trust, full_name=name)
    return CohortEnrolment.objects.create(cohort=cohort, peer=peer, **fields)


def _applications(cohort, trust, n):
    for i in range(n):
        TrainingApplication.objects.create(
            cohort=cohort,
            applicant=factories.PeerFactory(trust=trust, full_name=f"{cohort.name} applicant {i}"),
            applied_on=cohort.starts_on - datetime.timedelta(days=30),
            statement="I want to train.",
        )


@pytest.fixture
def figures_world(world):
    """Cohort A, 4 places, 8 applicants: 3 completed and graduated on 31 January 2025, 1 withdrew; one graduate in
    a peer post from 1 April 2025 (within 6 months), one from 1 November 2025 (within 12), one not. Cohort B, 2
    places, 3 applicants, 2 enrolled, none completed by its end. Cohort C, 2 places, still running on AS_OF with one
    enrolled: not yet counted in completion."""
    w = world
    a = make_cohort(w, name="A", capacity=4, starts_on=datetime.date(2025, 1, 6))
    b = make_cohort(w, name="B", capacity=2, starts_on=datetime.date(2026, 5, 1))
    c = make_cohort(w, name="C", capacity=2, starts_on=datetime.date(2026, 5, 25))
    _applications(a, w.trust, 8)
    _applications(b, w.trust, 3)
    done = {"status": "completed", "assessment_result": "passed", "graduated_on": datetime.date(2025, 1, 31)}
    g1, g2, _g3 = (_enrol(a, f"Graduate {i}", w.trust, **done).peer for i in (1, 2, 3))
    _enrol(a, "Withdrew", w.trust, status="withdrawn")
    _enrol(b, "B one", w.trust)
    _enrol(b, "B two", w.trust)
    _enrol(c, "C one", w.trust)
    place(g1, factories.PostFactory(team=w.team, holder=g1), start=datetime.date(2025, 4, 1))
    place(g2, factories.PostFactory(team=w.team, holder=g2), start=datetime.date(2025, 11, 1))
    return w


AS_OF = datetime.date(2026, 6, 1)


def test_the_figures_have_the_known_answers(figures_world):
    report = pipeline_figures(Programme.objects.filter(trust=figures_world.trust), AS_OF)
    by_name = {c.name: f for c, f in report.cohorts}
    a, b, c = by_name["A"], by_name["B"], by_name["C"]
    assert (a.applicants_per_place, a.completion, a.graduates) == (Decimal("2.0"), Decimal("75.0"), 3)
    assert a.into_work == {6: [3, 1], 12: [3, 2]}
    assert (a.into_work_share(6), a.into_work_share(12)) == (Decimal("33.3"), Decimal("66.7"))
    assert (b.applicants_per_place, b.completion, b.graduates) == (Decimal("1.5"), Decimal("0.0"), 0)
    assert (c.enrolled, c.completion) == (1, None)  # still running: no completion yet
    ((_, programme),) = report.programmes
    assert (programme.places, programme.applicants, programme.applicants_per_place) == (8, 11, Decimal("1.4"))
    assert (programme.enrolled, programme.completed, programme.completion) == (7, 3, Decimal("50.0"))


def test_the_dashboard_shows_the_selector_figures(figures_world, rf):
    w = figures_world
    scope = dashboard_selectors.Scope(
        teams=w.trust.teams.all(),
        peers=w.trust.peers.all(),
        readable_waps=w.trust.peers.none(),
        vacancies=w.trust.peers.none(),
        programmes=Programme.objects.filter(trust=w.trust),
        date_from=AS_OF - datetime.timedelta(days=365),
        date_to=AS_OF,
    )
    table = pipeline_table(scope)
    programme_row = table.rows[0]
    assert programme_row[:10] == [
        "Programme",
        "Northshire Peer Support Programme",
        "—",
        8,
        11,
        Decimal("1.4"),
        7,
        3,
        Decimal("50.0"),
        3,
    ]
    cohort_a = next(r for r in table.rows if r[1].startswith("A ("))
    assert cohort_a[10:] == ["1 of 3", Decimal("33.3"), "2 of 3", Decimal("66.7")]
    assert dashboard_selectors.dashboard_table(scope, "pipeline").rows == table.rows
