"""CSV formula defusing (issue 21, defect 6), after OWASP's "CSV Injection": a cell whose first character that is
not whitespace or an invisible control is = + - @ (or their full-width and small forms), or that starts with a
tab or a carriage return, is written with a single quote before it. One function (`programmes.exports.cell`)
writes every cell of every CSV: the list pages, the dashboard's tables and the import's template."""

from __future__ import annotations

import csv
import datetime
import decimal
import io

import pytest
import time_machine
from django.urls import reverse

from programmes import imports
from programmes.exports import cell

# Each way a formula hides, as typed into a name or a note.
DANGEROUS = [
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    " =1+1",  # a leading space
    "   +cmd|' /C calc'!A0",
    "\n=1+1",  # a leading line break
    "\r\n@SUM(A1)",
    "\t=1+1",  # a leading tab (itself a danger: OWASP)
    "\tplain text after a tab",
    "\rplain text after a carriage return",
    "\x0b-1",  # a vertical tab, a control character
    "\u200b=1+1",  # a zero-width space
    "\ufeff=1+1",  # a byte-order mark
    "\u00a0=1+1",  # a no-break space
    "\u3000=1+1",  # an ideographic (full-width) space
    "＝1+1",  # full-width equals
    "＋1+1",  # full-width plus
    "－2+3",  # full-width hyphen-minus
    "＠SUM(A1)",  # full-width commercial at
    ' ＝HYPERLINK("http://evil.example")',
    "﹦1+1",  # small equals
    "﹫SUM(A1)",  # small commercial at
    "-3",  # a number typed by a person is text like any other
]
HARMLESS = ["Peer-led group", "Sam O'Neill", "a=b", "", " ", "3 - 2", "Zoë 李小龍", "'quoted already"]


@pytest.mark.parametrize("text", DANGEROUS, ids=repr)
def test_a_cell_a_spreadsheet_could_run_is_prefixed_with_a_quote(text):
    assert cell(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS, ids=repr)
def test_ordinary_text_is_left_as_it_is(text):
    assert cell(text) == text


def test_numbers_the_application_holds_stay_numbers():
    assert cell(-3) == "-3"
    assert cell(decimal.Decimal("-2.50")) == "-2.50"
    assert cell(decimal.Decimal("-4.00")) == "-4"
    assert cell(-0.5) == "-0.5"
    assert cell(True) == "Yes"
    assert cell(datetime.date(2026, 3, 1)) == "2026-03-01"


def read(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.parametrize("name", [" =1+1", "\n=1+1", "＝1+1", "\t@SUM(A1)"], ids=repr)
def test_a_peer_named_like_a_formula_is_defused_in_the_list_csv(client, world, name):
    world.colleague.full_name = name
    world.colleague.save()
    client.force_login(world.hr_officer)
    rows = read(client.get(reverse("programmes:peer-list"), {"format": "csv"}))
    assert "'" + name in [row[0] for row in rows[1:]]
    assert name not in [row[0] for row in rows[1:]]


@pytest.mark.django_db
@pytest.mark.parametrize("name", [" =HYPERLINK(1)", "＠SUM(A1)"], ids=repr)
def test_a_peer_named_like_a_formula_is_defused_in_the_dashboard_csv(client, development, name):
    development.peer.full_name = name
    development.peer.save()
    with time_machine.travel(datetime.datetime(2026, 12, 10, 9, 0, tzinfo=datetime.UTC), tick=False):
        client.force_login(development.peer_lead)
        rows = read(client.get(reverse("dashboards:csv", args=["waps"])))
    assert rows[1] == ["'" + name]


def test_the_import_template_is_written_by_the_same_function():
    class Hostile(imports.PostResource):
        columns = (imports.Column("title", "", " =1+1"), imports.Column("team", "", "＠SUM(A1)"))

    rows = list(csv.reader(io.StringIO(Hostile.template_csv())))
    assert rows == [["title", "team"], ["' =1+1", "'＠SUM(A1)"]]
