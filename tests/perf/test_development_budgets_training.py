"""Query budgets for training, the place-and-train rule and the development plan: the same number of queries with
5 or 50 rows (see tests/perf/budget.py). Time is frozen on 23 November 2026, within the development world's dates."""

from __future__ import annotations

import datetime
import itertools

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from development import services_training as services
from development.models import TrainingRecord
from programmes.models import TrainingCourse
from tests import factories
from tests.perf.budget import Page as BudgetPage
from tests.perf.budget import assert_page_keeps_its_budget, choices, context_len, listed, page_rows
from tests.workforce.world import place
from workforce import services as workforce_services

pytestmark = pytest.mark.shared_world("development")  # one world for the module (tests/shared_world.py)

TODAY = datetime.date(2026, 11, 23)
_counter = itertools.count()


def Page(*args, **kwargs) -> BudgetPage:  # noqa: N802  (reads like the class it makes)
    return BudgetPage(*args, namespace="development", **kwargs)


# --- Ways of adding rows ------------------------------------------------------------------------


def add_own_training(w, n: int) -> None:
    """The peer's training of every kind, some expiring soon, some expired, some naming a course."""
    course = TrainingCourse.objects.filter(trust__isnull=True).first()
    categories = TrainingRecord.Category.values
    for i in range(n):
        completed = datetime.date(2025, 1, 1) + datetime.timedelta(days=i)
        services.record_training(
            by=w.hr_officer,
            peer=w.peer,
            category=categories[i % len(categories)],
            title=f"Course {next(_counter)}",
            course=course if i % 2 else None,
            completed_on=completed,
            expires_on=TODAY + datetime.timedelta(days=(i % 90) - 10),
        )


def add_expiring_training(w, n: int) -> None:
    for i in range(n):
        peer = factories.PeerFactory(trust=w.trust, full_name=f"Peer {next(_counter)}")
        services.record_training(
            by=w.hr_officer,
            peer=peer,
            category=TrainingRecord.Category.MANDATORY,
            title="Basic life support",
            completed_on=datetime.date(2025, 12, 1),
            expires_on=TODAY + datetime.timedelta(days=i % 60),
        )


def add_courses(w, n: int) -> None:
    for _ in range(n):
        TrainingCourse.objects.create(trust=w.trust, name=f"Course {next(_counter)}", provider="Us", length="2 days")


def add_placed_peers(w, n: int) -> None:
    """Peers placed at different dates, some trained, with line managers of their own."""
    for i in range(n):
        j = next(_counter)
        peer = factories.PeerFactory(trust=w.trust, full_name=f"Placed {j}")
        post = factories.PostFactory(team=w.team, holder=peer)
        place(peer, post, start=datetime.date(2026, 1, 1) + datetime.timedelta(days=i * 5), line_manager=w.line_manager)
        if i % 3 == 0:
            TrainingRecord.objects.create(
                peer=peer, category="imroc", title="ImROC peer support", completed_on=datetime.date(2026, 6, 1)
            )


def edit_training(w, n: int) -> None:
    for _ in range(n):
        services.update_training(record=w.training, by=w.peer_lead, notes=f"Note {next(_counter)}")


def add_plan_objectives(w, n: int) -> None:
    """Objectives of the peer's plan: their own wishes and the objectives of a review."""
    for i in range(n):
        if i % 2:
            services.add_development_objective(by=w.peer_worker, peer=w.peer, text=f"Wish {next(_counter)}")
        else:
            workforce_services.record_review(
                review=w.review,
                by=w.line_manager,
                held_on=datetime.date(2026, 11, 20),
                objectives=[{"text": f"Objective {next(_counter)}"}],
            )


def edit_objective(w, n: int) -> None:
    for i in range(n):
        services.update_development_objective(
            objective=w.own_objective, by=w.peer_worker, status=("in_progress", "open")[i % 2]
        )


def history(response) -> int:
    return len(response.context["history"])


PAGES = [
    Page("training-list", "peer_worker", add_own_training, page_rows, lambda w: w.peer),
    Page("training-list", "line_manager", add_own_training, page_rows, lambda w: w.peer),
    Page("training-create", "hr_officer", add_courses, choices("course"), lambda w: w.peer),
    Page("training-update", "peer_lead", edit_training, history, lambda w: w.training),
    Page("training-evidence", "hr_officer", edit_training, None, lambda w: w.training),
    Page("training-expiring", "hr_officer", add_expiring_training, listed),
    Page("place-and-train", "peer_lead", add_placed_peers, page_rows),
    Page("place-and-train", "line_manager", add_placed_peers, page_rows),
    Page("plan", "peer_worker", add_plan_objectives, context_len("items"), lambda w: w.peer),
    Page("plan", "supervisor", add_plan_objectives, context_len("items"), lambda w: w.peer),
    Page("objective-create", "supervisor", add_plan_objectives, None, lambda w: w.peer),
    Page("objective-update", "peer_worker", edit_objective, history, lambda w: w.own_objective),
]


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_page_makes_the_same_number_of_queries_with_5_or_50_rows(client, development, page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC), tick=False):
        if page.url_name == "training-evidence":
            services.update_training(
                record=development.training,
                by=development.hr_officer,
                evidence=SimpleUploadedFile("certificate.pdf", b"%PDF-1.4 certificate", "application/pdf"),
            )
        assert_page_keeps_its_budget(client, development, page)
