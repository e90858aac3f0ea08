"""The text of the PDFs the record-kind and subject access matrices fetch, got more cheaply and as surely.

- `pdf_text`: a PDF's text read by PDFium (pypdfium2, which pdfplumber brings), in C, rather than by pypdf in pure
  Python: the same words from the same bytes (of every PDF these matrices fetch, each extractor finds the same
  words), in a few milliseconds a page rather than a fifth of a second.
- `each_pdf_laid_out_once`: WeasyPrint lays out and writes a document from a given HTML string (and options) once;
  asked again for the same string, as when several roles open a dashboard whose scope, and so HTML, is the same, it
  answers with the bytes it wrote the first time. The output is a function of the HTML and the options, so every
  role still receives the PDF its own HTML makes; only identical work is skipped. A different HTML (another
  scope, an export whose access log has grown) is laid out afresh.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock


def pdf_text(data: bytes) -> str:
    """Every page's text, pages one after the other (as pypdf's `extract_text` of each page, joined), for the
    matrices and the injection crawl (tests/security/test_injection_crawl.py)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        text = "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return text.replace("\r\n", "\n")  # PDFium ends lines as \r\n, pypdf as \n


@contextmanager
def each_pdf_laid_out_once() -> Iterator[dict]:
    """Within the block, `weasyprint.HTML(string=...).write_pdf(...)` lays each distinct HTML string out once.
    Yields the cache (key -> bytes), so a test can see how many documents were laid out."""
    import weasyprint

    cache: dict[tuple, bytes] = {}

    class HTMLOnce(weasyprint.HTML):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # Only a document given as a string is the same document when given again (a file or URL may change).
            self._source = repr((args, sorted(kwargs.items()))) if "string" in kwargs and not args else None

        def write_pdf(self, target=None, *args, **options):
            if self._source is None:
                return super().write_pdf(target, *args, **options)
            key = (self._source, repr(args), repr(sorted(options.items())))
            if key not in cache:
                cache[key] = super().write_pdf(None, *args, **options)
            data = cache[key]
            if target is None:
                return data
            if hasattr(target, "write"):
                target.write(data)
            else:
                with open(target, "wb") as file:
                    file.write(data)
            return None

    with mock.patch("weasyprint.HTML", HTMLOnce):
        yield cache
