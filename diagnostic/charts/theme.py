"""One colour language for the whole product, safe for colour-blind readers and projectors.

Scores use a single sequential scale from concrete (cool grey) to compost (deep earthy green);
bands are always labelled in words too, so colour is never the only signal. Categories (teams,
agencies, sources) use the Okabe-Ito palette.
"""

from __future__ import annotations

# concrete -> cracks -> soil -> compost: lightness falls steadily, hue moves grey -> green
BAND_COLOURS: dict[str, str] = {
    "concrete": "#9aa3ab",
    "cracks": "#b9b48f",
    "soil": "#6f8f55",
    "compost": "#2f5230",
}
NOT_SCORED = "#e6e6e3"
SCORE_SCALE = ["#9aa3ab", "#b9b48f", "#6f8f55", "#2f5230"]  # domain 0, 33, 66, 100
INK = "#1d1f21"  # body text
MUTED = "#5a6168"  # secondary text, gridlines' labels

# Okabe & Ito (2008), "Color Universal Design"; black moved last so it is used least
OKABE_ITO: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

FONT = "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"
TITLE_SIZE = 20
LABEL_SIZE = 15


def chart_config(chart):
    """Large, calm defaults applied to every chart (readable on a projector)."""
    return (
        chart.configure(font=FONT)
        .configure_axis(labelFontSize=LABEL_SIZE, titleFontSize=LABEL_SIZE, labelColor=MUTED, titleColor=INK, gridColor="#e8e8e4")
        .configure_legend(labelFontSize=LABEL_SIZE, titleFontSize=LABEL_SIZE)
        .configure_title(fontSize=TITLE_SIZE, anchor="start", color=INK, subtitleFontSize=LABEL_SIZE, subtitleColor=MUTED)
        .configure_view(stroke=None)
    )
