"""A second, made-up issue (other 栏目, a table with spans, an image) builds through the same
code; its first document's page is kept as a text golden of the layout dump."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

import build_issue
from typeset.build import build
from typeset.layout import dump

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "issues" / "mini"
GOLDEN = Path(__file__).parent / "golden" / "mini-page1.txt"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build(MINI, out=tmp_path_factory.mktemp("out"))


def test_mini_builds_with_its_own_sections(built):
    assert [s.name for s in built.issue.sections] == ["示例县人民政府文件", "示例县人民政府办公室文件"]
    heads = "".join(ln.text for p in built.laid.pages for ln in p.items
                    if getattr(ln, "kind", "") == "head")
    assert "【示例县人民政府办公室文件】" in heads and "泽州" not in heads
    assert built.pdf_path.exists() and built.pdf_path.stat().st_size > 10_000
    body = [p for p in built.laid.pages if p.folio]
    assert body[0].folio == 1 and len(body) >= 2


def test_layout_dump_golden(built):
    page = next(p for p in built.laid.pages if p.folio == 1)
    text = dump([page])
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_cli_builds_several_issues_with_one_summary_line_each(tmp_path, capsys):
    code = build_issue.main([str(MINI), str(ROOT / "source" / "2024-02"), "--out", str(tmp_path),
                             "--no-proof", "--quiet"])
    out = capsys.readouterr().out.strip().splitlines()
    assert code == 0
    assert len(out) == 2 and out[0].startswith(str(MINI)) and "verified" in out[1]
    assert (tmp_path / "mini" / "mini.pdf").exists() and (tmp_path / "2024-02" / "2024-02.pdf").exists()


def test_a_short_document_is_not_split_over_two_pages(built):
    """The 批复 (title, one line of 主送, one of body, 附件说明, 落款) fits a page but not the rest
    of page 1: it starts page 2 whole, instead of its title at the foot of page 1 and its
    closing block alone at the top of page 2."""
    pages = [p for p in built.laid.pages if p.folio]
    where = {}
    for p in pages:
        for it in p.items:
            if getattr(it, "where", "").endswith(("b-pifu.txt:1", "b-pifu.txt:5", "b-pifu.txt:11")):
                where.setdefault(it.where.rsplit(":", 1)[1], set()).add(p.folio)
    assert where == {"1": {2}, "5": {2}, "11": {2}}, where
    from typeset.layout.boxes import ProblemKind
    assert not [p for p in built.laid.problems
                if p.kind in (ProblemKind.CLOSING_ALONE, ProblemKind.UNBALANCED)]
