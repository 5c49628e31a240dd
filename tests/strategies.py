"""Hypothesis strategies shared by the loader tests."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st


@st.composite
def damaged_fixture(draw, folder: Path, fixture_for: dict[str, str]) -> tuple[str, bytes]:
    """(format id, that format's fixture with one to six byte-level damages): flipped, deleted, inserted, cut."""
    fmt = draw(st.sampled_from(sorted(fixture_for)))
    data = bytearray((folder / fixture_for[fmt]).read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(("flip", "delete", "insert", "truncate")))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if action == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=20))
        else:
            data = data[:at]
    return fmt, bytes(data)
