"""source/2024-02 is the whole seed: nothing lost, tables exact, no lint findings."""
from __future__ import annotations

from pathlib import Path

import re
import sys
from collections import Counter
from decimal import Decimal

import pytest

from typeset.model import Paragraph, Table
from typeset.source import chars_by_style, lint, load_issue

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "data"))
from seed import SEED, block_text, model_text, seed_text  # noqa: E402,F401

FOLDER = ROOT / "source" / "2024-02"
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3007]+")


@pytest.fixture(scope="module")
def issue():
    return load_issue(FOLDER)


def test_every_han_run_of_the_seed_is_in_the_model_in_order(issue):
    main, colophon = seed_text()
    text = model_text(issue)
    pos = 0
    for m in HAN_RUN.finditer(main):
        found = text.find(m.group(), pos)
        assert found >= 0, f"seed run {m.group()!r} (seed offset {m.start()}) missing after model offset {pos}: " \
                           f"…{text[pos:pos + 40]}…"
        pos = found + len(m.group())
    # the colophon's two-column print order is not meaningful: check membership
    meta = issue.meta
    printed = "主办单位" + meta.sponsor + "编辑出版" + meta.publisher + "".join(k + v for k, v in meta.colophon)
    for run in HAN_RUN.findall(colophon):
        assert run in printed, run


def test_the_check_would_notice_a_loss(issue):
    main, _ = seed_text()
    runs = HAN_RUN.findall(main)
    assert len(runs) > 3000
    text = model_text(issue).replace("深刻汲取典型生产安全事故教训", "")
    assert "深刻汲取典型生产安全事故教训" in runs and text.find("深刻汲取典型生产安全事故教训") < 0


def test_documents_sections_and_pages(issue):
    assert [s.name for s in issue.sections] == ["泽州县人民政府文件", "泽州县人民政府办公室文件", "泽州县人民政府规范性文件"]
    assert [len(s.documents) for s in issue.sections] == [4, 2, 1]
    docs = issue.documents()
    assert [d.number for d in docs] == ["泽政发〔2024〕1号", "泽政发〔2024〕9号", "泽政发〔2024〕21号", "泽政函〔2024〕6号",
                                        "泽政办发〔2024〕5号", "泽政办函〔2024〕6号", "泽政发〔2024〕14号"]
    assert [d.printed_page for d in docs] == [1, 8, 14, 23, 24, 35, 36]
    assert docs[0].title_lines == ("泽州县人民政府", "关于做好2024年安全生产工作的通知")
    assert [a.label for a in docs[4].attachments] == ["", "附件1", "附件2", "附件3", "附件4", "附件5"]
    assert issue.meta.date == "2024-06-30" and (issue.meta.number, issue.meta.total) == (2, 5)
    assert dict(issue.meta.colophon) == {"电话": "（0356）3033064",
                                         "地址": "晋城市泽州县金村镇府城街001号\n县委县政府2#办公楼340室",
                                         "网址": "http://www.zezhou.gov.cn", "邮编": "048000", "定价": "赠送"}


def test_land_table(issue):
    approval = issue.documents()[1]
    table = approval.attachments[0].blocks[0]
    assert isinstance(table, Table) and len(table.header) == 1 and table.ncols == 6
    rows = [r for r in table.rows if r.cells[0].text.isdigit()]
    assert [int(r.cells[0].text) for r in rows] == list(range(1, 88))
    total = sum(Decimal(r.cells[3].text) for r in rows)
    assert total == Decimal("347.6942")
    assert table.rows[-1].cells[0].text == "合计" and table.rows[-1].cells[1].text == "347.6942"
    assert [r.cells[0].text for r in table.rows if r.printed_break] == ["12", "30", "53", "71"]
    # the approval paragraph: 其中，公共管理与公共服务用地15宗，面积32.4807公顷；…
    text = next(b.text for b in approval.blocks if "其中" in b.text).split("其中")[1]
    stated = {re.sub(r"（[^）]*）", "", use): (int(n), Decimal(area))
              for use, n, area in re.findall(r"[，；]([^，；]+?)(\d+)宗，面积([\d.]+)公顷", text)}
    counts = Counter(r.cells[4].text for r in rows)
    areas = {use: sum(Decimal(r.cells[3].text) for r in rows if r.cells[4].text == use) for use in counts}
    assert {use: n for use, (n, _) in stated.items()} == dict(counts)
    assert [n for n, _ in stated.values()] == [15, 1, 27, 18, 9, 14, 3]
    assert {use: a for use, (_, a) in stated.items()} == areas


def test_subsidy_table_merges(issue):
    table = issue.documents()[4].attachments[1].blocks[0]
    top, second = table.header
    assert [(c.text, c.rowspan, c.colspan) for c in top.cells] == [
        ("粮食作物名称", 2, 1), ("补助环节", 2, 1), ("市场价（元/亩）", 2, 1), ("补助标准（元/亩）", 1, 2), ("备注", 2, 1)]
    assert [c.text for c in second.cells] == ["家庭承包经营农户", "其他农业经营主体"]
    first = table.rows[0]
    assert (first.cells[0].text, first.cells[0].rowspan) == ("玉米", 3)
    assert first.cells[-1].rowspan == 7 and first.cells[-1].text.startswith("1.已享受")
    assert (table.rows[3].cells[0].text, table.rows[3].cells[0].rowspan) == ("复播大豆", 2)
    assert table.rows[5].cells[0].colspan == 2


def test_split_paragraphs_are_rejoined_with_printed_breaks(issue):
    doc = issue.documents()[0]
    para = next(b for b in doc.blocks if b.text.startswith("（一）严格落实党政领导责任"))
    cut = para.printed_breaks[0]
    assert para.text[cut - 4:cut] == "安全生产" and para.text[cut:cut + 3] == "办实事"
    items = [b for b in issue.documents()[6].blocks if b.style == "item"]
    assert len(items) == 13 and "“以函代证”" in items[6].text and items[6].printed_breaks


def test_subscripts_and_headings(issue):
    doc = issue.documents()[2]
    subs = [s for a in doc.attachments for b in a.blocks if isinstance(b, Paragraph) for s in b.spans
            if s.script == "sub"]
    assert subs and all(s.text == "2.5" for s in subs)
    styles = Counter(b.style for d in issue.documents() for bl in [d.blocks, *(a.blocks for a in d.attachments)]
                     for b in bl if isinstance(b, Paragraph))
    assert styles["heading1"] >= 20 and styles["heading2"] >= 15 and styles["item"] == 17
    run_in = Counter(b.spans[0].style for d in issue.documents() for bl in [d.blocks, *(a.blocks for a in d.attachments)]
                     for b in bl if isinstance(b, Paragraph) and b.spans and b.spans[0].style)
    assert run_in["heading2"] >= 40 and run_in["heading3"] >= 40


def test_no_lint_findings():
    assert [str(f) for f in lint(FOLDER)] == []


def test_no_half_width_punctuation_next_to_han(issue):
    text = model_text(issue)
    assert not re.search(r"[\u4e00-\u9fff][,;:()!?]|[,;:()!?][\u4e00-\u9fff]", text)


def test_chars_by_style(issue):
    chars = chars_by_style(issue)
    assert {"title", "number", "body", "heading1", "heading2", "heading3", "table-header", "table-body",
            "table-note", "attach-label", "attach-title", "signature", "date", "to"} <= set(chars)
    assert chars["number"]["〔"].line == 1 or chars["number"]["〔"].file.endswith("01-anquan.txt")
    assert "熵" not in chars["body"]
    where = chars["table-body"]["箕"]
    assert where.file.endswith("02-tudi.txt")
