"""A command that meets a problem nobody foresaw says so plainly: no traceback, no exception name, no data."""

from __future__ import annotations

import diagnostic.ingest
from diagnostic.cli import main


def test_an_unexpected_problem_is_one_plain_line(monkeypatch, tmp_path, capsys):
    def broken(*args, **kwargs):
        raise KeyError("jo.bloggs@northbridge.gov.uk")

    monkeypatch.setattr(diagnostic.ingest, "load_paths", broken)
    (tmp_path / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    code = main(["inspect", str(tmp_path / "x.csv")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: something went wrong that we did not expect")
    assert "Your files are unchanged" in err
    for leak in ("KeyError", "Traceback", "jo.bloggs", "northbridge"):
        assert leak not in err
    assert len(err.strip().splitlines()) == 1
