"""A trust's nation (issue 17 item 6): recorded on the trust form and in the admin, naming the trust's code and
the criminal-record vetting check everywhere through programmes.nations."""

from __future__ import annotations

import pytest
from django.urls import reverse

from programmes import nations, services
from programmes.models import Trust
from programmes.nations import Nation

pytestmark = pytest.mark.shared_world("world")  # one world for the module (tests/shared_world.py)


@pytest.mark.parametrize(
    ("nation", "short", "full"),
    [
        (Nation.ENGLAND, "DBS", "DBS (Disclosure and Barring Service)"),
        (Nation.WALES, "DBS", "DBS (Disclosure and Barring Service)"),
        (Nation.SCOTLAND, "PVG", "Disclosure Scotland / PVG scheme"),
        (Nation.NORTHERN_IRELAND, "AccessNI", "AccessNI"),
    ],
)
def test_the_vetting_check_is_named_for_the_trusts_nation(nation, short, full):
    trust = Trust(name="A trust", ods_code="X1", nation=nation)
    assert nations.vetting_name(trust) == short
    assert nations.vetting_full_name(trust) == full


def test_the_guidance_names_the_body_that_does_the_check():
    assert "Disclosure Scotland" in nations.vetting(Trust(nation=Nation.SCOTLAND)).guidance
    assert "Protecting Vulnerable Groups" in nations.vetting(Trust(nation=Nation.SCOTLAND)).guidance
    assert "Disclosure and Barring Service" in nations.vetting(Trust(nation=Nation.WALES)).guidance
    assert "AccessNI" in nations.vetting(Trust(nation=Nation.NORTHERN_IRELAND)).guidance


def test_an_unknown_trust_is_taken_as_english():
    assert nations.vetting_name(None) == "DBS"
    assert nations.identifier(None).label == "ODS code"


@pytest.mark.django_db
def test_a_new_trust_is_in_england_unless_told():
    trust = services.create_trust(by=None, name="Northshire NHS Trust", ods_code="ZZ9")
    assert trust.nation == Nation.ENGLAND
    assert trust.identifier_label == "ODS code"


@pytest.mark.django_db
def test_the_admin_adds_a_scottish_trust_on_the_trust_form(client, world):
    client.force_login(world.administrator)
    form = client.get(reverse("programmes:trust-create")).content.decode()
    assert 'name="nation"' in form and "ODS code or NHS board code" in form
    response = client.post(
        reverse("programmes:trust-create"),
        {"name": "NHS Highland", "nation": "scotland", "ods_code": "S08000022"},
    )
    assert response.status_code == 302
    trust = Trust.objects.get(name="NHS Highland")
    assert trust.nation == Nation.SCOTLAND
    page = client.get(trust.get_absolute_url()).content.decode()
    assert "Scotland" in page and "NHS board code" in page and "S08000022" in page


@pytest.mark.django_db
def test_the_code_is_labelled_for_the_trusts_nation_on_its_edit_form_and_in_the_admin(client, world):
    client.force_login(world.administrator)
    services.update_trust(trust=world.trust, by=None, nation=Nation.SCOTLAND)
    edit = client.get(reverse("programmes:trust-update", args=[world.trust.pk])).content.decode()
    assert "NHS board code" in edit and "NHS Scotland board" in edit
    admin = client.get(reverse("admin:programmes_trust_change", args=[world.trust.pk])).content.decode()
    assert "NHS board code" in admin and 'name="nation"' in admin
    english = client.get(reverse("programmes:trust-update", args=[world.other_trust.pk])).content.decode()
    assert "ODS code" in english and "NHS board code" not in english


@pytest.mark.django_db
def test_the_trust_list_shows_each_trusts_nation(client, world):
    client.force_login(world.administrator)
    services.update_trust(trust=world.trust, by=None, nation=Nation.NORTHERN_IRELAND)
    page = client.get(reverse("programmes:trust-list")).content.decode()
    assert "Northern Ireland" in page and "England" in page
