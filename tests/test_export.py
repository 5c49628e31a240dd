"""CSV/XLSX exports: formula-safe whatever the data says, numbers kept as numbers, small teams suppressed."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from diagnostic.dataset import Dataset, conform
from diagnostic.indicators.base import Indicator, Measurement
from diagnostic.privacy import ETHICS_LINE
from diagnostic.report.export import (
    neutralise,
    safe_frame,
    team_breakdowns,
    to_csv_bytes,
    to_xlsx_bytes,
    write_exports,
)
from diagnostic.scorecard import build_scorecard

HOSTILE = ['=HYPERLINK("http://x")', "+SUM(1)", "-2+3", "@cmd", "\t=1", "\r=1", " =1+1"]


def _people(teams: dict[str, int]) -> pd.DataFrame:
    rows = [{"person_id": f"p{team[:3]}{i}", "team": team, "organisation": "internal"} for team, size in teams.items() for i in range(size)]
    return conform("people", pd.DataFrame(rows))


def _indicator(by_team: pd.DataFrame, value: float = -1.5) -> Indicator:
    def compute(dataset, settings):
        return Measurement(value=value, n=40, n_unit="meetings", coverage=1.0, by_team=by_team)

    return Indicator(
        id="test_change",
        domain="meetings",
        title="=Change in meeting hours",
        question="Did meeting hours fall?",
        unit="hours/week",
        concrete_at=2.0,
        compost_at=-2.0,
        source="judgement",
        seed="@seed idea",
        caveat="-not for people",
        needs=("people",),
        compute=compute,
    )


@pytest.fixture
def hostile_card(settings):
    teams = {name: 6 for name in HOSTILE} | {"Small team": 2}
    dataset = Dataset(people=_people(teams))
    by_team = pd.DataFrame({"team": list(teams), "value": [-2.0, 3.5, -0.25, 1.0, 2.0, 0.5, -1.0, 9.0], "n": [10] * 8})
    return dataset, build_scorecard(dataset, settings, indicators=(_indicator(by_team),))


def test_neutralise_prefixes_only_formula_text():
    assert [neutralise(v) for v in HOSTILE] == ["'" + v for v in HOSTILE]
    assert neutralise("Safeguarding East") == "Safeguarding East"
    assert neutralise(-2) == -2
    assert neutralise(-2.5) == -2.5
    assert neutralise(None) is None


def test_safe_frame_neutralises_headers_and_text_but_keeps_numbers():
    frame = pd.DataFrame({"=bad header": ["=1+2", "ok"], "value": [-2.0, 3.0]})
    safe = safe_frame(frame)
    assert list(safe.columns) == ["'=bad header", "value"]
    assert safe.iloc[:, 0].tolist() == ["'=1+2", "ok"]
    assert safe["value"].tolist() == [-2.0, 3.0]
    assert frame.iloc[0, 0] == "=1+2"  # the input is not changed


def test_csv_has_bom_neutralised_text_numeric_negatives_and_ethics_footer():
    frame = pd.DataFrame({"team": HOSTILE, "value": [-2.0, -1, 0, 1, 2, 3, 4], "theme": ["-", "a", "b", "c", "d", "e", "f"]})
    data = to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["team", "value", "theme"]
    assert [r[0] for r in rows[1:8]] == ["'" + v for v in HOSTILE]
    assert rows[1][1] == "-2.0"  # a real number is written as a number, unprefixed
    assert rows[1][2] == "'-"
    assert rows[-1] == [ETHICS_LINE]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row[:1] + row[2:])


def test_xlsx_never_holds_a_formula_and_numbers_stay_numbers():
    frame = pd.DataFrame({"team": HOSTILE, "value": [-2.0, -1, 0, 1, 2, 3, 4]})
    book = load_workbook(io.BytesIO(to_xlsx_bytes({"=sheet/name": frame, "second": frame.rename(columns={"team": "+header"})})))
    assert book.sheetnames == ["=sheet_name", "second"]
    sheet = book["=sheet_name"]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert [sheet.cell(row=i, column=1).value for i in range(2, 9)] == ["'" + v for v in HOSTILE]
    assert sheet.cell(row=2, column=2).value == -2
    assert sheet.cell(row=2, column=2).data_type == "n"
    assert book["second"].cell(row=1, column=1).value == "'+header"
    assert sheet.cell(row=sheet.max_row, column=1).value == ETHICS_LINE


def test_xlsx_number_columns_keep_their_values_and_leave_missing_cells_empty():
    frame = pd.DataFrame(
        {"weight": [1.5, float("nan"), -0.25], "count": [3, 0, -7], "flag": [True, False, True], "when": ["a", None, "=b"]}
    )
    sheet = load_workbook(io.BytesIO(to_xlsx_bytes({"t": frame})))["t"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2, max_row=4)]
    assert rows == [[1.5, 3, True, "a"], [None, 0, False, None], [-0.25, -7, True, "'=b"]]
    assert [sheet.cell(row=3, column=i).data_type for i in (2, 3)] == ["n", "b"]


def test_xlsx_control_characters_cannot_unmask_a_formula():
    book = load_workbook(io.BytesIO(to_xlsx_bytes({"t": pd.DataFrame({"team": ["\x01=1+1"]})})))
    cell = book["t"].cell(row=2, column=1)
    assert cell.data_type == "s"
    assert cell.value == "'=1+1"


def test_xlsx_writes_time_zone_aware_times_as_london_time():
    times = pd.Series(pd.to_datetime(["2025-07-01 09:00"]).tz_localize("Europe/London"))
    book = load_workbook(io.BytesIO(to_xlsx_bytes({"t": pd.DataFrame({"start": times, "n": pd.array([pd.NA], dtype="Int64")})})))
    assert book["t"].cell(row=2, column=1).value.hour == 9
    assert book["t"].cell(row=2, column=2).value is None


def test_team_breakdowns_drop_teams_under_the_minimum_group_size(hostile_card, settings):
    dataset, card = hostile_card
    teams = team_breakdowns(dataset, card, settings)
    assert "Small team" not in set(teams["team"])
    assert set(teams["team"]) == set(HOSTILE)
    assert teams.loc[teams["team"] == "-2+3", "value"].item() == -0.25


def test_team_breakdowns_drop_figures_resting_on_too_few_records(settings):
    dataset = Dataset(people=_people({"East": 8, "West": 8}))
    by_team = pd.DataFrame({"team": ["East", "West"], "value": [1.0, 2.0], "n": [9, 3]})
    card = build_scorecard(dataset, settings, indicators=(_indicator(by_team),))
    assert team_breakdowns(dataset, card, settings)["team"].tolist() == ["East"]


def test_write_exports_writes_safe_csv_and_xlsx(hostile_card, settings, tmp_path):
    dataset, card = hostile_card
    written = write_exports(dataset, card, settings, tmp_path / "out")
    names = {p.name for p in written}
    assert {"indicators.csv", "domains.csv", "team_breakdowns.csv", "diagnostic.xlsx"} <= names
    assert all(p.parent == tmp_path / "out" for p in written)

    indicators = pd.read_csv(tmp_path / "out" / "indicators.csv", encoding="utf-8-sig", skipfooter=1, engine="python")
    assert indicators.loc[0, "title"] == "'=Change in meeting hours"
    assert indicators.loc[0, "value"] == -1.5

    teams_csv = (tmp_path / "out" / "team_breakdowns.csv").read_text(encoding="utf-8-sig")
    assert "Small team" not in teams_csv
    assert '\'=HYPERLINK(""http://x"")' in teams_csv

    book = load_workbook(tmp_path / "out" / "diagnostic.xlsx")
    assert {"indicators", "domains", "team_breakdowns"} <= set(book.sheetnames)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@"))
    values = [c.value for c in book["team_breakdowns"]["F"][1:] if c.value is not None]
    assert all(isinstance(v, (int, float)) for v in values)
    assert min(values) == -2.0


def test_exports_hold_no_person_identifier(hostile_card, settings, tmp_path):
    dataset, card = hostile_card
    write_exports(dataset, card, settings, tmp_path)
    text = "".join(p.read_text(encoding="utf-8-sig") for p in tmp_path.glob("*.csv"))
    assert not any(pid in text for pid in dataset.people["person_id"])


@pytest.mark.parametrize("column", ["person_id", "sender_id", "manager_id", "display_name"])
def test_a_table_keyed_by_person_is_refused(column):
    frame = pd.DataFrame({column: ["p0123456789abcdef"], "emails_sent": [12]})
    with pytest.raises(ValueError, match="Per-person rows are never exported"):
        to_csv_bytes(frame)
    with pytest.raises(ValueError, match="Per-person rows are never exported"):
        to_xlsx_bytes({"people": frame})
