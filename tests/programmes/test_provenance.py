"""Reference data keeps its provenance (issue 17 items 1-3): every entry of the reference files names its source or
says it is a local choice; no machine path reaches the data or the pages; every key of the files is read by a
loader (or listed here with the reason it is not); the core principles' definitions are the Derbyshire toolkit's
words; the misattributions of the interview form, the growth page and the competency framework stay fixed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.matrix import ROLES
from tests.no_pdf_layout import pdfs_not_laid_out
from tests.security.sensitive_world import sensitive_fixture  # noqa: F401
from tests.test_permissions import MATRIX, preparation  # noqa: F401  (the rows' fixtures)
from tests.test_plain_words import visible_text

pytestmark = pytest.mark.shared_world("development")  # one world for the module (tests/shared_world.py)

ROOT = Path(settings.BASE_DIR)
REFERENCE_FILES = sorted(
    [*(ROOT / "programmes" / "reference").rglob("*.json"), *(ROOT / "development" / "reference").rglob("*.json")]
)
SEEDS = Path("/work/shared/seeds")
LOCAL_CHOICE = "Local choice: set by this organisation, editable"

# Lists of objects that are not reference items, each with the reason.
NOT_ENTRIES = {
    "for_the_post": "the words a post's copy of a template says instead of the source's employer, not content",
}
MACHINE_PATH = re.compile(r"/work/|/home/|C:\\\\|C:\\|seeds/0|\.txt\b|\bseed 00\d\b", re.IGNORECASE)


COMMENT = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.DOTALL)


def _page_text(response) -> str:
    """The visible text of a page as one line, without the space a tag leaves before punctuation."""
    return re.sub(r"\s+([:;,.)])", r"\1", " ".join(visible_text(response.content.decode())))


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def entries(node, where: str):
    """(where, entry) for the file itself and every object in a list under it, at any depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in NOT_ENTRIES:
                continue
            if isinstance(value, list):
                for n, item in enumerate(value):
                    if isinstance(item, dict):
                        yield f"{where}.{key}[{n}]", item
                        yield from entries(item, f"{where}.{key}[{n}]")
            elif isinstance(value, dict):
                yield from entries(value, f"{where}.{key}")


def strings(node, where: str = ""):
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, f"{where}.{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from strings(value, f"{where}[{n}]")


# --- 1. Provenance on every entry ---------------------------------------------------------------------------------


def test_every_reference_entry_names_its_source_or_is_a_local_choice():
    missing = []
    for path in REFERENCE_FILES:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not str(data.get("source", "")).strip():
            missing.append(f"{_relative(path)} (the file)")
        for where, entry in entries(data, _relative(path)):
            if not str(entry.get("source", "")).strip():
                missing.append(where)
    assert not missing, f"{len(missing)} entries without a source:\n" + "\n".join(missing[:50])


def test_no_machine_path_in_reference_data_or_page_templates():
    found = []
    for path in REFERENCE_FILES:
        for where, text in strings(json.loads(path.read_text(encoding="utf-8"))):
            if match := MACHINE_PATH.search(text):
                found.append(f"{_relative(path)}{where}: ...{text[max(0, match.start() - 30) : match.end() + 30]}")
    for path in sorted((ROOT / "templates").rglob("*.html")):
        # What a template shows, without its comments for the developers.
        text = COMMENT.sub("", path.read_text(encoding="utf-8"))
        for match in MACHINE_PATH.finditer(text):
            found.append(f"{_relative(path)}: ...{text[max(0, match.start() - 30) : match.end() + 30]}")
    assert not found, "\n".join(found)


def test_the_machine_path_check_finds_paths():
    for text in ("/work/shared/seeds/000_x.txt", "seeds/002", "C:\\data\\jd", "/home/dev/file", "seed 003, table"):
        assert MACHINE_PATH.search(text), text
    assert not MACHINE_PATH.search("ImROC guide, Box 9; Raising the glass ceiling, Appendix 1")


def test_the_senior_psw_template_and_invented_pathway_choices_are_local_choices():
    senior = json.loads((ROOT / "programmes/reference/job_descriptions/senior_psw_band4.json").read_text("utf-8"))
    assert senior["source"].startswith(LOCAL_CHOICE)
    for path in (ROOT / "programmes/reference/job_descriptions").glob("*.json"):
        if path.name != "senior_psw_band4.json":
            assert not json.loads(path.read_text("utf-8"))["source"].startswith("Local choice"), path.name
    pathway = json.loads((ROOT / "development/reference/career_pathway.json").read_text("utf-8"))
    for level in pathway["levels"]:
        if level["code"] in ("senior_psw", "educator", "researcher", "peer_support_lead"):
            assert level["bands_source"] == LOCAL_CHOICE, level["code"]
        if level["code"] != "pre_peer":
            assert level["months_before_next_source"] == LOCAL_CHOICE, level["code"]


@pytest.mark.django_db
def test_pages_show_provenance_and_local_choices(client, world):
    from programmes.models import JobDescription

    client.force_login(world.hr_officer)
    library = visible_text(client.get(reverse("programmes:jd-template-list")).content.decode())
    text = " ".join(library)
    assert "Local choice" in text and "Raising the glass ceiling" in text
    assert "in their own words" not in text
    senior = JobDescription.objects.get(template_name="Senior Peer Support Worker (Band 4)", post=None)
    assert senior.source.startswith(LOCAL_CHOICE)

    pathway = _page_text(client.get(reverse("development:pathway")))
    assert "Band 4 (Local choice: set by this organisation, editable)" in pathway
    assert "12 months (Local choice: set by this organisation, editable)" in pathway
    assert "Band 6 (Raising the glass ceiling, Appendix 1 (Pay Band: Band 6))" in pathway


# --- 2. What the loaders store ------------------------------------------------------------------------------------

# Keys no loader stores, each with the reason. A key matches its path with list positions removed
# ("career_pathway.json:levels.routes").
UNREAD = {
    "scottish_conference_learning.json:source": "the file's header; each item stores its own source",
    "recovery_college_courses.json:introduction": "the source's one-line caption of its own table",
    "recovery_college_courses.json:colleges.additional_comments": "a summary table of the colleges; the courses "
    "themselves are loaded, each with its college",
    "recovery_college_courses.json:colleges.source": "the colleges' summary table is not loaded (see above)",
    "recovery_college_courses.json:items.college": "stored in details as the course's college",
    "team_preparation_agenda.json:lead_in": "the page gives its own lead-in to the agenda",
    "team_preparation_agenda.json:follow_up": "the page gives its own closing line to the agenda",
    "team_preparation_agenda.json:skills_and_abilities_lead_in": "the page introduces the three sets itself",
    "myths.json:introduction": "the myths page gives its own introduction",
    "recovery_language.json:introduction": "empty in the source",
    "recovery_language.json:items.strengths_based_text": "the same words as strengths_based, joined",
    "training_courses.json:items.box": "the box is named in the course's source",
    "training_courses.json:items.practice_placement": "not modelled on a course: the ImROC guide's placements "
    "are described in the course's description",
    "training_courses.json:items.further_details": "not modelled on a course",
    "career_pathway.json:pillars": "the pillars' names are the level's four ticks; the page names them",
    "career_pathway.json:levels.routes": "the pre-employment routes are named in the level's description",
    "career_pathway.json:levels.months_note": "the level asks no time (0 months), shown as 'None required'",
    "career_pathway.json:source": "the file's header; each level stores its own source",
    "myths.json:source": "the file's header; each myth stores its own source",
    "role_definitions.json:source": "the file's header; each role stores its own source",
    "training_courses.json:source": "the file's header; each course stores its own source",
    "career_pathway.json:pillars.doing": "the pillars' long names; the page names the four pillars",
    "career_pathway.json:pillars.leading": "the pillars' long names; the page names the four pillars",
    "career_pathway.json:pillars.teaching": "the pillars' long names; the page names the four pillars",
    "career_pathway.json:pillars.research": "the pillars' long names; the page names the four pillars",
    "competency_framework.json:domains.source": "every domain shares its framework's source",
}
# Keys whose values are not text, each with where the loader stores them (checked by the tests of each loader).
NOT_TEXT = {
    "number": "the item's number (order)",
    "order": "the level's order",
    "band": "the template's band",
    "band_from": "the level's band_from",
    "band_to": "the level's band_to",
    "months_before_next": "the level's months_before_next",
    "length_days": "the course's length in days",
    "essential_weight": "the criterion's essential weight",
    "desirable_weight": "the criterion's desirable weight",
    "how_identified": "the criterion's ticks (application, interview, presentation) or identified_otherwise",
    "pillars": "the level's four pillar ticks",
    "next_levels": "the level's next steps",
    "recommended_for": "the course's details",
    "code": "the row's code",
    "career_level": "the template's career level",
    "confidence": "the language pair's details",
    "peer_support_course_count": "the colleges' summary table is not loaded",
    "peer_supervisor_course_count": "the colleges' summary table is not loaded",
}


def _squash(text: str) -> str:
    return " ".join(str(text).split())


def _stored_text() -> str:
    """Everything the loaders store or read at run time, as one text."""
    from development import models as dev
    from development.reference_data import level_provenance
    from programmes import models as prog
    from programmes.reference_data import words_for_the_post

    parts = []
    for model in (
        prog.ReferenceItem,
        prog.TrainingCourse,
        prog.JobDescription,
        prog.KeyAccountability,
        prog.PersonSpecificationCriterion,
        dev.CareerLevel,
        dev.CompetencyFramework,
        dev.CompetencyDomain,
        dev.CompetencyDescriptor,
    ):
        for row in model.objects.all():
            for f in model._meta.concrete_fields:
                value = getattr(row, f.attname)
                parts.append(json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value))
                if isinstance(value, dict | list):
                    parts += [text for _, text in strings(value)]
    parts += [text for _, text in strings(level_provenance())]
    for path in (ROOT / "programmes/reference/job_descriptions").glob("*.json"):
        name = json.loads(path.read_text("utf-8"))["name"]
        parts += [f"{quoted} {becomes}" for quoted, becomes in words_for_the_post(name)]
    return _squash("\n".join(parts))


def _key(path: Path, where: str) -> str:
    return f"{path.name}:" + re.sub(r"\[\d+\]", "", where).strip(".")


@pytest.mark.django_db
def test_every_key_of_the_reference_files_is_stored_by_a_loader():
    from development.reference_data import load_development_reference_data
    from programmes.reference_data import load_reference_data

    load_reference_data()
    load_development_reference_data()
    stored = _stored_text()
    unread = {}
    for path in REFERENCE_FILES:
        data = json.loads(path.read_text(encoding="utf-8"))
        for where, text in strings(data):
            key = _key(path, where)
            last = key.rsplit(".", 1)[-1].split(":")[-1]
            if last.startswith("_") or key in UNREAD or not text.strip():
                continue  # a comment for the developers, a key listed with its reason, or nothing to store
            # A list of texts ("duties") is checked item by item; a [label, value] pair as "label: value".
            if last in NOT_TEXT:
                continue
            if _squash(text) not in stored:
                unread.setdefault(key, _squash(text)[:80])
        for where, value in _non_text(data):
            key = _key(path, where)
            last = key.rsplit(".", 1)[-1].split(":")[-1]
            if key not in UNREAD and last not in NOT_TEXT:
                unread.setdefault(key, repr(value)[:80])
    assert not unread, "Keys no loader stores (load them, or list them in UNREAD with the reason):\n" + "\n".join(
        f"{k}: {v}" for k, v in unread.items()
    )


def _non_text(node, where: str = ""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _non_text(value, f"{where}.{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _non_text(value, f"{where}[{n}]")
    elif not isinstance(node, str) and node is not None:
        yield where, node


def _seed(number: str) -> str:
    from programmes.sources import SOURCES

    return _squash((SEEDS / SOURCES[number].seed_file).read_text(encoding="utf-8"))


@pytest.mark.django_db
def test_core_principles_definitions_are_the_toolkits_words_and_are_shown(client, world):
    from programmes.models import ReferenceItem

    seed = _seed("001")
    principles = ReferenceItem.objects.filter(kind="core_principle").exclude(code="introduction")
    assert principles.count() == 8
    client.force_login(world.hr_officer)
    page = _page_text(client.get(reverse("programmes:code-of-conduct")))
    for p in principles:
        definition = p.details["definition"]
        assert definition, p.title
        # The toolkit's table: "Mutual A relationship based on shared experience, empathy, authenticity and respect"
        assert f"{p.title} {_squash(definition)}" in seed, p.title
        assert f"{p.title}: {_squash(definition)}" in page, p.title
        assert "Derbyshire toolkit" in p.source
    assert "Mutual: A relationship based on shared experience, empathy, authenticity and respect" in page


@pytest.mark.django_db
def test_the_code_of_conducts_quotation_is_shown_with_its_citation(client, world):
    client.force_login(world.hr_officer)
    page = _page_text(client.get(reverse("programmes:code-of-conduct")))
    assert "Gambrill, E. (2006) Social work practice" in page
    assert "Gambrill, E. (2006) *Social work practice: A critical thinker’s guide*" in _seed("000")
    assert "ImROC guide, Appendix V" in page


# --- 3. Misattributions -------------------------------------------------------------------------------------------


def test_cited_sections_are_the_guides_own_headings():
    imroc = _seed("000")
    growth = (ROOT / "templates/development/growth_detail.html").read_text("utf-8")
    assert "Developing the workforce" not in growth and "Developing the workforce" not in imroc
    assert "“Increasing peer employment opportunities”" in growth
    assert "Increasing peer employment opportunities" in imroc
    assert "b. **Workforce planning**" in imroc

    interview = (ROOT / "templates/recruitment/interview_form.html").read_text("utf-8")
    box_9 = imroc[imroc.index("Box 9: Individual and group interviews") :][:2000]
    assert "panel" not in box_9 and "panel" not in interview.split("ImROC guide, Box 9")[1].split("</p>")[0]
    assert "three applicants in each group" in box_9

    framework = json.loads((ROOT / "development/reference/competency_framework.json").read_text("utf-8"))
    assert "Peer Integrated Care Lead" in framework["source"]
    assert "Peer Support Worker job description" not in framework["source"]


# --- 4. No page shows a machine path or a seed's number -----------------------------------------------------------


def test_no_page_shows_a_machine_path_or_a_seed_number_as_hr_or_peer_lead(client, preparation, sensitive, development):  # noqa: F811
    w = development
    rows = [row for row in MATRIX if row.method == "get"]
    problems, fetched = [], 0
    # Only the HTML answers are read here, never a PDF's bytes, so no PDF is laid out (the layout was most of the
    # time this walk spent on the matrix's PDF downloads).
    with pdfs_not_laid_out():
        for role in ("hr_officer", "peer_lead"):
            assert role in ROLES
            client.force_login(getattr(w, role))
            for row in rows:
                if row.expected[role] != 200:
                    continue
                url = reverse(row.name, kwargs=row.kwargs(w))
                response = client.get(url)
                fetched += 1
                if not response.get("Content-Type", "").startswith("text/html"):
                    continue
                text = " ".join(visible_text(response.content.decode()))
                for match in MACHINE_PATH.finditer(text):
                    problems.append(f"{role} {url}: ...{text[max(0, match.start() - 40) : match.end() + 40]}...")
    assert not problems, "\n".join(dict.fromkeys(problems))
    assert fetched > 100, fetched
