"""Far dates (issue 21, defect 5): every date a person types, in any form, list filter or import, is between 1900
and 2100 (programmes.fields), refused beside its field otherwise, so no page overflows its date arithmetic.

The meta-tests walk every form class and filterset of the project (and, for fields added in a form's
`__init__`, its source) and fail when a date field is not bounded; the rest pin the reproductions of the
issue (the dashboard, its CSVs and board PDF; a placement from 9999-12-31; the CSV import)."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import pkgutil
from pathlib import Path

import django_filters
import pytest
from django import forms
from django.urls import reverse
from django_filters import fields as filter_fields

from programmes.fields import (
    EARLIEST,
    LATEST,
    OUT_OF_RANGE,
    BoundedDateField,
    BoundedDateTimeField,
    BoundedFilterSet,
    BoundedModelForm,
    is_bounded,
)
from programmes.models import Programme, Team
from tests import factories
from tests.test_permissions import preparation  # noqa: F401  (phase 1's world)
from workforce.models import Placement

BASE_DIR = Path(__file__).resolve().parent.parent.parent
APPS = ["programmes", "recruitment", "workforce", "development", "dashboards", "privacy", "peersupport"]
FAR = ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"]
# The one module allowed to build a date field from Django's or django-filter's own classes.
FIELDS_MODULE = BASE_DIR / "programmes" / "fields.py"


# --- Every form and filterset of the project -------------------------------------------------------------------


def _import_every_module() -> None:
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in info.name:
                importlib.import_module(info.name)


def _subclasses(cls) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def _ours(cls) -> bool:
    """A class of the project, or one Django's factories made from a class of the project (a formset's form);
    not the classes the tests themselves make."""
    root = cls.__module__.split(".")[0]
    if root == "django":
        return any(klass.__module__.split(".")[0] in APPS for klass in cls.__mro__)
    return root in APPS


def project_forms() -> list[type]:
    _import_every_module()
    return sorted(
        (cls for cls in _subclasses(forms.BaseForm) if _ours(cls) and hasattr(cls, "base_fields")),
        key=lambda c: f"{c.__module__}.{c.__qualname__}",
    )


def project_filtersets() -> list[type]:
    _import_every_module()
    return sorted(
        (
            cls
            for cls in _subclasses(django_filters.filterset.BaseFilterSet)
            if _ours(cls) and cls is not BoundedFilterSet
        ),
        key=lambda c: f"{c.__module__}.{c.__qualname__}",
    )


DATE_FIELD_CLASSES = (
    forms.DateField,
    forms.DateTimeField,
    forms.SplitDateTimeField,
    filter_fields.DateRangeField,
    filter_fields.DateTimeRangeField,
    filter_fields.IsoDateTimeRangeField,
)


def unbounded_form_fields(form_class) -> list[str]:
    return [
        f"{form_class.__module__}.{form_class.__qualname__}.{name}"
        for name, field in form_class.base_fields.items()
        if not is_bounded(field)
    ]


def unbounded_filters(filterset_class) -> list[str]:
    return [
        f"{filterset_class.__module__}.{filterset_class.__qualname__}.{name}"
        for name, flt in filterset_class.base_filters.items()
        if issubclass(flt.field_class, DATE_FIELD_CLASSES)
        and not issubclass(flt.field_class, (BoundedDateField, BoundedDateTimeField))
    ]


# Calls that build a date field or filter with no bound: anywhere but programmes/fields.py they are a mistake
# (a field added in a form's __init__ is not in its class's base_fields, so the source is read too).
UNBOUNDED_CALLS = {
    "DateField",
    "DateTimeField",
    "SplitDateTimeField",
    "DateFilter",
    "DateTimeFilter",
    "IsoDateTimeFilter",
    "DateFromToRangeFilter",
    "DateTimeFromToRangeFilter",
    "IsoDateTimeFromToRangeFilter",
    "DateRangeFilter",
}
FORM_MODULES = ("django.forms", "django_filters")


def unbounded_calls(source: str, filename: str = "<string>") -> list[str]:
    tree = ast.parse(source)
    modules = {"forms", "django_filters", "filters"}  # `from django import forms`, `import django_filters`
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(FORM_MODULES):
            names |= {alias.asname or alias.name for alias in node.names if alias.name in UNBOUNDED_CALLS}
        if isinstance(node, ast.ImportFrom) and node.module == "django":
            modules |= {alias.asname or alias.name for alias in node.names if alias.name == "forms"}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in UNBOUNDED_CALLS
            and isinstance(func.value, ast.Name)
            and func.value.id in modules
        ) or (isinstance(func, ast.Name) and func.id in names):
            found.append(f"{filename}:{node.lineno}")
    return found


def test_the_walk_finds_the_forms_and_filtersets_that_take_dates():
    names = {f"{c.__module__}.{c.__qualname__}" for c in project_forms()}
    assert {
        "programmes.forms.ProgrammeForm",
        "workforce.forms_placements.PlacementForm",
        "workforce.forms_supervision.WapReviewForm",
        "dashboards.forms.DashboardFilterForm",
        "programmes.forms.AcknowledgementForm",
    } <= names
    # A formset's form, made by Django's factory from one of ours, is walked too.
    from programmes.forms import FollowUpActionFormSet

    assert FollowUpActionFormSet.form in project_forms()
    assert {"programmes.filters.PeerFilter", "workforce.forms_placements.PlacementFilter"} <= {
        f"{c.__module__}.{c.__qualname__}" for c in project_filtersets()
    }


def test_every_date_field_of_every_form_is_bounded():
    offenders = [name for form_class in project_forms() for name in unbounded_form_fields(form_class)]
    assert not offenders, f"date fields with no bound (use programmes.fields): {offenders}"


def test_every_date_filter_of_every_filterset_is_bounded():
    offenders = [name for filterset in project_filtersets() for name in unbounded_filters(filterset)]
    assert not offenders, f"date filters with no bound (use programmes.fields.BoundedFilterSet): {offenders}"


def test_no_code_builds_a_date_field_or_filter_of_its_own():
    offenders = [
        found
        for app in APPS
        for path in (BASE_DIR / app).rglob("*.py")
        if "migrations" not in path.parts and path != FIELDS_MODULE
        for found in unbounded_calls(path.read_text(), str(path.relative_to(BASE_DIR)))
    ]
    assert not offenders, f"date fields built without a bound (use programmes.fields): {offenders}"


def test_the_meta_tests_catch_each_way_of_leaving_a_date_unbounded():
    class PlainForm(forms.Form):
        on = forms.DateField()

    class ModelFormOfItsOwn(forms.ModelForm):
        class Meta:
            model = Programme
            fields = ["start_date"]

    class BoundedButOverridden(BoundedModelForm):
        class Meta:
            model = Programme
            fields = ["start_date"]
            field_classes = {"start_date": forms.DateField}

    class FilterOfItsOwn(django_filters.FilterSet):
        class Meta:
            model = Placement
            fields = ["start_date"]

    class Ranged(BoundedFilterSet):
        started = django_filters.DateFromToRangeFilter(field_name="start_date")

        class Meta:
            model = Placement
            fields = ["started"]

    assert unbounded_form_fields(PlainForm) and unbounded_form_fields(ModelFormOfItsOwn)
    assert unbounded_form_fields(BoundedButOverridden)
    assert unbounded_filters(FilterOfItsOwn) and unbounded_filters(Ranged)
    source = (
        "from django import forms\nfrom django.forms import DateTimeField as DT\nimport django_filters\n"
        "class F(forms.Form):\n    def __init__(self):\n        self.fields['a'] = forms.DateField()\n"
        "        self.fields['b'] = DT()\n        x = django_filters.DateFilter()\n"
    )
    assert unbounded_calls(source) == ["<string>:6", "<string>:7", "<string>:8"]
    assert unbounded_calls("from django.db import models\nx = models.DateField()\n") == []


def test_a_model_form_and_a_filterset_on_the_bases_are_bounded_without_thought():
    class NewForm(BoundedModelForm):
        class Meta:
            model = Placement
            fields = ["start_date", "end_date"]

    class NewFilter(BoundedFilterSet):
        class Meta:
            model = Placement
            fields = ["start_date"]

    assert not unbounded_form_fields(NewForm) and not unbounded_filters(NewFilter)
    assert isinstance(NewForm.base_fields["start_date"], BoundedDateField)


# --- The field itself --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("field_class", [BoundedDateField, BoundedDateTimeField])
@pytest.mark.parametrize("value", FAR)
def test_a_far_date_is_refused_with_a_message_a_person_can_act_on(field_class, value):
    form_class = type("F", (forms.Form,), {"on": field_class()})
    typed = value if field_class is BoundedDateField else f"{value} 12:00"
    form = form_class({"on": typed})
    assert not form.is_valid()
    assert form.errors["on"] == [OUT_OF_RANGE] == ["Enter a date between 1900 and 2100."]


@pytest.mark.parametrize("value", [EARLIEST, LATEST, dt.date(2026, 2, 2)])
def test_the_first_and_last_days_of_the_range_are_accepted(value):
    form_class = type("F", (forms.Form,), {"on": BoundedDateField(), "at": BoundedDateTimeField()})
    form = form_class({"on": value.isoformat(), "at": f"{value.isoformat()} 23:59"})
    assert form.is_valid(), form.errors


def test_the_browsers_date_picker_is_given_the_range_too():
    field = BoundedDateField(widget=forms.DateInput(attrs={"type": "date"}))
    assert field.widget.attrs["min"] == "1900-01-01" and field.widget.attrs["max"] == "2100-12-31"
    stamp = BoundedDateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    assert stamp.widget.attrs["max"] == "2100-12-31T23:59"


# --- The reproductions of the issue ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"date_to": "0001-01-01"},
        {"date_from": "0001-01-01", "date_to": "0001-01-02"},
        {"date_from": "9999-12-31"},
        {"date_from": "1899-12-31", "date_to": "1900-01-05"},
    ],
)
def test_the_dashboard_refuses_a_far_date_beside_the_field(client, world, query):
    client.force_login(world.peer_lead)
    page = client.get(reverse("dashboards:dashboard"), query)
    assert page.status_code == 200
    form = page.context["form"]
    assert OUT_OF_RANGE in [message for name in query for message in form.errors.get(name, [])]
    assert OUT_OF_RANGE in page.content.decode()
    for url in (reverse("dashboards:pdf"), reverse("dashboards:csv", kwargs={"table": "supervision"})):
        assert client.get(url, query).status_code == 400


def test_the_dashboard_counts_from_the_first_day_of_the_range(client, world):
    # 1 January 1900 with no start date: the default start a year earlier, 1899, must not break the figures.
    client.force_login(world.peer_lead)
    page = client.get(reverse("dashboards:dashboard"), {"date_to": "1900-01-01"})
    assert page.status_code == 200 and not page.context["form"].errors
    assert client.get(reverse("dashboards:pdf"), {"date_to": "1900-01-01"}).status_code == 200


@pytest.mark.parametrize("value", FAR)
def test_a_placement_from_a_far_date_is_refused_and_nothing_saved(client, world, value):
    client.force_login(world.hr_officer)
    vacant = factories.PostFactory(team=world.team, hours=30)
    before = Placement.objects.count()
    response = client.post(
        reverse("workforce:placement-create"),
        {"peer": world.applicant.pk, "post": vacant.pk, "start_date": value, "hours": "30", "match_reasons": "x"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["start_date"] == [OUT_OF_RANGE]
    assert Placement.objects.count() == before


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_a_programme_start_far_away_is_refused(client, preparation, value):  # noqa: F811
    client.force_login(preparation.peer_lead)
    url = reverse("programmes:programme-update", kwargs={"pk": preparation.programme.pk})
    data = {
        "name": "Programme",
        "training_model": Programme.TrainingModel.choices[0][0],
        "target_peer_share": "10",
        "start_date": value,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["start_date"] == [OUT_OF_RANGE]
    preparation.programme.refresh_from_db()
    assert preparation.programme.start_date != dt.date.fromisoformat(value)


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
def test_the_import_names_the_row_and_column_of_a_far_date(world, value):
    from programmes import imports

    team = Team.objects.get(pk=world.team.pk)
    content = (
        "team,title,band,hours,contract_type,fixed_term_end\n"
        f"{team.name},Peer Support Worker,3,30,fixed_term,2027-03-31\n"
        f"{team.name},Peer Support Worker,3,30,fixed_term,{value}\n"
    )
    outcome = imports.import_file(kind="posts", content=content, user=world.hr_officer, trust=world.trust, dry_run=True)
    assert [row.number for row in outcome.error_rows] == [2]
    (message,) = outcome.error_rows[0].errors
    assert message == f"fixed_term_end: “{value}” in “fixed_term_end” is out of range. {OUT_OF_RANGE}"
    assert "out of range" in message and "date value" not in message


def test_the_import_of_a_placement_from_9999_names_the_row_instead_of_a_python_error(world):
    from programmes import imports

    imports.autodiscover()
    vacant = factories.PostFactory(team=world.team, hours=30)
    world.applicant.email = "applicant@example.org"
    world.applicant.save()
    content = f"peer_email,post_id,start_date,hours\napplicant@example.org,{vacant.pk},9999-12-31,30\n"
    outcome = imports.import_file(
        kind="placements", content=content, user=world.hr_officer, trust=world.trust, dry_run=True
    )
    assert [(row.number, row.errors) for row in outcome.error_rows] == [
        (1, [f"start_date: “9999-12-31” in “start_date” is out of range. {OUT_OF_RANGE}"])
    ]
