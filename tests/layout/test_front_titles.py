"""Wrapped 目录 entries and table captions are broken between words (issue 19), by the title
breaker's segmenter (typeset.compose.titles.fill_title), not inside one as plain line filling
would."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from one_document import one_document  # noqa: E402
from typeset.compose.titles import Segmenter
from typeset.layout.boxes import TextLine

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from quality import laid_out      # noqa: E402

TITLE = ("示例县人民政府关于印发全县示例县2025年农村生活污水治理与水环境综合提升工作方案"
         "和示例县农村黑臭水体排查整治专项行动实施方案的通知")
CAPTION = ("示例县2025年农村生活污水治理与水环境综合提升工作重点任务及责任分工清单（按乡镇"
           "人民政府和县直有关部门分列，完成时限以县政府督查室通报为准）")


def _issue(folder: Path) -> Path:
    return one_document(folder, (
        f"@title {TITLE}\n@number 示政发〔2025〕1号\n\n@to 各乡镇人民政府：\n\n现印发给你们。\n\n"
        f"@table\n@caption {CAPTION}\n序号 | 任务\n---\n1 | 建设设施\n@end\n\n"
        "@sign 示例县人民政府\n@date 2025年3月1日\n"))


def _breaks(lines):
    joined, cuts, k = "".join(lines), [], 0
    for text in lines[:-1]:
        k += len(text)
        cuts.append(k)
    return joined, cuts


def test_wrapped_toc_entry_and_caption_break_between_words(tmp_path):
    _, laid = laid_out(_issue(tmp_path / "i"))
    seg = Segmenter(["示例县人民政府"])
    toc = [it.text for p in laid.pages if p.label == "目录" for it in p.items
           if isinstance(it, TextLine) and it.kind == "toc"]
    entry = [t for t in toc if not t.startswith("【")]
    assert len(entry) == 2 and entry[0] + entry[1].split("示政发")[0] == TITLE
    joined, cuts = _breaks([entry[0], entry[1].split("示政发")[0]])
    assert not any(seg.inside_word(joined, k) for k in cuts), entry
    caption = [it.text for p in laid.pages for it in p.items
               if isinstance(it, TextLine) and it.kind == "caption"]
    assert "".join(caption) == CAPTION and len(caption) >= 2
    joined, cuts = _breaks(caption)
    assert not any(seg.inside_word(joined, k) for k in cuts), caption


def test_plain_filling_would_break_inside_a_word(tmp_path):
    """Control: the same entry and caption filled character by character (the composer's
    plain lines) break inside a word, so the check above can fail."""
    from typeset.build import DEFAULT_LAYOUT, chars_by_role, font_cache
    from typeset.compose.typesetter import Typesetter
    from typeset.fonts.prepare import prepare_fonts
    from typeset.layout import load_layout
    from typeset.source import load_issue
    issue = load_issue(_issue(tmp_path / "c"))
    lay = load_layout(DEFAULT_LAYOUT)
    ts = Typesetter(lay, prepare_fonts(chars_by_role(issue, lay), overrides=None,
                                       cache_dir=font_cache()))
    seg = Segmenter(["示例县人民政府"])
    for text, size in ((TITLE, lay.toc.size), (CAPTION, lay.grid.size)):
        lines = [ln.text for ln in ts.line(text, "song", size, lay.body_width, align="left")]
        joined, cuts = _breaks(lines)
        assert any(seg.inside_word(joined, k) for k in cuts), lines
