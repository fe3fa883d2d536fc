"""A table too wide for a portrait page goes on a landscape page of its own, with its
attachment's label and title, and the flow continues on a portrait page."""
from __future__ import annotations

import shutil

import pytest
from pathlib import Path

from typeset.build import build
from typeset.layout.boxes import TextLine

ROOT = Path(__file__).resolve().parents[2]


def test_wide_table_gets_a_landscape_page(tmp_path):
    issue = tmp_path / "wide"
    shutil.copytree(ROOT / "tests" / "issues" / "mini", issue)
    doc = issue / "a-tongzhi.txt"
    header = " | ".join(f"列{i}" for i in range(1, 15))
    row = " | ".join(["四个字符"] * 14)
    doc.write_text(doc.read_text(encoding="utf-8") + "\n@attachment 附件9\n@title 宽表\n\n@table\n"
                   f"{header}\n---\n{row}\n{row}\n@end\n", encoding="utf-8")
    built = build(issue, out=tmp_path / "out")
    wide = [p for p in built.laid.pages if p.width > p.height]
    assert len(wide) == 1
    page = wide[0]
    texts = [it.text for it in page.items if isinstance(it, TextLine)]
    assert "附件9" in texts and "宽表" in texts
    assert any(m.title == "附件9 宽表" for m in page.marks)
    after = built.laid.pages[page.index + 1]
    assert after.width < after.height
    cells = [it for it in page.items if isinstance(it, TextLine) and it.kind == "td"]
    assert len(cells) == 28 and all(it.text == "四个字符" for it in cells)


def test_tall_image_is_scaled_into_the_body_with_its_caption(tmp_path):
    from PIL import Image as PILImage
    issue = tmp_path / "tall"
    shutil.copytree(ROOT / "tests" / "issues" / "mini", issue)
    PILImage.new("RGB", (100, 1000), (200, 30, 30)).save(issue / "images" / "seal.png")
    built = build(issue, out=tmp_path / "out")
    lay = built.layout
    from typeset.layout.boxes import ImageItem
    page = next(p for p in built.laid.pages if any(isinstance(i, ImageItem) for i in p.items))
    img = next(i for i in page.items if isinstance(i, ImageItem))
    caption = next(i for i in page.items if isinstance(i, TextLine) and i.kind == "caption")
    assert img.y >= lay.top - 0.01 and caption.y <= lay.top + lay.body_height
    assert img.h <= lay.body_height and img.w / img.h == pytest.approx(0.1)
    assert caption.text == "示例印章" and caption.y > img.y + img.h


def test_a_row_taller_than_a_page_goes_on_in_pieces_under_the_header(tmp_path):
    from typeset.layout.boxes import Box
    from typeset.verify.checks import run_checks
    from typeset.verify.extract import read_pdf
    issue = tmp_path / "tall-row"
    shutil.copytree(ROOT / "tests" / "issues" / "mini", issue)
    doc = issue / "a-tongzhi.txt"
    text = "很长的单元格内容" * 300
    doc.write_text(doc.read_text(encoding="utf-8") + f"\n@table\n甲 | 乙\n---\n长行 | {text}\n@end\n",
                   encoding="utf-8")
    built = build(issue, out=tmp_path / "out")
    lay = built.layout
    pieces = [p for p in built.laid.pages
              if any(isinstance(it, TextLine) and it.kind == "td" and "很长" in it.text for it in p.items)]
    assert len(pieces) >= 2
    for p in pieces:
        assert any(isinstance(it, TextLine) and it.kind == "th" and it.text == "乙" for it in p.items)
        for it in p.items:
            if isinstance(it, Box):
                assert it.y + it.h <= lay.top + lay.body_height + 0.01
    assert run_checks(built.issue, read_pdf(built.pdf_path), lay).fidelity.ok
