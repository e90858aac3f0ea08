"""The subject access export as a PDF (WeasyPrint, tagged PDF/UA-1): every record held about a peer and its
history, section by section, with the peer and date in the footer."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from programmes.models import Peer

from .subject_access import Section


def _cell(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dict) and "name" in value:  # an uploaded file: name and size, never the contents
        size = f", {value['size']} bytes" if value.get("size") is not None else ""
        return f"File {value['name']}{size}"
    return str(value)


def subject_access_html(peer: Peer, sections: list[Section]) -> str:
    return render_to_string(
        "privacy/subject_access_pdf.html",
        {
            "peer": peer,
            "printed_on": timezone.localdate(),
            "sections": [
                {
                    "label": s.label,
                    "rows": [[(name, _cell(row.get(name))) for name in row] for row in s.rows],
                    "history": [[(name, _cell(row.get(name))) for name in row] for row in s.history],
                }
                for s in sections
            ],
        },
    )


def subject_access_pdf(peer: Peer, sections: list[Section]) -> io.BytesIO:
    from weasyprint import HTML  # imported here: loading WeasyPrint and its fonts is slow

    document = io.BytesIO()
    HTML(string=subject_access_html(peer, sections)).write_pdf(document, pdf_variant="pdf/ua-1")
    document.seek(0)
    return document


def subject_access_filename(peer: Peer, extension: str) -> str:
    return f"subject-access-{slugify(peer.full_name)}-{timezone.localdate():%Y-%m-%d}.{extension}"
