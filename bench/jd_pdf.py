"""Time the job description PDF: `python bench/jd_pdf.py [--runs 10]`.

Builds a scratch database (SQLite in a temporary folder unless DATABASE_URL is set), loads the demo
data, gives a post its job description from the Band 2 template, and renders the PDF (WeasyPrint,
PDF/UA) several times. Prints the median, fastest and slowest times and the page count. Not a test:
it prints figures, it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="peersupport-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from programmes import pdf, selectors, services
    from programmes.models import JobDescription, Post

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    post = Post.objects.filter(job_description__isnull=True).select_related("team__trust").first()
    template = JobDescription.objects.get(template_name__startswith="Peer Support Worker (Band 2)")
    services.create_job_description_from_template(post=post, template=template, by=None)
    jd = selectors.job_description_of(post)

    pdf.job_description_pdf(jd)  # warm up: fonts and WeasyPrint's first import
    times, size = [], 0
    for _ in range(args.runs):
        jd = selectors.job_description_of(post)
        started = time.perf_counter()
        document = pdf.job_description_pdf(jd).read()
        times.append(time.perf_counter() - started)
        size = len(document)
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(document)).pages)
    print(f"{'measure':<32}{'median':>10}{'fastest':>10}{'slowest':>10}")
    print(
        f"{'JD PDF, Band 2 template (ms)':<32}{statistics.median(times) * 1000:>10.0f}"
        f"{min(times) * 1000:>10.0f}{max(times) * 1000:>10.0f}"
    )
    print(f"runs: {args.runs}; PDF: {size:,} bytes, {pages} pages; database: {os.environ['DATABASE_URL']}")


if __name__ == "__main__":
    main()
