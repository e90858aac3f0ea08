"""Loads the development phase's reference data (`development/reference/*.json`) into the database: the
peer career pathway of seed 002 and the competency framework of seed 003; and checks and loads a trust's
own framework given in the same shape.

Used by a data migration (with its historical models) and by the management commands
`load_development_reference_data` and `load_competency_framework`. Idempotent: running it again updates the
same rows and adds nothing twice.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
PATHWAY_FILE = REFERENCE_DIR / "career_pathway.json"
FRAMEWORK_FILE = REFERENCE_DIR / "competency_framework.json"
PILLARS = ("doing", "leading", "teaching", "research")
LEVELS = ("essential", "enhanced")


class FrameworkError(ValueError):
    """A framework file that cannot be loaded; the message says what to fix."""


def _models(apps):
    if apps is None:
        from django.apps import apps as django_apps

        apps = django_apps
    names = ["CareerLevel", "CompetencyFramework", "CompetencyDomain", "CompetencyDescriptor"]
    return {name: apps.get_model("development", name) for name in names}


def read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def load_career_pathway(apps=None, data: dict | None = None) -> int:
    """The pathway's levels (by code), then each level's routes to the next ones."""
    m = _models(apps)
    data = data or read(PATHWAY_FILE)
    levels = {}
    for entry in data["levels"]:
        pillars = set(entry.get("pillars", []))
        levels[entry["code"]], _ = m["CareerLevel"].objects.update_or_create(
            code=entry["code"],
            defaults={
                "name": entry["name"],
                "order": entry["order"],
                "band_from": entry.get("band_from"),
                "band_to": entry.get("band_to"),
                "description": entry.get("description", ""),
                "competences": "\n".join(entry.get("competences", [])),
                "months_before_next": entry.get("months_before_next", 12),
                # The level's own source; its band and time in the level may be local choices (level_provenance).
                "source": entry.get("source", data["source"])[:100],
                **{pillar: pillar in pillars for pillar in PILLARS},
            },
        )
    for entry in data["levels"]:
        levels[entry["code"]].next_levels.set([levels[code] for code in entry.get("next_levels", [])])
    return len(levels)


LOCAL_CHOICE = "Local choice: set by this organisation, editable"


def level_provenance(data: dict | None = None) -> dict[str, dict[str, str]]:
    """Where each pathway level's band and time in the level come from, by level code: the source's words or
    "Local choice: ..." (the pathway file's "bands_source" and "months_before_next_source"). A level the file does not
    name (added by an administrator) is a local choice."""
    data = data or read(PATHWAY_FILE)
    return {
        entry["code"]: {
            "bands": entry.get("bands_source") or LOCAL_CHOICE,
            "months": entry.get("months_before_next_source") or LOCAL_CHOICE,
        }
        for entry in data["levels"]
    }


def check_framework(data: Any) -> list[str]:
    """What is wrong with a framework given as data (empty when it can be loaded)."""
    if not isinstance(data, dict):
        return ["The file must hold one JSON object with a name, a purpose and its domains."]
    problems = []
    if not str(data.get("name", "")).strip():
        problems.append("Give the framework a name.")
    elif len(data["name"]) > 200:
        problems.append("The framework's name is longer than 200 characters.")
    domains = data.get("domains")
    if not isinstance(domains, list) or not domains:
        return [*problems, 'List the framework\'s domains under "domains".']
    names = set()
    for n, domain in enumerate(domains, start=1):
        if not isinstance(domain, dict) or not str(domain.get("name", "")).strip():
            problems.append(f"Domain {n} has no name.")
            continue
        name = domain["name"]
        if name in names:
            problems.append(f'Domain "{name}" appears twice.')
        names.add(name)
        for level in LEVELS:
            descriptors = domain.get(level, [])
            if not isinstance(descriptors, list) or not all(isinstance(d, str) and d.strip() for d in descriptors):
                problems.append(f'Domain "{name}": "{level}" must be a list of descriptors, each some text.')
        if not domain.get("essential"):
            problems.append(f'Domain "{name}" has no Essential descriptor.')
    return problems


def load_competency_framework(data: dict, *, trust=None, apps=None):
    """Create or update a framework, its domains and descriptors from data in the shape of
    `reference/competency_framework.json`. Raises FrameworkError, naming each problem, when it is not."""
    problems = check_framework(data)
    if problems:
        raise FrameworkError(" ".join(problems))
    m = _models(apps)
    framework, _ = m["CompetencyFramework"].objects.update_or_create(
        name=data["name"].strip(),
        trust=trust,
        defaults={"purpose": data.get("purpose", ""), "source": data.get("source", "")[:200], "is_active": True},
    )
    for order, entry in enumerate(data["domains"], start=1):
        domain, _ = m["CompetencyDomain"].objects.update_or_create(
            framework=framework,
            name=entry["name"].strip(),
            defaults={"order": order, "description": entry.get("description", "")},
        )
        for level in LEVELS:
            for number, text in enumerate(entry.get(level, []), start=1):
                m["CompetencyDescriptor"].objects.update_or_create(
                    domain=domain, level=level, order=number, defaults={"text": text.strip()}
                )
    return framework


def load_development_reference_data(apps=None) -> dict[str, int]:
    """Load the pathway and the seed's framework; return how many levels and descriptors there are."""
    load_career_pathway(apps)
    framework = load_competency_framework(read(FRAMEWORK_FILE), apps=apps)
    descriptors = _models(apps)["CompetencyDescriptor"].objects.filter(domain__framework=framework).count()
    return {"career levels": len(read(PATHWAY_FILE)["levels"]), "competency descriptors": descriptors}
