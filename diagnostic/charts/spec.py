"""A chart together with the words that must travel with it.

Every chart the product shows or exports carries a title, a one-line reading (what to notice)
and a text alternative for screen readers and printed reports, plus the frame it was drawn from
so a table can stand in for it.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd


@dataclass(frozen=True)
class ChartSpec:
    chart: alt.TopLevelMixin
    title: str
    reading: str
    alt_text: str
    data: pd.DataFrame | None = None
