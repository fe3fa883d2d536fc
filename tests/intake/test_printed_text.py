"""Importing the text extracted from the printed 2024年第2期 (the seed) gives source/2024-02 again."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from blocks import compare
from typeset.errors import TypesetError
from typeset.intake.printed import import_printed
from typeset.model import Table
from typeset.source import load_issue

ROOT = Path(__file__).resolve().parents[2]
SEED = Path(__file__).resolve().parents[1] / "data" / "seed-2024-02.txt"
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3007]+")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed") / "2024-02"
    import_printed([SEED], out)
    return out


@pytest.fixture(scope="module")
def issue(folder):
    return load_issue(folder)


@pytest.fixture(scope="module")
def built(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    run = subprocess.run([sys.executable, str(ROOT / "build_issue.py"), str(folder), "--no-proof", "--verify",
                          "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
    return run


def test_blocks_equal_the_hand_made_source(issue):
    equal, total, diffs = compare(load_issue(ROOT / "source" / "2024-02"), issue)
    print(f"\nseed import: {equal} of {total} blocks equal source/2024-02 ({100 * equal / total:.1f}%)")
    print("\n".join(d[:400] for d in diffs))
    assert equal / total >= 0.98


def test_the_comparison_bites(issue):
    """Control: one paragraph changed is one block fewer."""
    ref = load_issue(ROOT / "source" / "2024-02")
    equal, total, _ = compare(ref, ref)
    assert equal == total
    worse, _, diffs = compare(ref, load_issue(ROOT / "tests" / "issues" / "mini"))
    assert worse < 5 and diffs


def test_issue_documents_and_pages(issue):
    m = issue.meta
    assert (m.masthead, m.pinyin, m.year, m.number, m.total) == (
        "泽州县人民政府公报", "ZEZHOUXIAN RENMIN ZHENGFU GONGBAO", 2024, 2, 5)
    assert m.sponsor == m.publisher == "泽州县人民政府办公室"
    assert dict(m.colophon)["地址"] == "晋城市泽州县金村镇府城街001号\n县委县政府2#办公楼340室"
    assert [s.name for s in issue.sections] == ["泽州县人民政府文件", "泽州县人民政府办公室文件", "泽州县人民政府规范性文件"]
    docs = issue.documents()
    assert [d.printed_page for d in docs] == [1, 8, 14, 23, 24, 35, 36]
    assert docs[2].title_lines == ("泽州县人民政府", "关于印发泽州县落实空气质量持续改善", "行动计划实施方案的通知")
    assert [a.label for a in docs[4].attachments] == ["", "附件1", "附件2", "附件3", "附件4", "附件5"]


def test_land_table_breaks_and_merges(issue):
    table = issue.documents()[1].attachments[0].blocks[0]
    assert isinstance(table, Table) and len(table.header) == 1 and table.ncols == 6
    assert [r.cells[0].text for r in table.rows if r.printed_break] == ["12", "30", "53", "71"]
    assert [c.text for c in table.header[0].cells] == ["序号", "项目", "位置", "面积（公顷）", "用途", "备注"]
    assert table.rows[0].cells[4].text == "公共管理与公共服务用地"        # the wrap space is gone
    assert (table.rows[-1].cells[0].text, table.rows[-1].cells[0].colspan) == ("合计", 3)


def test_every_han_run_of_the_seed_is_in_the_import_in_order(issue):
    from seed import model_text, seed_text      # the source test's own reading of the seed
    main, _ = seed_text(SEED)
    text = model_text(issue)
    pos = 0
    for m in HAN_RUN.finditer(main):
        found = text.find(m.group(), pos)
        assert found >= 0, f"seed run {m.group()!r} missing after …{text[pos:pos + 40]}…"
        pos = found + len(m.group())


def test_no_half_width_punctuation_left_and_report_lists_the_changes(folder, issue):
    from seed import model_text
    assert not re.search(r"[\u4e00-\u9fff][,;:()!?]|[,;:()!?][\u4e00-\u9fff]", model_text(issue))
    report = (folder / "import-report.md").read_text(encoding="utf-8")
    assert re.search(r"punctuation made full width: .*, → ， ×\d{3,}", report)
    checks = sum(f.read_text(encoding="utf-8").count("# check:") for f in folder.glob("*.txt"))
    assert checks == report.count(": check: ") > 5           # each # check: line is listed
    assert "issue.toml: the publication date 2024-06-28" in report


def test_keep_punctuation(tmp_path):
    import_printed([SEED], tmp_path / "kept", keep_punctuation=True)
    text = (tmp_path / "kept" / "01.txt").read_text(encoding="utf-8")
    assert "各乡镇人民政府,县直及驻县各有关单位:" in text


def test_same_bytes_and_no_overwrite(folder, tmp_path):
    again = tmp_path / "elsewhere" / "x"
    import_printed([SEED], again)
    for f in sorted(folder.iterdir()):
        assert (again / f.name).read_bytes() == f.read_bytes(), f.name
    with pytest.raises(TypesetError, match="issue.toml exists"):
        import_printed([SEED], again)
    import_printed([SEED], again, force=True)
    assert sorted(p.name for p in again.iterdir()) == sorted(p.name for p in folder.iterdir())


def test_bad_inputs(tmp_path):
    bad = tmp_path / "gbk.txt"
    bad.write_bytes("目录\n各乡镇人民政府，县直各有关单位：\n".encode("gb18030"))
    with pytest.raises(TypesetError, match="not UTF-8"):
        import_printed([bad], tmp_path / "o")
    plain = tmp_path / "plain.txt"
    plain.write_text("一段文字\n", encoding="utf-8")
    with pytest.raises(TypesetError, match="no 目录"):
        import_printed([plain], tmp_path / "o")
    assert not (tmp_path / "o").exists()


def test_the_import_builds_with_the_printed_pages(built):
    out = built.stdout
    assert "目录 pages 7/7" in out, out[-2000:]
    for page in (1, 8, 14, 23, 24, 35, 36):
        assert re.search(rf"^\s+{page}\s+{page}\s+{page}\s+✓", out, re.M)


@pytest.mark.xfail(reason="the text gives no column widths: the land table's widths are estimated from its "
                          "wrapped cells and the build breaks it before rows 12, 32, 55, 73 (the print: 12, 30, "
                          "53, 71); the wrap spaces of the extracted text contradict each other (项 目 is letter "
                          "spacing, 22-em cells stand unwrapped in a column whose wrapped cells say under 6 em), so "
                          "no estimate from them can be trusted. The PDF import gives the widths (test_printed_pdf)",
                   strict=True)
def test_the_import_verifies(built):
    assert built.returncode == 0 and "table breaks ok, text ok" in built.stdout
