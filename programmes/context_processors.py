"""What the navigation offers the signed-in user, asked of `programmes.access`.

The top navigation groups the pages by the programme's phases (ImROC guide, Box 1): preparation,
recruitment, employment and development, then reports and the user's own menu. At most seven top items
for any role; a section with a single page is a plain link, a section with more is a menu. The section
the current page belongs to is marked (`current`), the page itself gets aria-current in the template.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from . import access, notifications


@dataclass
class NavLink:
    label: str
    url: str
    current: bool = False


@dataclass
class NavSection:
    key: str
    label: str
    links: list[NavLink] = field(default_factory=list)
    marked: bool = False  # the current page belongs to this section

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)

    @property
    def single(self) -> NavLink | None:
        return self.links[0] if len(self.links) == 1 else None


# URL names of the programmes app by the section they belong to (the other apps are a section each).
_PREPARATION_PREFIXES = (
    "trust-", "team-", "post-", "jd-template-", "course-", "cohort-", "enrolment-", "programme-",
    "steering-member-", "project-action-", "cost-item-", "team-preparation-", "recovery-language",
    "code-of-conduct", "peer-acknowledgement-", "import",
)  # fmt: skip


def _where(request) -> tuple[str, str]:
    """(namespace, url name) of the page being shown, or empty strings."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "", ""
    return match.namespace or "", match.url_name or ""


def _link(label: str, name: str, where: tuple[str, str], *, prefix: str | None = None, unless: str = "") -> NavLink:
    """A link to the URL `name` ("namespace:url_name"); current when the page is that URL, or any URL of the
    same namespace whose name starts with `prefix` (except the URL name `unless`, which has its own link)."""
    namespace, url_name = name.split(":")
    here_namespace, here_name = where
    current = here_namespace == namespace and (
        here_name == url_name if prefix is None else here_name.startswith(prefix) and here_name != unless
    )
    return NavLink(label, reverse(name), current)


def sections(request) -> list[NavSection]:
    """The menus of the top navigation for the signed-in user, in order, each holding only pages they may open."""
    user = request.user
    where = _where(request)
    staff = access.can_use_staff_pages(user)
    found: list[NavSection] = [NavSection("home", "Home", [_link("Home", "programmes:home", where)])]

    preparation = NavSection("preparation", "Preparation")
    if staff:
        preparation.links += [
            _link("Trusts and programmes", "programmes:trust-list", where, prefix="trust-"),
            _link("Teams", "programmes:team-list", where, prefix="team-"),
            _link("Posts", "programmes:post-list", where, prefix="post-"),
            _link("Job descriptions", "programmes:jd-template-list", where, prefix="jd-template-"),
        ]
    if access.can_use_preparation_pages(user):
        preparation.links.append(_link("Training courses", "programmes:course-list", where, prefix="course-"))
    if staff:
        preparation.links.append(_link("Recovery-focused language", "programmes:recovery-language", where))
    preparation.links.append(_link("Code of conduct", "programmes:code-of-conduct", where))
    found.append(preparation)

    if access.can_use_recruitment_pages(user):
        recruitment = NavSection("recruitment", "Recruitment")
        recruitment.links += [
            _link("Recruitment overview", "recruitment:dashboard", where),
            _link("Vacancies", "recruitment:vacancy-list", where, prefix="vacancy-"),
            _link("Applications", "recruitment:application-list", where, prefix="application-"),
        ]
        if access.can_keep_recruitment(user):
            recruitment.links.append(
                _link("Orientation sessions", "recruitment:orientation-list", where, prefix="orientation-")
            )
        found.append(recruitment)

    if access.can_use_workforce_pages(user):
        employment = NavSection("employment", "Employment" if staff else "My employment")
        employment.links.append(_link("Employment overview" if staff else "My employment", "workforce:home", where))
        if access.can_find_peers(user):
            employment.links.append(_link("Peers", "programmes:peer-list", where, prefix="peer-"))
        if staff and access.can_list_peers(user):
            employment.links += [
                _link("Placements", "workforce:placement-list", where, prefix="placement-"),
                _link(
                    "Supervision sessions",
                    "workforce:supervision-list",
                    where,
                    prefix="supervision-",
                    unless="supervision-schedule",
                ),  # fmt: skip
                _link("Supervision schedule", "workforce:supervision-schedule", where),
                _link("Reviews and appraisals", "workforce:review-list", where, prefix="review-"),
            ]
        found.append(employment)
    elif access.can_find_peers(user):
        found.append(NavSection("employment", "Peers", [_link("Peers", "programmes:peer-list", where, prefix="peer-")]))

    if access.can_use_development_pages(user):
        development = NavSection("development", "Development" if staff else "My development")
        development.links.append(
            _link("Development overview" if staff else "My development", "development:home", where)
        )
        if access.can_use_growth_pages(user):
            development.links += [
                _link("Vacancy reviews", "development:vacancy-review-list", where, prefix="vacancy-review-"),
                _link("New services", "development:new-service-list", where, prefix="new-service-"),
                _link("System change", "development:contribution-list", where, prefix="contribution-"),
            ]
        if staff and access.can_use_network_pages(user):
            development.links.append(_link("Peer network", "development:network-list", where, prefix="network-"))
        found.append(development)

    # A section with a single page is a plain link, named as the section ("Development", not "Development overview").
    for section in found:
        if section.single and section.key in ("employment", "development"):
            section.single.label = section.label

    reports = NavSection("reports", "Reports")
    if access.can_use_dashboard(user):
        reports.links.append(_link("Dashboard", "dashboards:dashboard", where))
    if access.can_use_subject_access_requests(user):
        reports.links.append(_link("Subject access requests", "privacy:request-list", where, prefix="request-"))
    if reports.links:
        found.append(reports)

    # The pages the sections above claim by namespace alone (a page of the app not listed in its menu
    # still marks its section as the current one).
    namespace_section = {"recruitment": "recruitment", "workforce": "employment", "development": "development",
                         "dashboards": "reports", "privacy": "reports"}  # fmt: skip
    here_namespace, here_name = where
    section_key = namespace_section.get(here_namespace)
    if here_namespace == "programmes":
        if here_name.startswith(_PREPARATION_PREFIXES):
            section_key = "preparation"
        elif here_name.startswith("peer-"):
            section_key = "employment"
    for section in found:
        section.marked = section.current or section.key == section_key
    return found


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    peer_id = access.scope(user).peer_id
    where = _where(request)
    return {
        "nav": {
            "sections": sections(request),
            "staff": access.can_use_staff_pages(user),
            "peers": access.can_find_peers(user),
            "subject_access_requests": access.can_use_subject_access_requests(user),
            "admin": access.can_use_admin(user),
            "preparation": access.can_use_preparation_pages(user),
            "recruitment": access.can_use_recruitment_pages(user),
            "keeps_recruitment": access.can_keep_recruitment(user),
            "employment": access.can_use_workforce_pages(user),
            "development": access.can_use_development_pages(user),
            "dashboard": access.can_use_dashboard(user),
            "my_record": reverse("programmes:peer-detail", args=[peer_id]) if peer_id else "",
            "notifications_current": where[0] == "programmes" and where[1].startswith("notification-"),
            # One query: the signed-in user's unread notifications, shown beside the link to them.
            "unread_notifications": notifications.unread_count(user),
        }
    }
