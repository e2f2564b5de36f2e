"""Bar charts of medians and 90th percentiles, laid out here and drawn as SVG by templates/panel/includes/chart.html.

Every position is an attribute worked out in Python: the CSP forbids inline
styles, and the colours come from `app-chart` classes in static/css/app.css.
Each chart has a title, a description, a one-line summary and its data as a table.
"""

import math
from dataclasses import dataclass

WIDTH = 720
LABEL_WIDTH = 250
# Room on the right for the last value's label.
RIGHT_MARGIN = 70
ROW_HEIGHT = 32
BAR_HEIGHT = 18
TOP = 10
AXIS_HEIGHT = 36
TICKS = 5


@dataclass(frozen=True)
class Bar:
    label: str
    median: object
    p90: object
    count: int
    y: float
    width: float
    p90_x: object
    value_x: float

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT - 4

    @property
    def marker_top(self):
        return self.y - 3

    @property
    def marker_bottom(self):
        return self.y + BAR_HEIGHT + 3


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    description: str
    summary: str
    row_heading: str
    bars: list
    ticks: list
    target_x: object
    target_label: str
    height: int
    axis_y: float

    width = WIDTH
    label_width = LABEL_WIDTH

    @property
    def axis_end(self):
        return WIDTH - RIGHT_MARGIN

    @property
    def tick_label_y(self):
        return self.axis_y + 18

    @property
    def axis_title_y(self):
        return self.axis_y + 34


def _scale_top(largest):
    """A round number at or above `largest`, so the axis reads in whole tens, hundreds or thousands of days."""
    if largest <= 0:
        return 10
    step = 10 ** max(math.floor(math.log10(largest)) - 1, 0)
    for multiple in (1, 2, 2.5, 5, 10):
        top = math.ceil(largest / (step * multiple * TICKS)) * step * multiple * TICKS
        if top <= largest * 1.6:
            return top
    return math.ceil(largest / step) * step


def bar_chart(*, slug, title, description, summary, row_heading, rows, target_days=None, target_label=""):
    """A Chart of `rows` [(label, median, p90, count)]: a bar for each median, a mark at each 90th percentile.

    A row with no median (no review has both dates) gets no bar; the table still lists it.
    """
    largest = max([value for _, median, p90, _ in rows for value in (median, p90) if value is not None]
                  + [target_days or 0, 0])
    top = _scale_top(largest)
    span = WIDTH - RIGHT_MARGIN - LABEL_WIDTH

    def x(days):
        return round(LABEL_WIDTH + span * max(days, 0) / top, 1)

    bars = []
    for index, (label, median, p90, count) in enumerate(rows):
        y = TOP + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        width = x(median) - LABEL_WIDTH if median is not None else 0
        bars.append(Bar(label=label, median=median, p90=p90, count=count, y=y, width=round(width, 1),
                        p90_x=x(p90) if p90 is not None else None, value_x=LABEL_WIDTH + width + 6))
    axis_y = TOP + len(rows) * ROW_HEIGHT
    ticks = [Tick(x=x(top * i / TICKS), label=f"{top * i / TICKS:g}") for i in range(TICKS + 1)]
    return Chart(
        slug=slug, title=title, description=description, summary=summary, row_heading=row_heading, bars=bars,
        ticks=ticks, target_x=x(target_days) if target_days else None, target_label=target_label,
        height=int(axis_y + AXIS_HEIGHT + 6), axis_y=axis_y,
    )
