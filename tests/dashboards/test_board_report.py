"""The board report and the dashboard's headline figures: the PDF's figures are the page's for the same filters,
each counted as at the dashboard's day, a quarter and a year earlier from the records' dates; the trend has 12
months; the PDF names nobody; the page links the names in its tables to the peer for those who may open them.

Time is frozen on 10 December 2026 before the world is built, so every record is made on a known day."""

from __future__ import annotations

import datetime
import io
import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from dashboards import selectors
from programmes.models import Peer
from tests import factories
from tests.dashboards.test_selectors import scope_of
from tests.workforce.world import place, session
from workforce.models import SupervisionKind

ON = datetime.date(2026, 12, 10)
DASHBOARD = reverse("dashboards:dashboard")
PDF = reverse("dashboards:pdf")


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 12, 10, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def board(frozen, development):
    """The development world, and a peer who was in post in the Oak Ward from January to June 2026 and had
    managerial supervision in March."""
    w = development
    w.former = factories.PeerFactory(trust=w.trust, full_name="Fiona Formerly")
    post = factories.PostFactory(team=w.other_team)
    place(w.former, post, start=datetime.date(2026, 1, 5), end_date=datetime.date(2026, 6, 30))
    session(
        kind=SupervisionKind.MANAGERIAL, supervisor=w.line_manager, peers=[w.former], date=datetime.date(2026, 3, 1)
    )
    return w


def pdf_text(response) -> str:
    data = b"".join(response.streaming_content)
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def page_text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def figure_row(figure) -> re.Pattern:
    """A figure's row as text: its label, the figure now, then its two changes (between them at most its note
    and what a percentage is of)."""
    return re.compile(
        re.escape(figure.label)
        + r"\s(?:[^%]{0,120}?\s)??"
        + re.escape(figure.now_text)
        + r"\s(?:[^%]{0,80}?\s)??"
        + re.escape(figure.change_quarter)
        + r"\s+"
        + re.escape(figure.change_year)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("filters", [{}, {"date_from": "2026-06-01"}, {"service_type": "cmht"}])
def test_the_board_reports_headline_figures_are_the_dashboards(client, board, filters):
    client.force_login(board.peer_lead)
    page = client.get(DASHBOARD, filters)
    headline = page.context["headline"]
    on_page = page_text(page.content.decode())
    in_pdf = pdf_text(client.get(PDF, filters))
    assert len(headline.figures) == 14
    for figure in headline.figures:
        assert figure_row(figure).search(on_page), figure.label
        assert figure_row(figure).search(in_pdf), figure.label
    assert headline.comparisons in on_page, "the page says what the changes mean"
    assert headline.comparisons in in_pdf, in_pdf


@pytest.mark.django_db
def test_each_figure_is_counted_as_at_the_day_a_quarter_and_a_year_earlier(board):
    w = board
    headline = selectors.headline_figures(scope_of(w.peer_lead))
    assert (headline.on, headline.quarter_on, headline.year_on) == (
        ON,
        datetime.date(2026, 9, 10),
        datetime.date(2025, 12, 10),
    )
    # Samira and Daniel from 1 September; Fiona from January to June: in post on none of the three days.
    peers = headline.figure("peers")
    assert peers.values == (2, 2, 0) and (peers.change_quarter, peers.change_year) == ("no change", "+2")
    # Samira's plan was due for review on 1 December; Daniel's was reviewed on 1 September, next in March.
    assert headline.figure("waps").values == (1, 0, 0)
    # Nobody was supervised in the 30 days to 10 December, nor to 10 September.
    assert headline.figure("supervision-managerial").values == (0.0, 0.0, None)
    assert headline.figure("supervision-managerial").change_year == "—"
    # Fiona's post existed from her placement (January): vacant since June; the others are held.
    assert headline.figure("vacant").values[0] >= 1


@pytest.mark.django_db
def test_the_trend_has_12_months_from_the_records_dates(client, board):
    w = board
    headline = selectors.headline_figures(scope_of(w.peer_lead))
    months = {m.label: m for m in headline.trend}
    assert len(headline.trend) == 12
    assert list(months)[0] == "Jan 2026" and list(months)[-1] == "Dec 2026"
    assert [m.on.day for m in headline.trend] == [10] * 12
    assert months["Dec 2026"].peers_in_post == headline.figure("peers").now
    # Fiona was in post from 5 January to 30 June, and had managerial supervision on 1 March.
    assert [months[m].peers_in_post for m in ("Jan 2026", "Mar 2026", "Jun 2026", "Jul 2026", "Sep 2026")] == [
        1, 1, 1, 0, 2,
    ]  # fmt: skip
    assert months["Mar 2026"].managerial == 100.0 and months["Apr 2026"].managerial == 0.0
    assert months["Aug 2026"].managerial is None  # nobody in post: nothing to measure
    client.force_login(w.peer_lead)
    text = pdf_text(client.get(PDF))
    trend = text[text.index("The trend's figures") :]
    assert all(month in trend for month in months)


@pytest.mark.django_db
def test_no_peer_is_named_in_the_board_report(client, board):
    w = board
    client.force_login(w.peer_lead)
    page = client.get(DASHBOARD).content.decode()
    text = pdf_text(client.get(PDF))
    assert w.peer.full_name in page  # the page names the peers overdue supervision ...
    assert "Supervision overdue" in text and "Peers overdue" in text  # ... the report counts them
    for name in Peer.objects.values_list("full_name", flat=True):
        assert name not in text
        assert name.split()[-1] not in text
    for user in (w.peer_lead, w.line_manager, w.supervisor):  # nor who printed it
        assert user.get_full_name() not in text


@pytest.mark.django_db
def test_names_on_the_page_link_to_the_peer(client, board):
    w = board
    client.force_login(w.peer_lead)
    html = client.get(DASHBOARD).content.decode()
    link = f'<a href="{reverse("programmes:peer-detail", args=[w.peer.pk])}">{w.peer.full_name}</a>'
    # Samira is named in supervision overdue (twice: both kinds), plans overdue, induction and training.
    assert html.count(link) >= 4


@pytest.mark.django_db
def test_a_name_the_user_may_not_open_is_not_linked(client, board, monkeypatch):
    from programmes import access

    w = board
    client.force_login(w.peer_lead)
    monkeypatch.setattr(access, "visible_peers", lambda user: Peer.objects.exclude(pk=w.peer.pk))
    html = client.get(DASHBOARD).content.decode()
    assert f'<th scope="row">{w.peer.full_name}</th>' in html
    assert reverse("programmes:peer-detail", args=[w.peer.pk]) + '"' not in html
    assert f'href="{reverse("programmes:peer-detail", args=[w.colleague.pk])}"' in html


def figures_alt(reader: PdfReader) -> list[str]:
    """The text alternative of every Figure in the PDF's structure tree (PDF/UA)."""
    found = []

    def walk(node) -> None:
        node = node.get_object()
        if not isinstance(node, dict):
            return
        if node.get("/S") == "/Figure":
            found.append(str(node.get("/Alt")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def images_in(resources) -> list[str]:
    """Raster images drawn from these resources, looking inside form XObjects (where WeasyPrint puts SVG)."""
    found = []
    xobjects = (resources or {}).get("/XObject") or {}
    for name in xobjects:
        xobject = xobjects[name].get_object()
        if xobject.get("/Subtype") == "/Image":
            found.append(name)
        elif xobject.get("/Subtype") == "/Form":
            found += images_in(xobject.get("/Resources"))
    return found


@pytest.mark.django_db
def test_the_board_report_draws_its_charts_as_vectors_with_text_alternatives(client, board):
    client.force_login(board.peer_lead)
    reader = PdfReader(io.BytesIO(b"".join(client.get(PDF).streaming_content)))
    assert not [name for page in reader.pages for name in images_in(page.get("/Resources"))]
    alts = figures_alt(reader)
    assert alts[0].startswith(
        "Line chart: Peers in post and vacant peer posts, month by month. Peers in post: Jan 2026 1"
    )
    assert any(alt.startswith("Line chart: Peers in post supervised in the last 30 days (%)") for alt in alts)
    assert any(alt.startswith("Bar chart: Recruitment funnel.") or "Team readiness" in alt for alt in alts)
    assert len(alts) >= 5
