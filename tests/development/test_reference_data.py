"""A fresh install has the career pathway of seed 002 and the competency framework of seed 003, in the seeds'
own words: these tests read the seed files and compare."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from development.models import CareerLevel, CompetencyDescriptor, CompetencyDomain, CompetencyFramework
from development.reference_data import load_development_reference_data
from programmes.models import Post

SEEDS = Path("/work/shared/seeds")
if not SEEDS.exists():
    SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
PATHWAY_SEED = SEEDS / "002_9c1904ad6ede903d.txt"
FRAMEWORK_SEED = SEEDS / "003_4442fd5792bbe09e.txt"
pytestmark = [
    pytest.mark.skipif(not FRAMEWORK_SEED.exists(), reason="the seed files are not beside the repository"),
    pytest.mark.shared_world("world"),
]


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", "")).strip()


def seed_framework() -> list[dict]:
    """The seed's competencies, read from its structure: a domain's name, its description, "Essential" and its
    descriptors, "Enhanced" and its descriptors."""
    text = FRAMEWORK_SEED.read_text(encoding="utf-8")
    section = text[text.index("Peer Support Competencies") : text.index("Review of Recovery College Courses")]
    lines = [normalised(line) for line in section.splitlines()]
    lines = [line for line in lines if line and not line.startswith("[bookmark")][2:]
    starts = [i for i, line in enumerate(lines) if line == "Essential"]
    domains = []
    for n, i in enumerate(starts):
        enhanced = lines.index("Enhanced", i)
        stop = starts[n + 1] - 2 if n + 1 < len(starts) else len(lines)
        domains.append(
            {"name": lines[i - 2], "essential": lines[i + 1 : enhanced], "enhanced": lines[enhanced + 1 : stop]}
        )
    return domains


def seed_framework_in_db() -> CompetencyFramework:
    return CompetencyFramework.objects.get(trust=None, name="Peer support competencies")


def test_the_seed_has_seven_domains_with_45_descriptors():
    domains = seed_framework()
    assert len(domains) == 7
    assert sum(len(d["essential"]) for d in domains) == 30 and sum(len(d["enhanced"]) for d in domains) == 15


def test_a_fresh_install_has_the_seven_domains_of_seed_003(db):
    names = list(seed_framework_in_db().domains.order_by("order").values_list("name", flat=True))
    assert names == [
        "Effective Communication",
        "Enabling access to services",
        "Personalisation",
        "Building and sustaining relationships",
        "Handling data and information",
        "Personal development and learning",
        "Learning together",
    ]
    assert names == [d["name"] for d in seed_framework()]


def test_each_domain_has_every_essential_and_enhanced_descriptor_of_the_seed_in_its_words(db):
    framework = seed_framework_in_db()
    for seed_domain in seed_framework():
        domain = framework.domains.get(name=seed_domain["name"])
        for level in ("essential", "enhanced"):
            texts = list(domain.descriptors.filter(level=level).order_by("order").values_list("text", flat=True))
            assert texts == seed_domain[level], f"{domain.name}, {level}"
    seed_text = normalised(FRAMEWORK_SEED.read_text(encoding="utf-8"))
    for descriptor in CompetencyDescriptor.objects.filter(domain__framework=framework):
        assert descriptor.text in seed_text
    for domain in framework.domains.all():
        assert domain.description and domain.description in seed_text
    assert framework.purpose.startswith("These competencies act as a guide") and framework.purpose in seed_text


def test_a_fresh_install_has_the_pathway_levels_of_seed_002_in_order(db):
    levels = list(CareerLevel.objects.order_by("order"))
    assert [level.code for level in levels] == [
        "pre_peer",
        "psw",
        "senior_psw",
        "advanced_practitioner",
        "educator",
        "researcher",
        "peer_support_lead",
    ]
    assert {level.code for level in levels} == set(Post.CareerLevel.values)  # a post's level is on the pathway


def test_each_levels_competences_are_the_words_of_seed_002(db):
    seed_text = normalised(PATHWAY_SEED.read_text(encoding="utf-8"))
    for level in CareerLevel.objects.all():
        if level.code != "pre_peer":
            assert level.competences, level.code
        for competence in level.competences.splitlines():
            assert normalised(competence) in seed_text, (level.code, competence)
    senior = CareerLevel.objects.get(code="senior_psw").competences
    for words in ("public speaking and presenting", "co-production", "trauma-informed care", "survivor movement"):
        assert words in senior


def test_the_levels_have_their_bands_pillars_and_routes(db):
    level = {lv.code: lv for lv in CareerLevel.objects.prefetch_related("next_levels")}
    assert level["psw"].bands == "Band 2-3" and level["senior_psw"].bands == "Band 4"
    assert level["advanced_practitioner"].bands == "Band 6"  # the seed's appendix job description
    assert level["peer_support_lead"].bands == "Band 6 and above"
    assert level["advanced_practitioner"].doing and level["educator"].teaching and level["peer_support_lead"].leading
    assert level["researcher"].research
    assert {n.code for n in level["senior_psw"].next_levels.all()} == {
        "advanced_practitioner",
        "educator",
        "researcher",
        "peer_support_lead",
    }
    assert [n.code for n in level["pre_peer"].next_levels.all()] == ["psw"]
    assert level["psw"].months_before_next == 12
    for route in ("recovery college", "involvement", "volunteering", "placements"):
        assert route in level["pre_peer"].description.lower()


def test_loading_again_adds_nothing_twice(db):
    before = (CareerLevel.objects.count(), CompetencyDomain.objects.count(), CompetencyDescriptor.objects.count())
    call_command("load_development_reference_data", stdout=io.StringIO())
    load_development_reference_data()
    after = (CareerLevel.objects.count(), CompetencyDomain.objects.count(), CompetencyDescriptor.objects.count())
    assert before == after


def test_a_trust_loads_its_own_framework(db, world, tmp_path):
    path = tmp_path / "framework.json"
    path.write_text(
        json.dumps(
            {
                "name": "Northshire lived experience competencies",
                "purpose": "Our own.",
                "domains": [
                    {"name": "Hope", "description": "", "essential": ["Shares hope."], "enhanced": ["Teaches it."]}
                ],
            }
        )
    )
    call_command("load_competency_framework", str(path), "--trust", "ZZ1", stdout=io.StringIO())
    framework = CompetencyFramework.objects.get(name="Northshire lived experience competencies")
    assert framework.trust == world.trust and framework.is_active
    assert list(framework.domains.get().descriptors.order_by("-level").values_list("level", "text")) == [
        ("essential", "Shares hope."),
        ("enhanced", "Teaches it."),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"name": "", "domains": []}), "Give the framework a name."),
        (json.dumps({"name": "X", "domains": [{"name": "Hope", "essential": []}]}), "has no Essential descriptor"),
        (json.dumps({"name": "X", "domains": [{"name": "A", "essential": [""]}]}), "must be a list of descriptors"),
    ],
)
def test_a_framework_file_that_is_wrong_is_refused_and_nothing_is_saved(db, world, tmp_path, content, message):
    path = tmp_path / "framework.json"
    path.write_text(content)
    before = CompetencyFramework.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("load_competency_framework", str(path), "--trust", "ZZ1")
    assert CompetencyFramework.objects.count() == before


def test_an_unknown_trust_is_refused(db, tmp_path):
    path = tmp_path / "framework.json"
    path.write_text("{}")
    with pytest.raises(CommandError, match="No trust has the ODS code NOPE"):
        call_command("load_competency_framework", str(path), "--trust", "NOPE")
