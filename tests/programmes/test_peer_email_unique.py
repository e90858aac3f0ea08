"""One record per person in a trust: a trust's peers have different emails, ignoring case. The forms, the services
and the import say so beside the email before the database does; under a race the database's partial unique index
refuses the second; the migration that added the index first moved the email of each later duplicate to a list for
HR to merge, losing nothing."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from programmes import imports, services
from programmes.models import Peer, PeerEmailDuplicate
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.shared_world("world")]

migration = importlib.import_module("programmes.migrations.0008_report_duplicate_peer_emails")
CONSTRAINT = next(c for c in Peer._meta.constraints if c.name == "peer_email_unique_per_trust")


def test_the_database_refuses_a_second_peer_with_the_same_email_in_any_case(world):
    Peer.objects.create(trust=world.trust, full_name="Ann Lee", email="Ann.Lee@example.nhs.uk")
    with pytest.raises(IntegrityError, match="peer_email_unique_per_trust"), transaction.atomic():
        Peer.objects.create(trust=world.trust, full_name="Ann Lee", email="ann.lee@EXAMPLE.nhs.uk")
    # Another trust's peer may have it; peers without an email are not duplicates of each other.
    Peer.objects.create(trust=world.other_trust, full_name="Ann Lee", email="ann.lee@example.nhs.uk")
    Peer.objects.create(trust=world.trust, full_name="No Email One", email="")
    Peer.objects.create(trust=world.trust, full_name="No Email Two", email="")
    assert Peer.objects.filter(email__iexact="ann.lee@example.nhs.uk").count() == 2


def test_the_service_says_so_beside_the_email_and_saves_nothing(world):
    services.create_peer(by=world.hr_officer, trust=world.trust, full_name="Ann Lee", email="ann@example.nhs.uk")
    before = Peer.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.create_peer(by=world.hr_officer, trust=world.trust, full_name="A. Lee", email="ANN@example.nhs.uk")
    assert "already has this email" in refused.value.message_dict["email"][0]
    with pytest.raises(ValidationError) as refused:
        services.update_peer(peer=world.colleague, by=world.hr_officer, email="Ann@Example.nhs.uk")
    assert list(refused.value.message_dict) == ["email"]
    assert Peer.objects.count() == before
    world.colleague.refresh_from_db()
    assert world.colleague.email.lower() != "ann@example.nhs.uk"


def test_a_race_past_the_check_is_refused_by_the_index_and_told_beside_the_email(world, monkeypatch):
    """Two writes that both passed `clean` (simulated by skipping it): the index refuses the second, and the service
    turns the database's refusal into the same message beside the field, not a server error."""
    services.create_peer(by=world.hr_officer, trust=world.trust, full_name="Ann Lee", email="ann@example.nhs.uk")
    monkeypatch.setattr(Peer, "clean", lambda self: None)
    monkeypatch.setattr(Peer, "validate_constraints", lambda self, exclude=None: None)
    with pytest.raises(ValidationError) as refused:
        services.create_peer(by=world.hr_officer, trust=world.trust, full_name="A. Lee", email="Ann@example.nhs.uk")
    assert "already has this email" in refused.value.message_dict["email"][0]
    assert Peer.objects.filter(email__iexact="ann@example.nhs.uk").count() == 1


def test_the_peer_form_shows_the_message_beside_the_email(client, world):
    Peer.objects.filter(pk=world.colleague.pk).update(email="daniel@example.nhs.uk")
    client.force_login(world.hr_officer)
    before = Peer.objects.count()
    response = client.post(
        reverse("programmes:peer-create"),
        {"trust": world.trust.pk, "full_name": "Dan Whitfield", "email": "Daniel@example.nhs.uk"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "already has this email" in form.errors["email"][0]
    assert not form.non_field_errors()
    assert Peer.objects.count() == before
    edit = client.post(
        reverse("programmes:peer-update", args=[world.applicant.pk]),
        {"full_name": "Chris Bell", "email": "DANIEL@example.nhs.uk"},
    )
    assert edit.status_code == 200
    assert "already has this email" in edit.context["form"].errors["email"][0]
    world.applicant.refresh_from_db()
    assert world.applicant.email == ""


def test_the_import_names_the_row_whose_email_another_row_or_peer_has(world):
    content = (
        "full_name,email\nAnn Lee,ann@example.nhs.uk\nBo Diaz,bo@example.nhs.uk\nAnn Lee (again),ANN@example.nhs.uk\n"
    )
    outcome = imports.import_file(kind="peers", content=content, user=world.hr_officer, trust=world.trust, dry_run=True)
    errors = {row.number: " ".join(row.errors) for row in outcome.error_rows}
    assert list(errors) == [3]
    assert "Row 1 has the same email" in errors[3]


# --- The migration that made emails unique --------------------------------------------------------


@pytest.fixture
def without_the_constraint():
    """The database as it was before 0009: the index dropped inside the test's transaction (rolled back after)."""
    with connection.schema_editor() as editor:
        editor.remove_constraint(Peer, CONSTRAINT)
    yield
    with connection.cursor() as cursor:
        # The test's writes leave deferred foreign-key checks pending, which PostgreSQL will not build an index
        # over; the real migrations each run in their own transaction (0008's writes commit before 0009).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor() as editor:
        editor.add_constraint(Peer, CONSTRAINT)


def test_the_migration_moves_later_duplicates_emails_to_the_list_for_hr(world, without_the_constraint):
    first = factories.PeerFactory(trust=world.trust, full_name="Ann Lee", email="ann@example.nhs.uk")
    second = factories.PeerFactory(trust=world.trust, full_name="Ann Lee", email="Ann@Example.nhs.uk")
    third = factories.PeerFactory(trust=world.trust, full_name="A. Lee", email="ANN@example.nhs.uk")
    elsewhere = factories.PeerFactory(trust=world.other_trust, full_name="Ann Lee", email="ann@example.nhs.uk")
    blank = [factories.PeerFactory(trust=world.trust, full_name=f"No email {n}", email="") for n in (1, 2)]

    assert migration.report_duplicate_emails(apps, None) == 2

    for peer in (first, second, third, elsewhere, *blank):
        peer.refresh_from_db()
    assert first.email == "ann@example.nhs.uk" and elsewhere.email == "ann@example.nhs.uk"
    assert second.email == "" and third.email == ""
    listed = PeerEmailDuplicate.objects.order_by("peer_id")
    assert [(d.peer, d.same_as, d.email, d.resolved_at) for d in listed] == [
        (second, first, "Ann@Example.nhs.uk", None),
        (third, first, "ANN@example.nhs.uk", None),
    ]
    # The record's own history says where its email went, and still holds it in the line before.
    line = second.history.order_by("-history_id").first()
    assert line.email == "" and line.history_change_reason == migration.REASON
    assert second.history.filter(email="Ann@Example.nhs.uk").exists()
    # Now the index can be built (the fixture builds it again on the way out: it would fail on duplicates).
    assert migration.report_duplicate_emails(apps, None) == 0


def test_reversing_the_migration_gives_the_emails_back(world, without_the_constraint):
    first = factories.PeerFactory(trust=world.trust, full_name="Ann Lee", email="ann@example.nhs.uk")
    second = factories.PeerFactory(trust=world.trust, full_name="Ann Lee", email="Ann@example.nhs.uk")
    migration.report_duplicate_emails(apps, None)
    migration.restore_emails(apps, None)
    second.refresh_from_db()
    first.refresh_from_db()
    assert (first.email, second.email) == ("ann@example.nhs.uk", "Ann@example.nhs.uk")
    assert not PeerEmailDuplicate.objects.exists()
    Peer.objects.filter(pk=second.pk).update(email="")  # so the fixture can build the index again
