"""The dashboard's "Train and place" section (issue 18 items 5 and 7): per programme and per training cohort, the
applicants per place, completion, and graduates into paid peer work within 6 and 12 months. Counts only, naming
nobody, so the board report shows the same table. Built on `development.selectors_pipeline.pipeline_figures` (which
defines every figure), with the dashboard's programmes; a fixed number of queries whatever the data size."""

from __future__ import annotations

from development.selectors_pipeline import PipelineFigures, pipeline_figures

from .tables import Scope, Table, _chart, _show


def _into_work(figures: PipelineFigures, months: int) -> str:
    eligible, placed = figures.into_work[months]
    return f"{placed} of {eligible}" if eligible else "—"


def _row(level: str, name: str, starts, figures: PipelineFigures) -> list[object]:
    return [
        level,
        name,
        _show(starts),
        figures.places,
        figures.applicants,
        _show(figures.applicants_per_place),
        figures.enrolled,
        figures.completed,
        _show(figures.completion),
        figures.graduates,
        _into_work(figures, 6),
        _show(figures.into_work_share(6)),
        _into_work(figures, 12),
        _show(figures.into_work_share(12)),
    ]


def _report_row(name: str, figures: PipelineFigures) -> list[object]:
    """A row of the board report's narrower table (it fits the width of an A4 page)."""
    return [
        name,
        figures.places,
        _show(figures.applicants_per_place),
        _show(figures.completion),
        figures.graduates,
        _show(figures.into_work_share(6)),
        _show(figures.into_work_share(12)),
    ]


def pipeline_table(scope: Scope) -> Table:
    report = pipeline_figures(scope.programmes, scope.as_of)
    rows = [_row("Programme", p.name, None, f) for p, f in report.programmes]
    rows += [_row("Cohort", f"{c.name} ({c.programme.name})", c.starts_on, f) for c, f in report.cohorts]
    report_rows = [_report_row(p.name, f) for p, f in report.programmes]
    report_rows += [_report_row(f"Cohort {c.name} ({c.programme.name})", f) for c, f in report.cohorts]
    words = "; ".join(
        f"{p.name}: {_show(f.applicants_per_place)} applicants per place, {_show(f.completion)}% completed, "
        f"{_show(f.into_work_share(12))}% of graduates in paid peer work within 12 months"
        for p, f in report.programmes
    )
    cohorts = list(reversed(report.cohorts[:12]))
    summary = (f"Training cohorts started by {scope.as_of:%-d %B %Y}: {words}." if words else "") or (
        "No training cohorts in view."
    )
    notes = [
        "Applicants per place: applications for the cohort / its places. Completion: enrolments completed / "
        "enrolments, withdrawals included, of the cohorts that have ended. In paid peer work within 6 or 12 "
        "months: of the graduates whose graduation is at least that long ago, those in a peer post at some time in "
        "the months after graduating."
    ]
    return Table(
        key="pipeline",
        title="Train and place: training places to paid posts",
        headers=[
            "Level",
            "Programme or cohort",
            "Starts",
            "Places",
            "Applicants",
            "Applicants per place",
            "Enrolled",
            "Completed",
            "Completion (%)",
            "Graduates",
            "In paid peer work within 6 months",
            "Within 6 months (%)",
            "In paid peer work within 12 months",
            "Within 12 months (%)",
        ],
        rows=rows,
        summary=summary,
        empty="No training cohorts in view.",
        chart=_chart(
            "bar",
            [c.name for c, _ in cohorts],
            "Applicants per place",
            [float(f.applicants_per_place or 0) for _, f in cohorts],
        )
        if cohorts
        else None,
        notes=notes,
        # The board report's table: the figures the board reads, in columns that fit an A4 page (the dashboard and
        # its CSV have every count).
        counts=Table(
            key="pipeline",
            title="Train and place: training places to paid posts",
            headers=[
                "Programme or cohort",
                "Places",
                "Applicants per place",
                "Completion (%)",
                "Graduates",
                "In paid peer work within 6 months (%)",
                "Within 12 months (%)",
            ],
            rows=report_rows,
            summary=summary,
            empty="No training cohorts in view.",
            notes=notes,
        ),
    )


def pipeline_tables(scope: Scope) -> tuple[Table]:
    return (pipeline_table(scope),)
