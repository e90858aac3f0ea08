"""The subject access registry (privacy/subject_access.py) covers every model with a relation path to a peer: a new
model about people fails here until it is in the registry (so the export and retention cover it) or excluded with
a reason."""

from django.apps import apps

from privacy import subject_access
from privacy.subject_access import EXCLUSIONS, REGISTRY, uncovered_models


def test_every_model_that_refers_to_a_peer_is_in_the_registry_or_excluded_with_a_reason():
    missing = uncovered_models()
    assert not missing, (
        "models with a relation path to programmes.Peer that the subject access registry does not cover "
        f"(add a Source to privacy/subject_access.py REGISTRY, or an entry with a reason to EXCLUSIONS): {missing}"
    )


def test_the_walker_finds_a_model_left_out_of_the_registry():
    for left_out in ("recruitment.InterviewScore", "workforce.WapReview", "privacy.LegalHold"):
        registry = [s for s in REGISTRY if s.model != left_out]
        assert uncovered_models(registry) == {left_out: subject_access.path_to_peer(apps.get_model(left_out))}


def test_the_walker_follows_chains_of_relations_and_skips_history_and_other_apps():
    found = subject_access.models_about_peers()
    assert found["recruitment.InterviewScore"] == "application__applicant"
    assert found["workforce.ReviewObjective"] == "review__placement__peer"
    assert found["workforce.InductionItem"] == "plan__placement__peer"
    assert found["recruitment.PanelMember"] == "interview__vacancy__post__holder"  # four hops
    assert found["development.SystemChangeContribution"] == "peers"  # a many-to-many
    assert not [label for label in found if ".Historical" in label]
    assert not [label for label in found if label.split(".")[0] not in subject_access.PROJECT_APPS]


def test_notifications_refer_to_user_accounts_not_to_peers():
    # Not found by the walker (a notification's recipient is a user); the export still lists a peer's own ones.
    assert "programmes.Notification" not in subject_access.models_about_peers()
    assert any(s.model == "programmes.Notification" for s in REGISTRY)


def test_the_access_log_is_about_the_peer_and_is_in_the_registry():
    assert "programmes.SensitiveAccessLog" in subject_access.models_about_peers()
    assert "programmes.SensitiveAccessLog" not in EXCLUSIONS
    assert any(s.model == "programmes.SensitiveAccessLog" for s in REGISTRY)


def test_every_exclusion_gives_a_reason_and_names_a_model_about_peers():
    found = subject_access.models_about_peers()
    for label, reason in EXCLUSIONS.items():
        assert label in found, f"{label} is excluded but has no path to a peer: remove it from EXCLUSIONS"
        assert len(reason) > 20, label


def test_every_registry_lookup_leads_to_a_peer(world):
    for source in REGISTRY:
        source.model_class.objects.filter(**{source.lookup: world.peer.pk if source.lookup == "pk" else world.peer})
