"""factory_boy factories for the shared model; tests build their data with these, never fixtures."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from programmes.models import OwnCareTeamArrangement, Peer, Post, Programme, StaffRole, Team, Trust

TEST_PASSWORD = "correct-horse-battery-staple"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TrustFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trust

    name = factory.Sequence(lambda n: f"Trust {n} NHS Foundation Trust")
    ods_code = factory.Sequence(lambda n: f"T{n:04d}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    trust = factory.SubFactory(TrustFactory)
    name = factory.Sequence(lambda n: f"Peer Support Programme {n}")
    training_model = Programme.TrainingModel.PLACE_AND_TRAIN
    target_peer_share = Decimal("20")
    start_date = factory.Faker("date_between", start_date="-3y", end_date="today")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    trust = factory.SubFactory(TrustFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    service_type = Team.ServiceType.CMHT


class PeerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Peer

    trust = factory.SubFactory(TrustFactory)
    full_name = factory.Faker("name")
    pronouns = "they/them"


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    team = factory.SubFactory(TeamFactory)
    title = "Peer Support Worker"
    band = 3
    hours = Decimal("37.5")


class StaffRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffRole

    user = factory.SubFactory(UserFactory)
    trust = factory.SubFactory(TrustFactory)
    role = StaffRole.Role.HR


class OwnCareTeamArrangementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OwnCareTeamArrangement

    peer = factory.SubFactory(PeerFactory)
    team = factory.SubFactory(TeamFactory, trust=factory.SelfAttribute("..peer.trust"))
    line_manager = factory.SubFactory(UserFactory)
    care_arrangement = "Care coordination from a neighbouring team."
