"""Query budgets for recruitment's adverts pages (vacancies, the advert's PDF, orientation sessions,
benefits advice, a peer's recruitment): the same number of SQL queries with 5 or 50 rows, and no
writes on a GET. The approach of tests/perf/test_query_budgets.py, on the `recruitment` fixture."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from recruitment import services
from tests import factories
from tests.perf.budget import Page as BudgetPage
from tests.perf.budget import assert_page_keeps_its_budget, choices, listed, page_rows, skip_pdf_layout
from tests.recruitment.world import make_vacancy

pytestmark = pytest.mark.shared_world  # one recruitment world for the module (tests/shared_world.py)


def Page(*args, **kwargs) -> BudgetPage:  # noqa: N802  (reads like the class it makes)
    return BudgetPage(*args, namespace="recruitment", **kwargs)


# --- Ways of adding rows ------------------------------------------------------------------------


def add_vacancies(w, n: int) -> None:
    """Vacancies for the world's vacant post, each with an application."""
    for _ in range(n):
        vacancy = make_vacancy(by=w.hr_officer, post=w.vacant_post)
        applicant = factories.PeerFactory(trust=w.trust)
        services.submit_application(vacancy=vacancy, applicant=applicant, by=w.hr_officer, applied_on=vacancy.opens_on)


def add_interviews_and_edits(w, n: int) -> None:
    """Interviews for the world's vacancy, and changes to its advert."""
    for i in range(n):
        services.create_interview(
            by=w.hr_officer,
            vacancy=w.vacancy,
            kind="individual",
            capacity=1,
            starts_at=timezone.now() + datetime.timedelta(days=i + 1),
            place=f"Room {i}",
        )
        services.update_vacancy(vacancy=w.vacancy, by=w.hr_officer, reference=f"NS-PSW-{i:03d}")


def add_posts(w, n: int) -> None:
    for i in range(n):
        factories.PostFactory(team=w.team, title=f"Peer Support Worker {i}")


def add_applications(w, n: int) -> None:
    for _ in range(n):
        services.submit_application(
            vacancy=w.vacancy,
            applicant=factories.PeerFactory(trust=w.trust),
            by=w.hr_officer,
            applied_on=w.vacancy.opens_on,
        )


def add_sessions(w, n: int) -> None:
    """Orientation sessions of the world's programme, each with two bookings, one of whom attended and applied."""
    for i in range(n):
        session = services.create_orientation_session(
            by=w.hr_officer,
            programme=w.programme,
            vacancies=[w.vacancy],
            starts_at=timezone.now() - datetime.timedelta(days=i + 1),
            place=f"Room {i}",
            capacity=5,
        )
        came = services.book_orientation_place(session=session, peer=w.applicant, by=w.hr_officer)
        services.book_orientation_place(session=session, peer=factories.PeerFactory(trust=w.trust), by=w.hr_officer)
        services.record_attendance(session=session, attended={came.pk: True}, by=w.hr_officer)


def add_bookings(w, n: int) -> None:
    """Places booked at the world's orientation session, and vacancies it covers."""
    for _ in range(n):
        peer = factories.PeerFactory(trust=w.trust)
        services.book_orientation_place(session=w.orientation, peer=peer, by=w.hr_officer)
    for _ in range(n // 5 or 1):
        w.orientation.vacancies.add(make_vacancy(by=w.hr_officer, post=w.vacant_post))


def add_peers_and_vacancies(w, n: int) -> None:
    """Peers of the trust (the booking form's choices) and vacancies (the session form's)."""
    for _ in range(n):
        factories.PeerFactory(trust=w.trust)
        make_vacancy(by=w.hr_officer, post=w.vacant_post)


def add_recruitment_of_applicant(w, n: int) -> None:
    """The applicant's applications, orientation bookings and benefits advice."""
    for i in range(n):
        vacancy = make_vacancy(by=w.hr_officer, post=w.vacant_post)
        services.submit_application(
            vacancy=vacancy, applicant=w.applicant, by=w.hr_officer, applied_on=vacancy.opens_on
        )
        session = services.create_orientation_session(
            by=w.hr_officer, programme=w.programme, starts_at=timezone.now(), place=f"Room {i}", capacity=3
        )
        services.book_orientation_place(session=session, peer=w.applicant, by=w.hr_officer)
        services.record_benefits_advice(
            peer=w.applicant,
            by=w.hr_officer,
            given_on=timezone.localdate(),
            given_by="Citizens Advice",
            session=session,
        )


# --- How many rows each page shows ----------------------------------------------------------------


def vacancy_detail(response) -> int:
    return len(response.context["page_obj"].object_list) + len(response.context["history"])


def attendance(response) -> int:
    return len(response.context["form"].bookings)


def peer_recruitment(response) -> int:
    c = response.context
    return len(c["applications"]) + len(c["bookings"]) + len(c["benefits_advice"])


vacancy = lambda w: w.vacancy  # noqa: E731
session = lambda w: w.orientation  # noqa: E731

PAGES = [
    Page("vacancy-list", "hr_officer", add_vacancies, listed),
    Page("vacancy-list", "line_manager", add_vacancies, listed),
    Page("vacancy-create", "hr_officer", add_posts, choices("post"), query=lambda w: f"?post={w.vacant_post.pk}"),
    Page("vacancy-detail", "hr_officer", add_interviews_and_edits, vacancy_detail, pk_of=vacancy),
    Page("vacancy-detail", "panel_member", add_interviews_and_edits, None, pk_of=vacancy),
    Page("vacancy-update", "hr_officer", add_applications, None, pk_of=vacancy),
    Page("vacancy-pdf", "line_manager", add_applications, None, pk_of=vacancy),
    Page("orientation-list", "peer_lead", add_sessions, listed),
    Page("orientation-create", "hr_officer", add_peers_and_vacancies, choices("vacancies")),
    Page("orientation-detail", "hr_officer", add_bookings, page_rows, pk_of=session),
    Page("orientation-update", "hr_officer", add_peers_and_vacancies, choices("vacancies"), pk_of=session),
    Page("orientation-booking-create", "hr_officer", add_peers_and_vacancies, choices("peer"), pk_of=session),
    Page("orientation-attendance", "hr_officer", add_bookings, attendance, pk_of=session),
    Page("benefits-advice-create", "hr_officer", add_sessions, choices("session"), pk_of=lambda w: w.applicant),
    Page("peer-recruitment", "peer_lead", add_recruitment_of_applicant, peer_recruitment, pk_of=lambda w: w.applicant),
    Page("peer-recruitment", "peer_worker", add_recruitment_of_applicant, None, pk_of=lambda w: w.peer),
]


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_page_makes_the_same_number_of_queries_with_5_or_50_rows(client, recruitment, page, monkeypatch):
    if page.url_name.endswith("-pdf"):
        skip_pdf_layout(monkeypatch)
    w = recruitment
    services.update_orientation_session(session=w.orientation, by=w.hr_officer, capacity=200)
    assert_page_keeps_its_budget(client, w, page)
