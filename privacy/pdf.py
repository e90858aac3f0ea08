"""The subject access export as a PDF its subject can read (WeasyPrint, tagged PDF/UA-1): a cover page (who it is
for, what is held and why, how long it is kept, how to ask for a correction, the regulator), then one part per phase
of their journey. Each record is under its name with its fields under their labels and values as a person reads
them (people by name and role, dates as dates, choices' text, Yes/No, files by name, never an id); its history as
dated "changed on ... by ..." lines; the access log as one table by reader and day. The JSON download
(`subject_access.as_document`) keeps every field and id for machines."""

from __future__ import annotations

import datetime
import io
import posixpath
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import capfirst, slugify

from programmes import nations
from programmes.models import Peer
from programmes.pickers import person_name, with_roles

from . import selectors
from .subject_access import Section, partial_note

# --- The parts of the journey ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One part of the person's journey: a section of the PDF that starts on a new page."""

    title: str
    holds: str  # what it holds, for the cover page and the part's opening; {check}: the trust's vetting check
    models: tuple[str, ...]  # the registry's sources it shows, in this order


ACCESS_LOG = "programmes.SensitiveAccessLog"
PARTS: tuple[Part, ...] = (
    Part(
        "Preparation and training",
        "Personal and contact details, and the preparation before applying: applications for a training place, "
        "training courses, the code of conduct, orientation sessions and benefits advice.",
        (
            "programmes.Peer",
            "programmes.OwnCareTeamArrangement",
            "programmes.PeerEmailDuplicate",
            "programmes.PeerMerge",
            "development.TrainingApplication",
            "programmes.CohortEnrolment",
            "programmes.CodeOfConductAcknowledgement",
            "recruitment.OrientationBooking",
            "recruitment.BenefitsAdvice",
        ),
    ),
    Part(
        "Recruitment",
        "Applications for posts and how each went: being put forward after training, stages, referees, "
        "shortlisting and interview marks, occupational health, {check} checks, and support after an "
        "unsuccessful application.",
        (
            "development.GraduateCandidacy",
            "recruitment.Application",
            "recruitment.StageTransition",
            "recruitment.Referee",
            "recruitment.ShortlistingMark",
            "recruitment.InterviewScore",
            "recruitment.OccupationalHealthReferral",
            "recruitment.DbsCheck",
            "recruitment.CandidateSupport",
        ),
    ),
    Part(
        "Employment",
        "Posts held, placements and reasonable adjustments, induction, reviews and appraisals, supervision, "
        "the Wellness Action Plan, return-to-work conversations, sickness absence and caseload.",
        (
            "programmes.Post",
            "workforce.Placement",
            "workforce.InductionPlan",
            "workforce.InductionItem",
            "workforce.EmploymentReview",
            "workforce.ReviewObjective",
            "workforce.SupervisionSession",
            "workforce.SupervisionAttendance",
            "workforce.WellnessActionPlan",
            "workforce.WapReview",
            "workforce.ReturnToWorkConversation",
            "workforce.AbsenceEpisode",
            "outcomes.CaseloadAgreement",
        ),
    ),
    Part(
        "Development",
        "Career progression, competency assessments, training and continuing professional development, "
        "development objectives, contributions to system change and peer network meetings.",
        (
            "development.Progression",
            "development.CompetencyAssessment",
            "development.DescriptorRating",
            "development.TrainingRecord",
            "development.DevelopmentObjective",
            "development.SystemChangeContribution",
            "development.PeerNetworkMeeting",
            "development.PeerNetworkAttendance",
        ),
    ),
    Part(
        "Who has read their records",
        "Each time someone else read one of their sensitive records (who, their role, what, when and how), and "
        "the requests, legal holds and notifications about their records.",
        (ACCESS_LOG, "privacy.SubjectAccessRequest", "privacy.LegalHold", "programmes.Notification"),
    ),
)
# A source no part names (a model added to the registry later) goes in the part of its app: never left out.
_PART_OF_APP = {"programmes": 0, "recruitment": 1, "workforce": 2, "development": 3, "outcomes": 2, "privacy": 4}

PURPOSE = (
    "to run the trust's peer support programme: to recruit, employ, supervise, support and develop peer support "
    "workers, to make the adjustments agreed with them, and to meet the trust's duties as an employer."
)
REGULATOR = (
    "the Information Commissioner's Office (ICO), the UK's regulator for data protection: ico.org.uk, "
    "telephone 0303 123 1113"
)

# Fields kept for machines (in the JSON) but meaningless to a reader: keys, links and run numbers that hold ids.
MACHINE_FIELDS: dict[str, frozenset[str]] = {
    "programmes.Notification": frozenset({"subject", "url", "run"}),
    "programmes.PeerMerge": frozenset({"merged_peer_id"}),
    "programmes.SensitiveAccessLog": frozenset({"object_id"}),
    "workforce.InductionItem": frozenset({"order"}),
    "workforce.WellnessActionPlan": frozenset({"version"}),
}
# Labels that read better to the person than the field's own (which is written for staff).
LABELS: dict[tuple[str, str], str] = {
    ("programmes.Peer", "user_id"): "Their own sign-in",
    ("workforce.WellnessActionPlan", "shared_with_line_manager"): "Shared with their line manager",
    ("workforce.WellnessActionPlan", "shared_with_supervisor"): "Shared with their supervisor",
    ("workforce.WellnessActionPlan", "shared_with_hr"): "Shared with HR",
    ("workforce.SupervisionSession", "duration_minutes"): "Duration (minutes)",
}
# What to read with a related record so that its name (`str`) takes no query of its own.
NAMED_WITH: dict[str, tuple[str, ...]] = {
    "programmes.Post": ("team",),
    "programmes.TrainingCohort": ("course",),
    "recruitment.Vacancy": ("post__team",),
    "recruitment.Interview": ("vacancy",),
    "recruitment.Application": ("applicant", "vacancy"),
    "development.TrainingApplication": ("applicant", "cohort__course"),
    "programmes.CohortEnrolment": ("peer", "cohort__course"),
    "workforce.Placement": ("peer", "post__team"),
    "workforce.InductionPlan": ("placement__peer",),
    "workforce.EmploymentReview": ("placement__peer",),
    "workforce.WellnessActionPlan": ("peer",),
    "development.DescriptorRating": ("descriptor",),
    "development.CompetencyAssessment": ("peer",),
}
# The field that names a record best, when it has one (else its first date).
_TITLE_FIELDS = ("title", "text", "name", "full_name", "merged_full_name", "kind", "version")
TABLE_FROM = 5  # a source with this many records or more is one table (a row a record) when its columns fit
TABLE_MAX_COLUMNS = 4
SHORT_VALUE = 24  # characters: a value this short (a date, a status) is kept on one line in a table
PER_CENT_A_CHARACTER = 1.0  # of the page's width, for a character of the tables' 8pt text


# --- Making values readable --------------------------------------------------------------------------------------


def day(value: datetime.date | datetime.datetime) -> str:
    """ "3 December 2026" (a time is read in the local time zone)."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return date_format(value, "j F Y")


def _moment(value: datetime.datetime) -> str:
    return date_format(timezone.localtime(value), "j F Y, H:i")


def _decimal(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _file(value: dict) -> str:
    """An uploaded file by its name (and size), never its contents."""
    name = posixpath.basename(str(value.get("name", "")))
    size = value.get("size")
    if size is None:
        return name
    if size < 1024:
        return f"{name} ({size} bytes)"
    return f"{name} ({size / 1024:,.0f} KB)" if size < 1024 * 1024 else f"{name} ({size / 1024 / 1024:,.1f} MB)"


def _json(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_json(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_json(v) for v in value)
    return str(value)


class Names:
    """The names of the people and records the export's rows point at, read in one query per related model
    (however many rows): people by name and role, records by their `str`; never an id."""

    def __init__(self, peer: Peer, sections: Iterable[Section]):
        self.peer = peer
        wanted: dict[type[models.Model], set] = defaultdict(set)
        user_model = get_user_model()
        for section in sections:
            model = section.source.model_class
            relations = [f for f in model._meta.concrete_fields if f.is_relation]
            for row in [*section.rows, *section.history]:
                for f in relations:
                    if row.get(f.attname) is not None:
                        wanted[f.related_model].add(row[f.attname])
                if row.get("history_user_id") is not None:
                    wanted[user_model].add(row["history_user_id"])
        self.people = self._people(wanted.pop(user_model, set()))
        self.records: dict[type[models.Model], dict[Any, str]] = {}
        for model, ids in wanted.items():
            if model is Peer and ids == {peer.pk}:
                self.records[model] = {peer.pk: peer.full_name}
                continue
            found = model._base_manager.filter(pk__in=ids).select_related(*NAMED_WITH.get(model._meta.label, ()))
            self.records[model] = {obj.pk: (obj.full_name if model is Peer else str(obj)) for obj in found}

    def _people(self, ids: set) -> dict[Any, str]:
        if not ids:
            return {}
        users = with_roles(get_user_model()._base_manager.filter(pk__in=ids)).select_related("peer")
        named = {}
        for user in users:
            roles = [
                f"{role.get_role_display()}, {role.team.name if role.team_id else role.trust.name}"
                for role in user.staff_roles.all()
            ]
            own = getattr(user, "peer", None)
            if own is not None and own.pk == self.peer.pk:
                roles.insert(0, "themself")
            elif own is not None:
                roles.append("peer worker")
            if not roles and user.is_superuser:
                roles.append("administrator")
            # Their own sign-in under the name they are known by here (the account may hold another spelling).
            name = self.peer.full_name if own is not None and own.pk == self.peer.pk else person_name(user)
            named[user.pk] = f"{name} ({'; '.join(roles)})" if roles else name
        return named

    def person(self, user_id) -> str:
        if user_id is None:
            return "the application (an import or a scheduled job)"  # no person
        return self.people.get(user_id, "a former user")

    def record(self, f: models.Field, value) -> str:
        if f.related_model is get_user_model():
            return self.person(value)
        name = self.records.get(f.related_model, {}).get(value)
        return name or f"a deleted {f.related_model._meta.verbose_name}"


@dataclass
class Shown:
    """How a source's rows are shown: the fields a reader sees (by attname) and their labels."""

    model: type[models.Model]
    fields: list[models.Field]

    @classmethod
    def of(cls, section: Section, peer: Peer) -> Shown:
        model = section.source.model_class
        hidden = MACHINE_FIELDS.get(section.source.model, frozenset())
        shown = []
        for f in model._meta.concrete_fields:
            if f.primary_key or f.attname in hidden or f.attname in section.withheld:
                continue
            if not f.is_relation and f.attname.endswith("_id"):
                continue  # a number that names another record: for machines only
            shown.append(f)
        return cls(model=model, fields=shown)

    def label(self, f: models.Field) -> str:
        return LABELS.get((self.model._meta.label, f.attname), capfirst(str(f.verbose_name)))


def readable(f: models.Field, value, names: Names, peer: Peer) -> str | None:
    """The value as a person reads it; None when there is nothing to show (empty, or the person themself)."""
    if value is None or value == "" or value == [] or value == {}:
        return None
    if f.is_relation:
        if f.related_model is Peer and value == peer.pk:
            return None  # every record here is about them: "Peer: Samira Okafor" on each would say nothing
        return names.record(f, value)
    if isinstance(value, dict) and isinstance(f, models.FileField):
        return _file(value)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return _moment(value)
    if isinstance(value, datetime.date):
        return day(value)
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, Decimal):
        return _decimal(value)
    if isinstance(f, models.JSONField):
        return _json(value)
    return str(value)


# --- Records, their history, the sources and the parts ------------------------------------------------------------


_ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
ACCESS_LOG_COLUMNS = ("who", "role", "what", "when", "how")


@dataclass
class Record:
    title: str  # its name and what tells it from others: "Training record: Safeguarding adults level 2"
    heading: str  # what tells it from others (in a list under the source's label)
    summary_fields: tuple[str, ...]  # the fields that came from
    order: tuple  # records are shown by their first date (those without one after them), then as made
    values: list[tuple[str, str]]  # (label, value), the empty fields left out
    by_field: dict[str, str]  # attname -> value, for the table's columns
    history: list[str] = field(default_factory=list)
    deleted_on: str = ""


@dataclass
class SourceView:
    label: str
    records: list[Record]
    withheld: list[str]
    columns: list[tuple[str, str]] = field(default_factory=list)  # (attname, label): shown as a table
    widths: list[float] = field(default_factory=list)  # the columns' widths, per cent
    listed: bool = False  # shown as a list, a paragraph a record
    common: list[tuple[str, str]] = field(default_factory=list)  # the same value in every row of the table
    changes: list[str] = field(default_factory=list)  # the table's history, by day and person

    @property
    def as_table(self) -> bool:
        return bool(self.columns)

    @property
    def rows(self) -> list[list[str]]:
        return [[r.by_field.get(name, "") for name, _ in self.columns] for r in self.records]


@dataclass
class PartView:
    title: str
    holds: str
    sources: list[SourceView]
    nothing_held: list[str]
    access_log: list[dict] | None = None
    record_count: int = 0

    @property
    def access_log_widths(self) -> list[float]:
        cells = [[r[k] for k in ACCESS_LOG_COLUMNS] for r in self.access_log or []]
        return column_widths([k.capitalize() for k in ACCESS_LOG_COLUMNS], cells)


def _history_lines(
    versions: list[dict], shown: Shown, names: Names
) -> tuple[list[tuple[str, str, str, list[str]]], dict | None]:
    """A record's history as (action, day, who, field labels changed): consecutive changes on one day by one person
    make one line. Also the last version that holds values (a deleted record is shown as it was)."""
    lines: list[tuple[str, str, str, list[str]]] = []
    previous = None
    for version in versions:
        action = version.get("history_type", "~")
        when, who = day(version["history_date"]), names.person(version.get("history_user_id"))
        changed = []
        if action == "~" and previous is not None:
            changed = [shown.label(f) for f in shown.fields if previous.get(f.attname) != version.get(f.attname)]
        if lines and action == "~" and lines[-1][0] in "+~" and lines[-1][1:3] == (when, who):
            kept = lines[-1]
            lines[-1] = (kept[0], when, who, [*kept[3], *[c for c in changed if c not in kept[3]]])
        else:
            lines.append((action, when, who, changed))
        previous = version
    last = next((v for v in reversed(versions) if v.get("history_type") != "-"), versions[-1] if versions else None)
    return lines, last


def _say(line: tuple[str, str, str, list[str]]) -> str:
    action, when, who, changed = line
    text = f"{_ACTIONS.get(action, 'Changed')} on {when} by {who}"
    if action == "~":
        text += f": {', '.join(changed)}" if changed else " (no change to what is shown here)"
    return text


def _first_date(model: type[models.Model], values: dict) -> str:
    """The attname of the record's first date (or date and time) that has a value, else ""."""
    return next(
        (f.attname for f in model._meta.concrete_fields if isinstance(f, models.DateField) and values.get(f.attname)),
        "",
    )


def _title(model: type[models.Model], values: dict[str, str]) -> tuple[str, tuple[str, ...]]:
    """What tells the record from the others of its kind (its title, text or name; its kind and date; else its first
    date; else the first record it points at), and the fields that came from (left out of a list's paragraph, which
    starts with it)."""
    first_date = _first_date(model, values)
    for attname in _TITLE_FIELDS:
        if values.get(attname):
            if attname == "kind" and first_date:
                return f"{values[attname]}, {values[first_date]}", (attname, first_date)
            return values[attname], (attname,)
    if first_date:
        return values[first_date], (first_date,)
    # Else what it belongs to: a supervision attendance is named by its session.
    related = next((f.attname for f in model._meta.concrete_fields if f.is_relation and values.get(f.attname)), "")
    if related:
        return values[related], ()
    return capfirst(str(model._meta.verbose_name)), ()


def source_view(section: Section, peer: Peer, names: Names) -> SourceView:
    shown = Shown.of(section, peer)
    model = shown.model
    versions_of: dict[Any, list[dict]] = defaultdict(list)
    for version in section.history:
        versions_of[version["id"]].append(version)
    live_ids = {row["id"] for row in section.rows}
    deleted = [pk for pk in versions_of if pk not in live_ids]
    records: list[Record] = []
    histories: list[tuple[Record, list]] = []
    for values, pk in [*((row, row["id"]) for row in section.rows), *((None, pk) for pk in deleted)]:
        lines, last = _history_lines(versions_of.get(pk, []), shown, names)
        deleted_on = ""
        if values is None:  # a deleted record: as it was, from its history
            values = last or {}
            gone = next((v for v in reversed(versions_of[pk]) if v.get("history_type") == "-"), None)
            deleted_on = day(gone["history_date"]) if gone else ""
        by_field = {}
        for f in shown.fields:
            text = readable(f, values.get(f.attname), names, peer)
            if text is not None:
                by_field[f.attname] = text
        summary, summary_fields = _title(model, by_field)
        name = capfirst(str(model._meta.verbose_name))
        short = summary if len(summary) <= 90 else f"{summary[:90]}…"
        dated = _first_date(model, values)
        record = Record(
            title=name if summary == name else f"{name}: {short}",
            heading=summary,
            summary_fields=summary_fields,
            order=(0, values[dated].isoformat(), pk) if dated else (1, "", pk),
            values=[(shown.label(f), by_field[f.attname]) for f in shown.fields if f.attname in by_field],
            by_field=by_field,
            history=[_say(line) for line in lines],
            deleted_on=deleted_on,
        )
        records.append(record)
        histories.append((record, lines))
    records.sort(key=lambda r: r.order)
    histories.sort(key=lambda pair: pair[0].order)
    view = SourceView(
        label=section.label,
        records=records,
        withheld=[shown.label(model._meta.get_field(name)) for name in sorted(section.withheld) if _has(model, name)],
    )
    if len(records) >= TABLE_FROM:
        _as_table(view, shown, histories)
    return view


def _has(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:  # noqa: BLE001  (a withheld name the model does not have: nothing to say)
        return False
    return True


def _as_table(view: SourceView, shown: Shown, histories: list[tuple[Record, list]]) -> None:
    """Many records of one kind read best together: a field with one value in every record is said once above them,
    and their history is grouped by day and person. With few fields that differ they are one table (a row a record,
    a column a field); with more, a list (a paragraph a record, "Label: value" after its name)."""
    filled = [f for f in shown.fields if any(f.attname in r.by_field for r in view.records)]
    common, varying = [], []
    for f in filled:
        values = {r.by_field.get(f.attname, "") for r in view.records}
        (common if len(values) == 1 and len(view.records) > 1 else varying).append(f)
    view.common = [(shown.label(f), view.records[0].by_field[f.attname]) for f in common]
    for record in view.records:
        record.values = [
            (shown.label(f), record.by_field[f.attname])
            for f in varying
            if f.attname in record.by_field and f.attname not in record.summary_fields
        ]
    deleted = any(r.deleted_on for r in view.records)
    if varying and len(varying) + deleted <= TABLE_MAX_COLUMNS:
        view.columns = [(f.attname, shown.label(f)) for f in varying]
        if deleted:
            view.columns.append(("_deleted_on", "Deleted on"))
            for r in view.records:
                r.by_field["_deleted_on"] = r.deleted_on
        view.widths = column_widths([label for _, label in view.columns], view.rows)
    else:
        view.listed = True
    # The history of the records, by what happened, day and person: "Created on 3 December 2026 by Maria Lopez (Line
    # manager, Riverside CMHT): 21 records"; changes name the record and the fields.
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for record, lines in histories:
        short = record.heading if len(record.heading) <= 60 else f"{record.heading[:60]}…"
        for action, when, who, changed in lines:
            what = f"{short} ({', '.join(changed)})" if action == "~" and changed else short
            grouped.setdefault((action, when, who), []).append(what)
    for (action, when, who), whats in grouped.items():
        if action == "~" or len(whats) <= 3:
            view.changes.append(f"{_ACTIONS.get(action, 'Changed')} on {when} by {who}: {'; '.join(whats)}")
        else:
            view.changes.append(f"{_ACTIONS.get(action, 'Changed')} on {when} by {who}: {len(whats)} records")


def column_widths(labels: list[str], rows: list[list[str]]) -> list[float]:
    """Column widths (per cent) in proportion to each column's longest value, and never narrower than its longest
    word, nor (when they all fit) its longest short value (a date, a status, a name): the table is laid out fixed,
    which is fast, without breaking a word."""
    wanted, words, shorts = [], [], []
    for k, label in enumerate(labels):
        values = [row[k] for row in rows]
        longest = max([len(v) for v in values] + [len(label)])
        word = max([len(w) for v in values for w in v.split()] + [len(w) for w in label.split()])
        short = max([len(v) for v in values if len(v) <= SHORT_VALUE] + [word])
        wanted.append(min(max(longest, 10), 60))
        words.append(word * PER_CENT_A_CHARACTER + 2.5)
        shorts.append(short * PER_CENT_A_CHARACTER + 2.5)
    # Short values kept whole as far as the page allows (a share of each column's short value above its word).
    room = (100 - sum(words)) / ((sum(shorts) - sum(words)) or 1)
    least = [w + (s - w) * min(max(room, 0), 1) for w, s in zip(words, shorts, strict=True)]
    total = sum(wanted)
    widths = [max(100 * w / total, m) for w, m in zip(wanted, least, strict=True)]
    excess = sum(widths) - 100
    if excess > 0:  # taken from the columns wider than they must be, in proportion
        spare = [w - m for w, m in zip(widths, least, strict=True)]
        widths = [w - excess * s / (sum(spare) or 1) for w, s in zip(widths, spare, strict=True)]
    return [round(w, 1) for w in widths]


def access_log_rows(section: Section, names: Names) -> list[dict]:
    """The reads of their sensitive records as one table: a row per reader and day (who, role, what, when, how)."""
    record_types = dict(section.source.model_class._meta.get_field("record_type").flatchoices)
    channels = dict(section.source.model_class._meta.get_field("channel").flatchoices)
    grouped: dict[tuple[Any, datetime.date], list[dict]] = defaultdict(list)
    for row in section.rows:
        grouped[(row["user_id"], timezone.localtime(row["accessed_at"]).date())].append(row)
    rows = []
    for (user_id, on), reads in grouped.items():
        label = names.person(user_id)
        who, _, role = label.partition(" (")
        counts: dict[str, int] = {}
        for read in reads:
            kind = str(record_types.get(read["record_type"], read["record_type"]))
            counts[kind] = counts.get(kind, 0) + 1
        times = sorted(timezone.localtime(r["accessed_at"]).strftime("%H:%M") for r in reads)
        rows.append(
            {
                "who": who,
                "role": role.rstrip(")") or "—",
                "what": "; ".join(f"{kind} ({n})" if n > 1 else kind for kind, n in counts.items()),
                "when": f"{day(on)}, {times[0]}" + (f" to {times[-1]}" if times[-1] != times[0] else ""),
                "how": ", ".join(sorted({str(channels.get(r["channel"], r["channel"])) for r in reads}, key=str.lower)),
                "sort": (who.lower(), on),
            }
        )
    return sorted(rows, key=lambda r: r["sort"])


def parts(peer: Peer, sections: list[Section]) -> list[PartView]:
    """The export as the PDF shows it: one part per phase of the journey, each source in it with its records."""
    names = Names(peer, sections)
    views = [
        PartView(
            title=p.title,
            holds=p.holds.format(check=nations.vetting_name(peer.trust)),
            sources=[],
            nothing_held=[],
            access_log=[] if i == 4 else None,
        )
        for i, p in enumerate(PARTS)
    ]
    placed = {model: (i, k) for i, p in enumerate(PARTS) for k, model in enumerate(p.models)}
    ordered = sorted(
        sections,
        key=lambda s: placed.get(s.source.model, (_PART_OF_APP.get(s.source.model.split(".")[0], 0), 99)),
    )
    for section in ordered:
        index = placed.get(section.source.model, (_PART_OF_APP.get(section.source.model.split(".")[0], 0), 0))[0]
        part = views[index]
        if section.source.model == ACCESS_LOG:
            part.access_log = access_log_rows(section, names)
            part.record_count += len(section.rows)
            continue
        view = source_view(section, peer, names)
        part.record_count += len(view.records)
        if view.records:
            part.sources.append(view)
        else:
            part.nothing_held.append(view.label)
    return views


# --- The document ------------------------------------------------------------------------------------------------


def retention() -> list[str]:
    months = settings.RETENTION_MONTHS_UNSUCCESSFUL_APPLICANTS
    return [
        f"Someone who applied and was never placed in a post: their personal data is removed {months} months after "
        "their last application ended, unless a legal hold is in force (a claim or complaint that needs the "
        "records).",
        "Everything about employment, supervision and development: kept while they work in the programme, and then "
        "for the period the trust's records retention schedule sets for staff records (which follows the NHS "
        "Records Management Code of Practice); the information governance officer can say which period applies.",
        "The record of who read their sensitive records: kept as long as the records it is about.",
    ]


def subject_access_html(peer: Peer, sections: list[Section], *, full_from: str | None = None) -> str:
    """`full_from` (who provides the full export) marks a partial export, which says so on its cover page."""
    part_views = parts(peer, sections)
    return render_to_string(
        "privacy/subject_access_pdf.html",
        {
            "peer": peer,
            "partial_note": partial_note(full_from) if full_from is not None else "",
            "printed_on": timezone.localdate(),
            "parts": part_views,
            "purpose": PURPOSE,
            "retention": retention(),
            "corrections_to": selectors.full_export_from(peer),
            "regulator": REGULATOR,
        },
    )


def new_page_sections() -> tuple[str, ...]:
    """The titles of the parts, each of which starts on a new page (for the layout check)."""
    return tuple(p.title for p in PARTS)


def subject_access_pdf(peer: Peer, sections: list[Section], *, full_from: str | None = None) -> io.BytesIO:
    from weasyprint import HTML  # imported here: loading WeasyPrint and its fonts is slow

    document = io.BytesIO()
    HTML(string=subject_access_html(peer, sections, full_from=full_from)).write_pdf(document, pdf_variant="pdf/ua-1")
    document.seek(0)
    return document


def subject_access_filename(peer: Peer, extension: str) -> str:
    return f"subject-access-{slugify(peer.full_name)}-{timezone.localdate():%Y-%m-%d}.{extension}"
