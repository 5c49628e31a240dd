"""One name per loaded file, even when exports share a name.

Teams always downloads ``meetingAttendanceReport.csv`` and SurveyMonkey's zip always holds
``Sheet_1.csv``, so a month of exports is many files of one name. Every place that shows a file
(Data health, messages, the column-mapping step) and every place keyed by a file (saved mappings,
the app's widgets) needs them told apart. Files on disk are told apart by their folders; uploads,
which have no folders, by the order they were given in: the second ``meetingAttendanceReport.csv``
becomes ``meetingAttendanceReport (2).csv``. The number goes before the extension so the name still
says what kind of file it is (a ``.docx`` is still read as a Word document).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import PurePath, PurePosixPath

ORDER_MARK = re.compile(r" \((\d+)\)(?=\.[^./]*$|$)")  # " (2)" before the extension, or at the end


def numbered(name: str, n: int) -> str:
    """``name`` with the upload-order mark ``(n)`` before its extension."""
    path = PurePosixPath(name)
    if path.suffix and path.stem:
        return str(path.with_name(f"{path.stem} ({n}){path.suffix}"))
    return f"{name} ({n})"


def unique_names(names: Sequence[str]) -> list[str]:
    """``names`` in the same order, each repeat numbered by its place among its namesakes.

    The first keeps its name, the second becomes ``x (2).csv``, and so on; a number that would
    give a name already in the list is skipped, so every name returned is different.
    """
    taken = set(names)
    seen: Counter[str] = Counter()
    out: list[str] = []
    for name in names:
        seen[name] += 1
        if seen[name] == 1:
            out.append(name)
            continue
        n = seen[name]
        while numbered(name, n) in taken:
            n += 1
        found = numbered(name, n)
        taken.add(found)
        out.append(found)
    return out


def path_names(paths: Sequence[PurePath]) -> list[str]:
    """A short name for each file on disk: its name, with as many of its folders as tell it apart
    from another file of the same name (``march/meetingAttendanceReport.csv``).

    The same path given twice is numbered like an upload (and its rows are kept once when combined).
    """
    parts = [PurePath(p).parts for p in paths]
    depth = [1] * len(parts)
    while True:
        shown = ["/".join(p[-d:]) for p, d in zip(parts, depth)]
        paths_shown: dict[str, set[tuple[str, ...]]] = {}
        for name, full in zip(shown, parts):
            paths_shown.setdefault(name, set()).add(full)
        grow = [i for i, s in enumerate(shown) if len(paths_shown[s]) > 1 and depth[i] < len(parts[i])]
        if not grow:
            return unique_names(shown)
        for i in grow:
            depth[i] += 1


def base_name(name: str) -> str:
    """The file's own name, without its folders, archive or upload-order mark: what a saved
    mapping is keyed by, so next month's export of the same name loads the same way."""
    return ORDER_MARK.sub("", PurePosixPath(name).name)
