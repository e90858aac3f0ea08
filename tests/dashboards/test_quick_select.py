"""The dashboard's team picker (dashboards.forms.QuickSelect) writes what Django's Select writes, option for
option, without a template per option: flat and grouped, with a value chosen or not, names escaped."""

from __future__ import annotations

import re

import pytest
from django import forms

from dashboards.forms import QuickSelect

FLAT = [("", "All teams"), (1, "St Mary's CMHT"), (2, 'Oak <Ward> & "Annex"'), (10, "Crisis team")]
GROUPED = [
    ("", "All teams"),
    ("Northshire <NHS>", [(1, "Riverside CMHT"), (2, "Oak & Ash")]),
    ("Westvale's", [(3, "Crisis")]),
]


def tags(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("choices", [FLAT, GROUPED], ids=["flat", "grouped"])
@pytest.mark.parametrize("value", [None, "", 1, "2", 10, 3, 99])
def test_quick_select_writes_what_select_writes(choices, value):
    attrs = {"id": "id_team", "class": "select form-select", "aria-describedby": "id_team_helptext", "required": False}
    django = forms.Select(choices=choices).render("team", value, attrs=attrs)
    quick = QuickSelect(choices=choices).render("team", value, attrs=attrs)
    assert tags(quick) == tags(django)
    assert "<Ward>" not in quick and "<NHS>" not in quick


def test_the_dashboards_team_filter_uses_it_and_marks_the_team_chosen(db):
    import datetime

    from dashboards.forms import DashboardFilterForm
    from programmes.models import Team
    from tests import factories

    team = factories.TeamFactory(name="Riverside <CMHT>")
    form = DashboardFilterForm({"team": team.pk}, teams=Team.objects.all(), today=datetime.date(2026, 12, 1))
    html = str(form["team"])
    assert isinstance(form.fields["team"].widget, QuickSelect)
    assert f'<option value="{team.pk}" selected>Riverside &lt;CMHT&gt;</option>' in html
