"""The README keeps up with the code: every format, every command."""

from __future__ import annotations

from pathlib import Path

from diagnostic.cli import _parser
from diagnostic.ingest.formats import FORMATS

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
