"""The README keeps up with the code: every format, indicator, lever, setting and command."""

from __future__ import annotations

from pathlib import Path

import pytest
from readme_tables import TABLES, markers, rewrite

from diagnostic.cli import _parser
from diagnostic.ingest.formats import FORMATS
from diagnostic.settings import SETTING_HELP, Settings, setting_reference

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_format_is_in_the_readme():
    assert [f.id for f in FORMATS if f"`{f.id}`" not in README] == []


def test_every_command_is_in_the_readme_and_has_help():
    sub = next(a for a in _parser()._actions if a.dest == "command")
    for name, parser in sub.choices.items():
        assert f"python -m diagnostic {name}" in README
        assert parser.description or sub._name_parser_map[name].format_help()
    assert all(choice.help for choice in sub._choices_actions)


def test_the_quick_start_is_two_commands():
    start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert start.count("```bash") == 2


@pytest.mark.parametrize("name", TABLES)
def test_each_reference_table_is_written_from_its_registry(name):
    """Run ``python tests/readme_tables.py`` to write the tables again after changing a registry."""
    start, end = markers(name)
    assert README.count(start) == 1 and README.count(end) == 1
    assert README.split(start + "\n", 1)[1].split("\n" + end, 1)[0] == TABLES[name]()


def test_rewriting_the_readme_changes_nothing_else():
    assert rewrite(README) == README


def test_every_setting_has_one_help_line():
    assert list(SETTING_HELP) == list(Settings.__dataclass_fields__)
    for setting in setting_reference():
        assert setting.help.strip() and "\n" not in setting.help, setting.name
        assert setting.help.endswith("."), setting.name
