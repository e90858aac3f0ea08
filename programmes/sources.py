"""The five source documents the product is built from, and how a page cites them (issue 15 item 6; all phases).

Reference data keeps its provenance as the developers wrote it (the seed file's name, "seed 001"); a page cites the
document by its short title and section instead: "ImROC guide, Box 9", "Derbyshire toolkit, induction checklist".
The mapping lives here and nowhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    short_title: str  # what a page says: "ImROC guide, Box 9"
    title: str
    seed_file: str  # under /work/shared/seeds/, where the developers read it


SOURCES = {
    "000": Source(
        "ImROC guide",
        "ImROC briefing 7, Peer Support Workers: a practical guide to implementation",
        "000_be6a0183303861fe.txt",
    ),
    "001": Source(
        "Derbyshire toolkit", "Derbyshire Healthcare Peer Support Worker Toolkit", "001_53326dee50958e6e.txt"
    ),
    "002": Source(
        "Raising the glass ceiling",
        "Raising the glass ceiling: a career pathway for peer support workers",
        "002_9c1904ad6ede903d.txt",
    ),
    "003": Source(
        "EIP peer support pack",
        "Peer Support pack for Early Intervention in Psychosis teams",
        "003_4442fd5792bbe09e.txt",
    ),
    "004": Source(
        "Scottish conference outcomes",
        "Scottish Executive, Mental Health Peer Support Worker Conference - Outcomes",
        "004_e86edfde1e9dcd75.txt",
    ),
}
# The page of each section, where a document's contents give one: only the Derbyshire toolkit's do ("Contents
# Page"). A citation of a toolkit section gains its page: "Derbyshire toolkit, “Recovery-focused language”, page 18".
PAGES = {
    "001": {
        "Introduction": 3,
        "What is peer support?": 3,
        "The peer principle": 3,
        "Supervision": 4,
        "Wellness in the role": 6,
        "The eight core principles of peer support": 7,
        "Case Study: Being a Peer Support Worker": 9,
        "A letter to a Peer Support Worker from a Peer Support Worker": 11,
        "First meetings": 14,
        "Continuing to build peer support": 15,
        "Distressing and difficult visits": 16,
        "A strengths-based approach": 17,
        "Recovery focused language": 18,
        "New starter timetable": 21,
        "Useful terminology": 23,
        "General diagnoses": 29,
        "Training and development": 31,
        "Sharing your story": 32,
        "Focusing our skills": 33,
        "Induction checklist": 35,
        "Acknowledgements": 36,
    }
}
# Only the ImROC guide numbers its boxes, so a box named without its document is one of the guide's.
BOXES_OF = SOURCES["000"]

# "/work/shared/seeds/000_be6a0183303861fe.txt", "000_be6a0183303861fe.txt", "seed 002_9c1904ad6ede903d.txt"
_SEED_FILE = re.compile(r"(?:\bseed )?(?:/\S*/)?\b(00\d)_[0-9a-f]{16}\.txt", re.IGNORECASE)
# "seed 000", "Seed 001", "seed 000's"
_SEED_NUMBER = re.compile(r"\bseed (00\d)\b", re.IGNORECASE)
# "the seed's words", "no seed has this": the developers' word for a source document.
_SEED_WORD = re.compile(r"\b([Ss])eed(s?)\b")
# The product's own design document: what it decided is a local choice, not a source's words.
_DESIGN = re.compile(r"\bDESIGN(?:\.md)?,? section \d+")
# "Box 3", "Boxes 5, 6 and 7"
_BOX = re.compile(r"\bBox(?:es)? \d")


def _title(match: re.Match) -> str:
    return SOURCES[match.group(1)].short_title


def _local(match: re.Match) -> str:
    at_start = not match.string[: match.start()].strip()
    return "Local choice" if at_start else "a local choice"


def cite(text: str) -> str:
    """`text` (a reference item's source, or a quoted passage) as a page shows it: every seed file or seed number
    replaced by the document's short title, the word "seed" by "source document", the design document by "a local
    choice", and a box named without its document preceded by the ImROC guide's short title ("see Box 3" becomes
    "see ImROC guide, Box 3")."""
    if not text:
        return text
    text = _SEED_FILE.sub(_title, str(text))
    text = _SEED_NUMBER.sub(_title, text)
    text = _SEED_WORD.sub(lambda m: f"{'S' if m[1] == 'S' else 's'}ource document{m[2]}", text)
    text = _DESIGN.sub(_local, text)
    return _with_pages(_qualify_boxes(text))


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9?]+", " ", text.lower()).split())


def _with_pages(text: str) -> str:
    """A section of a document whose contents give pages, cited with its page (the longest heading it names)."""
    for number, pages in PAGES.items():
        title = re.escape(SOURCES[number].short_title)

        def paged(match: re.Match, pages=pages) -> str:
            section = match.group(1)
            if re.search(r"\bpage \d", section):
                return match.group(0)  # already paged
            named = [h for h in pages if f" {_plain(h)} " in f" {_plain(section)} "]
            if not named:
                return match.group(0)
            heading = max(named, key=len)
            kept = section.rstrip()
            return (
                f"{match.group(0)[: match.start(1) - match.start(0)]}{kept}, page {pages[heading]}"
                + section[len(kept) :]
            )

        text = re.sub(rf"{title}, ([^:(;.]+)", paged, text)
    return text


def _qualify_boxes(text: str) -> str:
    out, last = [], 0
    for match in _BOX.finditer(text):
        before = text[: match.start()]
        if any(before.endswith(f"{s.short_title}, ") for s in SOURCES.values()):
            continue
        out.append(text[last : match.start()] + f"{BOXES_OF.short_title}, ")
        last = match.start()
    return "".join(out) + text[last:]
