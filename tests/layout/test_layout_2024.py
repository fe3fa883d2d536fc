"""Geometry of the laid-out 2024年第2期, and what the PDF says about it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from typeset.build import build
from typeset.layout.boxes import Box, TextLine
from typeset.model import Table

ROOT = Path(__file__).resolve().parents[2]
TOL = 0.5


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build(ROOT / "source" / "2024-02", out=tmp_path_factory.mktemp("out"))


@pytest.fixture(scope="module")
def body(built):
    return [p for p in built.laid.pages if p.folio is not None]


def lines(page, kind=None):
    return [it for it in page.items if isinstance(it, TextLine) and (kind is None or it.kind == kind)]


def glyph_span(line):
    xs = [x for r in line.runs for x in r.xs]
    return line.x + min(xs), line.x + line.end


def test_documents_start_on_their_printed_pages(built):
    docs = built.issue.documents()
    assert [built.laid.doc_pages[i] for i in range(len(docs))] == [d.printed_page for d in docs]
    assert [d.printed_page for d in docs] == [1, 8, 14, 23, 24, 35, 36]


def test_thirty_six_body_pages_numbered_from_one(body):
    assert [p.folio for p in body] == list(range(1, 37))


def test_no_glyph_outside_its_column(built, body):
    lay = built.layout
    for page in body:
        for ln in lines(page):
            if ln.column:
                left = lay.left + (ln.column - 1) * (lay.column_width + lay.gutter)
                a, b = glyph_span(ln)
                assert left - TOL <= a and b <= left + lay.column_width + TOL, (page.folio, ln.text)


def test_no_glyph_outside_its_cell(body):
    for page in body:
        boxes = [it for it in page.items if isinstance(it, Box)]
        for ln in lines(page):
            if ln.kind in ("th", "td"):
                a, b = glyph_span(ln)
                assert any(bx.x - TOL <= a and b <= bx.x + bx.w + TOL and bx.y <= ln.y <= bx.y + bx.h
                           for bx in boxes), (page.folio, ln.text)


def test_non_final_body_lines_are_flush(built, body):
    lay = built.layout
    checked = 0
    for page in body:
        for ln in lines(page, "body"):
            if not ln.last:
                assert abs(ln.end - lay.column_width) <= TOL, (page.folio, ln.text)
                checked += 1
    assert checked > 900


def test_body_lines_sit_on_the_grid(built, body):
    lay = built.layout
    for page in body:
        for ln in lines(page, "body"):
            assert 0 <= ln.grid_line < lay.grid.lines
            assert ln.y == pytest.approx(lay.top + ln.grid_line * lay.grid.pitch
                                         + (lay.grid.pitch - lay.grid.size) / 2 + 0.88 * lay.grid.size)


def test_no_heading_last_in_a_column(body):
    for page in body:
        for col in (1, 2):
            col_lines = sorted((ln for ln in lines(page) if ln.column == col), key=lambda ln: ln.y)
            if col_lines:
                assert not col_lines[-1].kind.startswith("heading"), (page.folio, col_lines[-1].text)


def test_land_table_header_on_every_page_and_rows_once_in_order(built, body):
    table = next(b for a in built.issue.documents()[1].attachments for b in a.blocks
                 if isinstance(b, Table))
    assert len(table.rows) == 88                      # 87 plots and the total
    pages = [p for p in body if any(ln.where == str(r.where) for r in table.rows
                                    for ln in lines(p, "td"))]
    assert len(pages) == 5
    seen = []
    for p in pages:
        heads = "".join(ln.text for ln in lines(p, "th"))
        assert "序号" in heads and "面积" in heads
        firsts = [ln for ln in lines(p, "td") if ln.x < 60 and re.fullmatch(r"\d+", ln.text)]
        seen += [int(ln.text) for ln in sorted(firsts, key=lambda ln: ln.y)]
    assert seen == list(range(1, 88))
    assert built.laid.table_breaks[str(table.where)] == (12, 30, 53, 71)


def test_toc_numbers_equal_body_pages(built):
    toc = "".join(ln.text for p in built.laid.pages if p.label.startswith("目录") for ln in lines(p))
    for i, doc in enumerate(built.issue.documents()):
        m = re.search(re.escape(doc.number) + r"\.*(\d+)", toc)
        assert m and int(m.group(1)) == built.laid.doc_pages[i], doc.number


def test_page_labels_equal_folios(built):
    labels = list(PdfReader(built.pdf_path).page_labels)
    assert labels == [p.label for p in built.laid.pages]
    assert labels[:4] == ["封面", "扉页", "目录", "空白"] and labels[4] == "1" and labels[-2] == "36"


def test_bookmarks_cover_every_document_and_attachment(built):
    reader = PdfReader(built.pdf_path)

    def walk(items, depth=0):
        for it in items:
            if isinstance(it, list):
                yield from walk(it, depth + 1)
            else:
                yield depth, it.title, reader.get_destination_page_number(it)
    marks = list(walk(reader.outline))
    titles = [t for _, t, _ in marks]
    for doc in built.issue.documents():
        assert doc.title in titles
        for att in doc.attachments:
            assert any(t.startswith(att.label) and "".join(att.title_lines) in t for t in titles)
    assert [t for d, t, _ in marks if d == 0] == [s.name for s in built.issue.sections]
    first = {t: page for _, t, page in marks}
    for i, doc in enumerate(built.issue.documents()):
        assert built.laid.pages[first[doc.title]].folio == built.laid.doc_pages[i]


def test_document_info(built):
    info = PdfReader(built.pdf_path).metadata
    assert info.title.startswith("泽州县人民政府公报 2024年第2期")
    assert info.author == "泽州县人民政府办公室"
    assert "政府公报" in info["/Keywords"]
    assert PdfReader(built.pdf_path).trailer["/Root"]["/Lang"] == "zh-CN"


def test_problems_name_page_column_line_and_source(built):
    problems = built.laid.problems
    assert problems and {p.kind for p in problems} <= {"kept-printed", "loose", "emergency",
                                                        "overfull", "heading-last", "fallback",
                                                        "unbalanced"}
    for p in problems:
        assert p.page >= 0 and p.column in (1, 2) and p.line >= 0 and ".txt:" in p.where
        assert p.bbox is not None
    assert not [p for p in problems if p.kind in ("overfull", "emergency", "heading-last")]


GOLDEN = Path(__file__).parent / "golden" / "2024-02.txt"


def test_whole_issue_dump_golden(built):
    """Every page of 2024-02 as text (typeset.layout.dump): any layout change shows here as a diff
    to review. After a reviewed change: UPDATE_GOLDEN=1 python -m pytest tests/layout."""
    import difflib
    import os

    from typeset.layout import dump

    text = dump(built.laid.pages)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    want = GOLDEN.read_text(encoding="utf-8")
    if text != want:
        diff = difflib.unified_diff(want.splitlines(), text.splitlines(), "golden", "now",
                                    lineterm="", n=1)
        pytest.fail("layout of 2024-02 changed:\n" + "\n".join(list(diff)[:60]))
