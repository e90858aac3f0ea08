"""WeasyPrint's layout, skipped where a test never reads a PDF's bytes.

Laying a PDF out takes a second or more and reads nothing from the database. Tests that walk every page (which
pages show which template, which forms pages build, what a page's text says) or count a page's queries need
everything before it: the view, its queries, the HTML the PDF is printed from and WeasyPrint's reading of that
HTML, all of which still run. The PDFs themselves are checked, laid out, by their own tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock


def write_nothing(self, target=None, **kwargs):
    """`weasyprint.HTML.write_pdf` writing nothing: it answers as WeasyPrint does (the bytes, or None when it wrote
    to `target`)."""
    return None if target is not None else b""


@contextmanager
def pdfs_not_laid_out() -> Iterator[None]:
    with mock.patch("weasyprint.HTML.write_pdf", write_nothing):
        yield
