"""What the product holds about a peer, model by model: the registry behind the subject access export and the
retention job (DESIGN section 3). Each `Source` names a model that refers to a peer, the lookup from it to the
peer, and whether its rows are a sensitive record; `collect(peer)` reads every source's rows and their history
(deleted rows included) in a fixed number of queries per model, whatever the number of rows.

`uncovered_models()` walks every model of the project's apps and lists those with a relation path to a peer
that are neither in the registry nor excluded with a reason; tests/privacy fails when it finds one, so a new
model about people cannot be forgotten by the export or by retention."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from simple_history.models import HistoricalChanges

from programmes import nations
from programmes.models import Peer, SensitiveAccessLog

RecordType = SensitiveAccessLog.RecordType

# The apps whose models this registry answers for (Django's and third parties' are not about peers).
PROJECT_APPS = ("programmes", "recruitment", "workforce", "development", "outcomes", "dashboards", "privacy")
MAX_HOPS = 4


@dataclass(frozen=True)
class Source:
    """A model that holds data about a peer: `lookup` leads from it to programmes.Peer ("pk" for Peer itself)."""

    model: str  # "app_label.ModelName"
    lookup: str
    label: str
    sensitive: str = ""  # the SensitiveAccessLog record type its rows are, if any
    sensitive_field: str = ""  # only rows with this field filled in are sensitive (e.g. reasonable adjustments)
    # Retention removes the rows (True), or keeps them because they belong to someone else and only their link to
    # the peer goes with the peer (a contribution to system change names several peers).
    removed_with_peer: bool = True

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    @property
    def depth(self) -> int:
        return 0 if self.lookup == "pk" else self.lookup.count("__") + 1


REGISTRY: tuple[Source, ...] = (
    Source("programmes.Peer", "pk", "Personal details", RecordType.LIVED_EXPERIENCE, "lived_experience_summary"),
    Source(
        "programmes.OwnCareTeamArrangement", "peer", "Care arrangement (own care team)", RecordType.CARE_ARRANGEMENT
    ),
    Source("programmes.SensitiveAccessLog", "peer", "Who has read these sensitive records"),
    Source("programmes.PeerEmailDuplicate", "peer", "Emails shared with another record of the trust"),
    Source("programmes.PeerMerge", "kept", "Records of the same person merged into this one"),
    Source("programmes.Post", "holder", "Posts held now", removed_with_peer=False),
    # Messages to the peer's own sign-in: found through the account, not a relation to the peer (the walker
    # does not need them; they go with the account, see privacy.services).
    Source("programmes.Notification", "recipient__peer", "Notifications to their account", removed_with_peer=False),
    Source("programmes.CohortEnrolment", "peer", "Pre-employment training enrolments"),
    Source("programmes.CodeOfConductAcknowledgement", "peer", "Code of conduct acknowledgements"),
    Source("recruitment.OrientationBooking", "peer", "Orientation session bookings"),
    Source("recruitment.BenefitsAdvice", "peer", "Benefits advice"),
    Source("recruitment.Application", "applicant", "Applications"),
    Source("recruitment.StageTransition", "application__applicant", "Application stage changes"),
    Source("recruitment.Referee", "application__applicant", "Referees"),
    Source("recruitment.ShortlistingMark", "application__applicant", "Shortlisting marks"),
    Source("recruitment.InterviewScore", "application__applicant", "Interview scores"),
    Source(
        "recruitment.OccupationalHealthReferral",
        "application__applicant",
        "Occupational health",
        RecordType.OCCUPATIONAL_HEALTH,
    ),
    Source("recruitment.DbsCheck", "application__applicant", "DBS checks and decisions", RecordType.DBS),
    Source("recruitment.CandidateSupport", "application__applicant", "Support after an unsuccessful application"),
    Source(
        "workforce.Placement",
        "peer",
        "Placements (and reasonable adjustments)",
        RecordType.OCCUPATIONAL_HEALTH,
        "reasonable_adjustments",
    ),
    Source("workforce.InductionPlan", "placement__peer", "Induction plans"),
    Source("workforce.InductionItem", "plan__placement__peer", "Induction items"),
    Source("workforce.EmploymentReview", "placement__peer", "Reviews and appraisals"),
    Source("workforce.ReviewObjective", "review__placement__peer", "Review objectives"),
    Source(
        "workforce.SupervisionAttendance",
        "peer",
        "Supervision attended (notes, wellbeing)",
        RecordType.SUPERVISION_NOTES,
    ),
    Source("workforce.SupervisionSession", "attendees", "Supervision sessions attended", removed_with_peer=False),
    Source("workforce.WellnessActionPlan", "peer", "Wellness Action Plan", RecordType.WELLNESS_ACTION_PLAN),
    Source("workforce.WapReview", "plan__peer", "Wellness Action Plan reviews", RecordType.WELLNESS_ACTION_PLAN),
    Source("workforce.ReturnToWorkConversation", "peer", "Return-to-work conversations", RecordType.RETURN_TO_WORK),
    Source("workforce.AbsenceEpisode", "peer", "Sickness absence", RecordType.SICKNESS_ABSENCE, "reason_category"),
    Source("development.Progression", "peer", "Career progression"),
    Source("development.CompetencyAssessment", "peer", "Competency assessments"),
    Source("development.DescriptorRating", "assessment__peer", "Competency ratings"),
    Source("development.TrainingRecord", "peer", "Training and CPD"),
    Source("development.DevelopmentObjective", "peer", "Development plan objectives"),
    Source("development.SystemChangeContribution", "peers", "Contributions to system change", removed_with_peer=False),
    Source("development.PeerNetworkAttendance", "peer", "Peer network meetings attended"),
    Source("development.PeerNetworkMeeting", "attendees", "Peer network meetings", removed_with_peer=False),
    Source(
        "development.TrainingApplication",
        "applicant",
        "Applications for a training place",
        RecordType.LIVED_EXPERIENCE,
        "lived_experience",
    ),
    Source("development.GraduateCandidacy", "training_application__applicant", "Put forward for posts after training"),
    Source("outcomes.CaseloadAgreement", "placement__peer", "Caseload agreed in supervision"),
    Source("privacy.LegalHold", "peer", "Legal holds"),
    Source("privacy.SubjectAccessRequest", "peer", "Subject access requests"),
)

# Models with a relation path to a peer that hold nothing about the person, each with the reason.
_ABOUT_THE_POST = "about a post and its recruitment, not the person who holds it (the holder is a post's record)"
EXCLUSIONS: dict[str, str] = {
    "programmes.JobDescription": _ABOUT_THE_POST,
    "programmes.KeyAccountability": _ABOUT_THE_POST,
    "programmes.PersonSpecificationCriterion": _ABOUT_THE_POST,
    "recruitment.Vacancy": _ABOUT_THE_POST,
    "recruitment.OrientationSession": "an event for many people; each person's booking is its own record",
    "workforce.SupervisionSummary": "derived from the peer's supervision sessions, which the export holds; a cache",
    "recruitment.Interview": "an interview event for many applicants; each applicant's scores are their own records",
    "recruitment.PanelMember": "a member of staff on an interview panel, not the applicant",
    "development.VacancyReview": "a decision about a vacancy; the post it made may later be held by a peer",
}


def source_for(model: type[models.Model]) -> Source | None:
    return next((s for s in REGISTRY if s.model_class is model), None)


# --- Reading a peer's records -----------------------------------------------------------------------------------


@dataclass
class Section:
    """One source's rows about the peer and its history rows (deleted rows included)."""

    source: Source
    fields: list[str]
    rows: list[dict[str, Any]]
    history: list[dict[str, Any]] = field(default_factory=list)
    ids: set = field(default_factory=set)  # every id of the model about the peer, live or deleted
    withheld: frozenset[str] = frozenset()  # fields blanked in a partial export
    check: str = "DBS"  # the vetting check of the peer's trust's nation (programmes.nations)

    @property
    def label(self) -> str:
        # The registry names the check as England and Wales do; a Scottish or Northern Irish peer's export names theirs.
        return self.source.label.replace("DBS", self.check)

    @property
    def sensitive_ids(self) -> list:
        """Ids of the sensitive records among the rows (live and deleted), each read once."""
        if not self.source.sensitive:
            return []
        name = self.source.sensitive_field
        rows = [*self.rows, *self.history]
        return sorted({r["id"] for r in rows if not name or r.get(name)})


def _file_fields(model) -> set[str]:
    return {f.attname for f in model._meta.concrete_fields if isinstance(f, models.FileField)}


def _describe_files(values: dict[str, Any], file_fields: set[str], storage_of) -> None:
    """An uploaded file is listed by name and size, never its contents."""
    for name in file_fields:
        path = values.get(name)
        if not path:
            values[name] = None
            continue
        storage = storage_of(name)
        try:
            size = storage.size(path)
        except OSError:
            size = None
        values[name] = {"name": path, "size": size}


def _withhold(values: dict[str, Any], withheld: frozenset[str]) -> None:
    """A part of a record with its own rule (lived experience, reasonable adjustments) is blanked, not shown."""
    for name in withheld:
        if name in values:
            values[name] = None


def _history_filter(source: Source, ids_by_model: dict, peer: Peer, live_ids: set) -> dict[str, Any]:
    """How to find the source's historical rows: by the first hop's id among the parents' ids (live or deleted),
    so the history of rows whose parent was deleted is found too."""
    if source.lookup == "pk":
        return {"id": peer.pk}
    first, _, rest = source.lookup.partition("__")
    relation = source.model_class._meta.get_field(first)
    if relation.many_to_many:
        # A record several peers share (a group supervision session): the history of this peer's records.
        return {"id__in": sorted(live_ids)}
    if not rest:
        return {relation.attname: peer.pk}
    parent = source_for(relation.related_model)
    if parent is not None and parent.model_class in ids_by_model:
        return {f"{relation.attname}__in": sorted(ids_by_model[parent.model_class])}
    return {source.lookup: peer}


def collect(peer: Peer, sources: Iterable[Source] = REGISTRY, *, rules=None) -> list[Section]:
    """Every source's rows about `peer` and their history: two queries per model (one with no history).

    `rules` (`programmes.access.subject_access_rules`) makes the partial export of someone who is neither the
    peer nor an IG officer: each source's rows (and their history) only where `rules.rows` has them, with the
    fields of `rules.withheld` blanked. None: everything (the full export)."""
    sources = list(sources)
    sections = []
    ids_by_model: dict[type[models.Model], set] = {}
    for source in sorted(sources, key=lambda s: s.depth):  # parents before children: their ids find the history
        model = source.model_class
        live = model.objects.filter(**{source.lookup: peer.pk if source.lookup == "pk" else peer})
        readable = None
        withheld: frozenset[str] = frozenset()
        if rules is not None:
            # A model the rules do not name holds nothing in a partial export: new sources are closed by default.
            readable = rules.rows.get(source.model, model.objects.none()).order_by().values("pk")
            live = live.filter(pk__in=readable)
            withheld = rules.withheld.get(source.model, frozenset())
        names = [f.attname for f in model._meta.concrete_fields]
        rows = list(live.distinct().order_by("pk").values(*names))
        files = _file_fields(model)
        storage_of = lambda name, m=model: m._meta.get_field(name).storage  # noqa: E731
        for row in rows:
            _describe_files(row, files, storage_of)
            _withhold(row, withheld)
        section = Section(
            source=source,
            fields=names,
            rows=rows,
            ids={r["id"] for r in rows},
            withheld=withheld,
            check=nations.vetting_name(peer.trust),
        )
        history_manager = getattr(model, "history", None)
        if history_manager is not None:
            history_names = [f.attname for f in history_manager.model._meta.concrete_fields]
            found = history_manager.filter(**_history_filter(source, ids_by_model, peer, section.ids))
            if readable is not None:
                found = found.filter(id__in=readable)  # a record not readable now (or deleted): no history either
            history = list(found.order_by("history_date", "history_id").values(*history_names))
            for row in history:
                _describe_files(row, files, storage_of)
                _withhold(row, withheld)
            section.history = history
            section.ids |= {r["id"] for r in history}
        ids_by_model[model] = section.ids
        sections.append(section)
    order = {s: i for i, s in enumerate(sources)}
    return sorted(sections, key=lambda s: order[s.source])


# --- The walker the meta-test uses ----------------------------------------------------------------------------


def _is_project_model(model) -> bool:
    return model._meta.app_label in PROJECT_APPS and not issubclass(model, HistoricalChanges)


def path_to_peer(model, max_hops: int = MAX_HOPS) -> str | None:
    """The shortest chain of forward relations (foreign keys, one-to-ones, many-to-manys) from `model` to
    programmes.Peer, as a lookup ("application__applicant"), or None when there is none within `max_hops`."""
    if model is Peer:
        return "pk"
    frontier: list[tuple[type, str]] = [(model, "")]
    seen = {model}
    for _ in range(max_hops):
        following = []
        for current, path in frontier:
            for f in current._meta.get_fields():
                if not (f.is_relation and f.concrete and f.related_model is not None) or f.auto_created:
                    continue
                lookup = f"{path}__{f.name}" if path else f.name
                if f.related_model is Peer:
                    return lookup
                if f.related_model not in seen and _is_project_model(f.related_model):
                    seen.add(f.related_model)
                    following.append((f.related_model, lookup))
        frontier = following
    return None


def models_about_peers() -> dict[str, str]:
    """Every model of the project's apps (not historical ones) with a relation path to a peer: label -> lookup."""
    found = {}
    for model in apps.get_models():
        if not _is_project_model(model):
            continue
        lookup = path_to_peer(model)
        if lookup is not None:
            found[model._meta.label] = lookup
    return found


def uncovered_models(registry: Iterable[Source] = REGISTRY, exclusions: dict[str, str] = EXCLUSIONS) -> dict[str, str]:
    """Models about peers that are neither in `registry` nor in `exclusions`: label -> path to the peer."""
    covered = {s.model_class._meta.label for s in registry} | set(exclusions)
    return {label: lookup for label, lookup in models_about_peers().items() if label not in covered}


# --- The export --------------------------------------------------------------------------------------------------


FULL_NOTE = (
    "Everything this application holds about the person, with each record's change history (deleted "
    "records included). Uploaded files are listed by name and size; ask for a copy of any of them."
)


def partial_note(full_from: str) -> str:
    """What a partial export says about itself, naming who provides the full one."""
    return (
        "A partial export: only the records, and parts of records, the person who downloaded it may read "
        "elsewhere in this application (fields they may not read are empty and listed as withheld; records they "
        f"may not read, and deleted records, are left out). The full export of everything held is provided to "
        f"the person themself and by {full_from}."
    )


def as_document(peer: Peer, sections: list[Section], *, generated_at, full_from: str | None = None) -> dict[str, Any]:
    """The export as plain data (for JSON): each source's rows and history rows, field by field. `full_from`
    (who provides the full export) marks a partial one."""
    partial = full_from is not None
    return {
        "subject": {"peer_id": peer.pk, "full_name": peer.full_name, "trust": peer.trust.name},
        "generated_at": generated_at,
        "partial": partial,
        "note": partial_note(full_from) if partial else FULL_NOTE,
        "records": [
            {
                "model": s.source.model,
                "label": s.label,
                "rows": s.rows,
                "history": s.history,
                **({"withheld_fields": sorted(s.withheld)} if partial else {}),
            }
            for s in sections
        ],
    }


def sensitive_reads(peer: Peer, sections: list[Section]) -> dict[str, list]:
    """The sensitive records an export shows, by record type, as (peer, record) pairs for
    `programmes.access.log_sensitive_reads`."""
    reads: dict[str, list] = {}
    for section in sections:
        for record_id in section.sensitive_ids:
            reads.setdefault(section.source.sensitive, []).append((peer, _Record(record_id)))
    return reads


@dataclass(frozen=True)
class _Record:
    pk: Any
