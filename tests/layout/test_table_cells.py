"""Table cells (issue 19): numbers on the decimal point (an integer's last digit, a %, a
thousands comma and a placeholder — in a column of numbers), wrapped header cells broken
between words when that takes no more lines (村数 / （个）, not 村 / 数（个）)."""
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


def _issue(folder: Path) -> Path:
    return one_document(folder, (
        "@title 示例县人民政府关于资金安排的批复\n@number 示政函〔2025〕1号\n\n@to 县财政局：\n\n"
        "同意。\n\n@table\n序号 | 项目 | 金额（万元） | 占比\n---\n"
        "1 | 道路 | 1,234.56 | 12.5%\n2 | 水利 | 87.3 | —\n3 | 学校 | 12,000 | 7%\n@end\n\n"
        "@sign 示例县人民政府\n@date 2025年3月1日\n"))


def _point(line: TextLine) -> float:
    """The x of the decimal point (after an integer's last digit) on the page."""
    xs = [x for r in line.runs for x in r.xs]
    text = line.text
    k = text.find(".")
    if k < 0:
        k = max(i for i, ch in enumerate(text) if ch.isdigit()) + 1
    return line.x + (xs[k] if k < len(xs) else line.end)


def test_numbers_stand_on_the_decimal_point(tmp_path):
    _, laid = laid_out(_issue(tmp_path / "i"))
    cells = [it for p in laid.pages for it in p.items if isinstance(it, TextLine) and it.kind == "td"]
    money = [c for c in cells if c.text in ("1,234.56", "87.3", "12,000")]
    share = [c for c in cells if c.text in ("12.5%", "7%")]
    assert len(money) == 3 and len(share) == 2
    assert max(map(_point, money)) - min(map(_point, money)) < 0.01
    assert max(map(_point, share)) - min(map(_point, share)) < 0.01
    dash = next(c for c in cells if c.text == "—")          # centred in its cell
    assert abs((dash.x + dash.end + dash.x + min(x for r in dash.runs for x in r.xs)) / 2
               - (dash.x + dash.width / 2)) < 0.5
    # control: the ends of the money cells differ (right-aligned would not put the points together)
    assert max(c.x + c.end for c in money) - min(c.x + c.end for c in money) > 5


def _headers(laid):
    seen: dict = {}
    for p in laid.pages:
        for it in p.items:
            if isinstance(it, TextLine) and it.kind == "th":
                seen.setdefault((p.index, it.where, it.block), []).append(it.text)
    return [v for v in seen.values() if len(v) > 1]


def test_wrapped_header_cells_break_between_words():
    _, laid = laid_out(ROOT / "tests" / "issues" / "landscape-rare")
    seg = Segmenter()
    wrapped = _headers(laid)
    assert ["学校", "（所）"] in wrapped and ["卫生室", "（个）"] in wrapped
    for lines in wrapped:
        text, k = "".join(lines), len(lines[0])
        assert not seg.inside_word(text, k), lines
    _, laid = laid_out(ROOT / "tests" / "issues" / "banfa-table")
    assert ["村数", "（个）"] in _headers(laid)


def test_plain_header_breaking_splits_words(monkeypatch):
    """Control: without the segmenter the same cells break inside a word (学 / 校（所）)."""
    from typeset.compose import tables
    monkeypatch.setattr(tables.TablePlanner, "_header_words", lambda self, t, r, w, lines: lines)
    _, laid = laid_out(ROOT / "tests" / "issues" / "landscape-rare")
    seg = Segmenter()
    assert any(seg.inside_word("".join(v), len(v[0])) for v in _headers(laid))
