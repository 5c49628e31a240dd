"""How a benchmark pack says what it is, in its first lines: read by ingest, which never loads a pack as an export."""

from __future__ import annotations

from pathlib import Path

PACK_KIND = "relational-diagnostic benchmark pack"
MARKER_BYTES = 400  # the pack's kind is written in its first lines


def looks_like_pack(data: bytes) -> bool:
    """True when a file says it is a benchmark pack: such files are shared figures, not exports to load."""
    return PACK_KIND.encode("utf-8") in data[:MARKER_BYTES]


def is_pack_file(path: Path) -> bool:
    """A .json file that says it is a pack (a file that cannot be opened is left for the loader to explain)."""
    if path.suffix.lower() != ".json":
        return False
    try:
        with path.open("rb") as fh:
            return looks_like_pack(fh.read(MARKER_BYTES))
    except OSError:
        return False
