"""The recovery-focused language check, shared by every phase where people write about people: job
descriptions, person specifications, adverts, supervision, reviews, development objectives, feedback.

It advises and never blocks. The pairs are reference data (`programmes/reference/recovery_language.json`,
loaded into `ReferenceItem`); `static/js/language_check.js` mirrors this check while typing, from the
rules `rules_for_browser()` gives it, but this module's answer is the truth.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib import messages

from .models import ReferenceItem, lines
from .sources import cite

HIGH = "high"
LOW = "low"
# What a person reads beside the advice: a low-confidence match may be the word's ordinary sense.
CONFIDENCE_LABELS = {HIGH: "", LOW: "Check the sense: this wording is deficit-based only in some uses."}

# The boundaries of a whole word or phrase, written so Python and the browser read them alike.
_BEFORE = r"(?<![\w-])"
_AFTER = r"(?![\w-])"


@dataclass(frozen=True)
class Rule:
    """One pair of the language table as the check uses it."""

    code: str
    deficit_based: str
    strengths_based: list[str]
    patterns: list[str]
    confidence: str = HIGH
    # What the browser builds the same patterns from: the phrase of the table (the reference item's title, which
    # an administrator may edit, so it goes to the page as text, never as a pattern built here), or the pair's
    # own context patterns of the JSON file ("match").
    phrases: tuple[str, ...] = ()
    match: tuple[str, ...] = ()
    note: str = ""
    source: str = ""

    def compiled(self) -> list[re.Pattern]:
        return [re.compile(p, re.IGNORECASE) for p in self.patterns]


@dataclass(frozen=True)
class LanguageAdvice:
    """Deficit-based wording found in a text, with the strengths-based alternatives of the Derbyshire
    toolkit (or, for a selection criterion about health, the advice that occupational health judges it)."""

    found: str
    deficit_based: str
    strengths_based: list[str]
    count: int
    confidence: str = HIGH
    note: str = ""
    field: str = ""
    source: str = ""

    @property
    def is_low_confidence(self) -> bool:
        return self.confidence == LOW

    @property
    def confidence_label(self) -> str:
        return CONFIDENCE_LABELS.get(self.confidence, "")

    def sentence(self) -> str:
        """The advice as plain sentences naming the field (for a message after saving)."""
        where = f"{self.field}: " if self.field else ""
        said = f"{where}\u201c{self.found}\u201d"
        if self.strengths_based:
            said += ", try " + " or ".join(f"\u201c{s}\u201d" for s in self.strengths_based)
        said += "."
        if self.note:
            said += f" {self.note}"
        if self.is_low_confidence:
            said += f" {self.confidence_label}"
        return said


@dataclass
class _Found:
    rule: Rule
    matches: list[str] = field(default_factory=list)


def phrase_pattern(phrase: str) -> str | None:
    """A whole-word pattern for a phrase of the table; hyphens and spaces inside it are optional
    ('non-compliant' also finds 'noncompliant' and 'non compliant')."""
    words = [w for w in re.split(r"[\s\-/]+", phrase.strip()) if w]
    if not words:
        return None
    return _BEFORE + r"[\s\-]?".join(_word_pattern(w) for w in words) + _AFTER


def _word_pattern(word: str) -> str:
    """One word; a 'non' prefix may be written apart ('Noncompliant' also finds 'non-compliant')."""
    if word[:3].lower() == "non" and len(word) > 6 and word[3:].isalpha():
        return re.escape(word[:3]) + r"[\s\-]?" + re.escape(word[3:])
    return re.escape(word)


def _rule_of(item: ReferenceItem) -> Rule | None:
    details = item.details or {}
    match, phrases = tuple(details.get("match") or ()), ()
    if match:
        # The pair carries its context: only these phrases are flagged (e.g. "enable" in its addiction sense).
        patterns = [_BEFORE + f"(?:{m})" + _AFTER for m in match]
    else:
        patterns = [p for p in [phrase_pattern(item.title)] if p]
        phrases = (item.title,)
    if not patterns:
        return None
    confidence = details.get("confidence") or HIGH
    return Rule(
        code=item.code,
        deficit_based=item.title,
        strengths_based=list(details.get("strengths_based") or lines(item.text)),
        patterns=patterns,
        phrases=phrases,
        match=match,
        confidence=confidence if confidence in (HIGH, LOW) else HIGH,
        note=_note(details, item.source),
        source=item.source,
    )


def _note(details: dict, source: str) -> str:
    """Advice beyond a swap of words, with the passage of the source it rests on."""
    advice = details.get("advice") or ""
    if advice and details.get("quote"):
        advice += f" ({cite(source)}: \u201c{details['quote']}\u201d)"
    return advice


def rules() -> list[Rule]:
    items = ReferenceItem.objects.filter(kind=ReferenceItem.Kind.RECOVERY_LANGUAGE).exclude(code="introduction")
    return [rule for item in items.order_by("number", "code") if (rule := _rule_of(item))]


def _check(text: str, rule_list: list[Rule], field_label: str = "") -> list[LanguageAdvice]:
    if not text or not text.strip():
        return []
    advice = []
    for rule in rule_list:
        matches = [m.group(0) for pattern in rule.compiled() for m in pattern.finditer(text)]
        if matches:
            advice.append(
                LanguageAdvice(
                    found=matches[0],
                    deficit_based=rule.deficit_based,
                    strengths_based=rule.strengths_based,
                    count=len(matches),
                    confidence=rule.confidence,
                    note=rule.note,
                    field=field_label,
                    source=rule.source,
                )
            )
    return advice


def check(*texts: str | None) -> list[LanguageAdvice]:
    """Find deficit-based wording in the texts (taken together) and suggest strengths-based alternatives."""
    text = "\n".join(t for t in texts if t)
    if not text.strip():
        return []
    return _check(text, rules())


def check_fields(fields: Iterable[tuple[str, str | None]]) -> list[LanguageAdvice]:
    """Advice for each named field: `fields` are (label, text) pairs; each advice names its field."""
    fields = [(label, text) for label, text in fields if text and str(text).strip()]
    if not fields:
        return []
    rule_list = rules()
    return [advice for label, text in fields for advice in _check(str(text), rule_list, label)]


def form_fields(form, names: Iterable[str]) -> list[tuple[str, str]]:
    """The (label, cleaned text) of a form's fields, for `check_fields`."""
    return [
        (str(form.fields[name].label or name.replace("_", " ").capitalize()), form.cleaned_data.get(name) or "")
        for name in names
        if name in form.fields
    ]


def mark_fields(form, names: Iterable[str]) -> None:
    """Mark a form's fields for the check while typing (static/js/language_check.js)."""
    for name in names:
        if name in form.fields:
            form.fields[name].widget.attrs["data-language-check"] = "true"


def advise_after_saving(request, advice: list[LanguageAdvice]) -> None:
    """Name each field and its advice in a message once the record is saved. Advice only: it never
    stops the save."""
    if advice:
        messages.info(
            request,
            "Recovery-focused language (advice only; your changes are saved). "
            + " ".join(a.sentence() for a in advice),
        )


def rules_for_browser(rule_list: list[Rule] | None = None) -> str:
    """The rules as JSON for the check while typing (rendered into a data attribute, escaped): each rule's phrases
    as text and its context patterns, from which static/js/language_check.js builds the patterns of
    `phrase_pattern` and `_rule_of` the same way."""
    return json.dumps(
        [
            {
                "deficit_based": r.deficit_based,
                "strengths_based": r.strengths_based,
                "phrases": list(r.phrases),
                "match": list(r.match),
                "confidence": r.confidence,
                "note": r.note,
            }
            for r in (rules() if rule_list is None else rule_list)
        ]
    )
