"""The CSV import of existing staff (issue 7, item 3): a dry run shows what each row would do; a file with one bad
row saves nothing and names the row and the reason; a good file creates peers, posts and placements through the
services, with history."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programmes import imports
from programmes.models import Peer, Post
from workforce.models import Placement

pytestmark = [pytest.mark.django_db, pytest.mark.shared_world("world")]

PEERS = "full_name,preferred_name,pronouns,email,phone\nAlex Smith,Alex,they/them,alex@example.nhs.uk,0123\n"


def upload(client, kind, content, trust, name="staff.csv"):
    return client.post(
        reverse("programmes:import"),
        {"kind": kind, "trust": trust.pk, "file": SimpleUploadedFile(name, content.encode(), "text/csv")},
    )


def test_dry_run_shows_each_row_and_saves_nothing(client, world):
    client.force_login(world.hr_officer)
    content = PEERS + f"Samira O.,,,{'samira@example.nhs.uk'},\n"
    Peer.objects.filter(pk=world.peer.pk).update(email="samira@example.nhs.uk")
    before = Peer.objects.count()
    response = upload(client, "peers", content, world.trust)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Add peer Alex Smith" in text
    assert "Change peer Samira Okafor: full_name" in text
    assert "Import these 2 row(s)" in text
    assert Peer.objects.count() == before
    assert Peer.objects.get(pk=world.peer.pk).full_name == "Samira Okafor"


def test_one_bad_row_changes_nothing_and_names_the_row_and_reason(client, world):
    client.force_login(world.hr_officer)
    content = (
        "team,title,band,hours\n"
        "Riverside CMHT,Peer Support Worker,3,22.5\n"
        "Nowhere Team,Peer Support Worker,3,22.5\n"
        "Riverside CMHT,Senior Peer Support Worker,12,37.5\n"
    )
    before = Post.objects.count()
    response = upload(client, "posts", content, world.trust)
    text = response.content.decode()
    assert "nothing has been saved" in text
    assert "Row 2</a>: team: Unknown team “Nowhere Team”" in text
    assert "Row 3</a>: band: Band 12 is out of range" in text
    assert "Import these" not in text
    assert Post.objects.count() == before
    # and the real run refuses it too: nothing at all is saved
    outcome = imports.import_file(
        kind="posts", content=content, user=world.hr_officer, trust=world.trust, dry_run=False
    )
    assert [row.number for row in outcome.error_rows] == [2, 3]
    assert Post.objects.count() == before


def test_bad_date_and_post_in_another_trust_are_reported(world):
    Peer.objects.filter(pk=world.applicant.pk).update(email="chris@example.nhs.uk")
    vacant = Post.objects.create(team=world.team, title="Peer Support Worker", band=3, hours=30)
    content = (
        "peer_email,post_id,start_date,hours\n"
        f"chris@example.nhs.uk,{world.other_trust_post.pk},2024-04-01,20\n"
        f"chris@example.nhs.uk,{vacant.pk},01/04/2024,20\n"
        f"nobody@example.nhs.uk,{vacant.pk},2024-04-01,20\n"
    )
    outcome = imports.import_file(
        kind="placements", content=content, user=world.hr_officer, trust=world.trust, dry_run=True
    )
    errors = {row.number: " ".join(row.errors) for row in outcome.error_rows}
    assert "another trust" in errors[1] or "Unknown post" in errors[1]
    assert "“01/04/2024” in “start_date” is not a date" in errors[2]
    assert "No peer of" in errors[3]
    assert not Placement.objects.filter(peer=world.applicant).exists()


def test_the_peer_lead_sees_a_post_of_another_trust_named_as_such(world):
    """A post the importer can see but which belongs to another trust is named as being in another trust."""
    Peer.objects.filter(pk=world.applicant.pk).update(email="chris@example.nhs.uk")
    content = f"peer_email,post_id,start_date,hours\nchris@example.nhs.uk,{world.other_trust_post.pk},2024-04-01,20\n"
    outcome = imports.import_file(
        kind="placements", content=content, user=world.administrator, trust=world.trust, dry_run=True
    )
    assert "is in another trust" in " ".join(outcome.rows[0].errors)


@time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC))
def test_a_good_file_creates_peers_posts_and_placements_with_history(client, world):
    client.force_login(world.peer_lead)
    response = upload(client, "peers", PEERS, world.trust)
    assert "Add peer Alex Smith" in response.content.decode()
    response = client.post(reverse("programmes:import-confirm"), {"token": response.context["token"]})
    assert response.status_code == 302
    alex = Peer.objects.get(email="alex@example.nhs.uk")
    assert alex.trust == world.trust and alex.preferred_name == "Alex"
    assert alex.history.first().history_user == world.peer_lead

    response = upload(
        client, "posts", "team,title,band,hours,contract_type\nOak Ward,Peer Support Worker,3,30,\n", world.trust
    )
    client.post(reverse("programmes:import-confirm"), {"token": response.context["token"]})
    post = Post.objects.get(team=world.other_team, title="Peer Support Worker", holder__isnull=True)
    assert post.band == 3 and post.history.first().history_user == world.peer_lead

    content = f"peer_email,post_id,start_date,hours,match_reasons\nalex@example.nhs.uk,{post.pk},2024-04-01,22.5,\n"
    response = upload(client, "placements", content, world.trust)
    assert "Place Alex Smith in Peer Support Worker (Oak Ward) from 2024-04-01" in response.content.decode()
    assert not Placement.objects.filter(peer=alex).exists()
    response = client.post(reverse("programmes:import-confirm"), {"token": response.context["token"]})
    assert response.status_code == 302
    placement = Placement.objects.get(peer=alex)
    assert placement.post == post and placement.start_date == datetime.date(2024, 4, 1)
    assert placement.history.first().history_user == world.peer_lead
    post.refresh_from_db()
    assert post.holder == alex  # place_peer's rules applied


def test_missing_columns_and_a_wrong_file_type_are_reported_beside_the_field(client, world):
    client.force_login(world.hr_officer)
    response = upload(client, "peers", "name,email\nA,b\n", world.trust)
    assert "Missing column(s): full_name" in response.content.decode()
    response = upload(client, "peers", PEERS, world.trust, name="staff.xlsx")
    assert response.status_code == 200
    assert "Choose a .csv file" in response.context["form"].errors["file"][0]


def test_confirm_without_a_checked_file_imports_nothing(client, world):
    client.force_login(world.hr_officer)
    response = client.post(reverse("programmes:import-confirm"), {"token": "forged"})
    assert response.status_code == 302 and response["Location"] == reverse("programmes:import")


def test_template_csv_has_the_columns(client, world):
    client.force_login(world.hr_officer)
    response = client.get(reverse("programmes:import-template", kwargs={"kind": "placements"}))
    assert response["Content-Disposition"] == 'attachment; filename="import-placements-template.csv"'
    assert response.content.decode().splitlines()[0] == "peer_email,post_id,start_date,hours,match_reasons"
    assert client.get(reverse("programmes:import-template", kwargs={"kind": "nothing"})).status_code == 404


def test_a_trust_the_user_does_not_keep_is_refused(world):
    outcome = imports.import_file(
        kind="peers", content=PEERS, user=world.hr_officer, trust=world.other_trust, dry_run=True
    )
    assert outcome.file_errors == ["You cannot import records for this trust."]


def test_the_page_is_for_hr_and_the_peer_lead_only(client, world):
    client.force_login(world.line_manager)
    assert client.get(reverse("programmes:import")).status_code == 404
    client.force_login(world.hr_officer)
    response = client.get(reverse("programmes:import"))
    assert response.status_code == 200
    assert "Download the placements template CSV" in response.content.decode()


def test_the_peer_list_offers_the_import_to_those_who_may_use_it(world, client):
    from django.urls import reverse

    for who, offered in (("hr_officer", True), ("peer_lead", True), ("line_manager", False), ("supervisor", False)):
        client.force_login(getattr(world, who))
        html = client.get(reverse("programmes:peer-list")).content.decode()
        assert (reverse("programmes:import") in html) is offered, who
        if offered:
            assert client.get(reverse("programmes:import")).status_code == 200
