"""Bar charts as inline SVG, computed here and drawn by a template: no JavaScript, no CDN.

Each chart carries a title and a description for screen readers, and the template puts
the same figures in a table next to it.
"""

from dataclasses import dataclass, field

LABEL_WIDTH = 190
BAR_AREA = 380
ROW_HEIGHT = 24
COLUMN_AREA_HEIGHT = 160
MAX_LABEL_CHARS = 26


@dataclass
class Bar:
    label: str
    value: int
    short_label: str = ""
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0
    text_x: float = 0
    text_y: float = 0


@dataclass
class Chart:
    slug: str
    title: str
    description: str
    value_label: str
    orientation: str
    bars: list = field(default_factory=list)
    width: int = 0
    height: int = 0

    @property
    def total(self):
        return sum(bar.value for bar in self.bars)


def _short(label):
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def horizontal_chart(slug, title, description, value_label, rows):
    """rows: (label, value) pairs, drawn top to bottom as they come."""
    chart = Chart(slug, title, description, value_label, "horizontal")
    highest = max((value for _label, value in rows), default=0) or 1
    for index, (label, value) in enumerate(rows):
        y = index * ROW_HEIGHT
        width = BAR_AREA * value / highest
        chart.bars.append(
            Bar(
                label=label,
                value=value,
                short_label=_short(label),
                x=LABEL_WIDTH,
                y=y + 4,
                width=round(width, 1),
                height=ROW_HEIGHT - 8,
                text_x=LABEL_WIDTH + width + 6,
                text_y=y + ROW_HEIGHT / 2 + 4,
            )
        )
    chart.width = LABEL_WIDTH + BAR_AREA + 50
    chart.height = max(len(rows), 1) * ROW_HEIGHT
    return chart


def column_chart(slug, title, description, value_label, rows, column_width=44):
    """rows: (label, value) pairs, drawn left to right (months)."""
    chart = Chart(slug, title, description, value_label, "vertical")
    highest = max((value for _label, value in rows), default=0) or 1
    top = 20
    for index, (label, value) in enumerate(rows):
        height = COLUMN_AREA_HEIGHT * value / highest
        x = index * column_width + 4
        chart.bars.append(
            Bar(
                label=label,
                value=value,
                short_label=label,
                x=x,
                y=round(top + COLUMN_AREA_HEIGHT - height, 1),
                width=column_width - 8,
                height=round(height, 1),
                text_x=x + (column_width - 8) / 2,
                text_y=top + COLUMN_AREA_HEIGHT - height - 5,
            )
        )
    chart.width = max(len(rows), 1) * column_width + 8
    chart.height = top + COLUMN_AREA_HEIGHT + 24
    return chart
