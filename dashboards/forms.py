"""The dashboard's filters: a GET form of team, service type and date range."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html, format_html_join

from programmes.fields import BoundedDateField
from programmes.models import Team

DEFAULT_RANGE_DAYS = 365


class QuickSelect(forms.Select):
    """forms.Select's HTML for one chosen value, written here rather than through a template per option: a peer
    lead of 60 trusts picks from 3,000 teams, which Django's option templates took 70 ms to write on every visit.
    Every value and label is escaped (format_html)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}

        def options(choices) -> str:
            return format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (("" if v is None else v, " selected" if str("" if v is None else v) in chosen else "", label)
                 for v, label in choices),
            )  # fmt: skip

        parts = [
            format_html('<optgroup label="{}">{}</optgroup>', group, options(label))
            if isinstance(label, list | tuple)
            else options([(group, label)])
            for group, label in self.choices
        ]
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            format_html_join(
                "",
                "{}",
                (
                    (format_html(" {}", k) if v is True else format_html(' {}="{}"', k, v),)
                    for k, v in self.build_attrs(self.attrs, attrs).items()
                    if v is not False
                ),
            ),  # the attributes in their order, as Django's attrs.html writes them
            format_html_join("", "{}", ((part,) for part in parts)),
        )


class Prepared(BaseChoiceIterator):
    """Choices already as Django keeps them (pairs, and groups of pairs). Given a list, a field and then its
    widget each check and copy every choice (normalize_choices: 7 ms of a 3,000-team picker on every visit); an
    iterator of this kind they take as it is."""

    def __init__(self, choices: list):
        self.choices = choices

    def __iter__(self):
        return iter(self.choices)


class DashboardFilterForm(forms.Form):
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        required=False,
        empty_label="All teams",
        help_text="Only this team's figures.",
        widget=QuickSelect,
    )
    service_type = forms.ChoiceField(
        label="Service type",
        choices=[("", "All services"), *Team.ServiceType.choices],
        required=False,
        help_text="Only teams of this kind of service.",
    )
    date_from = BoundedDateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Applications made and placements begun from this day. Default: a year before the end date.",
    )
    date_to = BoundedDateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day the figures are counted on (supervision in the 30 days before it). Default: today.",
    )

    def __init__(self, *args, teams, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        field = self.fields["team"]
        field.queryset = teams.order_by("name", "pk")
        # The choices in one query of names (not a model per team), grouped by trust when there are several: a
        # peer lead of every trust picks from 60 groups rather than one list of 3,000 teams. The queryset still
        # decides what is valid.
        rows = list(field.queryset.order_by("trust__name", "name", "pk").values_list("pk", "name", "trust__name"))
        # How many the dashboard covers, for the page's opening words ("your trust", "the 60 trusts you cover").
        self.teams_covered = len(rows)
        self.trusts_covered = len({trust for _, _, trust in rows})
        if self.trusts_covered > 1:
            groups: dict[str, list[tuple[int, str]]] = {}
            for pk, name, trust in rows:
                groups.setdefault(trust, []).append((pk, name))
            field.choices = Prepared([("", field.empty_label), *groups.items()])
        else:
            field.choices = Prepared([("", field.empty_label), *((pk, name) for pk, name, _ in rows)])

    def clean_date_to(self):
        date_to = self.cleaned_data.get("date_to")
        if date_to and date_to > self.today:
            raise forms.ValidationError("The end date cannot be in the future.")
        return date_to

    def clean(self):
        cleaned = super().clean()
        date_to = cleaned.get("date_to") or self.today
        date_from = cleaned.get("date_from") or date_to - datetime.timedelta(days=DEFAULT_RANGE_DAYS)
        if "date_to" in cleaned and "date_from" in cleaned and date_from > date_to:
            self.add_error("date_from", "The start date must be on or before the end date.")
        cleaned["date_to"], cleaned["date_from"] = date_to, date_from
        return cleaned
