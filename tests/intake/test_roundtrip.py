"""The 2024-02 issue written as GB/T 9704-looking Word files, imported, and compared with the
source block by block (through typeset.source); the imported issue builds."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import build_issue
from typeset.intake import import_files
from typeset.model import Break, Image, Paragraph, Table
from typeset.source import load_issue

sys.path.insert(0, str(Path(__file__).parent))
from gbdocx import write_gb_docx  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source" / "2024-02"
VARIANTS = {0: 1, 1: 2, 4: 2}      # 01: headings by Word numbering; 02, 05: typed indents and 签发人


def make_word_files(folder: Path) -> list[Path]:
    issue = load_issue(SOURCE)
    paths = []
    for k, doc in enumerate(issue.documents()):
        path = folder / f"{k + 1:02d}-{Path(doc.where.file).stem}.docx"
        write_gb_docx(doc, path, doc.title_lines[0] + "文件", variant=VARIANTS.get(k, 0))
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    base = tmp_path_factory.mktemp("roundtrip")
    words = base / "word"
    words.mkdir()
    paths = make_word_files(words)
    result = import_files(paths, base / "issue")
    return base, paths, result


def spans_key(spans):
    return tuple((s.text, s.style, s.script, s.blank) for s in spans)


class Widths(tuple):
    """Relative column widths, equal when each share differs by under 0.2 % of the table
    (the importer writes millimetres to one decimal)."""

    def __eq__(self, other):
        return len(self) == len(other) and all(abs(a - b) < 0.002 for a, b in zip(self, other))

    __hash__ = tuple.__hash__


def widths_key(widths):
    total = sum(widths)
    return Widths(w / total for w in widths) if widths else Widths()


def block_key(b):
    """What a block means, without where it came from or the printed edition's breaks."""
    if isinstance(b, Paragraph):
        return ("p", b.style, spans_key(b.spans))
    if isinstance(b, Table):
        rows = tuple(tuple((spans_key(c.spans), c.rowspan, c.colspan) for c in r.cells) + (r.columns,)
                     for r in b.header + b.rows)
        return ("table", len(b.header), rows, b.ncols, b.form, widths_key(b.widths),
                tuple(spans_key(n.spans) for n in b.notes), tuple(spans_key(c.spans) for c in b.caption))
    if isinstance(b, Image):
        return ("image", Path(b.path).name, b.width_mm)
    assert isinstance(b, Break)
    return ("break", b.kind)


def doc_units(doc):
    """A document as a list of comparable units: its head, every block, each attachment's head
    and blocks."""
    units = [("head", doc.title_lines, doc.number)] + [block_key(b) for b in doc.blocks]
    for att in doc.attachments:
        units.append(("attachment", att.label, att.title_lines))
        units += [block_key(b) for b in att.blocks]
    return units


def compare(expected_issue, got_issue):
    equal = total = 0
    differences = []
    for want, got in zip(expected_issue.documents(), got_issue.documents(), strict=True):
        a, b = doc_units(want), doc_units(got)
        total += len(a)
        for n, unit in enumerate(a):
            if n < len(b) and b[n] == unit:
                equal += 1
            elif len(differences) < 5:
                differences.append((want.where.file, n, unit, b[n] if n < len(b) else None))
        if len(b) != len(a):
            differences.append((want.where.file, "count", len(a), len(b)))
    return equal, total, differences


def test_round_trip_of_2024_02_is_faithful(imported, capsys):
    base, _, result = imported
    got = load_issue(base / "issue")
    equal, total, differences = compare(load_issue(SOURCE), got)
    with capsys.disabled():
        print(f"\nround trip 2024-02: {equal}/{total} blocks equal")
    assert not differences, differences
    assert equal == total and total > 280
    # the 版头 and 版记 are gone, and the report lists them
    report = Path(result.report).read_text(encoding="utf-8")
    assert report.count("版头 发文机关标志") == 7 and report.count("版记") == 14
    assert "签发人：张三" in report
    text = (base / "issue" / "01.txt").read_text(encoding="utf-8")
    assert text.startswith("# 原文件：01-01-anquan.docx\n@title 泽州县人民政府\n")
    assert "抄送" not in text and "文件\n" not in text


def test_compare_bites(imported):
    """Control: one changed word, a lost row and a shifted cell are each a difference."""
    base, _, _ = imported
    folder = base / "changed"
    shutil.copytree(base / "issue", folder)
    doc = folder / "02.txt"
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text.replace("你局要认真研究", "你局要研究", 1)
                   .replace("5 | 逸夫路（青山街-站前路） | 金村镇 | 1.0846 | 交通运输用地 |\n", "")
                   .replace("| 大箕镇 | 0.3296 |", "| 0.3296 | 大箕镇 |"), encoding="utf-8")
    equal, total, differences = compare(load_issue(SOURCE), load_issue(folder))
    assert total - equal == 2 and len(differences) == 2


def test_imported_issue_builds(imported, tmp_path):
    base, _, _ = imported
    folder = tmp_path / "2024-02"
    shutil.copytree(base / "issue", folder)
    draft = (folder / "issue.toml").read_text(encoding="utf-8")
    assert "TODO" in draft and 'documents = ["01.txt", "02.txt", "03.txt", "04.txt"]' in draft
    real = (SOURCE / "issue.toml").read_text(encoding="utf-8")
    # the user fills in the keys marked TODO: here from the real issue.toml
    head = real[:real.index("[[section]]")]
    (folder / "issue.toml").write_text(head + draft[draft.index("[[section]]"):], encoding="utf-8")
    code = build_issue.main([str(folder), "--out", str(tmp_path / "out"), "--no-proof", "--quiet"])
    assert code == 0
    assert (tmp_path / "out" / "2024-02" / "2024-02.pdf").stat().st_size > 100_000


def test_same_input_same_bytes_anywhere(imported, tmp_path):
    base, paths, _ = imported
    copies = tmp_path / "elsewhere" / "deeper"
    copies.mkdir(parents=True)
    moved = []
    for p in paths:
        shutil.copy(p, copies / p.name)
        moved.append(copies / p.name)
    import_files(moved, tmp_path / "again")
    first = sorted(f.relative_to(base / "issue") for f in (base / "issue").rglob("*") if f.is_file())
    second = sorted(f.relative_to(tmp_path / "again") for f in (tmp_path / "again").rglob("*") if f.is_file())
    assert first == second
    for name in first:
        assert (base / "issue" / name).read_bytes() == (tmp_path / "again" / name).read_bytes(), name


def test_refuses_to_overwrite_without_force(imported, tmp_path, capsys):
    _, paths, _ = imported
    into = tmp_path / "issue"
    assert build_issue.main(["import", str(paths[3]), "--into", str(into)]) == 0
    before = (into / "01.txt").read_bytes()
    (into / "01.txt").write_text("edited\n", encoding="utf-8")
    assert build_issue.main(["import", str(paths[3]), "--into", str(into)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--force" in err
    assert (into / "01.txt").read_text(encoding="utf-8") == "edited\n"
    (into / "issue.toml").write_text("# mine\n", encoding="utf-8")
    assert build_issue.main(["import", str(paths[3]), "--into", str(into), "--force"]) == 0
    assert (into / "01.txt").read_bytes() == before
    assert (into / "issue.toml").read_text(encoding="utf-8") == "# mine\n"     # never replaced


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (libreoffice-writer-nogui) not installed")
def test_doc_made_by_libreoffice_imports_to_the_same_result(imported, tmp_path):
    base, paths, _ = imported
    source = paths[5]                                 # 06: headings, a bullet list, 附件说明, 落款
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=120,
                   env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    doc = tmp_path / (source.stem + ".doc")
    assert doc.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    import_files([doc], tmp_path / "from-doc")
    want = (base / "issue" / "06.txt").read_text(encoding="utf-8").split("\n")[1:]
    got = (tmp_path / "from-doc" / "01.txt").read_text(encoding="utf-8").split("\n")[1:]
    assert got == want
    assert not [p for p in (tmp_path / "from-doc").iterdir() if p.name.startswith(".import-")]


def test_report_lists_every_check_line(imported):
    base, _, result = imported
    report = Path(result.report).read_text(encoding="utf-8")
    found = 0
    for src in sorted((base / "issue").glob("*.txt")):
        lines = src.read_text(encoding="utf-8").split("\n")
        for n, line in enumerate(lines, 1):
            if line.startswith("# check: "):
                found += 1
                # the report names the line the check is about (the one below it, or the next check)
                assert re.search(rf"{src.name}:{n + 1}: check: {re.escape(line[9:])}", report), (src.name, n)
    assert found == result.guesses > 0
