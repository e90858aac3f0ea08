"""A PDF judged as its reader sees it: the layout check every PDF the product makes must pass.

A test that extracts the right text still passes when a table runs off the page. These checks read where each word
was drawn (pdfplumber's word boxes) and fail when:
- a word lies outside the page's printable area (the page less PRINTER_EDGE_MM on every side);
- a page other than the last holds fewer than MIN_LINES lines of content (the running footer is not content),
  unless the next page opens a section that always starts on a new page (`new_page_sections`);
- a heading is the last line of content on a page (it belongs with what follows it);
- the PDF is not tagged (PDF/UA: a structure tree and the Marked flag).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pdfplumber

MM = 72 / 25.4
PRINTER_EDGE_MM = 5
MIN_LINES = 5
# Running headers and footers sit in the page margins; content ends above this band.
FOOTER_BAND_MM = 16
# A heading: bold and at least this size (the documents' body text is 7.5-10pt; their h2/h3 are 10.5pt and up).
HEADING_MIN_PT = 10.4


@dataclass
class Line:
    top: float
    bottom: float
    text: str
    bold: bool
    size: float

    @property
    def is_heading(self) -> bool:
        return self.bold and self.size >= HEADING_MIN_PT


def _lines(words: list[dict]) -> list[Line]:
    """Words grouped into lines by their vertical position (a table row's cells make one line)."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        bold = "bold" in word["fontname"].lower()
        if lines and abs(word["top"] - lines[-1].top) < 2:
            line = lines[-1]
            line.text += " " + word["text"]
            line.bold = line.bold and bold
            line.size = max(line.size, word["size"])
            line.bottom = max(line.bottom, word["bottom"])
        else:
            lines.append(Line(word["top"], word["bottom"], word["text"], bold, word["size"]))
    return lines


def _is_tagged(data: bytes) -> bool:
    from pypdf import PdfReader

    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    mark = root.get("/MarkInfo")
    return "/StructTreeRoot" in root and bool(mark and mark.get_object().get("/Marked"))


def layout_problems(data: bytes, *, name: str = "PDF", new_page_sections: tuple[str, ...] = ()) -> list[str]:
    """Every layout problem of the PDF, one line each ("" for none)."""
    problems: list[str] = []
    if not _is_tagged(data):
        problems.append(f"{name}: not a tagged PDF")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = []
        for number, page in enumerate(pdf.pages, start=1):
            edge = PRINTER_EDGE_MM * MM
            words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
            for word in words:
                if (
                    word["x0"] < edge
                    or word["x1"] > page.width - edge
                    or word["top"] < edge
                    or word["bottom"] > page.height - edge
                ):
                    problems.append(
                        f"{name}, page {number}: {word['text']!r} lies outside the printable area "
                        f"(x {word['x0']:.0f}-{word['x1']:.0f} of {page.width:.0f}, "
                        f"y {word['top']:.0f}-{word['bottom']:.0f} of {page.height:.0f})"
                    )
            content = [w for w in words if w["bottom"] <= page.height - FOOTER_BAND_MM * MM]
            pages.append(_lines(content))
    for number, lines in enumerate(pages, start=1):
        last_page = number == len(pages)
        if not last_page and len(lines) < MIN_LINES:
            following = pages[number][0].text if pages[number] else ""
            if not any(following.startswith(section) for section in new_page_sections):
                problems.append(
                    f"{name}, page {number}: only {len(lines)} line(s) of content: "
                    + " / ".join(line.text[:40] for line in lines)
                )
        if lines and lines[-1].is_heading and not last_page:
            problems.append(f"{name}, page {number}: ends with the heading {lines[-1].text!r}")
    return problems
