"""House rules that keep the code base honest: lint, format, and a core that never imports Streamlit."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUFF = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")


@pytest.mark.skipif(RUFF is None, reason="ruff is not installed")
@pytest.mark.parametrize("args", [["check", "."], ["format", "--check", "."]], ids=["lint", "format"])
def test_ruff_is_clean(args):
    result = subprocess.run([RUFF, *args], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_never_imports_streamlit():
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "diagnostic").rglob("*.py")
        if "app" not in p.relative_to(ROOT / "diagnostic").parts[:1] and "import streamlit" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_no_machine_paths_in_tracked_text():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    bad = []
    for name in tracked:
        path = ROOT / name
        if path.suffix in {".py", ".md", ".toml", ".txt", ".json", ".cfg"} and path.exists():
            text = path.read_text(encoding="utf-8", errors="ignore")
            if "/" + "work" + "/" in text or "/" + "tmp/briefs" in text:
                bad.append(name)
    assert bad == []
