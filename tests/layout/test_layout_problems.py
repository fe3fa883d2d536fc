"""The proof's problem list: a heading left last in a column is found and located."""
from __future__ import annotations

import shutil
from pathlib import Path

from typeset.build import build

ROOT = Path(__file__).resolve().parents[2]


def test_heading_at_the_end_of_a_document_is_reported(tmp_path):
    issue = tmp_path / "mini"
    shutil.copytree(ROOT / "tests" / "issues" / "mini", issue)
    doc = issue / "a-tongzhi.txt"
    lines = doc.read_text(encoding="utf-8").splitlines()
    lines.append("@h1 三、附则")
    doc.write_text("\n".join(lines) + "\n", encoding="utf-8")
    built = build(issue, out=tmp_path / "out")
    found = [p for p in built.laid.problems if p.kind == "heading-last"]
    assert len(found) == 1 and "三、附则" in found[0].message
    assert found[0].where.endswith(f"a-tongzhi.txt:{len(lines)}") and found[0].column in (1, 2)
