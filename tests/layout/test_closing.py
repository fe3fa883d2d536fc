"""The closing block by GB/T 9704 (issue 19): 附件说明's later items under the first item's
number and its wrapped lines under the name's first character (7.3.4); 署名 右空二字, the date
one line below with its first character two characters right of the 署名's, or 右空二字 with the
署名 moved left when it is longer (7.3.5.2); 附注 one line below the date, 左空二字 (7.3.6).
Positions are checked in characters of the body size, within the column."""
from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from typeset.build import DEFAULT_LAYOUT, chars_by_role, font_cache
from typeset.compose.closing import ClosingSetter
from typeset.compose.typesetter import Typesetter
from typeset.fonts.prepare import prepare_fonts
from typeset.layout import load_layout
from typeset.layout.boxes import TextLine
from typeset.model import Paragraph, Span, Where
from typeset.source import load_issue

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from quality import laid_out      # noqa: E402

EM = 10.0                         # the body size of layouts/gazette-a4.toml
COLUMN = 24.0                     # characters per column
FOLDERS = ("source/2024-02", "tests/issues/pifu-bumen", "tests/issues/fifteen",
           "tests/issues/banfa-table", "tests/issues/ling")


@pytest.fixture(scope="module")
def issues():
    return {f: laid_out(ROOT / f)[1] for f in FOLDERS}


def xs(line):
    """Glyph origins in characters from the column's left edge."""
    return [x / EM for r in line.runs for x in r.xs]


def closings(laid, kinds=("attach-note", "signature", "date", "public")):
    """Each closing block's lines, in order: [(page, line), ...]."""
    blocks, cur = [], []
    for page in laid.pages:
        for it in page.items:
            if not isinstance(it, TextLine) or not it.column or it.kind in ("head", "folio"):
                continue
            if it.kind in kinds:
                cur.append((page, it))
            elif cur:
                blocks.append(cur)
                cur = []
    return blocks + ([cur] if cur else [])


def attach_geometry(lines) -> list[str]:
    """What is wrong with a 附件说明's lines (empty: as GB/T 9704 7.3.4 says)."""
    wrong = []
    first = lines[0]
    if abs(xs(first)[0] - 2.0) > 0.01:
        wrong.append(f"附件 at {xs(first)[0]:.2f}, not 左空二字")
    number_at = xs(first)[3]                   # after 附件：
    name_at = None
    for k, ln in enumerate(lines):
        if k and ln.grid_line != lines[k - 1].grid_line + 1:
            wrong.append(f"a blank line above {ln.text}")
        if k and ln.text[0].isdigit():
            if abs(xs(ln)[0] - number_at) > 0.01:
                wrong.append(f"{ln.text} at {xs(ln)[0]:.2f}, not under 1. ({number_at:.2f})")
            name_at = xs(ln)[ln.text.index(".") + 1]
        elif k == 0:
            dot = ln.text.find(".", 3)
            name_at = xs(ln)[dot + 1 if 0 < dot < 7 else 3]
        elif abs(xs(ln)[0] - name_at) > 0.01:
            wrong.append(f"{ln.text} at {xs(ln)[0]:.2f}, not under the name ({name_at:.2f})")
    return wrong


def sign_geometry(sign, date) -> list[str]:
    """What is wrong with a 署名 and its 成文日期 (empty: as GB/T 9704 7.3.5.2 says)."""
    wrong = []
    s0, s1 = xs(sign)[0], sign.end / EM
    d0, d1 = xs(date)[0], date.end / EM
    if abs(d0 - s0 - 2.0) > 0.01:
        wrong.append(f"the date starts {d0 - s0:.2f} characters right of the 署名, not 2")
    edge = COLUMN - 2.0
    if not (abs(s1 - edge) < 0.01 and d1 <= edge + 0.01
            or abs(d1 - edge) < 0.01 and s1 < edge):
        wrong.append(f"署名 ends at {s1:.2f}, date at {d1:.2f}: neither 右空二字")
    if date.grid_line != sign.grid_line + 1 or date.column != sign.column:
        wrong.append("the date is not one line below the 署名")
    return wrong


def test_attach_note_items_under_the_first_name(issues):
    laid = issues["source/2024-02"]
    notes = [[it for _, it in b] for b in closings(laid, ("attach-note",))]
    many = [b for b in notes if len(b) > 1]
    assert len(many) == 2                     # 05-tuoguan (5 items, wrapped) and 06-yinzhang
    for lines in many:
        assert attach_geometry(lines) == [], [ln.text for ln in lines]
    yinzhang = many[1]
    assert [ln.text for ln in yinzhang] == ["附件：1.启用印章印模", "2.废止印章印模"]
    assert xs(yinzhang[1])[0] == pytest.approx(5.0, abs=0.01)      # under 1., after 附件：
    tuoguan = many[0]
    assert len(tuoguan) == 10 and tuoguan[1].text == "标准表"
    # a wrapped line stands under the name (after 1.), right of the item numbers
    assert xs(tuoguan[1])[0] > xs(tuoguan[2])[0] + 0.5
    corpus = [[it for _, it in b] for b in closings(issues["tests/issues/pifu-bumen"],
                                                      ("attach-note",))]
    assert any(len(b) > 2 for b in corpus)    # two items, the second wrapped
    for lines in corpus:
        assert attach_geometry(lines) == [], [ln.text for ln in lines]


def test_attach_note_check_bites(issues):
    """Control: with hang = false (the items at the paragraph indent) the check fails."""
    lay = load_layout(DEFAULT_LAYOUT)
    lay = replace(lay, closing=replace(lay.closing, hang=False))
    issue = load_issue(ROOT / "source" / "2024-02")
    fs = prepare_fonts(chars_by_role(issue, lay), overrides=None, cache_dir=font_cache())
    setter = ClosingSetter(Typesetter(lay, fs))
    where = Where("x.txt", 1)
    paras = [Paragraph("attach-note", (Span(t),), where) for t in
             ("附件：1.2024年农业生产托管服务试点项目补助标准表", "2.废止印章印模")]
    lines = [ln._replace() for p in paras for ln in setter.attach_note(p)]
    placed = [TextLine.placed(ln, 0.0, 0.0, "attach-note", column=1, grid_line=k)
              for k, ln in enumerate(lines)]
    assert attach_geometry(placed)


@pytest.mark.parametrize("folder", FOLDERS)
def test_signature_and_date_by_the_rule(issues, folder):
    laid = issues[folder]
    pairs = 0
    for block in closings(laid):
        kinds = [it.kind for _, it in block]
        if "signature" not in kinds:
            continue
        k = len(kinds) - 1 - kinds[::-1].index("signature")
        (sp, sign), (dp, date) = block[k], block[k + 1]
        assert date.kind == "date" and dp is sp
        assert sign_geometry(sign, date) == [], (sign.text, date.text)
        if k + 2 < len(block):
            pp, public = block[k + 2]
            assert public.kind == "public" and pp is sp and public.column == date.column
            assert public.grid_line == date.grid_line + 1
            assert xs(public)[0] == pytest.approx(2.0, abs=0.01)          # 左空二字
        pairs += 1
    assert pairs >= 1


def test_a_long_date_moves_the_signature_left(issues):
    """A date longer than the 署名 less 2 characters: the date 右空二字, the 署名 two
    characters left of it; a long 署名: the 署名 右空二字, the date inside it."""
    lay = load_layout(DEFAULT_LAYOUT)
    issue = load_issue(ROOT / "source" / "2024-02")
    fs = prepare_fonts(chars_by_role(issue, lay), overrides=None, cache_dir=font_cache())
    setter = ClosingSetter(Typesetter(lay, fs))
    where = Where("x.txt", 1)

    def pair(sign, date):
        s, d = Paragraph("signature", (Span(sign),), where), Paragraph("date", (Span(date),), where)
        out = setter.sign_and_date([s], d)
        return [TextLine.placed(out[id(p)][0], 0.0, 0.0, p.style, column=1, grid_line=k)
                for k, p in enumerate((s, d))]

    sign, date = pair("泽州县", "2024年12月31日")
    assert date.end / EM == pytest.approx(22.0) and sign.end / EM < 21.0
    assert sign_geometry(sign, date) == []
    sign, date = pair("泽州县发展改革和科技局", "2024年5月7日")
    assert sign.end / EM == pytest.approx(22.0) and date.end / EM < 21.0
    assert sign_geometry(sign, date) == []
    # control: the old placement (署名 右空四字, date 右空三字) breaks the rule
    old_sign = sign._replace(runs=tuple(r._replace(xs=tuple(x - 20 for x in r.xs))
                                        for r in sign.runs), end=sign.end - 20)
    assert sign_geometry(old_sign, date)


ISSUE_TOML = """[issue]
masthead = "示例县人民政府公报"
pinyin = "SHILIXIAN RENMIN ZHENGFU GONGBAO"
year = 2025
number = 1
total = 1
date = "2025-06-30"
sponsor = "示例县人民政府办公室"
publisher = "示例县人民政府办公室"

[[section]]
name = "示例县人民政府文件"
documents = ["01.txt"]
"""

BODY = "各乡镇、各部门要充分认识做好这项工作的重要意义，切实加强组织领导，明确责任分工。"


def _notice(folder: Path, paragraphs: int) -> Path:
    folder.mkdir()
    (folder / "issue.toml").write_text(ISSUE_TOML, encoding="utf-8")
    body = "\n\n".join([BODY] * paragraphs + ["特此通知。"])
    (folder / "01.txt").write_text(
        "@title 示例县人民政府关于做好植树工作的通知\n@number 示政发〔2025〕1号\n\n"
        f"@to 各乡镇人民政府：\n\n{body}\n\n@attach-note 附件：1.示例县植树计划表\n"
        "@attach-note 2.示例县植树工作责任分工表\n\n@sign 示例县人民政府\n@date 2025年3月1日\n"
        "@public （此件公开发布）\n", encoding="utf-8")
    return folder


def test_the_closing_block_takes_two_body_lines_wherever_it_falls(tmp_path):
    """Notices of 1 to 40 body paragraphs (the last one line, 特此通知。): the closing block is
    never split, never alone at a column's top, and two body lines stand above it in its
    column."""
    from typeset.layout.boxes import ProblemKind
    bad = []
    for n in range(1, 41, 1):
        laid = laid_out(_notice(tmp_path / f"n{n}", n))[1]
        kinds = {p.kind for p in laid.problems}
        if kinds & {ProblemKind.CLOSING_SPLIT, ProblemKind.CLOSING_ALONE, ProblemKind.LONE_LINE}:
            bad.append((n, sorted(kinds)))
        (page, first), = [(p, it) for p, it in
                          [(p, it) for p in laid.pages for it in p.items
                           if isinstance(it, TextLine) and it.text.startswith("附件：")]]
        above = [it for it in page.items if isinstance(it, TextLine) and it.column == first.column
                 and it.kind in ("body", "to") and it.y < first.y]
        if len(above) < 2:
            bad.append((n, "fewer than two body lines above"))
    assert bad == []


def test_closing_alone_check_bites(issues):
    """Control: the 2024-02 closing blocks at a column's top are found (and listed as kept,
    since the issue keeps its print's lone lines); moved one line down under a body line of
    the same column, they are not."""
    from typeset.layout.boxes import ProblemKind
    from typeset.layout.problems import _alone
    laid = issues["source/2024-02"]
    kept = [p for p in laid.problems if p.kind is ProblemKind.KEPT]
    assert all(p.message.startswith("kept as printed: ") for p in kept)
    alone = [(p.page, p.column, p.line) for p in kept if "closing block" in p.message]
    assert (12, 2, 0) in alone and len(alone) == 3
    assert not [p for p in laid.problems if p.kind in (ProblemKind.LONE_LINE,
                                                        ProblemKind.CLOSING_ALONE)]
    page = laid.pages[12]
    first = next(it for it in page.items if isinstance(it, TextLine) and it.kind == "attach-note")
    assert _alone(page, first)
    body = next(it for it in page.items if isinstance(it, TextLine) and it.kind == "body")
    moved = replace(page, items=page.items + (body._replace(column=first.column, y=first.y - 21),))
    assert not _alone(moved, first)
