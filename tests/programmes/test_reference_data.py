"""The seeds' reference content, as migration 0003 loads it into every database: the job description
templates word for word as the seeds print them, the team preparation agenda, the myths of Box 4, the
code of conduct, the core principles and the recovery-focused language table.
"""

import html
import re
from pathlib import Path

import pytest
from django.forms.models import model_to_dict

from programmes.models import (
    JobDescription,
    KeyAccountability,
    PersonSpecificationCriterion,
    ReferenceItem,
    lines,
)
from programmes.models import TrainingCourse as Course
from programmes.reference_data import load_reference_data

pytestmark = pytest.mark.django_db

SEEDS = Path("/work/shared/seeds")
SEED_000 = "000_be6a0183303861fe.txt"  # ImROC briefing 7: Appendices II, III and V, Box 4, team preparation
SEED_001 = "001_53326dee50958e6e.txt"  # Derbyshire toolkit: recovery-focused language
SEED_002 = "002_9c1904ad6ede903d.txt"  # Raising the glass ceiling: the Band 6 job description
BAND_2 = "Peer Support Worker (Band 2)"
BAND_6 = "Advanced Lived Experience Practitioner (Band 6)"
Kind = ReferenceItem.Kind


def normalise(text: str) -> str:
    """Text as the reader sees it: no HTML tags or entities, bullets or markdown emphasis; single spaces."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = text.replace("•", " ").replace("*", " ")
    return re.sub(r"\s+", " ", text).strip()


def seed_section(name: str, start: str, end: str | None = None) -> str:
    """The part of a seed from the line `start` up to the line that begins `end` (or the end of the document)."""
    return normalise(raw_section(name, start, end))


def raw_section(name: str, start: str, end: str | None = None) -> str:
    text = (SEEDS / name).read_text(encoding="utf-8")
    begin = text.index(f"\n{start}\n")
    return text[begin : text.index(f"\n{end}", begin) if end else len(text)]


def band_2_seed() -> str:
    """Seed 000, Appendix II (job description) and Appendix III (person specification, Band 2)."""
    return seed_section(SEED_000, "II. JOB DESCRIPTION", "IV. FRAMEWORK FOR DBS ASSESSMENT")


def band_6_seed() -> str:
    """Seed 002, Appendix: the Advanced Lived Experience Practitioner job description and person specification."""
    return seed_section(SEED_002, "Appendix")


def template(name: str) -> JobDescription:
    return JobDescription.objects.get(template_name=name, post__isnull=True)


def texts_of(jd: JobDescription) -> list[str]:
    """Every duty, performance measure and essential and desirable criterion of a job description."""
    texts = [jd.job_title]
    for group in jd.accountabilities.all():
        texts += [group.heading, *group.duty_list, *group.measure_list]
    for row in jd.person_specification.all():
        texts += [row.attribute, *row.essential_list, *row.desirable_list]
    return texts


def missing_from(seed: str, texts: list[str]) -> list[str]:
    return [text for text in texts if normalise(text) not in seed]


def reference_rows() -> dict[str, list[dict]]:
    """The whole reference content, child rows without their ids (the loader rewrites those)."""
    return {
        "items": list(ReferenceItem.objects.order_by("kind", "code").values()),
        "courses": list(Course.objects.order_by("code").values()),
        "templates": list(JobDescription.objects.order_by("pk").values()),
        "accountabilities": [
            model_to_dict(row, exclude=["id"])
            for row in KeyAccountability.objects.order_by("job_description_id", "order")
        ],
        "criteria": [
            model_to_dict(row, exclude=["id"])
            for row in PersonSpecificationCriterion.objects.order_by("job_description_id", "order")
        ],
    }


# --- Job description templates --------------------------------------------------------------------


def test_the_library_holds_the_four_job_description_templates_of_the_seeds():
    templates = JobDescription.objects.filter(post__isnull=True).order_by("band")

    assert [(t.band, t.template_name) for t in templates] == [
        (2, BAND_2),
        (3, "Peer Integrated Care Lead (Band 3)"),
        (4, "Senior Peer Support Worker (Band 4)"),
        (6, BAND_6),
    ]
    assert not JobDescription.objects.filter(post__isnull=False).exists()
    for t in templates:
        assert t.accountabilities.exists(), t
        assert t.person_specification.exists(), t
        assert t.source, t


def test_every_duty_measure_and_criterion_of_the_band_2_template_is_the_seeds_own_words():
    jd = template(BAND_2)

    assert missing_from(band_2_seed(), texts_of(jd)) == []


def test_the_band_2_template_has_the_seeds_accountabilities_and_person_specification_rows_in_order():
    jd = template(BAND_2)

    assert (jd.job_title, jd.band, jd.hours, jd.reports_to) == (
        "Peer Support Worker (PSW)",
        2,
        "37.5 or part thereof",
        "Ward Manager / Team Leader",
    )
    # Appendix II: five groups of key accountabilities, each with its duties and performance measures.
    assert [(a.heading, len(a.duty_list), len(a.measure_list)) for a in jd.accountabilities.all()] == [
        ("Working Practice", 13, 2),
        ("Education and Development", 7, 2),
        ("Health and Safety", 1, 1),
        ("Policies and Procedures", 1, 1),
        ("Risk", 1, 1),
    ]
    # Appendix III: the attributes in the seed's order, with criteria counts, weights and how identified.
    rows = [
        (
            r.attribute,
            len(r.essential_list),
            r.essential_weight,
            len(r.desirable_list),
            r.desirable_weight,
            r.how_identified,
        )
        for r in jd.person_specification.all()
    ]
    assert rows == [
        ("Physical Characteristics", 1, None, 0, None, []),
        ("Qualifications/ Professional", 3, 10, 3, 8, ["Application"]),
        ("Experience", 4, 10, 6, 8, ["Application", "Interview"]),
        ("Aptitudes / Skills", 16, 10, 2, None, ["Application", "Interview"]),
        ("Dispositional Attributes", 9, 10, 0, None, ["Interview"]),
        ("Contractual Requirements", 1, 10, 0, None, ["Application", "Interview"]),
    ]


def test_every_duty_and_criterion_of_the_band_6_template_is_the_seeds_own_words():
    jd = template(BAND_6)

    assert missing_from(band_6_seed(), texts_of(jd)) == []


def test_the_band_6_template_has_the_seeds_four_groups_of_responsibilities_and_five_person_specification_rows():
    jd = template(BAND_6)
    seed = (SEEDS / SEED_002).read_text(encoding="utf-8")
    appendix = seed[seed.index("\nAppendix\n") :]
    numbered = re.findall(r"^- (\d+)\.\d+ ", appendix, re.M)  # "- 1.4 To contribute as a leading stakeholder..."

    groups = list(jd.accountabilities.all())
    assert [g.heading for g in groups] == [
        "1. Organisational work",
        "2. Lived Experience Specialist Work and/or Group Work",
        "3. General Responsibilities",
        "4. Learning and development",
    ]
    assert [len(g.duty_list) for g in groups] == [numbered.count(str(n)) for n in range(1, 5)] == [14, 9, 7, 3]
    rows = [
        (r.attribute, len(r.essential_list), len(r.desirable_list), r.how_identified)
        for r in jd.person_specification.all()
    ]
    # Key: A application, I interview, P presentation ("A/ OTHER" for the last row).
    assert rows == [
        ("EDUCATION AND QUALIFICATIONS", 3, 2, ["Application"]),
        ("PREVIOUS EXPERIENCE Paid/unpaid relevant to job.", 9, 3, ["Application", "Interview"]),
        ("SKILLS, KNOWLEDGE, ABILITIES", 20, 2, ["Application", "Interview"]),
        ("ATTITUDES, APTITUDES PERSONAL CHARACTERISTICS", 8, 0, ["Interview", "Presentation"]),
        ("Other", 2, 0, ["Application", "Other"]),
    ]
    assert (jd.band, jd.job_title) == (6, "Advanced Lived Experience Practitioner")


def test_the_comparison_with_the_seed_would_notice_a_word_that_is_not_the_seeds():
    """The seed checks above are only worth something if an altered duty fails them."""
    jd = template(BAND_2)
    group = jd.accountabilities.first()

    altered = group.duty_list[0].replace("supportive", "supervisory")

    assert missing_from(band_2_seed(), [altered]) == [altered]


# --- The other reference content --------------------------------------------------------------------


def test_the_team_preparation_agenda_has_the_seven_items_of_the_seed():
    section = raw_section(SEED_000, "Preparing the teams", "This will need ongoing follow-up support.")
    day = section[section.index("Ideally, a day should be set aside to:") :]
    seed_items = re.findall(r"^- (.+)$", day, re.M)  # the bullet list of what the day is for
    agenda = ReferenceItem.objects.filter(kind=Kind.TEAM_PREPARATION_AGENDA).order_by("number")

    assert len(seed_items) == 7
    assert [(a.number, normalise(a.text)) for a in agenda] == [(n, normalise(t)) for n, t in enumerate(seed_items, 1)]
    assert all(a.title for a in agenda)


def test_the_myths_are_the_ten_statements_of_box_4():
    text = (SEEDS / SEED_000).read_text(encoding="utf-8")
    box = text[text.index("Box 4: Common myths") :]
    box_statements = re.findall(r"^Myth #(\d+) – (.+)$", box[: box.index("\n\n\n")], re.M)
    myths = ReferenceItem.objects.filter(kind=Kind.MYTH).order_by("number")

    assert len(box_statements) == 10
    assert [(str(m.number), m.title) for m in myths] == box_statements
    assert all(m.text for m in myths), "each myth keeps the guide's answer to it"


def test_the_code_of_conduct_has_twelve_principles_and_its_version():
    principles = ReferenceItem.objects.filter(kind=Kind.CODE_OF_CONDUCT).exclude(code="introduction")
    seed = seed_section(
        SEED_000, "V. ETHICAL CODE OF CONDUCT", "Peer Support Workers: a practical guide to implementation"
    )

    assert sorted(principles.values_list("number", flat=True)) == list(range(1, 13))
    assert [line for p in principles for line in lines(p.text) if normalise(line) not in seed] == []
    introduction = ReferenceItem.objects.get(kind=Kind.CODE_OF_CONDUCT, code="introduction")
    assert introduction.version == "Nottingham PSW training 2010"
    assert set(principles.values_list("version", flat=True)) == {introduction.version}


def test_the_core_principles_are_the_eight_of_the_toolkit():
    principles = ReferenceItem.objects.filter(kind=Kind.CORE_PRINCIPLE).exclude(code="introduction").order_by("number")

    assert [(p.number, p.title) for p in principles] == [
        (1, "Mutual"),
        (2, "Reciprocal"),
        (3, "Non-directive"),
        (4, "Recovery focused"),
        (5, "Strengths based"),
        (6, "Inclusive"),
        (7, "Progressive"),
        (8, "Safe"),
    ]


def test_the_recovery_language_table_has_noncompliant_with_the_seeds_strengths_based_wording():
    seed_line = next(
        line
        for line in (SEEDS / SEED_001).read_text(encoding="utf-8").splitlines()
        if line.startswith("Noncompliant\t")
    )
    pair = ReferenceItem.objects.get(kind=Kind.RECOVERY_LANGUAGE, title="Noncompliant")

    assert pair.details["strengths_based"] == [
        "Not in agreement with the treatment plan",
        "Difficulty following treatment recommendations",
        "Choosing not to",
    ]
    assert [w for w in pair.details["strengths_based"] if w not in seed_line] == []
    assert ReferenceItem.objects.filter(kind=Kind.RECOVERY_LANGUAGE).count() > 1


# --- Loading again ------------------------------------------------------------------------------------


def test_loading_the_reference_data_twice_adds_and_changes_nothing():
    before = reference_rows()

    first = load_reference_data()
    after_first = reference_rows()
    second = load_reference_data()

    assert first == second
    assert first["job_description_template"] == 4
    after_second = reference_rows()
    for rows in (after_first, after_second):
        assert {k: len(v) for k, v in rows.items()} == {k: len(v) for k, v in before.items()}
        for part in ("items", "courses", "accountabilities", "criteria"):
            assert rows[part] == before[part], part
        assert [{k: v for k, v in t.items() if k != "updated_at"} for t in rows["templates"]] == [
            {k: v for k, v in t.items() if k != "updated_at"} for t in before["templates"]
        ]
