"""The README's reference tables, written from the registries so that they cannot drift.

Five tables: the formats read (``diagnostic.ingest.formats.FORMATS``), the indicators
(``diagnostic.indicators.REGISTRY``), the levers (``diagnostic.scenarios.LEVERS``), the settings
(``diagnostic.settings.setting_reference``) and the fields of a benchmark pack (its JSON Schema,
``diagnostic/peers/pack.schema.json``). Each sits in README.md between two comment lines
that name it. ``tests/test_docs.py`` fails when a table differs from what this writes; run
``python tests/readme_tables.py`` to write them again after changing a registry.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from diagnostic.indicators import REGISTRY  # noqa: E402
from diagnostic.indicators.base import DOMAIN_TITLES  # noqa: E402
from diagnostic.ingest.formats import FORMATS  # noqa: E402
from diagnostic.peers.pack import SCHEMA_PATH  # noqa: E402
from diagnostic.scenarios import LEVERS  # noqa: E402
from diagnostic.settings import setting_reference  # noqa: E402
from diagnostic.wording import number  # noqa: E402

README = ROOT / "README.md"
SHORT_DEFAULT = 30  # characters: a longer default is given as a count of its entries


def _table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join("---" for _ in headers) + " |"]
    return "\n".join(lines + ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows])


def formats_table() -> str:
    return _table(["export", "kind", "format id", "where to get it"], [[f.label, f.kind, f"`{f.id}`", f.source] for f in FORMATS])


def indicators_table() -> str:
    rows = [[f"`{i.id}`", DOMAIN_TITLES[i.domain], i.title, i.unit, number(i.concrete_at), number(i.compost_at)] for i in REGISTRY]
    return _table(["indicator", "domain", "title", "unit", "scores 0 at", "scores 100 at"], rows)


def levers_table() -> str:
    rows = [[f"`{lever.id}`", lever.label, f"{number(lever.min)} to {number(lever.max)}", lever.unit] for lever in LEVERS]
    return _table(["lever", "label", "range", "unit"], rows)


def _default(value: object) -> str:
    """A default as it is written in the settings file, or how many entries it has when that is long."""
    if value in ("", (), {}):
        return "none"
    text = json.dumps(value)
    return f"`{text}`" if len(text) <= SHORT_DEFAULT else f"{len(value)} entries"


def settings_table() -> str:
    return _table(["setting", "default", "what it does"], [[f"`{s.name}`", _default(s.default), s.help] for s in setting_reference()])


def _fields(schema: dict, prefix: str = "") -> list[list[str]]:
    """Every field of a schema with its description, nested fields after their parent (``indicators[].value``)."""
    rows = []
    for name, field in schema["properties"].items():
        path = f"{prefix}{name}"
        rows.append([f"`{path}`", field["description"]])
        if "properties" in field:
            rows.extend(_fields(field, f"{path}."))
        if "properties" in field.get("items", {}):
            rows.extend(_fields(field["items"], f"{path}[]."))
    return rows


def pack_table() -> str:
    return _table(["field", "what it holds"], _fields(json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))))


TABLES: dict[str, Callable[[], str]] = {
    "formats": formats_table,
    "indicators": indicators_table,
    "levers": levers_table,
    "settings": settings_table,
    "pack": pack_table,
}


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name} table: written by tests/readme_tables.py -->", f"<!-- end of {name} table -->"


def rewrite(text: str) -> str:
    """``text`` with every table between its markers written afresh from the registries."""
    for name, build in TABLES.items():
        start, end = markers(name)
        before, rest = text.split(start + "\n", 1)
        _, after = rest.split(end, 1)
        text = f"{before}{start}\n{build()}\n{end}{after}"
    return text


if __name__ == "__main__":
    README.write_text(rewrite(README.read_text(encoding="utf-8")), encoding="utf-8")
