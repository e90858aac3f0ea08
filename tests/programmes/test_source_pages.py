"""A citation gives the page where the document's contents say it (issue 17 item 1, "page where known"): only the
Derbyshire toolkit has a contents page, and the map of its pages is its contents, line by line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from programmes.sources import PAGES, SOURCES, cite

SEEDS = Path("/work/shared/seeds")


def test_the_toolkits_pages_are_its_contents_page():
    text = (SEEDS / SOURCES["001"].seed_file).read_text(encoding="utf-8")
    contents = text.split("Contents Page:", 1)[1].split("\n\n", 2)[1]
    listed = {}
    for line in contents.splitlines():
        heading, _, page = line.partition("\t")
        if re.fullmatch(r"Page \d+", page.strip()):
            listed.setdefault(heading.strip(), int(page.split()[1]))
    assert listed == PAGES["001"]


@pytest.mark.parametrize(
    ("source", "cited"),
    [
        (
            "Derbyshire toolkit, “Recovery-focused language” (table “Deficit-based” / “Strengths-based”)",
            "Derbyshire toolkit, “Recovery-focused language”, page 18 (table “Deficit-based” / “Strengths-based”)",
        ),
        (
            "Derbyshire toolkit, “The eight core principles of peer support”: Mutual",
            "Derbyshire toolkit, “The eight core principles of peer support”, page 7: Mutual",
        ),
        (
            "seed 001, Peer Support Worker induction checklist",
            "Derbyshire toolkit, Peer Support Worker induction checklist, page 35",
        ),
        ("seed 001, first weeks in the role", "Derbyshire toolkit, first weeks in the role"),  # no such section
        ("ImROC guide, Box 9", "ImROC guide, Box 9"),  # the guide has no contents page
        ("Derbyshire toolkit, “Supervision”, page 4", "Derbyshire toolkit, “Supervision”, page 4"),  # once
    ],
)
def test_a_toolkit_section_is_cited_with_its_page(source, cited):
    assert cite(source) == cited
