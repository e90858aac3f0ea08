"""Charts drawn on the server as SVG (templates/dashboards/charts/), for the board report's PDF and the dashboard page.

No JavaScript: the geometry is worked out here from the figures and a Django template writes the SVG, so the PDF
holds vector graphics. Every chart carries a text alternative that states each of its figures.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass

from django.template.loader import render_to_string

WIDTH = 640
# Lines told apart by colour, dash and marker (WCAG 1.4.1: never colour alone); each colour is over 3:1 on white.
STYLES = [
    {"colour": "#005eb8", "dash": "", "marker": "circle"},
    {"colour": "#7c2855", "dash": "6 4", "marker": "square"},
    {"colour": "#006747", "dash": "2 3", "marker": "diamond"},
]


@dataclass(frozen=True)
class Chart:
    """A chart: its SVG template and the figures and geometry it draws (as `c`), and its text alternative. The web
    page includes the template (`{% include chart.template with c=chart.context %}`), the PDF an image of it."""

    key: str
    title: str
    alt: str
    template: str
    context: dict

    @property
    def svg(self) -> str:
        return render_to_string(self.template, {"c": self.context})

    @property
    def data_uri(self) -> str:
        """The SVG as an image source for WeasyPrint, which draws it as vectors in the PDF."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def _nice_top(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above `value` (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _number(value: float) -> str:
    return f"{value:g}"


def _marker(style: dict, x: float, y: float) -> dict:
    """A point's marker: a circle, a square or a diamond (a square turned), centred on (x, y)."""
    return {"shape": style["marker"], "colour": style["colour"], "x": x, "y": y, "left": x - 3.5, "top": y - 3.5}


def _year_shown(labels: list[str], i: int) -> str:
    """The year under the first month and under each January ("Jan 2026" -> "2026")."""
    month, _, year = labels[i].partition(" ")
    return year if i == 0 or month == "Jan" else ""


def line_chart(
    key: str, title: str, labels: list[str], series: list[tuple[str, list[float | None]]], *, percent: bool = False
) -> Chart:
    """Lines over the months: one per series, broken where a month has no figure."""
    left, right, top, bottom = 48, 24, 16, 64
    height = 215
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    known = [v for _, values in series for v in values if v is not None]
    # Counts: a top that four equal steps divide into whole numbers.
    y_top = 100 if percent else 4 * math.ceil(_nice_top(max(known, default=0)) / 4)
    ticks = [y_top * k / 4 for k in range(5)]

    def x(i: int) -> float:
        return round(left + (plot_w * i / (len(labels) - 1) if len(labels) > 1 else plot_w / 2), 1)

    def y(v: float) -> float:
        return round(top + plot_h - plot_h * v / y_top, 1)

    drawn = []
    for n, (name, values) in enumerate(series):
        segments, current = [], []
        for i, v in enumerate(values):
            if v is None:
                if current:
                    segments.append(current)
                current = []
            else:
                current.append((x(i), y(v)))
        if current:
            segments.append(current)
        drawn.append(
            {
                "name": name,
                "style": STYLES[n % len(STYLES)],
                "segments": [" ".join(f"{px},{py}" for px, py in seg) for seg in segments],
                "markers": [
                    _marker(STYLES[n % len(STYLES)], x(i), y(v)) for i, v in enumerate(values) if v is not None
                ],
                "legend_x": left + n * 220,
                "legend_marker": _marker(STYLES[n % len(STYLES)], 14, -4),
            }
        )
    unit = "%" if percent else ""
    alt = f"Line chart: {title}. " + " ".join(
        f"{name}: "
        + ", ".join(
            f"{label} {'no figure' if v is None else _number(v) + unit}"
            for label, v in zip(labels, values, strict=True)
        )
        + "."
        for name, values in series
    )
    return Chart(
        key,
        title,
        alt,
        "dashboards/charts/line.svg",
        {
            "width": WIDTH,
            "height": height,
            "title": title,
            "alt": alt,
            "key": key,
            "left": left,
            "right_edge": WIDTH - right,
            "baseline": top + plot_h,
            "ticks": [{"y": y(t), "text_y": y(t) + 4, "label": _number(t) + unit} for t in ticks],
            "tick_x": left - 6,
            "months": [
                {"x": x(i), "month": label.split(" ")[0], "year": _year_shown(labels, i)}
                for i, label in enumerate(labels)
            ],
            "label_y": top + plot_h + 16,
            "year_y": top + plot_h + 29,
            "legend_y": height - 14,
            "series": drawn,
        },
    )


def bar_chart(key: str, title: str, bars: list[tuple[str, float]], *, percent: bool = False) -> Chart:
    """Horizontal bars, each labelled with its name and its figure."""
    label_w, row_h, top = 220, 26, 8
    height = top * 2 + row_h * len(bars)
    bar_space = WIDTH - label_w - 70
    top_value = 100 if percent else _nice_top(max((v for _, v in bars), default=0))
    unit = "%" if percent else ""
    rows = []
    for i, (label, value) in enumerate(bars):
        width = round(bar_space * value / top_value, 1) if top_value else 0
        rows.append(
            {
                "label": label,
                "value": _number(value) + unit,
                "bar_y": top + i * row_h + 4,
                "text_y": top + i * row_h + row_h / 2 + 4,
                "width": width,
                "value_x": label_w + 8 + width + 6,
            }
        )
    alt = f"Bar chart: {title}. " + ", ".join(f"{label} {_number(value)}{unit}" for label, value in bars) + "."
    return Chart(
        key,
        title,
        alt,
        "dashboards/charts/bar.svg",
        {
            "width": WIDTH,
            "height": height,
            "title": title,
            "alt": alt,
            "key": key,
            "label_x": label_w,
            "bar_x": label_w + 8,
            "bar_h": row_h - 8,
            "axis_bottom": height - 2,
            "rows": rows,
        },
    )


def trend_charts(headline) -> list[Chart]:
    """The 12 months' trend of the headline: peers in post and vacant peer posts; supervision by kind."""
    labels = [month.label for month in headline.trend]
    return [
        line_chart(
            "trend-workforce",
            "Peers in post and vacant peer posts, month by month",
            labels,
            [
                ("Peers in post", [m.peers_in_post for m in headline.trend]),
                ("Vacant peer posts", [m.vacant_posts for m in headline.trend]),
            ],
        ),
        line_chart(
            "trend-supervision",
            "Peers in post supervised in the last 30 days (%), month by month",
            labels,
            [
                ("Managerial supervision", [m.managerial for m in headline.trend]),
                ("Peer supervision", [m.peer for m in headline.trend]),
            ],
            percent=True,
        ),
    ]


def table_chart(table) -> Chart | None:
    """A section's chart (its figures, as the page's Chart.js chart has them) as horizontal bars."""
    if not table.chart:
        return None
    data = table.chart["datasets"][0]
    percent = "(%)" in data["label"]
    return bar_chart(
        f"chart-{table.key}", table.title, list(zip(table.chart["labels"], data["data"], strict=True)), percent=percent
    )
