"""Dates a person could mean, for every phase: one bounded date (and date-and-time) field used by every form,
list filter and import of the project, so a far date (year 1 or 9999) is refused beside its field instead of
overflowing the date arithmetic behind the pages (issue 21, defect 5).

- `BoundedDateField`, `BoundedDateTimeField`: form fields refusing a date outside `EARLIEST`..`LATEST`;
- `BoundedModelForm`: the base of the project's model forms; every model date field becomes a bounded one
  (through `Meta.formfield_callback`, set on every subclass's Meta), so a new form is bounded without thought;
- `BoundedFilterSet`, `BoundedDateFilter`, `BoundedDateTimeFilter`: the same for django-filter;
- `check_date`: the same rule for a date read elsewhere (the CSV import).

The bounds are not put on the models' fields (that would be a migration in every app for no gain): every way in
for a person's typing goes through a form, a filter or the import, and tests/security/test_bounded_dates.py
fails when one does not use these.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import ModelFormMetaclass

EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2100, 12, 31)
OUT_OF_RANGE = f"Enter a date between {EARLIEST.year} and {LATEST.year}."


def check_date(value: datetime.date | datetime.datetime | None) -> None:
    """Refuse a date (or the day of a date and time) outside the plausible range."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(OUT_OF_RANGE, code="date_out_of_range")


def _range_attrs(widget, earliest: str, latest: str) -> dict:
    """min and max on a browser's own date picker, so it offers no far date either."""
    if getattr(widget, "input_type", "") in ("date", "datetime-local"):
        return {"min": widget.attrs.get("min", earliest), "max": widget.attrs.get("max", latest)}
    return {}


class BoundedDateField(forms.DateField):
    """A date between 1 January 1900 and 31 December 2100."""

    default_validators = [check_date]

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), **_range_attrs(widget, EARLIEST.isoformat(), LATEST.isoformat())}


class BoundedDateTimeField(forms.DateTimeField):
    """A date and time on a day between 1 January 1900 and 31 December 2100."""

    default_validators = [check_date]

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            **_range_attrs(widget, f"{EARLIEST.isoformat()}T00:00", f"{LATEST.isoformat()}T23:59"),
        }


class BoundedSplitDateTimeField(forms.SplitDateTimeField):
    """The admin's date and time (a date box and a time box) on a day between 1900 and 2100."""

    default_validators = [check_date]


BOUNDED_FIELDS = (BoundedDateField, BoundedDateTimeField, BoundedSplitDateTimeField)
# What the admin uses instead of Django's date fields (programmes.admin_site): its own widgets are kept.
ADMIN_OVERRIDES = {
    models.DateField: {"form_class": BoundedDateField},
    models.DateTimeField: {"form_class": BoundedSplitDateTimeField},
}


def bounded_formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """A model field's form field, a bounded one for a date or a date and time (a form's own
    `Meta.field_classes` still wins, and the meta-test then checks it is bounded)."""
    if isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", BoundedDateTimeField)
    elif isinstance(db_field, models.DateField):
        kwargs.setdefault("form_class", BoundedDateField)
    return db_field.formfield(**kwargs)


class BoundedModelFormMetaclass(ModelFormMetaclass):
    """Gives every model form's Meta the bounded `formfield_callback` before Django reads the model's fields
    (a subclass's own `class Meta:` does not inherit its base's Meta, so setting it once on the base is not
    enough)."""

    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and getattr(meta, "formfield_callback", None) is None:
            meta.formfield_callback = bounded_formfield
        return super().__new__(mcs, name, bases, attrs)


class BoundedModelForm(forms.ModelForm, metaclass=BoundedModelFormMetaclass):
    """The base of every model form of the project: its dates are bounded."""


class BoundedDateFilter(django_filters.DateFilter):
    field_class = BoundedDateField


class BoundedDateTimeFilter(django_filters.DateTimeFilter):
    field_class = BoundedDateTimeField


class BoundedFilterSet(django_filters.FilterSet):
    """The base of every list filter of the project: a date filter made from `Meta.fields` is bounded too."""

    FILTER_DEFAULTS = {
        **django_filters.FilterSet.FILTER_DEFAULTS,
        models.DateField: {"filter_class": BoundedDateFilter},
        models.DateTimeField: {"filter_class": BoundedDateTimeFilter},
    }


def is_bounded(field: forms.Field) -> bool:
    """False for a form field that takes a date with no bound (the meta-test's question)."""
    if isinstance(field, forms.DateField | forms.DateTimeField | forms.SplitDateTimeField):
        return isinstance(field, BOUNDED_FIELDS)
    if isinstance(field, forms.MultiValueField):  # e.g. a date range: each part bounded
        return all(is_bounded(part) for part in field.fields)
    return True
