"""Charts drawn on the server as SVG: no script, no network, and the same markup works in a
page and in a PDF."""

import datetime
from decimal import Decimal
from xml.sax.saxutils import escape

from cddfund import thai


def _nice_max(value: Decimal) -> Decimal:
    if value <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = magnitude * Decimal(str(step))
        if top >= value:
            return top
    return value


# Drawn 480 units wide and shown at most 480 px wide (app.css): on a 360 px phone its 16-unit
# labels are 12 px high.
STEP_WIDTH, STEP_HEIGHT, LABEL = 480, 240, 16


def step_chart(
    points: list[tuple[datetime.date, Decimal]],
    *,
    width=STEP_WIDTH,
    height=STEP_HEIGHT,
    title="",
) -> str:
    """A step line of an amount over time (it stays level between events), in baht. A single
    point is no line: it is shown as its value and its date."""
    if not points:
        return ""
    if len({day for day, _amount in points}) == 1:
        day, amount = points[-1]
        return (
            f'<svg class="chart chart-step" viewBox="0 0 {width} 90" role="img" '
            f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" '
            f'font-family="Sarabun, sans-serif">'
            f'<text x="16" y="42" font-size="{LABEL * 2}" fill="#0b5394">'
            f"{escape(thai.format_baht(amount))}</text>"
            f'<text x="16" y="72" font-size="{LABEL}">{escape(thai.format_date(day))}</text></svg>'
        )
    left, right, top, bottom = 84, 12, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    first, last = points[0][0], points[-1][0]
    span = max((last - first).days, 1)
    peak = _nice_max(max(amount for _, amount in points))

    def x(day):
        return left + plot_w * (day - first).days / span

    def y(amount):
        return top + plot_h * float(1 - Decimal(amount) / peak)

    path = []
    for i, (day, amount) in enumerate(points):
        if i:
            path.append(f"{x(day):.1f},{y(points[i - 1][1]):.1f}")
        path.append(f"{x(day):.1f},{y(amount):.1f}")
    grid = []
    for i in range(5):
        value = peak * i / 4
        grid.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="#d7dce5"/><text x="{left - 6}" y="{y(value) + 5:.1f}" text-anchor="end" '
            f'font-size="{LABEL}">{thai.format_number(value, 0)}</text>'
        )
    dots = "".join(
        f'<circle cx="{x(d):.1f}" cy="{y(a):.1f}" r="3" fill="#0b5394"><title>'
        f"{thai.format_date(d)}: {thai.format_baht(a)}</title></circle>"
        for d, a in points
    )
    labels = (
        f'<text x="{left}" y="{height - 12}" font-size="{LABEL}">{thai.format_date(first)}</text>'
        f'<text x="{width - right}" y="{height - 12}" font-size="{LABEL}" text-anchor="end">'
        f"{thai.format_date(last)}</text>"
    )
    return (
        f'<svg class="chart chart-step" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="Sarabun, sans-serif">{"".join(grid)}'
        f'<polyline fill="none" stroke="#0b5394" stroke-width="2" points="{" ".join(path)}"/>'
        f"{dots}{labels}</svg>"
    )


PALETTE = ["#1e6b34", "#e0a800", "#b3261e", "#0b5394", "#6a4c93"]


def stacked_bars(
    rows: list[tuple[str, list[float]]], legend: list[str], *, width=640, title=""
) -> str:
    """One horizontal bar per row, split into parts (counts or percentages), with a legend."""
    if not rows:
        return ""
    left, right, bar, gap, top = 150, 16, 18, 8, 28
    height = top + len(rows) * (bar + gap) + 8
    peak = max((sum(parts) for _, parts in rows), default=0) or 1
    scale = (width - left - right) / peak
    shapes = []
    for i, name in enumerate(legend):
        x = left + i * 130
        shapes.append(
            f'<rect x="{x}" y="4" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>'
            f'<text x="{x + 16}" y="14" font-size="11">{escape(name)}</text>'
        )
    for r, (label, parts) in enumerate(rows):
        y = top + r * (bar + gap)
        shapes.append(
            f'<text x="{left - 6}" y="{y + 13}" font-size="12" text-anchor="end">'
            f"{escape(label)}</text>"
        )
        x = left
        for i, value in enumerate(parts):
            w = float(value) * scale
            if w > 0:
                colour = PALETTE[i % len(PALETTE)]
                shapes.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{colour}">'
                    f"<title>{escape(legend[i])}: {value}</title></rect>"
                )
            x += w
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="Sarabun, sans-serif">{"".join(shapes)}</svg>'
    )
