"""Nothing a user typed is ever compiled as a Django template or marked safe: an AST walk over the project's code.

crispy-forms compiles a `Fieldset` legend, `HTML(...)` content, a button's value (`Submit`, `Button`, `Reset`,
`Hidden`) and a `StrictButton`'s content with `Template(str(...)).render(context)`; a peer's name passed there is
a template injection (issue 21: `{{ request.user }}`, `{{ csrf_token }}`, every attendee's notes). So each of
those, and `Template(...)`, `from_string(...)`, `mark_safe(...)`, `SafeString(...)` and `format_html(x)` with
no arguments to escape, must be given a string literal; user data goes in the context, where the template
escapes it. The same holds for str.format: a view's `title` or `success_message` that the base view formats
never holds a record's text.
"""

from __future__ import annotations

import ast
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SKIPPED_DIRS = {".venv", "venv", "migrations", "tests", "node_modules", "staticfiles", ".git", ".hypothesis"}

# qualified name -> (index of the compiled positional argument, its keyword name)
COMPILED_ARGUMENT = {
    "crispy_forms.layout.Fieldset": (0, "legend"),
    "crispy_forms.layout.HTML": (0, "html"),
    "crispy_forms.layout.BaseInput": (1, "value"),
    "crispy_forms.layout.Submit": (1, "value"),
    "crispy_forms.layout.Button": (1, "value"),
    "crispy_forms.layout.Reset": (1, "value"),
    "crispy_forms.layout.Hidden": (1, "value"),
    "crispy_forms.bootstrap.StrictButton": (0, "content"),
    "django.template.Template": (0, "template_string"),
    "django.template.base.Template": (0, "template_string"),
    "django.utils.safestring.mark_safe": (0, "s"),
    "django.utils.safestring.SafeString": (0, "seq"),
    "django.utils.html.mark_safe": (0, "s"),
}
FORMAT_HTML = {"django.utils.html.format_html"}


def project_files() -> list[Path]:
    return sorted(
        path for path in BASE_DIR.rglob("*.py") if not SKIPPED_DIRS.intersection(path.relative_to(BASE_DIR).parts[:-1])
    )


def _imported_names(tree: ast.Module) -> dict[str, str]:
    """Local name -> the dotted name it stands for, from the module's imports (`from crispy_forms.layout import
    HTML as H` gives H -> crispy_forms.layout.HTML; `import crispy_forms.layout as layout` gives layout ->
    crispy_forms.layout)."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    names[alias.name.split(".")[0]] = alias.name.split(".")[0]
    return names


def _dotted(func: ast.expr) -> str | None:
    parts = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name):
        return None
    parts.append(func.id)
    return ".".join(reversed(parts))


def _is_literal(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _argument(call: ast.Call, index: int, keyword: str) -> ast.expr | None:
    for position, arg in enumerate(call.args):
        if isinstance(arg, ast.Starred):  # unknown arguments from here on: one of them may be the compiled one
            return arg
        if position == index:
            return arg
    for kw in call.keywords:
        if kw.arg == keyword or kw.arg is None:  # kw.arg None is **kwargs: it may carry the argument
            return kw.value
    return None


def offences(source: str, filename: str = "<string>") -> list[str]:
    """Every call in `source` that compiles or marks safe something other than a string literal."""
    tree = ast.parse(source, filename)
    imported = _imported_names(tree)
    found = []
    calls = sorted((node for node in ast.walk(tree) if isinstance(node, ast.Call)), key=lambda n: n.lineno)
    for node in calls:
        dotted = _dotted(node.func)
        if dotted is None and isinstance(node.func, ast.Attribute):
            dotted = node.func.attr  # e.g. engines["django"].from_string(...)
        if dotted is None:
            continue
        head, _, rest = dotted.partition(".")
        qualified = ".".join(filter(None, [imported.get(head, head), rest]))
        where = f"{filename}:{node.lineno}"
        if qualified in COMPILED_ARGUMENT:
            index, keyword = COMPILED_ARGUMENT[qualified]
            argument = _argument(node, index, keyword)
            if argument is not None and not _is_literal(argument):
                found.append(f"{where}: {qualified.rsplit('.', 1)[1]}() given {ast.unparse(argument)}")
        elif qualified in FORMAT_HTML:
            only = len(node.args) == 1 and not node.keywords and not isinstance(node.args[0], ast.Starred)
            if only and not _is_literal(node.args[0]):
                found.append(f"{where}: format_html() given only {ast.unparse(node.args[0])}, nothing to escape")
        elif dotted.rsplit(".", 1)[-1] == "from_string" and node.args and not _is_literal(node.args[0]):
            found.append(f"{where}: from_string() given {ast.unparse(node.args[0])}")
    return found


def formatted_attributes(sources: list[str]) -> set[str]:
    """The view attributes the project runs through str.format: `self.title.format(record=...)` and the like."""
    return {
        node.func.value.attr
        for source in sources
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and isinstance(node.func.value, ast.Attribute)
        and isinstance(node.func.value.value, ast.Name)
        and node.func.value.value.id == "self"
    }


def _reads_a_record(value: ast.expr) -> bool:
    """An expression that puts a record's attribute (`self.peer.full_name`, `peer.full_name`) into text, without
    doubling its braces for str.format."""
    for node in ast.walk(value):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "replace"
            and node.args
            and _is_literal(node.args[0])
            and node.args[0].value in ("{", "}")
        ):
            return False
    for node in ast.walk(value):
        if isinstance(node, ast.Attribute):
            root = node
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name):
                return True
    return False


def format_string_offences(source: str, attributes: set[str], filename: str = "<string>") -> list[str]:
    """`self.title = f"... {self.peer.full_name}"` where the base view then runs `self.title.format(record=...)`:
    str.format reads the name's braces (`{record.peer.user.password}`, or a crash on `{% now %}`). Put user data
    into the context after the base view has formatted its own text, or double the braces."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Assign) or _is_literal(node.value):
            continue
        for target in node.targets:
            if (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == "self"
                and target.attr in attributes
                and _reads_a_record(node.value)
            ):
                found.append(f"{filename}:{node.lineno}: self.{target.attr} = {ast.unparse(node.value)}")
    return found


def test_no_user_data_is_compiled_as_a_template_or_marked_safe():
    found = [
        offence for path in project_files() for offence in offences(path.read_text(), str(path.relative_to(BASE_DIR)))
    ]
    assert not found, "Pass user data as context, never as template source or safe HTML:\n" + "\n".join(found)


def test_no_user_data_becomes_a_format_string():
    sources = {str(path.relative_to(BASE_DIR)): path.read_text() for path in project_files()}
    attributes = formatted_attributes(list(sources.values()))
    assert {"title", "success_message"} <= attributes
    found = [
        offence for name, source in sources.items() for offence in format_string_offences(source, attributes, name)
    ]
    assert not found, "User data in a string the base view runs through str.format:\n" + "\n".join(found)


def test_the_format_string_check_tells_record_data_from_the_views_own_text():
    source = """
class V:
    def get_context_data(self):
        self.title = f"Record a step for {self.peer.full_name}"
        self.success_message = "Booked for " + peer.full_name + "."
        self.title = f"Moved to {Stage(stage).label}, {len(chosen)} chosen"
        self.success_message = "Booked for " + peer.full_name.replace("{", "{{").replace("}", "}}") + "."
        self.title = "Saved {record}."
        self.heading = f"Not formatted: {self.peer.full_name}"
        self.title.format(record=None)
        self.success_message.format(record=None)
"""
    attributes = formatted_attributes([source])
    assert attributes == {"title", "success_message"}
    assert [line.split(":")[1] for line in format_string_offences(source, attributes)] == ["4", "5"]


def test_the_walk_covers_every_app_and_its_crispy_layouts():
    files = {str(path.relative_to(BASE_DIR)) for path in project_files()}
    for app in ("programmes", "recruitment", "workforce", "development", "dashboards", "privacy", "peersupport"):
        assert f"{app}/__init__.py" in files
    assert "workforce/forms_supervision.py" in files
    assert not any(part in {".venv", "migrations", "tests"} for f in files for part in Path(f).parts)


def test_the_check_catches_each_way_of_compiling_user_data():
    source = """
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from crispy_forms import layout as L
from crispy_forms.bootstrap import StrictButton
from django.template import Template, engines
from django.utils.html import format_html
from django.utils.safestring import mark_safe as safe

def build(peer, text):
    Layout(Fieldset(peer.full_name, "notes"))
    Layout(Fieldset(f"Notes: {peer}", "notes"))
    Layout(L.Fieldset(legend=peer.full_name))
    HTML("<p>" + text + "</p>")
    Submit("save", peer.full_name)
    StrictButton(text)
    Template(text)
    engines["django"].from_string(text)
    format_html(text)
    safe(text)
    Layout(Fieldset(*legend_and_fields))
"""
    found = offences(source)
    assert [line.split(":")[1] for line in found] == [str(n) for n in range(10, 21)], found


def test_the_check_leaves_literals_and_escaped_arguments_alone():
    source = """
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django.template import Template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from weasyprint import HTML as PDF

def build(peer, html):
    Layout(Fieldset("Named people", "line_manager"), HTML('<p class="form-text">Up to three.</p>'))
    Layout(Fieldset("Support asked for", *SUPPORT_FIELDS))
    Submit("save", "Save")
    Template("{{ name }}")
    format_html("<b>{}</b>", peer.full_name)
    mark_safe("<br>")
    PDF(string=html).write_pdf()
"""
    assert offences(source) == []
