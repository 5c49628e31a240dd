"""``pack``, ``compare`` and ``report --peers`` on the command line, and the report's section among peers."""

from __future__ import annotations

import json
import shutil

import pytest
from peer_packs import as_bytes_for, pack

from diagnostic.cli import main
from diagnostic.peers.compare import compare
from diagnostic.peers.reading import check_packs
from diagnostic.report.markup import FigureCounter
from diagnostic.report.peers import peers_section
from tests.conftest import SAMPLES


def test_a_label_that_cannot_be_shared_stops_pack_before_any_file_is_read(tmp_path, capsys):
    assert main(["pack", str(tmp_path / "nowhere"), "--out", str(tmp_path / "p.json"), "--label", "ann@x.org"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: The label must be") and "Traceback" not in err
    assert not (tmp_path / "p.json").exists()


@pytest.mark.parametrize("count", ["0", "27"])
def test_sample_packs_out_of_range_are_refused(tmp_path, capsys, count):
    assert main(["sample", "--out", str(tmp_path), "--packs", count]) == 1
    assert "--packs must be between 1 and 26" in capsys.readouterr().err


def test_compare_needs_a_folder_of_packs(tmp_path, capsys):
    assert main(["compare", str(SAMPLES), "--peers", str(tmp_path / "none")]) == 1
    assert "no such folder of benchmark packs" in capsys.readouterr().err


def test_the_report_section_names_peers_only_by_their_labels_and_says_what_was_left_out():
    files = [(f"p{i}.json", as_bytes_for(pack(0.1 * i, label=f"Peer {i}" if i % 2 else None))) for i in range(1, 7)]
    html = peers_section(compare(pack(0.12), check_packs([*files, ("bad.json", b"nope")])), FigureCounter())
    assert '<h2 id="peers-h">Where we sit among peers</h2>' in html
    assert "Compared with 6 peers" in html and "Packs named by their owners: Peer 1, Peer 3, Peer 5." in html
    assert '<figure class="chart"><svg' in html and "Each indicator among peers" in html
    assert "Closer to concrete than three in four peers." in html
    assert "<li>bad.json is not a benchmark pack (it is not readable JSON). It is left out.</li>" in html


@pytest.mark.slow
def test_pack_then_compare_on_the_sample_with_a_bad_file_among_the_peers(tmp_path, capsys):
    out = tmp_path / "ours.json"
    assert main(["pack", str(SAMPLES), "--out", str(out), "--label", "Northbridge"]) == 0
    ours = json.loads(out.read_text(encoding="utf-8"))
    assert ours["label"] == "Northbridge" and ours["size"] == "100–249 staff"
    peers = tmp_path / "peers"
    shutil.copytree(SAMPLES / "peers", peers)
    (peers / "broken.json").write_text('{"kind": "relational-diagnostic benchmark pack", "version": 7}', encoding="utf-8")
    shutil.copy(out, peers / "ours-again.json")
    capsys.readouterr()
    assert main(["compare", str(SAMPLES), "--peers", str(peers), "--json"]) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert result["peers"] == 8
    assert result["left_out"] == [
        "broken.json is a pack of format version 7; this tool reads version 1. Ask its owner to make it again with this version. It is left out.",
        "ours-again.json holds this organisation's own figures. It is left out.",
    ]
    assert "warning: broken.json" in captured.err
    assert result["index"]["shown"] and result["index"]["ours"] == ours["index"]["score"]
    report = tmp_path / "r.html"
    assert main(["report", str(SAMPLES), "--peers", str(peers), "--out", str(report)]) == 0
    assert 'href="#peers"' in report.read_text(encoding="utf-8")
