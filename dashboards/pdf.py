"""The board report (WeasyPrint, tagged PDF/UA-1): a first page of headline figures with their changes since a
quarter and a year earlier, the 12 months' trend and each section's chart drawn as SVG (vectors in the PDF, no
JavaScript), and every section's summary and counts. It names nobody: tables that list people on the dashboard
page are counts here (`Table.for_report`), and the footer does not name who printed it."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone

from . import charts


def dashboard_html(tables, headline, *, scope) -> str:
    return render_to_string(
        "dashboards/dashboard_pdf.html",
        {
            "headline": headline,
            "trend_charts": charts.trend_charts(headline),
            "sections": [(table.for_report, charts.table_chart(table)) for table in tables],
            "scope": scope,
            "teams": list(scope.teams.order_by("name").values_list("name", flat=True)[:6]),
            "printed_on": timezone.localdate(),
        },
    )


def dashboard_pdf(tables, headline, *, scope) -> io.BytesIO:
    from weasyprint import HTML  # imported here: loading WeasyPrint and its fonts is slow

    document = io.BytesIO()
    HTML(string=dashboard_html(tables, headline, scope=scope)).write_pdf(document, pdf_variant="pdf/ua-1")
    document.seek(0)
    return document
