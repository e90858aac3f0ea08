"""The "what needs me" home page (issue 15): for each role the user holds, what needs them today, each item
linking to the page that does it, overdue first, with counts.

The home page belongs to the shared model, but most of what needs doing lives in later phases, which this app
never imports: each phase registers a builder (`register`, from its AppConfig.ready) that adds its items to the
page with its own selectors, the same ones its reminder jobs use, and reads only through `programmes.access`.
Items say what is due and for whom, never why: no notes, health, DBS or Wellness Action Plan content.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from . import access, notifications

Role = access.Role


@dataclass(frozen=True)
class Need:
    """One thing that needs the user: what (with whom), the page that does it, and when it is due."""

    text: str
    url: str
    due_on: datetime.date | None = None
    overdue: bool = False
    detail: str = ""  # e.g. "last session 3 November; next planned 27 November"
    key: str = ""  # the item's identity (a reminder's subject), so one item is listed once in a section


@dataclass
class Section:
    """A list of needs under a heading, within one role's part of the page."""

    heading: str
    needs: list[Need] = field(default_factory=list)
    empty: str = "Nothing at the moment."
    more_url: str = ""  # the page with the whole list
    more_label: str = ""
    total: int | None = None  # when only the first of more are listed

    def add(self, need: Need) -> None:
        if need.key and any(n.key == need.key for n in self.needs):
            return
        self.needs.append(need)

    @property
    def count(self) -> int:
        return len(self.needs) if self.total is None else self.total

    @property
    def overdue_count(self) -> int:
        return sum(1 for n in self.needs if n.overdue)

    def in_order(self) -> list[Need]:
        """Overdue first (longest overdue at the top), then by the date due; undated last, as added."""
        far = datetime.date.max
        return sorted(self.needs, key=lambda n: (not n.overdue, n.due_on or far))


# The parts of the page, in the order shown; each is shown to those holding the role (or, for "own", to a peer
# with an account), and a person with several roles sees each of theirs.
PARTS: dict[str, str] = {
    "keeper": "HR and the peer support lead",
    "line_manager": "Line manager",
    "supervisor": "Supervisor",
    "panel": "Interview panel",
    "own": "Your own employment",
    "other": "Also due for you",
    "reminders": "Unread reminders",
}
KEEPER_ROLES = frozenset({Role.HR, Role.PEER_LEAD})


@dataclass
class Page:
    """Everything on one user's page: which parts they see, and each part's sections, by key."""

    user: object
    today: datetime.date
    roles: set[str]
    own_peer: object | None
    parts: dict[str, dict[str, Section]] = field(default_factory=dict)

    def holds(self, part: str) -> bool:
        if part == "keeper":
            return bool(self.roles & KEEPER_ROLES)
        if part == "line_manager":
            return Role.LINE_MANAGER in self.roles
        if part == "supervisor":
            return Role.SUPERVISOR in self.roles
        if part == "panel":
            return Role.PANEL_MEMBER in self.roles
        if part == "own":
            return self.own_peer is not None
        return part in ("other", "reminders")

    def section(self, part: str, key: str, heading: str, **options) -> Section:
        """The section `key` of `part`, created the first time it is asked for (in the order asked)."""
        sections = self.parts.setdefault(part, {})
        if key not in sections:
            sections[key] = Section(heading, **options)
        return sections[key]

    def part_for(self, preferences: tuple[str, ...]) -> str:
        """The first of `preferences` the user holds, else "other": where an item the reminders raised for the
        user goes (a line manager's reviews, or a mentor who holds none of the roles)."""
        return next((p for p in preferences if self.holds(p)), "other")

    def shown(self) -> list[dict]:
        """The parts the user holds, or has items in, each with its sections and counts, for the template."""
        shown = []
        for part, heading in PARTS.items():
            sections = list(self.parts.get(part, {}).values())
            if part == "other" and not any(s.count for s in sections):
                continue
            if not sections and not self.holds(part):
                continue
            if part == "reminders" and not any(s.count for s in sections):
                continue
            shown.append(
                {
                    "key": part,
                    "heading": heading,
                    "sections": sections,
                    "count": sum(s.count for s in sections),
                    "overdue_count": sum(s.overdue_count for s in sections),
                }
            )
        return shown


Builder = Callable[[Page], None]
BUILDERS: dict[str, Builder] = {}


def register(name: str, build: Builder) -> None:
    """A phase adds its sections to every home page: `build(page)` reads what the user may see (through
    `programmes.access`) in a fixed number of queries, and adds sections to the parts the user holds
    (`page.holds`). Registering a name again replaces it (safe from `ready()`)."""
    BUILDERS[name] = build


SHOWN = 10  # items listed in a section; its count says how many in all
REMINDERS_SHOWN = SHOWN


def reminders(page: Page) -> None:
    """The user's unread reminders whose item is still due (a reminder done since is not counted)."""
    shown, total = notifications.unread_still_due(page.user, page.today, limit=REMINDERS_SHOWN)
    if not total:
        return
    section = page.section(
        "reminders",
        "unread",
        "Reminders not yet read",
        total=total,
        more_url=_notification_list_url(),
        more_label="All your notifications",
    )
    for n in shown:
        section.add(Need(n.title, n.url, due_on=n.due_on, overdue=n.due_on < page.today, key=f"n{n.pk}"))


def _notification_list_url() -> str:
    from django.urls import reverse

    return reverse("programmes:notification-list")


def build_page(user, today: datetime.date) -> Page:
    """The user's "what needs me" page: every registered phase's sections, then the unread reminders."""
    page = Page(
        user=user,
        today=today,
        roles=access.roles(user),
        own_peer=access.own_peer_record(user).first(),
    )
    for build in BUILDERS.values():
        build(page)
    reminders(page)
    return page
