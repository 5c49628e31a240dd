"""Blank CSV templates, one per canonical table, for data that no standard export carries.

The app offers them as "download a template" buttons: a header row, two fictional example rows to
copy the style from, and one plain sentence per column, all from the tables' specifications
(:mod:`diagnostic.schema`). A filled-in template is read back by
:mod:`diagnostic.ingest.formats.canonical`.
"""

from __future__ import annotations

import csv
import io

from diagnostic.ingest.formats.canonical import TEMPLATE_COLUMNS
from diagnostic.schema import SPEC, templated

# Help text for the app: "<table>" -> one sentence about the template, "<table>.<column>" -> one
# plain sentence per column.
TEMPLATE_HELP: dict[str, str] = {
    **{t.name: t.about for t in templated()},
    **{f"{t.name}.{name}": t.column(name).help for t in templated() for name in t.template_columns()},
}


def template_csv(table: str) -> bytes:
    """The template for ``table`` as CSV bytes (UTF-8): header and two fictional example rows."""
    if table not in TEMPLATE_COLUMNS:
        raise ValueError(f"no template for {table!r}; choose one of {', '.join(TEMPLATE_COLUMNS)}")
    columns = TEMPLATE_COLUMNS[table]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(zip(*(SPEC[table].column(c).examples for c in columns)))
    return buffer.getvalue().encode("utf-8")
