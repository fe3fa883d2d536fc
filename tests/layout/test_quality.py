"""Issue 19: made-up issues (tests/issues/*) laid out with no problem of the kinds the layout
now avoids, and the geometry behind it: table cells at least as wide as their units, the
closing block in one column, titles broken between words, lone lines moved."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from typeset.compose.tables import UNITS
from typeset.layout.boxes import ProblemKind, TextLine

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from quality import laid_out      # noqa: E402

CORPUS = ("banfa-table", "ling", "pifu-bumen", "fifteen", "fangan-long", "landscape-rare")
ZERO = (ProblemKind.EMERGENCY, ProblemKind.LOOSE, ProblemKind.OVERFULL, ProblemKind.LONE_LINE,
        ProblemKind.HEADING_LAST, ProblemKind.TITLE_SPLIT, ProblemKind.UNIT_SPLIT,
        ProblemKind.CLOSING_SPLIT, ProblemKind.CLOSING_ALONE, ProblemKind.UNBALANCED,
        ProblemKind.OFF_FRAME, ProblemKind.KEPT)

# Known and reported: none. (A region the keeps let no split balance is set in one column and
# marked so on its page; the check spares it, as it spares a page the source's @pagebreak ends.)
KNOWN: dict = {}


@pytest.fixture(scope="module")
def issues():
    return {name: laid_out(ROOT / "tests" / "issues" / name) for name in CORPUS}


def lines(laid, kinds):
    return [(p, it) for p in laid.pages for it in p.items
            if isinstance(it, TextLine) and it.kind in kinds]


@pytest.mark.parametrize("name", CORPUS)
def test_corpus_issue_has_no_problem(issues, name):
    _, laid = issues[name]
    c = Counter(p.kind for p in laid.problems)
    assert {k: c[k] for k in ZERO if c[k]} == KNOWN.get(name, {}), \
        [p.message for p in laid.problems]


def test_date_cells_keep_their_unit_on_one_line(issues):
    _, laid = issues["banfa-table"]
    dates = [it for _, it in lines(laid, ("td",)) if it.text.startswith("2025")]
    assert len(dates) == 24 and all(UNITS.fullmatch(it.text) for it in dates)
    # no cell text is letter-spaced past the limit
    assert all(it.stretch <= 0.5 for _, it in lines(laid, ("td", "th")))


def test_closing_block_in_one_column_in_order(issues):
    for name in CORPUS:
        _, laid = issues[name]
        seq = lines(laid, ("signature", "date", "public"))
        for k, (page, sign) in enumerate(seq):
            if sign.kind != "signature":
                continue
            date_page, date = seq[k + 1]
            assert date.kind == "date" and date_page is page and date.column == sign.column
            assert date.grid_line == sign.grid_line + 1
            if k + 2 < len(seq) and seq[k + 2][1].kind == "public":
                pub_page, pub = seq[k + 2]
                assert pub_page is page and pub.column == sign.column
                assert pub.grid_line == date.grid_line + 1


def test_one_line_titles_start_with_the_issuer_line(issues):
    _, laid = issues["banfa-table"]
    titles = [it.text for _, it in lines(laid, ("title",))]
    assert titles[:3] == ["示例县人民政府", "关于印发示例县2025年农村生活污水治理与水环境",
                          "综合提升工作方案的通知"]


def test_the_problem_checks_bite(issues):
    """Controls: the new checks find what they look for on made-up lines."""
    from dataclasses import replace
    from typeset.config import load_layout
    from typeset.layout.problems import _cells, _titles, _off_frame
    from typeset.build import DEFAULT_LAYOUT
    lay = load_layout(DEFAULT_LAYOUT)
    _, laid = issues["banfa-table"]
    page = next(p for p in laid.pages for it in p.items
                if isinstance(it, TextLine) and it.kind == "td" and it.text.startswith("2025"))
    cell = next(it for it in page.items if isinstance(it, TextLine) and it.text.startswith("2025"))
    a = cell._replace(runs=(cell.runs[0]._replace(text="2025", xs=cell.runs[0].xs[:4]),))
    b = cell._replace(runs=(cell.runs[0]._replace(text="年6月", xs=cell.runs[0].xs[:3]),),
                      y=cell.y + 14)
    broken = replace(page, items=(a, b))
    assert [p.kind for p in _cells([broken], lay)] == [ProblemKind.UNIT_SPLIT]
    title = next(it for p in laid.pages for it in p.items
                 if isinstance(it, TextLine) and it.kind == "title")
    t1 = title._replace(runs=(title.runs[0]._replace(text="关于印发示例县农村生"),))
    t2 = title._replace(runs=(title.runs[0]._replace(text="活污水治理方案的通知"),), y=title.y + 40)
    assert [p.kind for p in _titles([replace(page, items=(t1, t2))], lay, {title.where})] == \
        [ProblemKind.TITLE_SPLIT]
    body = next(it for p in laid.pages for it in p.items
                if isinstance(it, TextLine) and it.kind == "body")
    off = replace(page, items=(body._replace(x=body.x + 30),))
    assert [p.kind for p in _off_frame([off], lay)] == [ProblemKind.OFF_FRAME]
