"""PDF documents of the employment phase (WeasyPrint): the peer's Wellness Action Plan, laid out with
seed 001's headings, as a tagged PDF (PDF/UA-1) with the peer, version and date in the footer."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from .models import WellnessActionPlan

# The plan's parts in the order of seed 001, "What should your WAP cover?".
SECTIONS = (
    "approaches",
    "workplace_triggers",
    "early_warning_signs",
    "actions_if_unwell",
    "support_from_manager",
    "reasonable_adjustments",
    "anything_else",
)


def wap_html(plan: WellnessActionPlan) -> str:
    fields = [plan._meta.get_field(name) for name in SECTIONS]
    return render_to_string(
        "workforce/wap_pdf.html",
        {
            "plan": plan,
            "peer": plan.peer,
            "sections": [(str(f.verbose_name), getattr(plan, f.name)) for f in fields],
            "printed_on": timezone.localdate(),
        },
    )


def wap_pdf(plan: WellnessActionPlan) -> io.BytesIO:
    from weasyprint import HTML  # imported here: loading WeasyPrint and its fonts is slow

    document = io.BytesIO()
    HTML(string=wap_html(plan)).write_pdf(document, pdf_variant="pdf/ua-1")
    document.seek(0)
    return document


def wap_filename(plan: WellnessActionPlan) -> str:
    return f"wellness-action-plan-{slugify(plan.peer.full_name)}-v{plan.version}.pdf"
