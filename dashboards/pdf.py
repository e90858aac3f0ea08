"""The dashboard as a PDF for a board report (WeasyPrint): every table, with its summary in words."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone


def dashboard_html(tables, *, scope, user) -> str:
    return render_to_string(
        "dashboards/dashboard_pdf.html",
        {
            "tables": tables,
            "scope": scope,
            "teams": list(scope.teams.order_by("name").values_list("name", flat=True)[:6]),
            "printed_on": timezone.localdate(),
            "printed_by": user.get_full_name() or user.get_username(),
        },
    )


def dashboard_pdf(tables, *, scope, user) -> io.BytesIO:
    from weasyprint import HTML  # imported here: loading WeasyPrint and its fonts is slow

    document = io.BytesIO()
    HTML(string=dashboard_html(tables, scope=scope, user=user)).write_pdf(document, pdf_variant="pdf/ua-1")
    document.seek(0)
    return document
