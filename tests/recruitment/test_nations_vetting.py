"""The criminal-record check named for the trust's nation (issue 17 item 6) wherever recruitment shows it: the check's
pages, the refused move, the pipeline board and the subject access export. English trusts keep "DBS"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from privacy import subject_access
from programmes import services as programme_services
from programmes.nations import Nation
from recruitment.models import Application
from tests.recruitment.test_pipeline_services import application_at, move_refused

pytestmark = pytest.mark.shared_world  # one recruitment world for the module (tests/shared_world.py)

Stage = Application.Stage


def in_nation(w, nation: str) -> None:
    programme_services.update_trust(trust=w.trust, by=None, nation=nation)


@pytest.mark.parametrize(
    ("nation", "check", "body"),
    [
        (Nation.SCOTLAND, "PVG", "Disclosure Scotland"),
        (Nation.NORTHERN_IRELAND, "AccessNI", "AccessNI checks criminal records"),
        (Nation.WALES, "DBS", "Disclosure and Barring Service"),
    ],
)
def test_the_check_page_and_form_name_the_nations_check(client, recruitment, nation, check, body):
    in_nation(recruitment, nation)
    client.force_login(recruitment.hr_officer)
    page = client.get(reverse("recruitment:dbs-detail", args=[recruitment.application.pk])).content.decode()
    assert f"{check} check: Chris Bell" in page and body in page
    form = client.get(reverse("recruitment:dbs-update", args=[recruitment.application.pk])).content.decode()
    assert f"{check} check: Chris Bell" in form and f"Support given with the {check} form" in form
    application = client.get(reverse("recruitment:application-detail", args=[recruitment.application.pk]))
    assert f"{check} check</a>" in application.content.decode()


def test_an_english_trusts_pages_keep_saying_dbs(client, recruitment):
    client.force_login(recruitment.hr_officer)
    page = client.get(reverse("recruitment:dbs-detail", args=[recruitment.application.pk])).content.decode()
    assert "DBS check: Chris Bell" in page and "Disclosure and Barring Service" in page
    assert "PVG" not in page and "AccessNI" not in page


def test_a_scottish_move_is_refused_naming_the_pvg_check(recruitment):
    in_nation(recruitment, Nation.SCOTLAND)
    application = application_at(recruitment, Stage.OH_CLEARED)
    assert "The PVG check is not cleared" in move_refused(recruitment, application, Stage.DBS_CLEARED)


def test_the_pipeline_board_names_the_nations_check(client, recruitment):
    in_nation(recruitment, Nation.NORTHERN_IRELAND)
    application_at(recruitment, Stage.OH_CLEARED)
    client.force_login(recruitment.hr_officer)
    board = client.get(reverse("recruitment:vacancy-board", args=[recruitment.vacancy.pk])).content.decode()
    assert "Record the AccessNI check" in board
    assert "Record the DBS check" not in board


def test_the_subject_access_export_names_the_nations_check(recruitment):
    in_nation(recruitment, Nation.SCOTLAND)
    recruitment.applicant.refresh_from_db()
    sections = subject_access.collect(recruitment.applicant)
    labels = {section.label for section in sections}
    assert "PVG checks and decisions" in labels
    assert "DBS checks and decisions" not in labels


def test_the_stage_after_the_check_is_named_for_the_nation_on_the_board_and_the_move_page(client, recruitment):
    in_nation(recruitment, Nation.SCOTLAND)
    application = application_at(recruitment, Stage.OH_CLEARED)
    client.force_login(recruitment.hr_officer)
    board = client.get(reverse("recruitment:vacancy-board", args=[recruitment.vacancy.pk])).content.decode()
    assert "PVG cleared" in board and "DBS cleared" not in board
    move = client.get(reverse("recruitment:application-move", args=[application.pk])).content.decode()
    assert "PVG cleared" in move and "DBS cleared" not in move
    funnel = client.get(reverse("recruitment:vacancy-funnel", args=[recruitment.vacancy.pk])).content.decode()
    assert "PVG cleared" in funnel and "DBS cleared" not in funnel


def test_the_applications_list_names_the_stage_for_each_trusts_nation(client, recruitment):
    in_nation(recruitment, Nation.NORTHERN_IRELAND)
    application = application_at(recruitment, Stage.OH_CLEARED)
    Application.objects.filter(pk=application.pk).update(stage=Stage.DBS_CLEARED)
    client.force_login(recruitment.hr_officer)
    page = client.get(reverse("recruitment:application-list")).content.decode()
    assert "AccessNI cleared" in page and "DBS cleared" not in page
    assert Application.stage_label(Stage.DBS_CLEARED) == "DBS cleared"  # no trust: the English name


def test_an_orientation_session_names_the_nations_check(client, recruitment):
    in_nation(recruitment, Nation.SCOTLAND)
    client.force_login(recruitment.hr_officer)
    page = client.get(recruitment.orientation.get_absolute_url()).content.decode()
    assert "The PVG check: <strong>covered" in page and "DBS" not in page
