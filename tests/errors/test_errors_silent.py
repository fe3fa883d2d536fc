"""Issue 13: inputs that used to build wrong pages with 0 warnings, write in the wrong place,
or stop with a traceback. Each builds right or gives one line and exit 2, and leaves the source
folder as it was."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from errors_support import ROOT, append, line_of, snapshot, sub

DOC = "c-banfa.txt"
RARE = "𬌗"          # U+2C317, in Noto Serif CJK: names and places in 通用规范汉字表 have such


def cli(*args: str, env: dict | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build_issue.py"), *args], capture_output=True,
                          cwd=cwd, timeout=120, env={**os.environ, **(env or {})})


def test_non_bmp_text_builds_verifies_and_reads_back(issue, tmp_path):
    sub(issue / DOC, r"^@title (.+)$", rf"@title \g<1>{RARE}")
    append(issue / DOC, f"县里有{RARE}村，也有带连字符的长词abc-defgh-ijk。\n@sign 示例县{RARE}局")
    sub(issue / "b-pifu.txt", r"^2 \| 侧柏", f"2 | 侧{RARE}柏")          # a table cell
    before = snapshot(issue)
    for options in (("--quiet", "--no-proof"), ("--quiet",), ()):
        done = cli(str(issue), "--out", str(tmp_path / "out"), *options)
        err = done.stderr.decode()
        assert done.returncode == 0 and "Traceback" not in err, err
        out = done.stdout.decode()
        assert "verified: 目录 pages 3/3, table breaks ok, text ok" in out, out
    report = json.loads((tmp_path / "out" / "mini" / "proof" / "report.json").read_text("utf-8"))
    assert report["fidelity"]["ok"]
    from typeset.verify.extract import read_pdf
    text = "".join(p.text() for p in read_pdf(tmp_path / "out" / "mini" / "mini.pdf"))
    assert text.count(RARE) >= 3 and "\ud870" not in text
    assert snapshot(issue) == before


@pytest.mark.parametrize("encoding", ["gbk", "cp936", "ascii"])
def test_any_console_encoding(issue, tmp_path, encoding):
    append(issue / DOC, f"含{RARE}字与—破折号。")
    env = {"PYTHONIOENCODING": encoding}
    done = cli(str(issue), "--out", str(tmp_path / "out"), env=env)
    assert done.returncode == 0, done.stderr.decode(encoding, "replace")
    assert b"Traceback" not in done.stderr
    assert b"verified" in done.stdout
    lint = cli("--lint", str(issue), env=env)
    assert lint.returncode in (0, 1) and b"Traceback" not in lint.stderr
    bad = cli(str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"), env=env)
    assert bad.returncode == 2 and len(bad.stderr.splitlines()) == 1
