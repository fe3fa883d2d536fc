"""Hostile content that must still build (issue 8, part 2): an unbreakable run wider than a column,
a 10,000-character paragraph, a 1,000-row table, and PDF syntax in the text. Each is checked on the
PDF itself, read back with pdfium (typeset.verify.extract) and pypdf.

These builds run in a subprocess, as a user runs them."""
from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from errors_support import MINI, ROOT, append, sub
from pypdf import PdfReader

from typeset.build import DEFAULT_LAYOUT
from typeset.layout import load_layout
from typeset.verify.extract import read_pdf

URL = "https://www.example.gov.cn/xxgk/" + "zfwj" * 30 + "/2025/0301/index.html"


def add_paragraph(issue: Path, text: str) -> None:
    append(issue / "c-banfa.txt", text)


def build_cli(folder: Path, out: Path, *options: str) -> tuple[str, bytes]:
    """Build in a fresh process; return its stdout and the PDF bytes."""
    done = subprocess.run([sys.executable, str(ROOT / "build_issue.py"), str(folder), "--out", str(out),
                           "--quiet", *options], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout, (out / folder.name / f"{folder.name}.pdf").read_bytes()


def pdf_text(pdf: bytes) -> str:
    """All the text of the PDF, without white space (line breaks fall anywhere)."""
    reader = PdfReader(io.BytesIO(pdf))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def test_long_url_gets_an_emergency_break_inside_the_column(issue, tmp_path):
    add_paragraph(issue, f"详见县政府网站：{URL}。")
    out = tmp_path / "out"
    summary, pdf = build_cli(issue, out)
    assert "0 warning(s)" not in summary, summary
    report = json.loads((out / "mini" / "proof" / "report.json").read_text(encoding="utf-8"))
    emergency = [p for p in report["problems"] if p["kind"] == "emergency"]
    assert emergency and all("c-banfa.txt" in p["where"] for p in emergency), report["problems"]
    assert not [p for p in report["problems"] if p["kind"] == "overfull"], report["problems"]
    assert "emergency" in (out / "mini" / "proof" / "report.md").read_text(encoding="utf-8")

    assert URL in pdf_text(pdf)
    lay = load_layout(DEFAULT_LAYOUT)
    left = lay.left
    pages = read_pdf(out / "mini" / "mini.pdf")
    cols = [(left + k * (lay.column_width + lay.gutter),
             left + k * (lay.column_width + lay.gutter) + lay.column_width)
            for k in range(lay.grid.columns)]
    url_pages = [p for p in pages if "zfwjzfwj" in p.text()]
    assert url_pages
    url_chars = [(p.label, c) for p in url_pages for c in p.chars
                 if c.ch.isascii() and c.ch.isalpha() and c.y > lay.top]
    assert len(url_chars) >= sum(ch.isalpha() for ch in URL)
    slack = 1.0     # pdfium gives ink boxes: a serif f's hook overhangs its advance a little
    for label, c in url_chars:          # every glyph of the URL lies inside one column
        assert any(a - slack <= c.x and c.right <= b + slack for a, b in cols), (label, c)


def test_ten_thousand_character_paragraph(issue, tmp_path):
    unit = "全县各级各部门要坚持人民至上、生命至上，统筹发展和安全，落实2025年度重点任务。"
    text = (unit * (10_000 // len(unit) + 1))[:10_000]
    add_paragraph(issue, text)
    summary, pdf = build_cli(issue, tmp_path / "out", "--no-proof")
    text = "".join(text.split())
    found = pdf_text(pdf)
    assert text[:300] in found
    rest = "".join(p.read_text(encoding="utf-8") for p in (MINI.glob("*.t*")))
    for ch in "坚统筹重":           # every character arrives: none lost at column or page breaks
        assert found.count(ch) >= text.count(ch) + rest.count(ch), ch
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 10


def test_thousand_row_table(issue, tmp_path):
    rows = "\n".join(f"{i} | 第{i}号树苗 | {i * 3}" for i in range(1, 1001))
    append(issue / "c-banfa.txt", f"@table\n序号 | 名称 | 数量\n---\n{rows}\n@end")
    summary, pdf = build_cli(issue, tmp_path / "out", "--no-proof")
    text = pdf_text(pdf)
    for i in (1, 500, 999, 1000):
        assert f"第{i}号树苗" in text
    i = text.find("序号")
    assert text.count("序号名称数量") >= 20, text[i:i + 200]   # the header repeats on every page


PDF_SYNTAX = r"括号(左) 右) \\ 反斜杠 100% <tag> >> << /Type /Catalog /Pages 2 0 R endobj stream %%EOF \(x\)"
LITERAL = PDF_SYNTAX.replace("\\\\", "\\")


def test_pdf_syntax_is_text(issue, tmp_path):
    add_paragraph(issue, "@p " + PDF_SYNTAX)
    summary, pdf = build_cli(issue, tmp_path / "out", "--no-proof")
    assert "".join(LITERAL.split()) in pdf_text(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert f"{len(reader.pages)} pages" in summary           # the page tree was not confused
    assert reader.trailer["/Root"]["/Type"] == "/Catalog"


def test_source_is_data_only(issue, tmp_path):
    """Shell and Python syntax in the source is printed, never run."""
    marker = tmp_path / "pwned"
    add_paragraph(issue, f"@p $(touch {marker}) `touch {marker}` __import__('os').system('touch {marker}')")
    sub(issue / "issue.toml", r'^sponsor = "(.*)"', rf'sponsor = "\1$(touch {marker})"')
    summary, pdf = build_cli(issue, tmp_path / "out", "--no-proof")
    assert not marker.exists()
    assert "__import__('os').system(" in pdf_text(pdf)


@pytest.mark.parametrize("text", ["{__import__('os')}", "{{7*7}}", "${HOME}{x}"])
def test_template_syntax_is_an_error(issue, bad, text):
    add_paragraph(issue, text)
    message = bad(issue)
    assert "unknown mark" in message or "unmatched brace" in message, message


def test_second_issue_in_one_run(issue, tmp_path):
    """Two issues in one run (an archive rebuild): the second, whose text needs other glyphs,
    must not be drawn with the first one's font subsets (reportlab keeps the first font
    registered under a name; fixed in a086fad)."""
    second = tmp_path / "second"
    shutil.copytree(issue, second)
    append(second / "c-banfa.txt", "樱桃核桃枇杷等树苗另行通知。")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, str(ROOT / "build_issue.py"), str(issue), str(second),
                           "--out", str(out), "--quiet", "--no-proof"], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "樱桃核桃枇杷" in pdf_text((out / "second" / "second.pdf").read_bytes())
