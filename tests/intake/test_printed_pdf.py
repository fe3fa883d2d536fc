"""The project's own builds of tests/issues/mini, of mini with a landscape table, and of
source/2024-02, imported back from their PDFs, give their sources' blocks again, and the imported
folders build into the same pages."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from blocks import compare
from typeset.errors import TypesetError
from typeset.intake.printed import import_printed
from typeset.intake.printed_pdf import read_pages
from typeset.intake.printed_pdf_flow import Flow
from typeset.source import load_issue

ROOT = Path(__file__).resolve().parents[2]
NAMES = ("mini", "wide", "2024-02")


def build(folders, out: Path) -> None:
    run = subprocess.run([sys.executable, str(ROOT / "build_issue.py"), *map(str, folders), "--out", str(out),
                          "--no-proof", "--quiet"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr + run.stdout


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict[str, Path]:
    """mini; mini with a table too wide for a portrait page (a landscape page, as in
    tests/layout/test_layout_landscape.py); 2024-02."""
    base = tmp_path_factory.mktemp("sources")
    wide = base / "wide"
    shutil.copytree(ROOT / "tests" / "issues" / "mini", wide)
    doc = wide / "a-tongzhi.txt"
    header = " | ".join(f"列{i}" for i in range(1, 15))
    row = " | ".join(["四个字符"] * 14)
    doc.write_text(doc.read_text(encoding="utf-8") + "\n@attachment 附件9\n@title 宽表\n\n@table\n"
                   f"{header}\n---\n{row}\n{row}\n@end\n", encoding="utf-8")
    return {"mini": ROOT / "tests" / "issues" / "mini", "wide": wide, "2024-02": ROOT / "source" / "2024-02"}


@pytest.fixture(scope="module")
def pdfs(sources, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("printed")
    build(sources.values(), out)
    return {name: out / folder.name / f"{folder.name}.pdf" for name, folder in sources.items()}


@pytest.fixture(scope="module")
def imported(pdfs, tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("imported")
    out = {}
    for name, pdf in pdfs.items():
        out[name] = base / f"i-{name}"
        import_printed([pdf], out[name])
    return out


@pytest.fixture(scope="module")
def rebuilt(imported, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("rebuilt")
    build(imported.values(), out)
    return {name: out / folder.name / f"{folder.name}.pdf" for name, folder in imported.items()}


def figures(sources, imported, name):
    # Printed breaks ({printed}) are where this build broke its columns, not the old print the
    # sources record; the widths a source leaves to the layout are written out by the import
    # (the rebuilt pages below show they are the same).
    return compare(load_issue(sources[name]), load_issue(imported[name]), breaks=False, widths=False)


def test_blocks_equal_the_sources(sources, imported):
    total = equal = 0
    for name in NAMES:
        eq, n, diffs = figures(sources, imported, name)
        print(f"\nPDF import of {name}: {eq} of {n} blocks equal its source ({100 * eq / n:.1f}%)")
        print("\n".join(d[:400] for d in diffs))
        equal, total = equal + eq, total + n
        if name == "2024-02":
            assert eq / n >= 0.99
        else:       # mini's `@h3 3.…。…` prints as a run-in heading does: nothing tells them apart
            assert n - eq == 1 and "heading3: 3.显式标题总是优先" in diffs[0]
    print(f"all: {equal} of {total} ({100 * equal / total:.1f}%)")
    assert equal / total >= 0.99


def test_reading_the_columns_matters(pdfs, sources, tmp_path, monkeypatch):
    """Control: read as one column, the same PDF gives far fewer equal blocks."""
    from typeset.intake import printed_pdf_flow
    monkeypatch.setattr(printed_pdf_flow.Flow, "_frame", lambda self, lines, head: printed_pdf_flow.Frame(
        head[0], head[1], ((head[0], head[1]),)))
    import_printed([pdfs["mini"]], tmp_path / "one-column")
    eq, n, _ = compare(load_issue(sources["mini"]), load_issue(tmp_path / "one-column"), breaks=False, widths=False)
    assert eq / n < 0.8


def _pages(pdf: Path):
    out = []
    for p in read_pages(pdf):
        chars = [(c.ch, c.x, c.base) for c in p.chars]
        boxes = sorted(p.boxes, key=lambda b: tuple(round(v) for v in b))
        out.append(((round(p.width), round(p.height)), p.label, chars, boxes))
    return out


def _same_page(a, b, tol: float = 0.05) -> bool:
    """The same size, label, characters and cells, every position within `tol` pt."""
    if a[:2] != b[:2] or len(a[2]) != len(b[2]) or len(a[3]) != len(b[3]):
        return False
    return all(p[0] == q[0] and abs(p[1] - q[1]) <= tol and abs(p[2] - q[2]) <= tol for p, q in zip(a[2], b[2])) \
        and all(abs(u - v) <= tol for p, q in zip(a[3], b[3]) for u, v in zip(p, q))


@pytest.mark.parametrize("name", NAMES)
def test_the_imported_folder_builds_the_same_pages(pdfs, rebuilt, name):
    """Every character and every table cell where the original build put it (within 0.05 pt):
    the widths and spans of the tables, the landscape page, the picture and the page breaks
    came back."""
    before, after = _pages(pdfs[name]), _pages(rebuilt[name])
    assert len(before) == len(after)
    for k, (a, b) in enumerate(zip(before, after)):
        assert _same_page(a, b), f"page {k + 1} differs"
    if name == "wide":
        assert [size for size, *_ in after].count((842, 595)) == 1


def test_the_page_comparison_bites(imported, tmp_path, pdfs):
    """Control: other column widths give other cells."""
    folder = tmp_path / "i-mini"
    shutil.copytree(imported["mini"], folder)
    doc = folder / "02.txt"
    text = doc.read_text(encoding="utf-8")
    widths = "@widths 120.6484 | 120.6484 | 131.3923 | 127.3108"
    assert widths in text
    doc.write_text(text.replace(widths, "@widths 120.6484 | 120.6484 | 131.3923 | 127.2108"), encoding="utf-8")
    build([folder], tmp_path / "out")
    before, after = _pages(pdfs["mini"]), _pages(tmp_path / "out" / "i-mini" / "i-mini.pdf")
    assert _same_page(before[4], after[4]) and not _same_page(before[5], after[5])


def test_the_imported_2024_02_verifies(imported, tmp_path):
    run = subprocess.run([sys.executable, str(ROOT / "build_issue.py"), str(imported["2024-02"]), "--verify",
                          "--no-proof", "--out", str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    print(run.stdout[-1500:])
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr
    assert "目录 pages 7/7, table breaks ok, text ok" in run.stdout
    assert "printed breaks [12, 30, 53, 71], typeset [12, 30, 53, 71] ✓" in run.stdout


def test_land_table_from_the_pdf(imported):
    ref = load_issue(ROOT / "source" / "2024-02").documents()[1].attachments[0].blocks[0]
    table = load_issue(imported["2024-02"]).documents()[1].attachments[0].blocks[0]
    assert len(table.header) == 1 and table.ncols == 6
    assert [r.cells[0].text for r in table.rows if r.printed_break] == ["12", "30", "53", "71"]
    share = [w / sum(table.widths) for w in table.widths]
    assert share == pytest.approx([w / sum(ref.widths) for w in ref.widths], abs=0.001)
    assert table.rows == tuple(r for r in ref.rows) or [
        [c.text for c in r.cells] for r in table.rows] == [[c.text for c in r.cells] for r in ref.rows]


def test_a_two_column_page_with_a_table_is_read_in_order(pdfs):
    """mini's page with the 批复 (a short document starts a page of its own): its title block,
    主送, body, 附件说明 and 落款 in the left column (the closing block is kept in one column),
    the attachment's label and title across them, the table (two header rows, spans), its note."""
    pages = read_pages(pdfs["mini"])
    pieces = [p for p in Flow(pages).pieces() if p.line == 6]
    shown = [p.cells if p.row else (p.hint, p.text) for p in pieces]
    assert shown == [
        ("title", "示例县人民政府 关于树苗采购计划的批复"), ("center", "示政函〔2025〕7号"),
        ("", "县林业局："), ("", "同意你局上报的树苗采购计划。"),
        ("", "附件：示例县2025年树苗采购计划表"), ("", "示例县人民政府"), ("", "2025年3月5日"),
        ("", "附件"), ("title", "示例县2025年树苗采购计划表"),
        ("", "单位：株"),
        ("序号", "树种", "数量", "<"), ("^", "^", "春季", "秋季"),
        ("1", "国槐", "3000", "1000"), ("2", "侧柏", "2000", "^"), ("合计", "<", "5000", "1000"),
        ("", "注：侧柏秋季数量与春季合并计算。")]
    assert [p.hint for p in pieces if p.row] == ["header", "header", "", "", ""]
    assert pieces[10].spans == ((2, 1), (2, 1), (1, 2))     # (rows, columns): 序号, 树种, 数量
    assert [p.gap for p in pieces[2:7]] == [True, False, False, False, False]   # one column


def test_marks_from_the_print(imported):
    text = (imported["mini"] / "01.txt").read_text(encoding="utf-8")
    assert "（PM_{2.5}年均浓度下降5%）" in text and "米^{2}" in text       # size and baseline
    assert "报名电话：_____，联系人：______。" in text                     # underlines between characters
    assert "花括号写作\\{\\}" in text
    assert "- 第一批：3月" in text                                          # a list, by its shape
    third = (imported["mini"] / "03.txt").read_text(encoding="utf-8")
    assert "@center 此页以下空白\n@pagebreak\n@sign" in third               # the page ends early


def test_same_bytes_and_report(pdfs, imported, tmp_path):
    again = tmp_path / "again"
    import_printed([pdfs["wide"]], again)
    names = sorted(p.relative_to(imported["wide"]) for p in imported["wide"].rglob("*") if p.is_file())
    assert Path("images/picture-1.png") in names
    for name in names:
        assert (again / name).read_bytes() == (imported["wide"] / name).read_bytes(), name
    report = (again / "import-report.md").read_text(encoding="utf-8")
    assert "picture-1.png" in report and "list items" in report


def test_bad_pdfs(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\nnot really\n")
    with pytest.raises(TypesetError, match="cannot be read"):
        import_printed([bad], tmp_path / "o")
    import pypdfium2 as pdfium
    blank = pdfium.PdfDocument.new()
    blank.new_page(595, 842)
    blank.save(str(tmp_path / "scan.pdf"))
    with pytest.raises(TypesetError, match="has no text"):
        import_printed([tmp_path / "scan.pdf"], tmp_path / "o")
    assert not (tmp_path / "o").exists()


def test_the_import_command_takes_a_pdf(pdfs, tmp_path):
    cmd = [sys.executable, str(ROOT / "build_issue.py"), "import", str(pdfs["mini"]), "--into", str(tmp_path / "m")]
    run = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0 and "imported 3 file(s)" in run.stdout, run.stderr
    again = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert again.returncode == 2 and again.stderr.count("\n") == 1 and "issue.toml exists" in again.stderr
    assert "Traceback" not in again.stderr


def test_lone_lines_are_kept_where_the_print_has_them(imported):
    """2024-02's print leaves first lines alone at a column foot (its 目录 pages depend on them);
    mini's build avoided them, and its import leaves the layout to avoid them again."""
    assert 'lone_lines = "keep"' in (imported["2024-02"] / "issue.toml").read_text(encoding="utf-8")
    assert "lone_lines" not in (imported["mini"] / "issue.toml").read_text(encoding="utf-8")
