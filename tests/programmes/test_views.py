"""Bad input and sensitive records through the web pages, as each person meets them."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from programmes.models import Peer, Post, SensitiveAccessLog, Team

pytestmark = pytest.mark.shared_world("world")  # one world for the module (tests/shared_world.py)

LIVED_EXPERIENCE = "Depression; recovery through peer groups."
TEAM_NAME_TAKEN = "This trust already has a team called Riverside CMHT; choose another name."
INVALID_CHOICE = "Select a valid choice. That choice is not one of the available choices."


def post_form(team, **overrides) -> dict:
    """What the post form sends for a valid, vacant, permanent post."""
    data = {
        "team": team.pk,
        "title": "Senior Peer Support Worker",
        "band": 4,
        "hours": "30",
        "contract_type": Post.ContractType.PERMANENT,
        "fixed_term_end": "",
        "funding": Post.Funding.PROGRAMME,
        "converted_from": "",
        "career_level": Post.CareerLevel.SENIOR_PEER_SUPPORT_WORKER,
        "holder": "",
    }
    return {**data, **overrides}


def field_html(response, name: str) -> str:
    """The rendered block of one form field: its label, input, help and errors."""
    html = response.content.decode()
    start = html.index(f'id="div_id_{name}"')
    end = html.find('id="div_id_', start + 1)
    return html[start : end if end != -1 else html.index("</form>", start)]


def error_summary(response) -> list[str]:
    html = response.content.decode()
    assert "There is a problem" in html
    summary = html[html.index("error-summary") : html.index("</ul>", html.index("error-summary"))]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", summary, re.S)]


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def sensitive_reads() -> list[tuple]:
    return list(SensitiveAccessLog.objects.values_list("user__username", "peer__full_name", "record_type", "channel"))


# --- Posts ----------------------------------------------------------------------------------------


def test_an_invalid_post_shows_each_problem_beside_its_field_and_saves_nothing(client, world):
    client.force_login(world.hr_officer)
    posts_before = list(Post.objects.order_by("pk").values())

    response = client.post(reverse("programmes:post-create"), post_form(world.team, title="", band=1, hours="40"))

    assert response.status_code == 200
    form = response.context["form"]
    expected = {
        "title": form.fields["title"].error_messages["required"],
        "band": "Ensure this value is greater than or equal to 2.",
        "hours": "Ensure this value is less than or equal to 37.5.",
    }
    assert form.errors == {name: [message] for name, message in expected.items()}
    assert error_summary(response) == [f"{form.fields[name].label}: {message}" for name, message in expected.items()]
    for name, message in expected.items():
        block = field_html(response, name)
        assert f'id="error_1_id_{name}"' in block
        assert message in block
        assert 'aria-invalid="true"' in block
    assert "invalid-feedback" not in field_html(response, "team")
    assert list(Post.objects.order_by("pk").values()) == posts_before


def test_a_valid_post_is_saved_once_and_opens_on_its_page_with_a_message(client, world):
    client.force_login(world.hr_officer)
    before = set(Post.objects.values_list("pk", flat=True))

    response = client.post(reverse("programmes:post-create"), post_form(world.team), follow=True)

    new = Post.objects.exclude(pk__in=before)
    assert new.count() == 1
    post = new.get()
    assert response.redirect_chain == [(post.get_absolute_url(), 302)]
    assert response.status_code == 200
    assert messages_of(response) == ["Post Senior Peer Support Worker added."]
    assert (post.team, post.title, post.band, post.hours, post.holder) == (
        world.team,
        "Senior Peer Support Worker",
        4,
        Decimal("30"),
        None,
    )
    assert list(post.history.values_list("history_type", "history_user")) == [("+", world.hr_officer.pk)]
    assert Post.objects.count() == len(before) + 1


def test_an_hr_officer_cannot_create_a_post_in_another_trusts_team(client, world):
    client.force_login(world.hr_officer)
    posts_before = Post.objects.count()

    response = client.post(reverse("programmes:post-create"), post_form(world.other_trust_team))

    assert response.status_code == 200
    assert response.context["form"].errors == {"team": [INVALID_CHOICE]}
    assert INVALID_CHOICE in field_html(response, "team")
    assert Post.objects.count() == posts_before
    assert not world.other_trust_team.posts.exclude(pk=world.other_trust_post.pk).exists()


def test_a_line_manager_can_create_a_post_in_their_team(client, world):
    client.force_login(world.line_manager)
    posts_before = Post.objects.count()

    response = client.post(reverse("programmes:post-create"), post_form(world.team))

    post = Post.objects.get(title="Senior Peer Support Worker")
    assert response.status_code == 302
    assert response.url == post.get_absolute_url()
    assert post.team == world.team
    assert Post.objects.count() == posts_before + 1


def test_a_line_manager_cannot_create_a_post_in_another_team_of_their_trust(client, world):
    client.force_login(world.line_manager)
    posts_before = Post.objects.count()

    form_page = client.get(reverse("programmes:post-create"))
    response = client.post(reverse("programmes:post-create"), post_form(world.other_team))

    assert list(form_page.context["form"].fields["team"].queryset) == [world.team]
    assert response.status_code == 200
    assert response.context["form"].errors == {"team": [INVALID_CHOICE]}
    assert Post.objects.count() == posts_before


# --- Teams ----------------------------------------------------------------------------------------


def test_a_second_team_with_the_same_name_in_the_trust_is_explained_beside_the_name(client, world):
    client.force_login(world.hr_officer)
    teams_before = list(Team.objects.order_by("pk").values())

    response = client.post(
        reverse("programmes:team-create"),
        {"trust": world.trust.pk, "name": "Riverside CMHT", "service_type": Team.ServiceType.EIP},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"name": [TEAM_NAME_TAKEN]}
    assert TEAM_NAME_TAKEN in field_html(response, "name")
    assert error_summary(response) == [f"Name: {TEAM_NAME_TAKEN}"]
    assert list(Team.objects.order_by("pk").values()) == teams_before


def test_renaming_a_team_to_a_name_taken_in_the_trust_is_explained_beside_the_name(client, world):
    client.force_login(world.hr_officer)
    teams_before = list(Team.objects.order_by("pk").values())

    response = client.post(
        reverse("programmes:team-update", args=[world.other_team.pk]),
        {"name": "Riverside CMHT", "service_type": Team.ServiceType.INPATIENT},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"name": [TEAM_NAME_TAKEN]}
    assert TEAM_NAME_TAKEN in field_html(response, "name")
    assert list(Team.objects.order_by("pk").values()) == teams_before


def test_a_team_name_used_in_another_trust_is_accepted(client, world):
    client.force_login(world.hr_officer)

    response = client.post(
        reverse("programmes:team-create"),
        {"trust": world.trust.pk, "name": "Westvale CMHT", "service_type": Team.ServiceType.CMHT},
    )

    team = Team.objects.get(trust=world.trust, name="Westvale CMHT")
    assert response.status_code == 302
    assert response.url == team.get_absolute_url()
    assert Team.objects.filter(name="Westvale CMHT").count() == 2


# --- Peers ----------------------------------------------------------------------------------------


def test_hr_edits_a_peers_record_without_the_lived_experience_field(client, world):
    client.force_login(world.hr_officer)

    response = client.get(reverse("programmes:peer-update", args=[world.peer.pk]))

    assert response.status_code == 200
    assert "lived_experience_summary" not in response.context["form"].fields
    assert 'name="lived_experience_summary"' not in response.content.decode()
    assert LIVED_EXPERIENCE not in response.content.decode()
    assert sensitive_reads() == []


def test_the_peer_lead_edits_a_peers_record_with_the_lived_experience_field(client, world):
    client.force_login(world.peer_lead)

    response = client.get(reverse("programmes:peer-update", args=[world.peer.pk]))

    assert response.status_code == 200
    assert "lived_experience_summary" in response.context["form"].fields
    assert 'name="lived_experience_summary"' in response.content.decode()
    assert Peer.objects.get(pk=world.peer.pk).lived_experience_summary == LIVED_EXPERIENCE


def test_a_peer_editing_their_own_record_gets_their_own_details_form(client, world):
    client.force_login(world.peer_worker)

    response = client.get(reverse("programmes:peer-update", args=[world.peer.pk]))

    assert response.status_code == 200
    assert list(response.context["form"].fields) == [
        "preferred_name",
        "pronouns",
        "email",
        "phone",
        "lived_experience_summary",
    ]
    assert 'name="trust"' not in response.content.decode()
    assert 'name="full_name"' not in response.content.decode()


def test_a_peer_can_save_their_own_pronouns(client, world):
    client.force_login(world.peer_worker)
    before = Peer.objects.filter(pk=world.peer.pk).values().get()
    others_before = list(Peer.objects.exclude(pk=world.peer.pk).order_by("pk").values())

    response = client.post(
        reverse("programmes:peer-update", args=[world.peer.pk]),
        {
            "preferred_name": before["preferred_name"],
            "pronouns": "she/her",
            "email": before["email"],
            "phone": before["phone"],
            "lived_experience_summary": before["lived_experience_summary"],
        },
        follow=True,
    )

    assert response.redirect_chain == [(world.peer.get_absolute_url(), 302)]
    assert messages_of(response) == ["Samira Okafor's record saved."]
    assert Peer.objects.filter(pk=world.peer.pk).values().get() == {**before, "pronouns": "she/her"}
    assert list(Peer.objects.exclude(pk=world.peer.pk).order_by("pk").values()) == others_before
    latest = world.peer.history.latest()
    assert (latest.history_type, latest.history_user) == ("~", world.peer_worker)


def test_a_peer_cannot_change_their_trust_or_full_name_by_adding_fields_to_the_form(client, world):
    client.force_login(world.peer_worker)
    before = Peer.objects.filter(pk=world.peer.pk).values().get()

    response = client.post(
        reverse("programmes:peer-update", args=[world.peer.pk]),
        {
            "preferred_name": before["preferred_name"],
            "pronouns": "she/her",
            "email": before["email"],
            "phone": before["phone"],
            "lived_experience_summary": before["lived_experience_summary"],
            "trust": world.other_trust.pk,
            "full_name": "Someone Else",
        },
    )

    assert response.status_code == 302
    assert Peer.objects.filter(pk=world.peer.pk).values().get() == {**before, "pronouns": "she/her"}


# --- Lived experience and the access log ----------------------------------------------------------


def test_the_peer_lead_sees_lived_experience_and_the_read_is_logged(client, world):
    client.force_login(world.peer_lead)

    response = client.get(reverse("programmes:peer-detail", args=[world.peer.pk]))

    assert response.status_code == 200
    assert LIVED_EXPERIENCE in response.content.decode()
    assert sensitive_reads() == [("peer_lead", "Samira Okafor", "lived_experience", "page")]


@pytest.mark.parametrize("viewer", ["hr_officer", "line_manager"])
def test_lived_experience_is_hidden_from_hr_and_the_line_manager_and_nothing_is_logged(client, world, viewer):
    client.force_login(getattr(world, viewer))

    response = client.get(reverse("programmes:peer-detail", args=[world.peer.pk]))

    assert response.status_code == 200
    assert "Samira Okafor" in response.content.decode()
    assert LIVED_EXPERIENCE not in response.content.decode()
    assert "lived-experience-title" not in response.content.decode()
    assert sensitive_reads() == []


def test_the_peer_sees_the_peer_leads_read_on_their_access_log(client, world):
    world.peer_lead.first_name, world.peer_lead.last_name = "Lee", "Park"
    world.peer_lead.save()
    client.force_login(world.peer_lead)
    client.get(reverse("programmes:peer-detail", args=[world.peer.pk]))
    client.force_login(world.peer_worker)

    response = client.get(reverse("programmes:peer-access-log", args=[world.peer.pk]))

    assert response.status_code == 200
    reads = [(r.user, r.get_record_type_display(), r.get_channel_display()) for r in response.context["reads"]]
    assert reads == [(world.peer_lead, "Lived-experience details", "Web page")]
    html = response.content.decode()
    assert "Lee Park" in html
    assert "Lived-experience details" in html
    assert sensitive_reads() == [("peer_lead", "Samira Okafor", "lived_experience", "page")]


def test_staff_cannot_open_a_peers_access_log(client, world):
    client.force_login(world.peer_lead)

    response = client.get(reverse("programmes:peer-access-log", args=[world.peer.pk]))

    assert response.status_code == 404
    assert sensitive_reads() == []
