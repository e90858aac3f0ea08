"""Query budgets for the privacy pages (see tests/perf/budget.py): a peer's subject access page, its JSON and its PDF
make the same number of queries with 5 or 50 records about the peer (training records and return-to-work
conversations, a sensitive record each), in full (the IG officer) and in part (HR, the peer lead), and so do the
legal hold forms and the subject access requests' list and forms."""

from __future__ import annotations

import datetime
import itertools

import pytest
import time_machine

from development.models import TrainingRecord
from privacy import services
from programmes.models import SensitiveAccessLog
from tests.perf.budget import Page as BudgetPage
from tests.perf.budget import listed
from tests.perf.together import (
    assert_measured_page_keeps_its_budget,
    ids,
    measured_fixture,
    pdf_not_laid_out,
    together,
)
from tests.privacy.ig import add_ig_officers
from workforce.models import ReturnToWorkConversation

pytestmark = pytest.mark.shared_world("world")  # one world for the module (tests/shared_world.py)

_counter = itertools.count()
RecordType = SensitiveAccessLog.RecordType


def Page(*args, **kwargs) -> BudgetPage:  # noqa: N802  (reads like the class it makes)
    return BudgetPage(*args, namespace="privacy", **kwargs)


def add_records(w, n: int) -> None:
    """Records about the peer worker: a training record (then changed: two history rows) and a conversation."""
    for _ in range(n):
        i = next(_counter)
        record = TrainingRecord.objects.create(
            peer=w.peer, category=TrainingRecord.Category.MANDATORY, title=f"Course {i}", provider="MyESR"
        )
        record.notes = "Done."
        record.save()
        ReturnToWorkConversation.objects.create(
            peer=w.peer,
            absence_from=datetime.date(2026, 1, 5),
            absence_to=datetime.date(2026, 1, 9),
            held_on=datetime.date(2026, 1, 12),
            held_by=w.line_manager,
            support_agreed=f"Phased return {i}.",
        )


def add_released_holds(w, n: int) -> None:
    for _ in range(n):
        hold = services.set_legal_hold(peer=w.applicant, by=w.hr_officer, reason="A complaint.")
        services.release_legal_hold(hold=hold, by=w.hr_officer, reason="Closed.")


def hold_in_force(w):
    if not hasattr(w, "budget_hold"):
        w.budget_hold = services.set_legal_hold(peer=w.colleague, by=w.hr_officer, reason="A claim.")
    return w.budget_hold


def add_requests(w, n: int) -> None:
    """Subject access requests about the world's peers, half of them fulfilled."""
    for i in range(n):
        request = services.start_subject_access_request(
            peer=w.peer if i % 2 else w.colleague,
            by=w.hr_officer,
            requested_by=f"Requester {next(_counter)}",
            received_on=datetime.date(2026, 10, 1) + datetime.timedelta(days=i % 28),
        )
        if i % 2:
            services.change_subject_access_request(
                request=request, by=w.ig_officer, status="fulfilled", fulfilled_on=datetime.date(2026, 11, 20)
            )


def open_request(w):
    if not hasattr(w, "budget_request"):
        w.budget_request = services.start_subject_access_request(
            peer=w.colleague, by=w.hr_officer, requested_by="Daniel", received_on=datetime.date(2026, 11, 2)
        )
    return w.budget_request


PAGES = [
    Page("subject-access", "hr_officer", add_records, lambda r: r.context["row_count"], pk_of=lambda w: w.peer),
    Page("subject-access", "peer_worker", add_records, lambda r: r.context["row_count"], pk_of=lambda w: w.peer),
    Page(
        "subject-access",
        "hr_officer",
        add_records,
        None,
        pk_of=lambda w: w.peer,
        query="?format=json",
        # HR's partial export holds the conversations, not the lived experience (the peer lead's alone).
        logs_reads=frozenset({RecordType.RETURN_TO_WORK}),
    ),
    Page(
        "subject-access-pdf",
        "peer_lead",
        add_records,
        None,
        pk_of=lambda w: w.peer,
        logs_reads=frozenset({RecordType.LIVED_EXPERIENCE, RecordType.RETURN_TO_WORK}),
    ),
    Page("subject-access", "peer_lead", add_released_holds, None, pk_of=lambda w: w.applicant),
    Page(
        "subject-access",
        "ig_officer",
        add_records,
        None,
        pk_of=lambda w: w.peer,
        query="?format=json",
        logs_reads=frozenset({RecordType.LIVED_EXPERIENCE, RecordType.RETURN_TO_WORK}),
    ),
    Page("subject-access", "ig_officer", add_requests, None, pk_of=lambda w: w.peer),
    Page("request-list", "hr_officer", add_requests, listed),
    Page("request-list", "ig_officer", add_requests, listed),
    Page("request-list", "ig_officer", add_requests, None, query="?format=csv"),
    Page("request-create", "peer_lead", add_requests, None, pk_of=lambda w: w.peer),
    Page("request-status", "ig_officer", add_requests, None, pk_of=open_request),
    Page("legal-hold-create", "hr_officer", add_released_holds, None, pk_of=lambda w: w.applicant),
    Page("legal-hold-release", "hr_officer", add_released_holds, None, pk_of=hold_in_force),
]


def frozen_day():
    return time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC), tick=False)


# The pages that add the same rows, measured on one build of them (tests/perf/together.py); `hold_in_force` and
# `open_request` make the record their page is about. The subject access pages show the log of sensitive reads, so
# one that writes to it is measured alone.
measured = measured_fixture(prepare=add_ig_officers, clock=frozen_day, around=pdf_not_laid_out)


@pytest.mark.parametrize(
    ("page", "measured"),
    together(
        PAGES,
        makers=[hold_in_force, open_request],
        alone=[page for page in PAGES if page.url_name.startswith("subject-access") and page.logs_reads],
    ),
    indirect=["measured"],
    ids=ids(PAGES),
    scope="module",
)
def test_page_makes_the_same_number_of_queries_with_5_or_50_rows(db, page, measured):
    assert_measured_page_keeps_its_budget(page, measured[page])
