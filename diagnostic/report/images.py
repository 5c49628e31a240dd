"""Chart images made on this machine, with nothing fetched from the network.

vl-convert renders Vega-Lite in-process. ``allowed_base_urls=[]`` forbids every external load, so
a chart whose data points at a URL fails here instead of quietly calling out. Data is always
inlined, even above Altair's 5,000-row guard, because a report or a download must show the whole
chart, not refuse it.
"""

from __future__ import annotations

import threading
from typing import Any

import altair as alt
import vl_convert
from altair.utils._importers import vl_version_for_vl_convert

NO_EXTERNAL_URLS: list[str] = []
DEFAULT_SCALE = 2  # twice the pixels: sharp on projectors and in Word documents
_STARTED = threading.Event()  # set once this process has asked the renderer to start
TINY_CHART = {"mark": "point", "data": {"values": [{"x": 0}]}, "encoding": {"x": {"field": "x", "type": "quantitative"}}}


def chart_spec(chart: alt.TopLevelMixin | dict[str, Any]) -> dict[str, Any]:
    """The Vega-Lite spec with every row inlined (Altair's row limit lifted for this call only).

    Schema validation is skipped: it is slow for every chart, and vl-convert rejects an invalid
    spec anyway, with a message.
    """
    if isinstance(chart, dict):
        return chart
    with alt.data_transformers.enable("default"), alt.data_transformers.disable_max_rows():
        return chart.to_dict(validate=False)


def chart_svg(chart: alt.TopLevelMixin | dict[str, Any]) -> str:
    """The chart as SVG text. Fast even for thousands of marks, so the HTML report uses it."""
    return vl_convert.vegalite_to_svg(chart_spec(chart), vl_version=vl_version_for_vl_convert(), allowed_base_urls=NO_EXTERNAL_URLS)


def chart_png(chart: alt.TopLevelMixin | dict[str, Any], scale: float = DEFAULT_SCALE) -> bytes:
    """The chart as PNG bytes. Much slower than SVG for charts with many marks, so use it for downloads."""
    return vl_convert.vegalite_to_png(
        chart_spec(chart), vl_version=vl_version_for_vl_convert(), scale=scale, allowed_base_urls=NO_EXTERNAL_URLS
    )


def start_renderer() -> None:
    """Start the chart renderer in the background, once per process.

    Its first chart costs most of a second (the engine starts); a report or an export that starts
    it while the files are still loading does not wait for it afterwards.
    """
    if not _STARTED.is_set():
        _STARTED.set()
        threading.Thread(target=chart_svg, args=(TINY_CHART,), name="chart-renderer", daemon=True).start()
