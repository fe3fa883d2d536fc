"""Helpers and fixtures for the bad-input catalogue: a copy of the mini issue, a previous good build in out/,
and `bad(...)`, which runs the CLI in-process and checks the rules every bad input must keep."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
MINI = ROOT / "tests" / "issues" / "mini"

import build_issue  # noqa: E402


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under `folder`: relative path -> (sha256, mtime_ns)."""
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file() or p.is_symlink()}


@pytest.fixture(scope="session")
def good_out(tmp_path_factory) -> Path:
    """out/ holding a good build of the mini issue (made once)."""
    out = tmp_path_factory.mktemp("good") / "out"
    # In a subprocess: no font is registered with reportlab in the test process by this fixture.
    done = subprocess.run([sys.executable, str(ROOT / "build_issue.py"), str(MINI), "--no-proof",
                           "--quiet", "--out", str(out)], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert (out / "mini" / "mini.pdf").is_file()
    return out


@pytest.fixture
def issue(tmp_path) -> Path:
    """A fresh copy of tests/issues/mini as tmp_path/mini (edit it to make it bad)."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    return folder


@pytest.fixture
def out(tmp_path, good_out) -> Path:
    """A copy of the good out/ for this test."""
    folder = tmp_path / "out"
    shutil.copytree(good_out, folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def bad(out, capsys):
    """bad(folder, *options) -> the one error message (checked: exit 2, one line, no traceback,
    out/ unchanged)."""
    def run(folder: Path, *options: str) -> str:
        before = snapshot(out)
        sources = snapshot(folder) if folder.is_dir() else None
        capsys.readouterr()
        code = build_issue.main([str(folder), "--no-proof", "--quiet", "--out", str(out), *options])
        err = capsys.readouterr().err
        assert code == 2, f"exit {code}, stderr: {err}"
        lines = err.strip().splitlines()
        assert len(lines) == 1, f"expected one line, got:\n{err}"
        assert "Traceback" not in err
        assert lines[0].startswith("error: ")
        assert snapshot(out) == before, "out/ changed on bad input"
        if sources is not None:
            assert snapshot(folder) == sources, "the source folder changed"
        return lines[0][len("error: "):]
    return run


def layout_with(folder: Path, changes: dict[str, dict[str, str]], extra: str = "") -> Path:
    """A copy of the default layout with `changes` ({section: {key: TOML value}}) applied, plus
    `extra` text at the end, written to folder/layout.toml."""
    lines = (ROOT / "layouts" / "gazette-a4.toml").read_text(encoding="utf-8").splitlines()
    for section, keys in changes.items():
        head = next(i for i, ln in enumerate(lines) if ln.split("#")[0].strip() == f"[{section}]")
        end = next((i for i in range(head + 1, len(lines)) if lines[i].lstrip().startswith("[")),
                   len(lines))
        for key, value in keys.items():
            hit = next((i for i in range(head + 1, end)
                        if lines[i].split("=")[0].strip() == key), None)
            if hit is None:
                lines.insert(head + 1, f"{key} = {value}")
                end += 1
            else:
                lines[hit] = f"{key} = {value}"
    path = folder / "layout.toml"
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    """The 1-based number of the first line of `path` containing `text`."""
    for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in ln:
            return n
    raise AssertionError(f"{text!r} not in {path}")


def append(path: Path, text: str) -> None:
    """Add lines at the end of a file (the edits do not depend on the mini issue's wording)."""
    with path.open("a", encoding="utf-8") as f:
        f.write("\n" + text + "\n")


def sub(path: Path, pattern: str, repl: str) -> None:
    """Replace the first match of a regular expression (multiline) in a file; it must match."""
    import re
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(pattern, repl, text, count=1, flags=re.M)
    assert n, f"{pattern!r} not in {path}"
    path.write_text(new, encoding="utf-8")
