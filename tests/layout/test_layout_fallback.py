"""A layout that declares a fallback face: characters the role's font lacks come from it, the
build warns, and the text comes out whole."""
from __future__ import annotations

import shutil
from pathlib import Path

from typeset.build import build
from typeset.verify.extract import read_pdf

ROOT = Path(__file__).resolve().parents[2]


def test_fallback_face_through_the_layout(tmp_path):
    issue = tmp_path / "mini"
    shutil.copytree(ROOT / "tests" / "issues" / "mini", issue)
    doc = issue / "a-tongzhi.txt"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n@h2 （三）人名用字喆镕堃\n", encoding="utf-8")
    layout = tmp_path / "layout.toml"
    text = (ROOT / "layouts" / "gazette-a4.toml").read_text(encoding="utf-8").replace("\n[fonts]\n", "\n")
    layout.write_text(text + '\n[fonts.kai]\nfallback = ["song"]\n', encoding="utf-8")
    built = build(issue, layout_path=layout, out=tmp_path / "out")
    fallbacks = [p for p in built.laid.problems if p.kind == "fallback"]
    assert len(fallbacks) == 3 and all("kai" in p.message for p in fallbacks)
    body = "".join(p.text() for p in read_pdf(built.pdf_path))
    assert "人名用字喆镕堃" in body
