"""write_atomic (typeset.files) on its own: both paths (unnamed O_TMPFILE file, named temporary file) replace the
target whole, leave nothing behind, and give the file the usual permissions."""
from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from typeset import build, files  # noqa: E402


@pytest.mark.parametrize("unnamed", [True, False], ids=["O_TMPFILE", "named"])
def test_write_atomic(tmp_path, monkeypatch, unnamed):
    if not unnamed:
        monkeypatch.setattr(files, "_unnamed", lambda folder: None)
    target = tmp_path / "out" / "x.pdf"
    files.write_atomic(target, b"old")
    files.write_atomic(target, b"new" * 1000)
    assert target.read_bytes() == b"new" * 1000
    assert sorted(p.name for p in target.parent.iterdir()) == ["x.pdf"]
    mode = stat.S_IMODE(target.stat().st_mode)
    mask = os.umask(0)
    os.umask(mask)
    assert mode == 0o644 & ~mask


def test_clean_stale_removes_leftovers(tmp_path):
    (tmp_path / "proof" / "pages").mkdir(parents=True)
    stale = [tmp_path / ".a.pdf.1.tmp", tmp_path / "proof" / ".report.md.2.tmp",
             tmp_path / "proof" / "pages" / ".page-001.png.3.tmp"]
    for p in stale:
        p.write_bytes(b"half")
    (tmp_path / "a.pdf").write_bytes(b"keep")
    build.clean_stale(tmp_path)
    assert not any(p.exists() for p in stale)
    assert (tmp_path / "a.pdf").read_bytes() == b"keep"
