"""No sensitive field in any serializer (issue 20 item 2): every serializer class of the project is found, each of
its fields followed from its model through the relations its `source` names, and a field marked sensitive in
programmes.sensitive (or any field of a record that is sensitive as a whole) fails the test. A serializer that is
not of a model is checked by the names of its fields' sources."""

from __future__ import annotations

import importlib
import pkgutil

from django.core.exceptions import FieldDoesNotExist
from rest_framework import serializers

from programmes.sensitive import ALL_FIELDS, SENSITIVE_FIELDS, is_sensitive, sensitive_models

APPS = ("programmes", "recruitment", "workforce", "development", "dashboards", "privacy", "api")
SENSITIVE_NAMES = {name for fields in SENSITIVE_FIELDS.values() if fields != ALL_FIELDS for name in fields}


def project_serializers() -> list[type[serializers.BaseSerializer]]:
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in module.name:
                importlib.import_module(module.name)
    found, stack = [], [serializers.BaseSerializer]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.split(".")[0] in APPS or sub.__module__.startswith("tests."):
                found.append(sub)
    return found


def _leaks(serializer_class) -> list[str]:
    """The fields of the serializer that reach a sensitive field, as "Serializer.field -> Model.field"."""
    serializer = serializer_class()
    model = getattr(getattr(serializer_class, "Meta", None), "model", None)
    found = []
    for name, field in serializer.fields.items():
        nested = getattr(field, "child", field)
        if isinstance(nested, serializers.BaseSerializer):
            found += [f"{serializer_class.__name__}.{name}.{leak}" for leak in _leaks(type(nested))]
        if field.source == "*":
            continue
        path = field.source.split(".")
        if model is None:
            if path[-1] in SENSITIVE_NAMES:
                found.append(f"{serializer_class.__name__}.{name} -> {path[-1]}")
            continue
        current = model
        for step in path:
            if current in sensitive_models() or is_sensitive(current, step):
                found.append(f"{serializer_class.__name__}.{name} -> {current._meta.label}.{step}")
                break
            try:
                model_field = current._meta.get_field(step)
            except FieldDoesNotExist:
                break  # a property or method of the model: checked by the answers (tests/api/test_endpoints.py)
            if not model_field.is_relation or model_field.related_model is None:
                break
            current = model_field.related_model
            if current in sensitive_models():
                found.append(f"{serializer_class.__name__}.{name} -> {current._meta.label}")
                break
    return found


def test_no_serializer_exposes_a_field_marked_sensitive():
    classes = project_serializers()
    assert len([c for c in classes if c.__module__ == "api.serializers"]) >= 10  # the walk finds the API's
    leaks = [leak for cls in classes for leak in _leaks(cls)]
    assert not leaks, f"serializers exposing sensitive fields: {leaks}"


def test_the_check_finds_a_sensitive_field_however_it_is_reached():
    from programmes.models import Peer
    from workforce.models import Placement

    class PeerWithStory(serializers.ModelSerializer):
        class Meta:
            model = Peer
            fields = ["id", "lived_experience_summary"]

    class PlacementWithStory(serializers.ModelSerializer):
        story = serializers.CharField(source="peer.lived_experience_summary")
        care = serializers.CharField(source="peer.own_care_team.care_arrangement")

        class Meta:
            model = Placement
            fields = ["id", "story", "care"]

    class Plain(serializers.Serializer):
        reason_category = serializers.CharField()

    assert _leaks(PeerWithStory) == [
        "PeerWithStory.lived_experience_summary -> programmes.Peer.lived_experience_summary"
    ]
    assert _leaks(PlacementWithStory) == [
        "PlacementWithStory.story -> programmes.Peer.lived_experience_summary",
        "PlacementWithStory.care -> programmes.OwnCareTeamArrangement",
    ]
    assert _leaks(Plain) == ["Plain.reason_category -> reason_category"]
