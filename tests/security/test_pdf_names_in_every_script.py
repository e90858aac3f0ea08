"""Names in every script print in every PDF: Latin with accents, Greek, Cyrillic, Arabic (right to left), Devanagari
and CJK. Without a font that has the glyphs, WeasyPrint draws empty boxes and the text does not extract back.

The fonts are Debian's (fonts-dejavu-core, fonts-noto-core, fonts-wqy-microhei), installed by `make test`,
`make run` and .ci/run; each PDF template names them in its font-family list.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from privacy import pdf as privacy_pdf
from privacy import subject_access
from programmes import pdf as programmes_pdf
from programmes import services
from programmes.models import JobDescription
from tests import factories
from workforce import pdf as workforce_pdf
from workforce.models import WellnessActionPlan

pytestmark = pytest.mark.django_db

NAMES = {
    "latin": "Zoë Ångström-O'Brien",
    "greek": "Αλέξανδρος Παπαδόπουλος",
    "cyrillic": "Дмитрий Иванов",
    "arabic": "فاطمة الزهراء",
    "devanagari": "प्रिया पटेल",
    "cjk": "王秀英",
}


def text_of(document: io.BytesIO) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(document).pages)


def squeeze(text: str) -> str:
    return "".join(text.split())


def fonts_of(document: io.BytesIO) -> set[str]:
    document.seek(0)
    fonts = set()
    for page in PdfReader(document).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return fonts


@pytest.mark.parametrize("script", sorted(NAMES))
def test_a_peers_name_in_any_script_prints_in_the_wap_and_the_subject_access_pdf(world, script):
    peer = factories.PeerFactory(trust=world.trust, full_name=NAMES[script])
    plan = WellnessActionPlan.objects.create(peer=peer, approaches=f"Talking with {NAMES[script]}.")

    wap = workforce_pdf.wap_pdf(plan)
    assert f"Wellness Action Plan: {NAMES[script]}" in text_of(wap)
    export = privacy_pdf.subject_access_pdf(peer, subject_access.collect(peer))
    assert NAMES[script] in text_of(export)


@pytest.mark.parametrize("script", sorted(NAMES))
def test_a_trust_name_in_any_script_prints_in_the_job_description_pdf(world, script):
    world.trust.name = f"{NAMES[script]} NHS Trust"
    world.trust.save()
    template = JobDescription.objects.get(template_name="Peer Support Worker (Band 2)")
    jd = services.create_job_description_from_template(post=world.post, template=template, by=world.hr_officer)

    document = programmes_pdf.job_description_pdf(jd)
    # Spacing is compared loosely: where right-to-left text meets left-to-right, extraction drops the space.
    assert squeeze(f"{NAMES[script]} NHS Trust") in squeeze(text_of(document))


def test_the_scripts_are_drawn_with_fonts_that_have_their_glyphs(world):
    peer = factories.PeerFactory(trust=world.trust, full_name=" / ".join(NAMES.values()))
    fonts = fonts_of(workforce_pdf.wap_pdf(WellnessActionPlan.objects.create(peer=peer)))
    assert {"DejaVu-Sans", "Noto-Sans-Devanagari", "WenQuanYi-Micro-Hei"} <= fonts, fonts


FOOTER_TEXT = ["NS-PSW-01", "St John's & St Mary's", 'The "Oaks"', "Zoë Ångström-O'Brien", "<b>Ward</b> \\ 2"]


@pytest.mark.parametrize("typed", FOOTER_TEXT)
def test_running_footers_print_what_was_typed(world, typed):
    # The footers are CSS strings: a JavaScript escape would print "NSu002DPSWu002D01".
    from recruitment.views_adverts import advert_pdf
    from tests.recruitment.world import make_vacancy

    peer = factories.PeerFactory(trust=world.trust, full_name=typed)
    wap_footer = text_of(workforce_pdf.wap_pdf(WellnessActionPlan.objects.create(peer=peer))).splitlines()[-1]
    assert f"Wellness Action Plan: {typed}. Private" in wap_footer

    vacancy = make_vacancy(by=world.hr_officer, post=world.post, reference=typed[:40])
    advert_footer = text_of(advert_pdf(vacancy)).splitlines()[-1]
    assert f"reference {typed[:40]}" in advert_footer
