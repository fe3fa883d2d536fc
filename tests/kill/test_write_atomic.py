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

from typeset import files  # noqa: E402


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


