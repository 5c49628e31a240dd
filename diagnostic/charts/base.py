"""What the domain charts share: their size, their titles, and the wording of their text alternatives.

The numbers in a text alternative are written by :mod:`diagnostic.wording`, as everywhere else, so a
screen reader hears the same figure that the indicator card shows.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from diagnostic.charts.theme import chart_config
from diagnostic.settings import Settings
from diagnostic.wording import number

WIDTH = 640
HEIGHT = 320
LABEL_LIMIT = 320  # pixels of axis label before it is cut short
SHAPES = ("circle", "square", "triangle-up", "diamond", "triangle-down")


def titled(chart: alt.TopLevelMixin, title: str, reading: str) -> alt.TopLevelMixin:
    """Title plus a one-line subtitle, and the product's common look."""
    return chart_config(chart.properties(title=alt.TitleParams(text=title, subtitle=[reading])))


def listing(frame: pd.DataFrame, label: str, value: str, unit: str, limit: int = 8) -> str:
    """Items and values joined for a text alternative, such as "Team A 3.1 hours; Team B 2 hours" (at most ``limit``)."""
    items = [f"{row[label]} {number(row[value], unit)}" for _, row in frame.head(limit).iterrows()]
    more = f", and {len(frame) - limit} more" if len(frame) > limit else ""
    return "; ".join(items) + more


def plural(n: int, noun: str, nouns: str) -> str:
    return f"{n:,} {noun if n == 1 else nouns}"


def suppressed_note(dropped: int, what: tuple[str, str], counted: str, settings: Settings) -> str:
    """' 2 hours with fewer than 5 messages are not shown.' (``what`` is singular and plural)."""
    if not dropped:
        return ""
    verb = "is" if dropped == 1 else "are"
    return f" {plural(dropped, *what)} with fewer than {settings.min_group_size} {counted} {verb} not shown."
