"""Loads the seeds' reference data (`programmes/reference/*.json`) into the database: the job
description templates, team preparation agenda, Box 3 role definitions, Box 4 myths, code of
conduct, core principles, recovery-focused language, training courses and recovery college courses.

Used by a data migration (with its historical models) and by `manage.py load_reference_data`.
Idempotent: running it again updates the same rows and adds nothing twice.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
JOB_DESCRIPTIONS_DIR = REFERENCE_DIR / "job_descriptions"

HOW_IDENTIFIED = {"Application": "by_application", "Interview": "by_interview", "Presentation": "by_presentation"}


def _read(name: str) -> dict | None:
    path = REFERENCE_DIR / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:80]


def _models(apps):
    if apps is None:
        from django.apps import apps as django_apps

        apps = django_apps
    names = ["ReferenceItem", "TrainingCourse", "JobDescription", "KeyAccountability", "PersonSpecificationCriterion"]
    return {name: apps.get_model("programmes", name) for name in names}


def load_accreditation_options(apps=None) -> int:
    """The Scottish conference outcomes' accreditation and qualification models (section B 3), word for word, as
    reference items that a training course chooses from; how many were loaded. Local choice: the Scottish
    qualifications (SQA/SVQ3) are offered only for Scottish trusts' courses."""
    data = _read("training_courses.json") or {}
    item = _models(apps)["ReferenceItem"]
    options = data.get("accreditation_options", [])
    for n, text in enumerate(options, start=1):
        item.objects.update_or_create(
            kind="accreditation_option",
            code=_slug(text)[:80],
            defaults={
                "number": n,
                "source": data.get("accreditation_options_source", data.get("source", ""))[:300],
                "title": data.get("accreditation_options_lead_in", "")[:300],
                "text": text,
                "details": {"scotland_only": "Scottish Qualifications Authority (SQA)" in text},
            },
        )
    return len(options)


def load_training_learning(apps=None) -> int:
    """The Scottish conference outcomes' learning for training courses (peer networks, after-care for trained
    peers, train-the-trainer), quoted word for word under headings of our own; how many were loaded."""
    data = _read("scottish_conference_learning.json") or {}
    item = _models(apps)["ReferenceItem"]
    for n, entry in enumerate(data.get("items", []), start=1):
        item.objects.update_or_create(
            kind="training_learning",
            code=entry["code"],
            defaults={
                "number": n,
                "source": entry.get("source", data.get("source", ""))[:300],
                "title": entry["title"],
                "text": entry["quote"],
                "details": {"title_provenance": data.get("titles", "")},
            },
        )
    return len(data.get("items", []))


def load_reference_data(apps=None) -> dict[str, int]:
    """Load every reference file present; return how many rows of each kind were loaded."""
    m = _models(apps)
    counts: dict[str, int] = {}
    item = m["ReferenceItem"]

    def put(kind: str, code: str, number: int, source: str, **fields) -> None:
        # Each entry names its own source (or says it is a local choice); the file's header is the fallback.
        fields = {"number": number, "source": source[:300], **fields}
        item.objects.update_or_create(kind=kind, code=code, defaults=fields)
        counts[kind] = counts.get(kind, 0) + 1

    if data := _read("team_preparation_agenda.json"):
        for n, entry in enumerate(data["items"], start=1):
            put(
                "team_preparation_agenda",
                entry["code"],
                n,
                entry.get("source", data["source"]),
                title=entry["title"],
                text=entry["text"],
            )
        if skills := data.get("skills_and_abilities"):
            put(
                "role_definition",
                "skills_and_abilities",
                0,
                data["source"],
                title="Three essential sets of skills and abilities",
                details={"points": skills},
            )
    if data := _read("role_definitions.json"):
        for n, entry in enumerate(data["items"], start=1):
            put(
                "role_definition",
                _slug(entry["role"]),
                n,
                entry.get("source", data["source"]),
                title=entry["role"],
                details={"points": entry["points"]},
            )
    if data := _read("myths.json"):
        for entry in data["items"]:
            n = entry["number"]
            put(
                "myth",
                f"myth_{n}",
                n,
                entry.get("source", data["source"]),
                title=entry["myth"],
                text=entry.get("response", ""),
            )
    if data := _read("code_of_conduct.json"):
        version = data.get("version", "")
        put(
            "code_of_conduct",
            "introduction",
            0,
            data["source"],
            title=data.get("title", ""),
            text=data.get("introduction", ""),
            details={
                "closing": data.get("closing", ""),
                # The opening quotation's author and where the guide quotes it (Gambrill 2006).
                "quote_citation": data.get("introduction_quote_citation", ""),
                "quote_source": data.get("introduction_quote_source", ""),
            },
            version=version,
        )
        for entry in data["items"]:
            n = entry["number"]
            put(
                "code_of_conduct",
                f"principle_{n}",
                n,
                entry.get("source", data["source"]),
                text=entry["text"],
                details={key: entry[key] for key in ("lead_in", "sub_points") if key in entry},
                version=version,
            )
    if data := _read("core_principles.json"):
        if data.get("introduction"):
            put("core_principle", "introduction", 0, data["source"], text=data["introduction"])
        for entry in data["items"]:
            n = entry["number"]
            put(
                "core_principle",
                f"principle_{n}",
                n,
                entry.get("source", data["source"]),
                title=entry.get("title", ""),
                text=entry["text"],
                # The principle's own definition, in the toolkit's words ("Mutual: A relationship based on ...").
                details={"definition": entry.get("summary", ""), "footnote": entry.get("footnote", "")},
            )
    if data := _read("recovery_language.json"):
        for n, entry in enumerate(data["items"], start=1):
            put(
                "recovery_language",
                _slug(entry["deficit_based"]) or f"pair_{n}",
                n,
                entry.get("source", data["source"]),
                title=entry["deficit_based"],
                text="\n".join(entry["strengths_based"]),
                details={
                    "strengths_based": entry["strengths_based"],
                    # The pair's context: which phrases it flags, how sure the check is, and why.
                    **{key: entry[key] for key in ("match", "confidence", "context") if key in entry},
                },
            )
        if criteria := data.get("selection_criteria"):
            # Raising the glass ceiling: fitness for the role is for occupational health, not selection.
            for n, entry in enumerate(criteria["items"], start=len(data["items"]) + 1):
                put(
                    "recovery_language",
                    f"criterion_{_slug(entry['criterion'])}",
                    n,
                    entry.get("source", criteria["source"]),
                    title=entry["criterion"],
                    details={
                        "strengths_based": [],
                        "match": entry["match"],
                        "advice": criteria["advice"],
                        "quote": criteria["quote"],
                        "selection_criterion": True,
                    },
                )
    if data := _read("recovery_college_courses.json"):
        for n, entry in enumerate(data["items"], start=1):
            put(
                "recovery_college_course",
                f"{n}_{_slug(entry['title'])}"[:80],
                n,
                entry.get("source", data["source"]),
                title=entry["title"],
                text=entry.get("description", ""),
                details={
                    "college": entry.get("college", ""),
                    "recommended_for": entry.get("recommended_for", []),
                    # The supervisors' column of the source's table names some courses differently.
                    **({"title_in_supervisor_column": t} if (t := entry.get("title_in_supervisor_column")) else {}),
                },
            )
    if data := _read("training_courses.json"):
        for entry in data["items"]:
            m["TrainingCourse"].objects.update_or_create(
                trust=None,
                code=entry["code"],
                defaults={
                    "name": entry["name"],
                    "provider": entry["provider"],
                    "length": entry.get("length", ""),
                    "length_days": entry.get("length_days"),
                    "accreditation": entry.get("accreditation", ""),
                    "assessment_methods": "\n".join(entry.get("assessment_methods", [])),
                    "description": entry.get("description", ""),
                    "source": entry.get("source", data["source"])[:300],
                },
            )
            counts["training_course"] = counts.get("training_course", 0) + 1
        counts["accreditation_option"] = load_accreditation_options(apps)
    counts["training_learning"] = load_training_learning(apps)
    for path in sorted(JOB_DESCRIPTIONS_DIR.glob("*.json")):
        load_job_description_template(json.loads(path.read_text(encoding="utf-8")), m)
        counts["job_description_template"] = counts.get("job_description_template", 0) + 1
    return counts


def _one_source(sections: list[dict], fallback: str) -> str:
    """The supplementary sections are stored as one text, so they name one source: theirs when they agree."""
    sources = list(dict.fromkeys(section.get("source", fallback) for section in sections))
    return "; ".join(sources)[:300] if sections else ""


def load_job_description_template(data: dict, m: dict) -> None:
    """One template of the library, with its accountabilities and person specification, as in the seed."""
    template, _ = m["JobDescription"].objects.update_or_create(
        template_name=data["name"],
        defaults={
            "source": data["source"][:500],
            "career_level": data["career_level"],
            "job_title": data["job_title"],
            "band": data["band"],
            "hours": data.get("hours", ""),
            "reports_to": data.get("reports_to", ""),
            "further_details": "\n".join(f"{label}: {value}" for label, value in data.get("further_details", [])),
            "role_purpose": data.get("role_purpose", ""),
            "role_context": data.get("role_context", ""),
            "dimensions": data.get("dimensions", ""),
            "skills_knowledge_experience": "\n".join(data.get("skills_knowledge_experience", [])),
            "communication_and_relationship_skills": "\n".join(data.get("communication_and_relationship_skills", [])),
            "physical_effort": data.get("physical_effort", ""),
            "emotional_effort": data.get("emotional_effort", ""),
            "working_conditions": "\n".join(data.get("working_conditions", [])),
            "organisation_chart": "\n".join(data.get("organisation_chart", [])),
            "supplementary_information": "\n\n".join(
                f"## {section['heading']}\n{section['text']}" for section in data.get("supplementary_information", [])
            ),
        },
    )
    template.accountabilities.all().delete()
    for order, group in enumerate(data.get("key_accountabilities", []), start=1):
        m["KeyAccountability"].objects.create(
            job_description=template,
            order=order,
            heading=group["heading"],
            duties="\n".join(group.get("duties", [])),
            performance_measures="\n".join(group.get("performance_measures", [])),
        )
    template.person_specification.all().delete()
    for order, row in enumerate(data.get("person_specification", []), start=1):
        ways = row.get("how_identified", [])
        m["PersonSpecificationCriterion"].objects.create(
            job_description=template,
            order=order,
            attribute=row["attribute"],
            essential="\n".join(row.get("essential", [])),
            essential_weight=row.get("essential_weight"),
            desirable="\n".join(row.get("desirable", [])),
            desirable_weight=row.get("desirable_weight"),
            identified_otherwise=", ".join(w for w in ways if w not in HOW_IDENTIFIED),
            **{field: name in ways for name, field in HOW_IDENTIFIED.items()},
        )
    if _has_field(m["KeyAccountability"], "source"):
        _store_row_sources(template, data, m)


def _has_field(model, name: str) -> bool:
    # The loaders also run inside migrations, on the models as they were then: a field added later is not there.
    return any(f.name == name for f in model._meta.get_fields())


def _store_row_sources(template, data: dict, m: dict) -> None:
    """Where each row of a template comes from, as its reference file says (rows are stored in the file's order)."""
    for model, rows in (
        (m["KeyAccountability"], data.get("key_accountabilities", [])),
        (m["PersonSpecificationCriterion"], data.get("person_specification", [])),
    ):
        for order, row in enumerate(rows, start=1):
            source = row.get("source", data["source"])[:300]
            model.objects.filter(job_description=template, order=order).update(source=source)
    supplementary = _one_source(data.get("supplementary_information", []), data["source"])
    m["JobDescription"].objects.filter(pk=template.pk).update(supplementary_source=supplementary)


def load_job_description_sources(apps=None) -> int:
    """The row sources of every template of the library (migration programmes 0013 fills them for an existing
    installation); how many templates."""
    m = _models(apps)
    count = 0
    for path in sorted(JOB_DESCRIPTIONS_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        template = m["JobDescription"].objects.filter(template_name=data["name"]).first()
        if template is not None:
            _store_row_sources(template, data, m)
            count += 1
    return count


@functools.cache
def words_for_the_post(template_name: str) -> tuple[tuple[str, str], ...]:
    """A library template's employer as quoted in the source (e.g. "Central and North West London NHS Trust") and what
    a post's copy says instead, with "{trust}" for the post's trust: the template file's "for_the_post" list."""
    for path in sorted(JOB_DESCRIPTIONS_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["name"] == template_name:
            return tuple((pair["quoted"], pair["becomes"]) for pair in data.get("for_the_post", []))
    return ()


def for_the_post(text: str, *, template_name: str, trust_name: str) -> str:
    """`text` of a library template as a post's copy says it: the source's employer replaced by the post's trust
    (plain string replacement; the trust's name is never read as a pattern or a template)."""
    for quoted, becomes in words_for_the_post(template_name):
        text = text.replace(quoted, becomes.replace("{trust}", trust_name))
    return text
