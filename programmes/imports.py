"""CSV import of existing staff (issue 7, item 3) with django-import-export: one resource per kind of record
(peers, posts; placements live in `workforce.imports`, which registers itself here). Every row is read by the
resource, checked, and saved through the existing services, so history and the services' rules apply. A dry
run runs the same code inside a transaction that is rolled back; the real run saves nothing unless every row
is good (`import_file`).

The confirmed import claims its pending file first (`confirm_import`): two confirms of one checked file, one
after the other or at the same moment, import it once; the second is shown the first one's result.

Phases plug their own kinds in with `register` (found by `autodiscover`, like the admin's modules), so this
module never imports a later phase.
"""

from __future__ import annotations

import datetime
import decimal
from dataclasses import dataclass, field
from typing import Any

import tablib
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules
from import_export import resources

from . import access, fields, services
from .exports import cell
from .models import Peer, Post, SubmissionToken, Trust

MAX_UPLOAD_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Column:
    name: str
    explanation: str
    example: str = ""
    required: bool = False


@dataclass
class RowOutcome:
    number: int  # the row of data, counting from 1 after the header line
    action: str  # "Create", "Update", "Error"
    summary: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportOutcome:
    rows: list[RowOutcome]
    file_errors: list[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(row.errors for row in self.rows)

    @property
    def error_rows(self) -> list[RowOutcome]:
        return [row for row in self.rows if row.errors]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)


# --- Reading cells ---------------------------------------------------------------------------------------


def text(row: dict, name: str) -> str:
    value = row.get(name)
    return "" if value is None else str(value).strip()


def required_text(row: dict, name: str, errors: dict) -> str:
    value = text(row, name)
    if not value:
        errors.setdefault(name, []).append(f"“{name}” is empty; it is required.")
    return value


def date_cell(row: dict, name: str, errors: dict, *, required: bool = False) -> datetime.date | None:
    value = text(row, name)
    if not value:
        if required:
            errors.setdefault(name, []).append(f"“{name}” is empty; give a date as YYYY-MM-DD.")
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        errors.setdefault(name, []).append(f"“{value}” in “{name}” is not a date; write it as YYYY-MM-DD.")
        return None
    try:
        fields.check_date(day)  # the forms' bounds: a far date would overflow the plans made from it
    except ValidationError as error:
        errors.setdefault(name, []).append(f"“{value}” in “{name}” is out of range. {error.messages[0]}")
        return None
    return day


def number_cell(row: dict, name: str, errors: dict, *, whole: bool = False) -> Any:
    value = text(row, name)
    if not value:
        errors.setdefault(name, []).append(f"“{name}” is empty; it is required.")
        return None
    try:
        return int(value) if whole else decimal.Decimal(value)
    except (ValueError, decimal.InvalidOperation):
        errors.setdefault(name, []).append(f"“{value}” in “{name}” is not a number.")
        return None


def choice_cell(row: dict, name: str, choices, errors: dict, default: str) -> str:
    value = text(row, name)
    if not value:
        return default
    by_value = {str(v).lower(): v for v, _ in choices}
    by_label = {str(label).lower(): v for v, label in choices}
    found = by_value.get(value.lower()) or by_label.get(value.lower())
    if found is None:
        allowed = ", ".join(str(v) for v, _ in choices)
        errors.setdefault(name, []).append(f"“{value}” in “{name}” is not one of: {allowed}.")
        return default
    return found


def messages_of(error: ValidationError) -> list[str]:
    """A ValidationError as sentences, each naming the column it concerns."""
    if hasattr(error, "error_dict"):
        out = []
        for name, errors in error.message_dict.items():
            for message in errors:
                out.append(message if name == "__all__" else f"{name}: {message}")
        return out
    return list(error.messages)


# --- Resources -------------------------------------------------------------------------------------------


class StaffResource(resources.ModelResource):
    """A resource bound to the signed-in user and the trust the file is for. Subclasses say which columns they
    read (`columns`), how a row becomes an instance (`read_row`, raising ValidationError with every problem) and
    how it is saved (`save_row`, through a service)."""

    kind = ""
    label = ""
    columns: tuple[Column, ...] = ()

    class Meta:
        skip_diff = True
        use_transactions = True

    def __init__(self, *, user, trust: Trust):
        super().__init__()
        self.user = user
        self.trust = trust
        self.summaries: dict[int, str] = {}
        self.pending: dict[int, dict] = {}

    # import-export hooks: the resource's own fields are not used; `read_row` reads the row.
    def get_or_init_instance(self, instance_loader, row):
        return self.find(row), False

    def find(self, row):
        """The existing record a row changes, or a new unsaved one (then `instance.pk` is None)."""
        raise NotImplementedError

    def import_instance(self, instance, row, **kwargs):
        number = kwargs["row_number"]
        self.pending[number] = self.read_row(instance, row)
        self.summaries[number] = self.describe(instance, self.pending[number])

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if import_validation_errors:
            raise ValidationError(import_validation_errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        self.save_row(instance, self.pending.pop(kwargs["row_number"]))

    def save_m2m(self, instance, row, **kwargs):
        return None

    def read_row(self, instance, row) -> dict:
        raise NotImplementedError

    def describe(self, instance, values: dict) -> str:
        raise NotImplementedError

    def save_row(self, instance, values: dict) -> None:
        raise NotImplementedError

    @classmethod
    def template_csv(cls) -> str:
        dataset = tablib.Dataset(headers=[cell(c.name) for c in cls.columns])
        dataset.append([cell(c.example) for c in cls.columns])
        return dataset.export("csv")


class PeerResource(StaffResource):
    """Peers already employed: a row with the email of a peer of the trust changes that peer; otherwise a new
    peer is created."""

    kind = "peers"
    label = "Peers"
    columns = (
        Column("full_name", "The peer's full name.", "Alex Smith", required=True),
        Column("preferred_name", "What they like to be called (optional).", "Alex"),
        Column("pronouns", "For example she/her, he/him, they/them (optional).", "they/them"),
        Column(
            "email",
            "Work email; a peer of this trust with this email is updated instead of added.",
            "alex.smith@example.nhs.uk",
        ),
        Column("phone", "Work phone (optional).", "01234 567890"),
    )

    class Meta(StaffResource.Meta):
        model = Peer

    def find(self, row):
        email = text(row, "email")
        if email:
            existing = access.editable_peers(self.user).filter(trust=self.trust, email__iexact=email).first()
            if existing is not None:
                return existing
        return Peer(trust=self.trust)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.row_number = 0
        self.emails_seen: dict[str, int] = {}  # lower-cased email: the first row that has it

    def import_instance(self, instance, row, **kwargs):
        self.row_number = kwargs["row_number"]
        super().import_instance(instance, row, **kwargs)

    def read_row(self, instance, row) -> dict:
        errors: dict = {}
        values = {"full_name": required_text(row, "full_name", errors)}
        for name in ("preferred_name", "pronouns", "email", "phone"):
            values[name] = text(row, name)
        # Two rows of one email would be one person twice (the second row silently changing the first's record).
        email = values["email"].lower()
        if email and self.emails_seen.setdefault(email, self.row_number) != self.row_number:
            errors.setdefault("email", []).append(
                f"Row {self.emails_seen[email]} has the same email; a person has one row (one record in the trust)."
            )
        if errors:
            raise ValidationError(errors)
        return values

    def describe(self, instance, values: dict) -> str:
        if instance.pk is None:
            return f"Add peer {values['full_name']}"
        changed = [name for name, value in values.items() if getattr(instance, name) != value]
        if not changed:
            return f"No change to peer {instance.full_name}"
        return f"Change peer {instance.full_name}: {', '.join(changed)}"

    def save_row(self, instance, values: dict) -> None:
        if instance.pk is None:
            services.create_peer(by=self.user, trust=self.trust, **values)
        else:
            services.update_peer(peer=instance, by=self.user, **values)


class PostResource(StaffResource):
    """Posts already in the establishment, each in a team of the trust. Every row adds a post."""

    kind = "posts"
    label = "Posts"
    columns = (
        Column(
            "team",
            "The team's name, exactly as in the list of teams.",
            "Community Mental Health Team North",
            required=True,
        ),
        Column("title", "The post's title.", "Peer Support Worker", required=True),
        Column("band", "Agenda for Change band, a whole number from 1 to 9.", "3", required=True),
        Column("hours", "Hours a week, for example 37.5.", "22.5", required=True),
        Column("contract_type", "permanent or fixed_term (blank means permanent).", "permanent"),
        Column("fixed_term_end", "For a fixed-term post, when it ends (YYYY-MM-DD).", ""),
        Column("funding", f"How it is funded: {', '.join(v for v, _ in Post.Funding.choices)} (blank: programme).", ""),
    )

    class Meta(StaffResource.Meta):
        model = Post

    def find(self, row):
        return Post()

    def read_row(self, instance, row) -> dict:
        errors: dict = {}
        team_name = required_text(row, "team", errors)
        team = None
        if team_name:
            team = access.teams_for_posts(self.user).filter(trust=self.trust, name__iexact=team_name).first()
            if team is None:
                errors.setdefault("team", []).append(f"Unknown team “{team_name}” in {self.trust}.")
        values = {
            "team": team,
            "title": required_text(row, "title", errors),
            "band": number_cell(row, "band", errors, whole=True),
            "hours": number_cell(row, "hours", errors),
            "contract_type": choice_cell(
                row, "contract_type", Post.ContractType.choices, errors, Post.ContractType.PERMANENT
            ),
            "fixed_term_end": date_cell(row, "fixed_term_end", errors),
            "funding": choice_cell(row, "funding", Post.Funding.choices, errors, Post.Funding.PROGRAMME),
        }
        if values["band"] is not None and not 1 <= values["band"] <= 9:
            errors.setdefault("band", []).append(f"Band {values['band']} is out of range; give 1 to 9.")
        if errors:
            raise ValidationError(errors)
        # Check the record as the service will, so the dry run reports it against this row.
        Post(**values).full_clean()
        return values

    def describe(self, instance, values: dict) -> str:
        return f"Add post {values['title']} (band {values['band']}, {values['hours']} hours) in {values['team'].name}"

    def save_row(self, instance, values: dict) -> None:
        services.create_post(by=self.user, **values)


# --- The registry of kinds and the import itself ----------------------------------------------------------

KINDS: dict[str, type[StaffResource]] = {}


def register(resource: type[StaffResource]) -> type[StaffResource]:
    KINDS[resource.kind] = resource
    return resource


register(PeerResource)
register(PostResource)


def autodiscover() -> dict[str, type[StaffResource]]:
    """Load every app's `imports` module, so later phases register their kinds (placements)."""
    autodiscover_modules("imports")
    return KINDS


def read_csv(content: str, columns: tuple[Column, ...]) -> tuple[tablib.Dataset | None, list[str]]:
    """The file as a dataset, or the reasons it cannot be read at all."""
    try:
        dataset = tablib.Dataset().load(content.lstrip("\ufeff"), format="csv")
    except Exception:  # tablib raises several kinds for a file that is not CSV
        return None, ["The file could not be read as CSV. Save it from your spreadsheet as “CSV UTF-8”."]
    headers = [(h or "").strip() for h in (dataset.headers or [])]
    dataset.headers = headers
    missing = [c.name for c in columns if c.required and c.name not in headers]
    unknown = [h for h in headers if h and h not in {c.name for c in columns}]
    errors = []
    if missing:
        errors.append(f"Missing column(s): {', '.join(missing)}. Start from the template CSV.")
    if unknown:
        errors.append(f"Unknown column(s): {', '.join(unknown)}.")
    if not len(dataset) and not errors:
        errors.append("The file has no rows under its header.")
    return (None if errors else dataset), errors


def import_file(*, kind: str, content: str, user, trust: Trust, dry_run: bool) -> ImportOutcome:
    """Run the import of one CSV file. A dry run saves nothing; a real run saves every row in one transaction,
    or nothing at all when any row has an error."""
    resource_class = KINDS[kind]
    if not access.trusts_for_new_peers(user).filter(pk=trust.pk).exists():
        return ImportOutcome(rows=[], file_errors=["You cannot import records for this trust."])
    dataset, file_errors = read_csv(content, resource_class.columns)
    if dataset is None:
        return ImportOutcome(rows=[], file_errors=file_errors)
    resource = resource_class(user=user, trust=trust)
    with transaction.atomic():
        result = resource.import_data(dataset, dry_run=dry_run, use_transactions=True, raise_errors=False)
        outcome = _outcome(resource, result)
        if dry_run or outcome.has_errors:
            transaction.set_rollback(True)
    return outcome


def _outcome(resource: StaffResource, result) -> ImportOutcome:
    rows: dict[int, RowOutcome] = {}
    for number in range(1, result.total_rows + 1):
        rows[number] = RowOutcome(number=number, action="", summary=resource.summaries.get(number, ""))
    for invalid in result.invalid_rows:
        rows[invalid.number].action = "Error"
        rows[invalid.number].errors = messages_of(invalid.error)
    for number, errors in result.row_errors():
        rows[number].action = "Error"
        rows[number].errors = [str(e.error) for e in errors]
    for row in rows.values():
        if not row.action:
            row.action = "Change" if row.summary.startswith(("Change", "No change")) else "Create"
    file_errors = [str(e.error) for e in result.base_errors]
    return ImportOutcome(rows=list(rows.values()), file_errors=file_errors)


# --- The confirm: one checked file is imported once ---------------------------------------------------------

CLAIM_FORM = "programmes:import-confirm"


def _claim_key(pending_id: str) -> str:
    return f"import:{pending_id}"


def claimed_import(*, pending_id: str, user) -> SubmissionToken | None:
    """The claim of a checked file already imported by `user`, if any (its result is what to show again)."""
    return SubmissionToken.objects.filter(token=_claim_key(pending_id), user=user).first()


def confirm_import(
    *, pending_id: str, kind: str, content: str, user, trust: Trust
) -> tuple[ImportOutcome | None, SubmissionToken | None]:
    """Import a checked file once. The file's claim (a row under a unique key, `pending_id` being the random id its
    dry run was given) is inserted in the same transaction as the import: a second confirm of the same file waits
    on that key until the first commits, then finds it taken and imports nothing.

    Returns (outcome, claim) for the import that ran (claim None when it failed and so saved nothing, its claim
    included, so the file can be checked again), or (None, first claim) when the file had already been imported."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = SubmissionToken.objects.create(token=_claim_key(pending_id), user=user, form=CLAIM_FORM)
        except IntegrityError:
            first = SubmissionToken.objects.filter(token=_claim_key(pending_id)).first()
            if first is None or first.user_id != user.pk:
                raise
            return None, first
        outcome = import_file(kind=kind, content=content, user=user, trust=trust, dry_run=False)
        if outcome.has_errors:
            transaction.set_rollback(True)
            return outcome, None
        added, changed = outcome.count("Create"), outcome.count("Change")
        label = f"{len(outcome.rows)} {KINDS[kind].label.lower()} for {trust}: {added} added, {changed} changed"
        claim.result_label = label[:200]
        claim.result_url = reverse("programmes:import")
        claim.save(update_fields=["result_label", "result_url"])
        return outcome, claim
