"""A scenario: a name and some lever values, saved as JSON, applied to a Dataset.

The file is exactly ``{"name": "Fewer meetings", "levers": {"cancel_recurring_meetings": 20}}``.
Levers left out stay at their defaults. Anything we cannot use (unknown lever, value out of range)
is an :class:`InputError` that names the file and the lever, so nobody scores a scenario they did
not mean.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from diagnostic.dataset import Dataset
from diagnostic.errors import InputError
from diagnostic.scenarios.registry import BY_ID, LEVERS
from diagnostic.settings import Settings

EXAMPLE = '{"name": "Fewer meetings", "levers": {"cancel_recurring_meetings": 20}}'


@dataclass(frozen=True)
class Scenario:
    """A named set of lever values (lever id -> value in the lever's unit)."""

    name: str
    levers: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"name": self.name, "levers": dict(self.levers)}, ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str, source: str = "scenario") -> Scenario:
        """Read a scenario from JSON text; ``source`` (the file name) is named in any error."""
        try:
            raw = json.loads(text)
        except ValueError as exc:
            raise InputError(
                f"{source}: this is not a scenario file. It is not valid JSON (line {getattr(exc, 'lineno', '?')}). "
                f"A scenario looks like {EXAMPLE}."
            ) from None
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not isinstance(raw.get("levers"), dict):
            raise InputError(f"{source}: a scenario needs a “name” (text) and “levers” (lever id: value), like {EXAMPLE}.")
        scenario = cls(raw["name"], dict(raw["levers"]))
        return cls(scenario.name, scenario.checked(source))

    @classmethod
    def load(cls, path: Path) -> Scenario:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise InputError(f"{path.name}: the scenario file could not be read ({exc.strerror or exc}).") from None
        except UnicodeDecodeError:
            raise InputError(f"{path.name}: this is not a scenario file (it is not text). Choose the .json file the app saved.") from None
        return cls.from_json(text, source=path.name)

    def save(self, path: Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_json() + "\n", encoding="utf-8")
        return path

    def checked(self, source: str | None = None) -> dict[str, float]:
        """The lever values as floats, after checking every lever id and range; one InputError lists every problem."""
        source = source or f"scenario “{self.name}”"
        problems: list[str] = []
        values: dict[str, float] = {}
        for lever_id, value in self.levers.items():
            lever = BY_ID.get(lever_id)
            if lever is None:
                problems.append(
                    f"{source}: lever “{lever_id}” is not one we know. Use one of {', '.join(BY_ID)} (see: python -m diagnostic levers)."
                )
                continue
            try:
                values[lever_id] = lever.check(value, source)
            except InputError as exc:
                problems.append(str(exc))
        if problems:
            raise InputError(" ".join(problems))
        return values


def apply_scenario(dataset: Dataset, scenario: Scenario, settings: Settings) -> Dataset:
    """The dataset as it would be with the scenario's levers applied, one after another in the order of ``LEVERS``.

    A fixed order keeps the result deterministic whatever order the file lists the levers in.
    """
    values = scenario.checked()
    for lever in LEVERS:
        if lever.id in values:
            dataset = lever.apply(dataset, values[lever.id], settings)
    return dataset
