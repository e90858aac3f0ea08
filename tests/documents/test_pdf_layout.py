"""Every PDF the product makes passes the layout check (tests/pdf_layout.py): nothing off the page, no page of a
line or two, no heading left at the foot of a page, tagged. On the test worlds and on long records.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from privacy import pdf as privacy_pdf
from privacy import subject_access
from programmes import pdf as programmes_pdf
from programmes import services
from programmes.models import JobDescription
from recruitment.views_adverts import advert_pdf
from tests import factories
from tests.pdf_layout import layout_problems
from tests.recruitment.world import make_vacancy
from workforce import pdf as workforce_pdf
from workforce.models import WellnessActionPlan

pytestmark = pytest.mark.django_db

LONG = (
    "Able to listen to people at a difficult time in their lives, to draw on their own experience of recovery "
    "with care and purpose, to work alongside colleagues in the multidisciplinary team, and to keep clear records "
    "of the support given, in plain words that the person supported would recognise as their own account of it."
)
assert len(LONG) > 300
# The modules that write a PDF, each checked below (a new one must be added here and given a test).
CHECKED = {
    "programmes/pdf.py",
    "recruitment/views_adverts.py",
    "workforce/pdf.py",
    "dashboards/pdf.py",
    "privacy/pdf.py",
}


def test_every_module_that_writes_a_pdf_is_checked():
    base = Path(settings.BASE_DIR)
    writers = {
        str(path.relative_to(base))
        for path in base.glob("*/**/*.py")
        if not str(path.relative_to(base)).startswith((".venv", "tests", "bench"))
        and re.search(r"\.write_pdf\(", path.read_text())
    }
    assert writers == CHECKED


@pytest.mark.parametrize(
    "template_name",
    [
        "Peer Support Worker (Band 2)",
        "Peer Integrated Care Lead (Band 3)",
        "Senior Peer Support Worker (Band 4)",
        "Advanced Lived Experience Practitioner (Band 6)",
    ],
)
def test_each_job_description_template_lays_out_on_a4(world, template_name):
    template = JobDescription.objects.get(template_name=template_name)
    post = factories.PostFactory(team=world.team)
    jd = services.create_job_description_from_template(post=post, template=template, by=world.hr_officer)
    data = programmes_pdf.job_description_pdf(jd).read()
    assert not layout_problems(data, name=template_name, new_page_sections=("Person specification",))


def test_a_job_description_with_every_criterion_long_lays_out_on_a4(world):
    template = JobDescription.objects.get(template_name="Peer Support Worker (Band 2)")
    post = factories.PostFactory(team=world.team)
    jd = services.create_job_description_from_template(post=post, template=template, by=world.hr_officer)
    for row in jd.person_specification.all():
        row.attribute = "Qualifications, training and professional registration"
        row.essential = "\n".join([LONG, LONG[:200], "Supercalifragilisticexpialidocious-understanding"])
        row.desirable = "\n".join([LONG, LONG[::-1][:150]])
        row.identified_otherwise = "Reference from a volunteer supervisor"
        row.save()
    data = programmes_pdf.job_description_pdf(jd).read()
    assert not layout_problems(data, name="long JD", new_page_sections=("Person specification",))


def test_an_advert_lays_out_on_a4(recruitment):
    w = recruitment
    vacancy = make_vacancy(by=w.hr_officer, post=w.vacant_post, reference="NS-PSW-99", introduction=LONG)
    assert not layout_problems(advert_pdf(vacancy).read(), name="advert")


def test_a_full_wellness_action_plan_lays_out_on_a4(world):
    peer = factories.PeerFactory(trust=world.trust)
    fields = [
        "approaches",
        "workplace_triggers",
        "early_warning_signs",
        "actions_if_unwell",
        "support_from_manager",
        "reasonable_adjustments",
        "anything_else",
    ]
    plan = WellnessActionPlan.objects.create(peer=peer, **{field: "\n".join([LONG] * 3) for field in fields})
    assert not layout_problems(workforce_pdf.wap_pdf(plan).read(), name="WAP")


def test_the_board_report_lays_out_on_a4(client, workforce):
    client.force_login(workforce.peer_lead)
    response = client.get(reverse("dashboards:pdf"))
    data = b"".join(response.streaming_content)
    assert not layout_problems(data, name="board report")


def test_a_subject_access_export_lays_out_on_a4(development, media):
    peer = development.peer
    data = privacy_pdf.subject_access_pdf(peer, subject_access.collect(peer)).read()
    # Each part of the journey starts on a new page (a five-year record: tests/privacy/test_subject_access_pdf.py).
    assert not layout_problems(data, name="subject access", new_page_sections=privacy_pdf.new_page_sections())


# --- The check itself fails where it should ---------------------------------------------------------------------


def render(body: str) -> bytes:
    from weasyprint import HTML

    page = "<style>@page { size: A4; margin: 18mm 16mm 22mm 16mm } body { font: 10pt 'DejaVu Sans' }</style>"
    return HTML(string=f"<html lang='en-GB'><title>t</title>{page}{body}</html>").write_pdf(pdf_variant="pdf/ua-1")


FIVE_LINES = "".join(f"<p>Line {n}</p>" for n in range(5))


def test_the_check_finds_a_word_off_the_page():
    problems = layout_problems(render(f"{FIVE_LINES}<p style='margin-left: 180mm'>Overflowing</p>"))
    assert any("'Overflowing' lies outside the printable area" in p for p in problems)


def test_the_check_finds_a_short_page_but_not_a_short_last_page():
    problems = layout_problems(render(f"<p>Alone</p><p style='break-before: page'>Next</p>{FIVE_LINES}<p>End</p>"))
    assert problems == ["PDF, page 1: only 1 line(s) of content: Alone"]
    assert not layout_problems(render(f"{FIVE_LINES}<p style='break-before: page'>End</p>"))


def test_the_check_finds_a_heading_at_the_foot_of_a_page():
    body = f"{FIVE_LINES}<h2 style='font-size: 12pt'>Stranded</h2><p style='break-before: page'>Text</p>"
    problems = layout_problems(render(body))
    assert "PDF, page 1: ends with the heading 'Stranded'" in problems


def test_the_check_finds_an_untagged_pdf():
    from weasyprint import HTML

    assert "PDF: not a tagged PDF" in layout_problems(HTML(string=f"<p>{FIVE_LINES}</p>").write_pdf())


# --- The trust and post are the post's everywhere --------------------------------------------------------------

SOURCE_EMPLOYERS = ["Nottinghamshire Healthcare", "North West London", "Nottingham City", "Nottinghamshire Social"]


@pytest.mark.parametrize(
    "template_name", ["Peer Support Worker (Band 2)", "Advanced Lived Experience Practitioner (Band 6)"]
)
def test_a_posts_job_description_names_its_own_trust_never_the_sources_employer(world, template_name):
    import io

    from pypdf import PdfReader

    template = JobDescription.objects.get(template_name=template_name)
    # The library keeps the source's words, employer and all.
    assert any(name in str(vars(template)) + str(list(template.accountabilities.values())) for name in SOURCE_EMPLOYERS)
    post = factories.PostFactory(team=world.team)
    jd = services.create_job_description_from_template(post=post, template=template, by=world.hr_officer)
    # The HTML the PDF is made from (the PDF's text may hyphenate a long name at a line's end).
    html = programmes_pdf.job_description_html(jd)
    for name in SOURCE_EMPLOYERS:
        assert name not in html
    assert html.count(world.trust.name) >= 3  # the heading, the footer and the quoted policies
    data = programmes_pdf.job_description_pdf(jd).read()
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())
    assert f"{world.trust.name}:" in text  # the running footer


def test_the_migration_gives_existing_copies_their_own_trust(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("programmes.migrations.0010_job_descriptions_name_their_own_trust")
    template = JobDescription.objects.get(template_name="Peer Support Worker (Band 2)")
    jd = services.create_job_description_from_template(post=world.post, template=template, by=world.hr_officer)
    # A copy made before copies said their own trust: the source's words, employer and all.
    for ours, theirs in zip(
        jd.accountabilities.order_by("order"), template.accountabilities.order_by("order"), strict=True
    ):
        ours.duties = theirs.duties
        ours.save()
    assert jd.accountabilities.filter(duties__contains="Nottinghamshire Healthcare").exists()

    assert migration.name_their_own_trust(apps, None) == 2
    assert not jd.accountabilities.filter(duties__contains="Nottinghamshire").exists()
    assert jd.accountabilities.filter(duties__contains=world.trust.name).count() == 2
    assert template.accountabilities.filter(duties__contains="Nottinghamshire Healthcare").exists()
    assert migration.name_their_own_trust(apps, None) == 0
