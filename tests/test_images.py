"""Chart images via vl-convert: real PNG and SVG, offline, with every row inlined."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from diagnostic.report.images import chart_png, chart_spec, chart_svg

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def bars():
    data = pd.DataFrame({"team": ["Assessment East", "Children in care"], "hours": [4.5, 2.0]})
    return alt.Chart(data, title="Meeting hours per week").mark_bar().encode(x="hours:Q", y="team:N")


def test_png_has_the_png_signature_and_scales(bars):
    small, large = chart_png(bars, scale=1), chart_png(bars, scale=2)
    assert small.startswith(PNG_MAGIC) and large.startswith(PNG_MAGIC)
    assert len(large) > len(small)


def test_svg_is_svg_text_with_the_chart_labels(bars):
    svg = chart_svg(bars)
    assert svg.lstrip().startswith("<svg")
    assert "Meeting hours per week" in svg
    assert "Children in care" in svg


@pytest.mark.slow
def test_more_than_5000_rows_are_inlined_not_refused():
    data = pd.DataFrame({"x": range(6000), "y": range(6000)})
    chart = alt.Chart(data).mark_point().encode(x="x:Q", y="y:Q")
    spec = chart_spec(chart)
    assert sum(len(v) for v in spec["datasets"].values()) == 6000
    assert chart_svg(chart).count("<path") >= 6000


def test_a_chart_that_would_load_a_url_is_refused():
    chart = alt.Chart(alt.UrlData("https://example.com/data.csv")).mark_point().encode(x="x:Q")
    with pytest.raises(ValueError, match="not allowed"):
        chart_svg(chart)


def test_a_vega_lite_dict_is_accepted(bars):
    assert chart_png(bars.to_dict()).startswith(PNG_MAGIC)
