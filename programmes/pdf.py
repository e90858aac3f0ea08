"""PDF documents (WeasyPrint): a post's job description and person specification, laid out like the
seeds' appendices, as a tagged PDF (PDF/UA-1) with the trust, post, version and date in the footer."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from .models import JobDescription


def job_description_html(jd: JobDescription) -> str:
    post = jd.post
    return render_to_string(
        "programmes/jd_pdf.html",
        {
            "jd": jd,
            "post": post,
            "trust": post.team.trust if post else None,
            "printed_on": timezone.localdate(),
        },
    )


def job_description_pdf(jd: JobDescription) -> io.BytesIO:
    from weasyprint import HTML  # imported here: loading WeasyPrint and its fonts is slow

    document = io.BytesIO()
    HTML(string=job_description_html(jd)).write_pdf(document, pdf_variant="pdf/ua-1")
    document.seek(0)
    return document


def job_description_filename(jd: JobDescription) -> str:
    return f"job-description-{slugify(jd.job_title)}-band-{jd.band}-v{jd.version}.pdf"
