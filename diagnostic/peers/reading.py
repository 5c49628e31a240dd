"""Reading peers' packs, which are untrusted: anything may arrive in a folder of packs.

Each file is read on its own. A file that is too large, not JSON, not a pack, of a version this
tool does not know, or whose fields are missing, extra, out of range or inconsistent gets one
plain message naming the file, and is left out; the others are still compared. Messages never
repeat text from inside a file (a hostile pack could put a name or an address there), only the
file's name and the place of the problem.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator

from diagnostic.indicators import band, score_value
from diagnostic.peers.marker import PACK_KIND
from diagnostic.peers.pack import NOT_ABOUT_PEOPLE, PACK_VERSION, SCHEMA_PATH, pack_json
from diagnostic.privacy import hide_emails

MAX_PACK_BYTES = 64 * 1024  # a real pack is about 12 KB; anything far larger is not one
SCORE_TOLERANCE = 0.1  # points: a pack's score must follow from its value and thresholds, to rounding
ROUNDING = 0.05  # points: half the last decimal place a pack's scores are written to
SAFE_NAME = re.compile(r"^[a-z_]{1,40}$")


class PackError(ValueError):
    """Why one file was left out, in words for the person comparing."""


@dataclass(frozen=True)
class Pack:
    """A pack that passed every check. ``digest`` ignores the label: the same figures under two names are one pack."""

    file: str
    data: dict
    digest: str

    @property
    def label(self) -> str | None:
        return self.data["label"]


@dataclass(frozen=True)
class Peers:
    """The packs read from a folder (sorted by file name) and one message per file left out."""

    packs: tuple[Pack, ...]
    left_out: tuple[str, ...]


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def digest(pack: dict) -> str:
    """A fingerprint of a pack's figures (its label left out)."""
    return hashlib.sha256(pack_json({k: v for k, v in pack.items() if k != "label"}).encode("utf-8")).hexdigest()


def read_pack(name: str, data: bytes) -> Pack:
    """Check one file; raise :class:`PackError` saying why it cannot be compared."""
    if len(data) > MAX_PACK_BYTES:
        raise PackError(f"is larger than any benchmark pack (a pack is at most {MAX_PACK_BYTES // 1024} KB)")
    pack = _parse(data)
    if not isinstance(pack, dict) or pack.get("kind") != PACK_KIND:
        raise PackError("is not a benchmark pack. Make one with python -m diagnostic pack, or from the Report page")
    version = pack.get("version")
    if version != PACK_VERSION:
        shown = version if isinstance(version, int) and not isinstance(version, bool) else "unknown"
        raise PackError(
            f"is a pack of format version {shown}; this tool reads version {PACK_VERSION}. Ask its owner to make it again with this version"
        )
    _check_schema(pack)
    _check_consistent(pack)
    return Pack(file=name, data=pack, digest=digest(pack))


def _parse(data: bytes) -> object:
    try:
        text = data.decode("utf-8-sig")
        return json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_no_repeated_keys)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise PackError("is not a benchmark pack (it is not readable JSON)") from exc


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number a pack may hold")


def _no_repeated_keys(pairs: list[tuple[str, object]]) -> dict:
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("a field is given twice")
    return dict(pairs)


def _check_schema(pack: dict) -> None:
    errors = sorted(_validator().iter_errors(pack), key=lambda e: [str(p) for p in e.absolute_path])
    if not errors:
        return
    error = errors[0]
    where = _place(list(error.absolute_path))
    if error.validator == "required":
        missing = [f for f in error.validator_value if isinstance(error.instance, dict) and f not in error.instance]
        raise PackError(f"lacks the field {_field(missing[0])}{where}")
    if error.validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in allowed)
        raise PackError(f"has a field a pack must not carry, {_field(extra[0])}{where}. A pack holds only the fields its schema lists")
    if error.validator in ("minimum", "maximum", "maxLength", "maxItems", "pattern", "enum", "const", "uniqueItems"):
        raise PackError(f"has a value out of range{where}")
    raise PackError(f"has a value of the wrong kind{where}")


def _field(name: str) -> str:
    """A field's name, quoted, only when it is a plain name: anything else may be someone's text."""
    return f'"{name}"' if SAFE_NAME.match(name) else "with an unexpected name"


def _place(path: list) -> str:
    parts = [str(p + 1) if isinstance(p, int) else p for p in path]
    safe = [p if SAFE_NAME.match(p) or p.isdigit() else "…" for p in parts]
    return f" (at {' › '.join(safe)})" if safe else ""


def _check_consistent(pack: dict) -> None:
    """What a schema cannot say: ids given once, bands that match scores, scores that follow from values."""
    floor = pack["settings"]["min_group_size"]
    ids = [i["id"] for i in pack["indicators"]]
    if len(ids) != len(set(ids)):
        raise PackError("gives the same indicator twice")
    domains = [d["id"] for d in pack["domains"]]
    if len(domains) != len(set(domains)):
        raise PackError("gives the same domain twice")
    for where, item in [("index", pack["index"]), *((f"domain {d['id']}", d) for d in pack["domains"])]:
        if not _band_fits(item["score"], item["band"]):
            raise PackError(f"has a band that does not match its score (at {where})")
    for i, item in enumerate(pack["indicators"], start=1):
        if item["n"] < floor and item["n_unit"] not in NOT_ABOUT_PEOPLE:
            raise PackError(f"has a figure resting on fewer records than its minimum group size (at indicators › {i})")
        if item["concrete_at"] == item["compost_at"] or not _band_fits(item["score"], item["band"]):
            raise PackError(f"has thresholds or a band that do not fit together (at indicators › {i})")
        if abs(score_value(item["value"], item["concrete_at"], item["compost_at"]) - item["score"]) > SCORE_TOLERANCE:
            raise PackError(f"has a score that does not follow from its value and thresholds (at indicators › {i})")


def _band_fits(score: float | None, said: str | None) -> bool:
    """The band matches the score, allowing for the score's rounding to one decimal place (49.96 is written 50.0, band cracks)."""
    if score is None:
        return said is None
    return said in {band(score - ROUNDING), band(score + ROUNDING)}


def read_peers(folder: Path) -> Peers:
    """Every file in ``folder`` (and its subfolders, in name order) checked as a pack."""
    files, unreadable = [], []
    for path in _files_in(Path(folder)):
        try:
            with path.open("rb") as fh:  # one byte more than a pack may hold: enough to tell a file is too large
                files.append((path.name, fh.read(MAX_PACK_BYTES + 1)))
        except OSError as exc:
            unreadable.append(f"{hide_emails(path.name)} cannot be read ({exc.strerror}). It is left out.")
    peers = check_packs(files)
    return Peers(peers.packs, (*unreadable, *peers.left_out))


def check_packs(files: list[tuple[str, bytes]]) -> Peers:
    """Each (name, bytes) checked as a pack, in name order; a repeat of a pack already read is left out."""
    packs: list[Pack] = []
    left_out: list[str] = []
    seen: dict[str, str] = {}
    for raw_name, data in sorted(files, key=lambda f: (f[0], f[1])):
        name = hide_emails(raw_name)
        try:
            pack = read_pack(name, data)
        except PackError as exc:
            left_out.append(f"{name} {exc}. It is left out.")
            continue
        if pack.digest in seen:
            left_out.append(f"{name} repeats the figures of {seen[pack.digest]}. It is left out, so that no peer counts twice.")
            continue
        seen[pack.digest] = name
        packs.append(pack)
    return Peers(tuple(packs), tuple(left_out))


def _files_in(folder: Path) -> list[Path]:
    """Every file under ``folder`` in name order, hidden ones left out (packs are what ingest's walk skips)."""
    return sorted(f for f in folder.rglob("*") if f.is_file() and not any(part.startswith(".") for part in f.relative_to(folder).parts))
