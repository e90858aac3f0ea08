"""Plain words on every page (issue 15 item 6): no page or printed document names a source by its internal number
("seed 000") or a box without its document ("Box 9"), nor shows "None" for an empty value; every form's
required-field message reads as a sentence ("Enter the date applications open"), never a raw field name.

Forms are found by walking the project's classes (every subclass of django.forms.BaseForm defined in its apps,
formsets' forms included) and built as the pages build them: every GET row of the permission matrix
(tests/test_permissions.py) is opened as every role it is open to, and the arguments each form class was first
constructed with are recorded; each class is then constructed again with the same arguments, bound to empty data,
and every required field's message is read. A class no page builds fails the test unless NOT_BUILT says why.

Pages are those of the permission matrix, fetched as every role each is open to (as
tests/security/test_injection_crawl.py walks them); a PDF is checked as the HTML it is printed from (WeasyPrint is
replaced by a recorder, so nothing is printed). Visible text is the text nodes, without <script> and <style>.

Both checks read the same pages, so the module walks them once (`walked`), with both recorders on; each test
asserts on its own part of what the walk recorded.
"""

from __future__ import annotations

import contextlib
import html.parser
import importlib
import pkgutil
import re
from dataclasses import dataclass, field

import pytest
from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from tests.matrix import ROLES
from tests.security.sensitive_world import sensitive_fixture  # noqa: F401
from tests.test_permissions import MATRIX, preparation  # noqa: F401  (the rows' fixtures)

APPS = ("programmes", "recruitment", "workforce", "development", "dashboards", "privacy", "api", "outcomes", "sso")

# Form classes no page constructs as they are, each with the reason. Every other form class of the project is
# built from a page and checked.
NOT_BUILT = {
    "programmes.fields.BoundedModelForm": "a base: a model form whose dates are bounded, with no model of its own",
    "programmes.forms.CrispyModelForm": "a base: the project's model form laid out by crispy-forms, no model",
    "recruitment.forms_applications.PlainForm": "a base of recruitment's plain forms, with no fields",
    "workforce.forms_placements.CrispyForm": "a base of employment's plain forms, with no fields",
    "development.forms_growth.ServiceCheckedForm": "a base of the growth forms, with no model",
    "privacy.forms._Form": "a base of the privacy forms, with no fields",
    "programmes.forms.SignInForm": "a base: the sign-in page builds sso.forms.SignInForm, checked here in its place",
    "sso.admin.IdentityProviderForm": "the admin's form for identity providers (tests/sso/test_configuration.py)",
}


# --- Finding every form class and how the pages build it ----------------------------------------------------------


def project_form_classes() -> dict[str, type]:
    """'module.Class' -> class, for every subclass of BaseForm defined in the project's apps (every module of the
    apps imported first, so that a form defined anywhere is found)."""
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in module.name:
                continue
            importlib.import_module(module.name)
    found, stack = {}, [forms.BaseForm]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.split(".")[0] in APPS:
                found[f"{sub.__module__}.{sub.__qualname__}"] = sub
    return found


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def record_constructions(monkeypatch, classes) -> dict[type, tuple[tuple, dict]]:
    """From now on, record for every form class constructed the arguments of its first construction: those of the
    outermost __init__ (a subclass's own keyword arguments, such as `user`, included). Every __init__ of the
    classes' MROs is wrapped (monkeypatch puts them back)."""
    made: dict[type, tuple[tuple, dict]] = {}
    started: set[int] = set()

    def wrap(original):
        def __init__(self, *args, **kwargs):
            outermost = id(self) not in started  # the outermost __init__ of this instance
            if outermost:
                started.add(id(self))
                made.setdefault(type(self), (args, dict(kwargs)))
            try:
                original(self, *args, **kwargs)
            finally:
                if outermost:  # done: a later form given the same id (this one gone) is a new one
                    started.discard(id(self))

        return __init__

    owners = {owner for cls in classes for owner in cls.__mro__ if "__init__" in vars(owner)}
    for owner in owners:
        if issubclass(owner, forms.BaseForm):
            monkeypatch.setattr(owner, "__init__", wrap(vars(owner)["__init__"]))
    return made


def built_empty(cls: type, args: tuple, kwargs: dict) -> forms.BaseForm:
    """`cls` constructed as a page constructed it, bound to empty data (an extra form of a formset included: it
    is not allowed to stay empty here, so its required fields speak)."""
    data, files = QueryDict(""), MultiValueDict()
    args, kwargs = list(args), {**kwargs, "files": files}
    if "data" in kwargs:
        kwargs["data"] = data
    elif args and (args[0] is None or isinstance(args[0], dict)):
        args[0] = data
        if len(args) > 1:
            args[1] = files
            kwargs.pop("files")
    else:
        kwargs["data"] = data
    if "empty_permitted" in kwargs:
        kwargs["empty_permitted"] = False
    return cls(*args, **kwargs)


# --- What makes a required-field message read badly ----------------------------------------------------------------

DJANGO_DEFAULT = str(forms.Field.default_error_messages["required"])
# "Enter the ...", "Choose the ...": the message says what to do with a thing; the thing (its noun) is checked.
VERB = re.compile(r"^(?:Enter|Choose|Give|Say|Tick|Select|Score) (?:the |a |an |at least one )?(?P<noun>.*?)\.?$")
PREPOSITIONS = ("on", "at", "by", "for", "to", "from", "in", "with", "of", "or", "and")
# A column's name, not a thing: one ending in a preposition or a conjunction ("started on", "given by", "made in").
DANGLING = re.compile(rf"\b(?:{'|'.join(PREPOSITIONS)})\.?$")
# Words of an attribute name nobody reads in a sentence: a preposition, a flag's "is"/"has", an abbreviation.
NOT_WORDS = {*PREPOSITIONS, "is", "has", "can", "id", "pk", "fk", "qs", "dt"}


def raw_name_in(message: str, name: str, field: forms.Field) -> str | None:
    """Why `message` (the required-field message of the field `name`) reads as a field's name rather than a
    sentence, or None when it reads as a sentence. A message the form writes itself ("Choose who attended.") is
    a sentence; one built from the field's label ("Enter the " + label) is read for what the label makes of it."""
    if message == DJANGO_DEFAULT:
        return "Django's default message, which does not say what to enter"
    if "_" in message:
        return "a raw field name (with an underscore)"
    match = VERB.match(message)
    label = str(field.label or "").strip().lower()
    noun = match["noun"].strip().lower() if match else None
    if noun is None or (label and noun != label and noun != name.replace("_", " ")):
        return None  # a sentence of the form's own
    if not noun.strip(" .“”\"'"):
        return "no noun: the field has no label"
    words = name.lower().split("_")
    if noun == " ".join(words) and NOT_WORDS & set(words):
        return "the field's attribute name"
    if DANGLING.search(noun):
        return "a column's name, not a thing (it ends in a preposition)"
    if isinstance(field, forms.DateField | forms.DateTimeField) and not re.search(r"\b(?:date|day|when)", noun):
        return "a date not named as a date"
    return None


@dataclass
class Offence:
    form: str
    field: str
    message: str
    why: str


def offences_of(form: forms.BaseForm, label: str) -> list[Offence]:
    found = []
    errors = form.errors
    for name, f in form.fields.items():
        if not f.required:
            continue
        messages = errors.get(name) or [f.error_messages.get("required", DJANGO_DEFAULT)]
        for message in messages:
            why = raw_name_in(str(message), name, f)
            if why:
                found.append(Offence(label, name, str(message), why))
    return found


# --- The walk: every GET row of the matrix, as every role it is open to, once for the module ---------------------


@dataclass
class Document:
    """The visible text of a page, or of a document printed while it was fetched."""

    where: str  # role, URL and row
    kind: str  # "page" or "printed"
    pieces: list[str]


@dataclass
class Walk:
    """What one walk of the matrix's pages recorded, for both tests that read pages: the visible text of every
    HTML page and printed document, and every project form class a page built, built again empty."""

    classes: dict[str, type]  # every form class of the project ('module.Class' -> class)
    built: dict[str, forms.BaseForm | str]  # a class a page built -> built empty (its errors read), or why not
    documents: list[Document] = field(default_factory=list)
    fetched: int = 0
    printed: int = 0


@contextlib.contextmanager
def printing_recorded(pages: list[str]):
    """WeasyPrint's HTML replaced by a recorder: the HTML of every PDF printed meanwhile goes to `pages`, and
    nothing is laid out or printed (the PDF is empty)."""
    import weasyprint

    class FakeHTML:
        def __init__(self, string="", **kwargs):
            pages.append(string)

        def write_pdf(self, target=None, **kwargs):
            empty = b"%PDF-1.4\n%%EOF\n"
            if target is None:
                return empty
            target.write(empty)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(weasyprint, "HTML", FakeHTML)
        yield


def walk(client, w) -> Walk:
    """Every GET row of the matrix as every role it is open to (a peer's own page has forms of its own), each page
    fetched once with both recorders on: the visible text of each HTML answer and printed document, and the
    arguments each form class was first constructed with. Then, in the same world, each form class a page built
    is built again with those arguments, bound to empty data, and its errors read."""
    classes = project_form_classes()
    printed: list[str] = []
    result = Walk(classes, {})
    with pytest.MonkeyPatch.context() as mp, printing_recorded(printed):
        made = record_constructions(mp, classes.values())
        for role in ROLES:
            client.logout()
            if role != "anonymous":
                client.force_login(getattr(w, role))
            for row in MATRIX:
                if row.method != "get" or row.expected[role] != 200:
                    continue
                url = reverse(row.name, kwargs=row.kwargs(w))
                before = len(printed)
                response = client.get(url)
                result.fetched += 1
                where = f"{role} {url} ({row.id})"
                if response.get("Content-Type", "").startswith("text/html"):
                    result.documents.append(Document(where, "page", visible_text(response.content.decode())))
                result.documents += [Document(where, "printed", visible_text(page)) for page in printed[before:]]
                result.printed += len(printed) - before
    # A formset's form is made by Django's factory (a subclass of the project's form): it stands for its base.
    by_name: dict[str, tuple[type, tuple, dict]] = {}
    for cls, (args, kwargs) in made.items():
        project = next((c for c in cls.__mro__ if _name(c) in classes), None)
        if project is not None:
            by_name.setdefault(_name(project), (cls, args, kwargs))
    for name, (cls, args, kwargs) in sorted(by_name.items()):
        try:
            form = built_empty(cls, args, kwargs)
            form.errors  # noqa: B018  (validated here, in the world the page built it in)
            result.built[name] = form
        except Exception as error:  # noqa: BLE001  (reported: a form that cannot be built empty is a finding)
            result.built[name] = repr(error)
    return result


@pytest.fixture(scope="module")
def _walks() -> dict[str, Walk]:
    return {}


@pytest.fixture
def walked(request, db, _walks) -> Walk:
    """The module's walk. The first test that asks for it walks, in its own world (the rows' fixtures, as each
    test of this module had them); a later one reads what it recorded (the pages are the same, and neither test
    changes anything). The walk took most of each test's time."""
    if "walk" not in _walks:
        for fixture in ("preparation", "sensitive", "development"):  # in this order, as a test's arguments were
            w = request.getfixturevalue(fixture)
        _walks["walk"] = walk(request.getfixturevalue("client"), w)
    return _walks["walk"]


def test_every_forms_required_messages_read_as_sentences(walked):
    classes, built = walked.classes, walked.built
    missing = sorted(set(classes) - set(built) - set(NOT_BUILT))
    assert not missing, f"form classes no page of the matrix builds (build them, or say why in NOT_BUILT): {missing}"
    assert not set(NOT_BUILT) & set(built), "NOT_BUILT names a form a page builds"
    assert not set(NOT_BUILT) - set(classes), "NOT_BUILT names a form that no longer exists"

    failed = [f"{name}: {form}" for name, form in built.items() if isinstance(form, str)]
    assert not failed, "forms that could not be built with empty data:\n" + "\n".join(failed)
    offences = [o for name, form in built.items() for o in offences_of(form, name)]
    assert not offences, f"{len(offences)} required-field messages built from a raw field name:\n" + "\n".join(
        f"{o.form}.{o.field}: {o.message!r} ({o.why})" for o in offences
    )
    assert len(built) > 40


def test_the_message_check_finds_a_raw_field_name():
    def field(kind, label=None):
        return kind(label=label)

    date, text, choice = forms.DateField, forms.CharField, forms.ChoiceField
    assert raw_name_in("This field is required.", "title", field(text, "Title"))
    assert raw_name_in("Enter the ods_code.", "ods_code", field(text))
    assert raw_name_in("Enter the held on.", "held_on", field(date, "Held on"))
    assert raw_name_in("Enter the given by.", "given_by", field(text))
    assert raw_name_in("Choose the made in.", "context", field(choice, "Made in"))
    assert raw_name_in("Choose the .", "supervisor", field(choice))
    assert raw_name_in("Enter the opens for applications.", "opens_on", field(date, "Opens for applications"))
    assert raw_name_in("Enter the absence began.", "absence_from", field(date, "Absence began"))
    # Sentences: the form's own, or a label that names a thing.
    assert raw_name_in("Enter the date applications open.", "opens_on", field(date, "Opens for applications")) is None
    assert raw_name_in("Choose the stage to move the application to.", "to_stage", field(choice, "Move to")) is None
    assert raw_name_in("Enter the start date.", "start_date", field(date, "Start date")) is None
    assert raw_name_in("Enter the title.", "title", field(text, "Title")) is None
    assert raw_name_in("Enter the full name.", "full_name", field(text, "Full name")) is None
    assert raw_name_in("Choose the team.", "team", field(choice, "Team")) is None
    assert raw_name_in("Choose who attended.", "attendees", field(choice, "Attendees")) is None


# --- Visible text of pages and printed documents ------------------------------------------------------------------

SEED = re.compile(r"\bseed 00\d\b", re.IGNORECASE)
BARE_BOX = re.compile(r"(?<!guide, )\bBox(?:es)? \d+\b")
# "None" as a value: a piece of text that is "None" alone, or "None" after a label's colon.
NONE_VALUE = re.compile(r"(?:^|:\s*)None\.?\s*$")


class _Text(html.parser.HTMLParser):
    """The text a reader sees: every text node, without <script>, <style> and <template>."""

    HIDDEN = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.pieces.append(" ".join(data.split()))


def visible_text(page: str) -> list[str]:
    parser = _Text()
    parser.feed(page)
    parser.close()
    return parser.pieces


def internal_terms(pieces: list[str]) -> list[str]:
    """What in the visible text is an internal term: a seed's number, a box without its document, "None"."""
    found = []
    text = " ".join(pieces)
    for pattern, what in ((SEED, "a seed's number"), (BARE_BOX, "a box without its document")):
        for match in pattern.finditer(text):
            found.append(f"{what}: ...{text[max(0, match.start() - 60) : match.end() + 30]}...")
    for i, piece in enumerate(pieces):
        if NONE_VALUE.search(piece):
            before = pieces[i - 1] if i else ""
            found.append(f'"None" shown as a value: {before[-60:]!r} {piece[:80]!r}')
    return found


def test_no_page_or_printed_document_shows_an_internal_term(walked):
    problems = [f"{d.where} {d.kind}: {p}" for d in walked.documents for p in internal_terms(d.pieces)]
    unique = list(dict.fromkeys(problems))
    assert not unique, f"{len(unique)} internal terms shown:\n" + "\n".join(unique[:200])
    assert walked.fetched > 250 and walked.printed >= 5, (walked.fetched, walked.printed)


def test_the_text_check_finds_internal_terms():
    assert internal_terms(visible_text("<p>Dimensions (seed 000 Box 9)</p>"))
    assert internal_terms(visible_text("<p>Seed 001: monthly.</p>"))
    assert internal_terms(visible_text("<dt>Post holder</dt><dd>None</dd>"))
    assert internal_terms(visible_text("<p>Post holder: None</p>"))
    assert not internal_terms(visible_text("<p>Dimensions (ImROC guide, Box 9)</p><script>'seed 000'</script>"))
    assert not internal_terms(visible_text("<p>None of these boxes must be ticked.</p>"))
    assert not internal_terms(visible_text("<p>Seeded 0 times; feed 001</p>"))


def test_a_source_is_cited_by_its_short_title_and_section():
    from programmes.sources import cite

    assert cite('000_be6a0183303861fe.txt, Box 4 "Common myths"') == 'ImROC guide, Box 4 "Common myths"'
    assert cite("/work/shared/seeds/002_9c1904ad6ede903d.txt: Appendix") == "Raising the glass ceiling: Appendix"
    assert cite("seed 001, Peer Support Worker induction checklist") == (
        "Derbyshire toolkit, Peer Support Worker induction checklist, page 35"
    )
    assert (
        cite("Seed 003: competencies; no seed has it")
        == "EIP peer support pack: competencies; no source document has it"
    )
    assert cite("DESIGN.md section 6, code of conduct") == "Local choice, code of conduct"
    assert cite("how it differs from other roles in the team (see Box 3)") == (
        "how it differs from other roles in the team (see ImROC guide, Box 3)"
    )
    assert cite("ImROC guide, Boxes 5, 6 and 7") == "ImROC guide, Boxes 5, 6 and 7"
    assert not internal_terms(visible_text(f"<p>{cite('seed 004 and seed 000, Box 9')}</p>"))
