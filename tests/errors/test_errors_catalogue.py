"""The bad-input catalogue (issue 8): each case is one edit of the mini issue (or its layout) and
the one message the build must give: file:line, what is wrong, how to fix it. `bad` also checks
exit code 2, no traceback and an unchanged out/."""
from __future__ import annotations

import io

import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image as PILImage
from errors_support import MINI, ROOT, append, layout_with, line_of, snapshot, sub

import build_issue

SEAL = "images/seal.png"
FIRST, DOC = "a-tongzhi.txt", "c-banfa.txt"      # the first and the last document of the mini issue


def replace_doc(issue: Path, name: str, data: bytes | str) -> Path:
    path = issue / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# Each case: (issue folder, tmp_path) -> (file, line, what, fix, extra CLI options).
# `line` None: the message names the file without a line (a whole-file problem).
# Document edits are appended to the last document, DOC, so they do not depend on its wording.

def doc_of(issue):
    return issue / DOC


def appended(issue, text: str, at: str, what: str, fix: str):
    """A case that appends `text` to DOC: the message names the line holding `at`."""
    doc = doc_of(issue)
    append(doc, text)
    return doc, line_of(doc, at), what, fix, ()


def missing_field(issue, tmp):
    toml = issue / "issue.toml"
    line = line_of(toml, "[issue]")
    sub(toml, r"^pinyin = .*\n", "")
    return toml, line, "[issue] has no `pinyin`", "pinyin =", ()


def wrong_type(issue, tmp):
    toml = issue / "issue.toml"
    sub(toml, r"^year = (\d+)", r'year = "\1"')
    return toml, line_of(toml, "year ="), "`year` must be a whole number", "year = 2024", ()


def typo_key(issue, tmp):
    toml = issue / "issue.toml"
    sub(toml, r"^year =", "yaer =")
    return toml, line_of(toml, "yaer"), "unknown key `yaer` in [issue]", "did you mean `year`?", ()


def bad_toml(issue, tmp):
    toml = issue / "issue.toml"
    sub(toml, r'^masthead = "(.*)"', r"masthead = \1")
    return toml, line_of(toml, "masthead"), "not valid TOML", "quotes", ()


def unknown_directive(issue, tmp):
    return appended(issue, "@cneter 此页以下空白", "@cneter",
                    "unknown directive @cneter", "did you mean `@center`?")


def unknown_mark(issue, tmp):
    return appended(issue, "全年植树10万株，{pritned}成活率不低于90%。", "{pritned}",
                    "unknown mark {pritned}", "{printed}")


def unmatched_brace(issue, tmp):
    return appended(issue, "现将{有关事项通知如下。", "现将{", "unmatched brace", "\\{")


def unclosed_table(issue, tmp):
    return appended(issue, "@table\n甲 | 乙\n1 | 2", "@table", "@table is never closed", "@end")


def table_swallows_directive(issue, tmp):
    return appended(issue, "@table\n甲 | 乙\n1 | 2\n@sign 示例县林业局", "@sign 示例县林业局",
                    "@sign inside a table", "@end")


def ragged_row(issue, tmp):
    return appended(issue, "@table\n序号 | 树种 | 数量\n---\n1 | 国槐 | 3000\n2 | 侧柏\n@end", "2 | 侧柏",
                    "ragged table row: expected 3 cells, got 2", "3 cells")


def span_outside_table(issue, tmp):
    return appended(issue, "^ | 合计", "^ | 合计", "outside @table", "@table")


def table_too_wide(issue, tmp):
    row = " | ".join(["二〇二四年"] * 40)
    return appended(issue, f"@table\n{row}\n{row}\n@end", "@table", "the table needs", "split the table")


def missing_glyph(issue, tmp):
    # an Egyptian hieroglyph: no CJK font has it
    return appended(issue, "现将\U00013000有关事项通知如下。", "现将\U00013000",
                    "(U+13000, EGYPTIAN HIEROGLYPH A001) has no glyph in the song font",
                    "fallback = [\"kai\"]")


def missing_font_file(issue, tmp):
    layout = layout_with(tmp, {}, '[fonts.song]\nfile = "fonts/no-such-font.otf"\n')
    return (layout, line_of(layout, "no-such-font"),
            "[fonts.song] file fonts/no-such-font.otf does not exist", "existing font file",
            ("--layout", str(layout)))


def corrupt_font_file(issue, tmp):
    bad = tmp / "broken.otf"
    bad.write_bytes(b"OTTO" + random.Random(8).randbytes(4000))
    layout = layout_with(tmp, {}, f'[fonts.song]\nfile = "{bad}"\n')
    return bad, None, f"cannot read font {bad}", "complete TrueType/OpenType font", ("--layout", str(layout))


def truncated_font_file(issue, tmp):
    real = Path("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf")
    if not real.is_file():
        pytest.skip("fonts-arphic-gbsn00lp is not installed (scripts/setup.sh installs it)")
    bad = tmp / "cut.ttf"
    bad.write_bytes(real.read_bytes()[:200_000])
    layout = layout_with(tmp, {}, f'[fonts.song]\nfile = "{bad}"\n')
    return bad, None, f"cannot read font {bad}", "complete", ("--layout", str(layout))


def image_case(issue, data: bytes | None, name: str = "images/x.png"):
    """Append `@image name`; write `data` (None: no file) to it."""
    if data is not None:
        (issue / name).parent.mkdir(parents=True, exist_ok=True)
        (issue / name).write_bytes(data)
    append(doc_of(issue), f"@image {name} width=40mm")
    return doc_of(issue), line_of(doc_of(issue), f"@image {name}")


def missing_image(issue, tmp):
    return (*image_case(issue, None, "images/seal2.png"), "image 'images/seal2.png' does not exist",
            "spelling", ())


def not_an_image(issue, tmp):
    return (*image_case(issue, "这不是图片".encode()), "is not a PNG or JPEG file", "PNG or JPEG", ())


def truncated_png(issue, tmp):
    data = (MINI / SEAL).read_bytes()
    return (*image_case(issue, data[:len(data) // 2]), "image x.png cannot be read", "export it again", ())


def garbage_png(issue, tmp):
    data = b"\x89PNG\r\n\x1a\n" + random.Random(2).randbytes(600)
    return (*image_case(issue, data), "image x.png cannot be read", "export it again", ())


def garbage_jpeg(issue, tmp):
    data = b"\xff\xd8\xff\xe0" + random.Random(3).randbytes(600)
    return (*image_case(issue, data, "images/x.jpg"), "image x.jpg cannot be read", "export it again", ())


def cmyk_jpeg(issue, tmp):
    buf = io.BytesIO()
    PILImage.new("CMYK", (8, 8), (0, 255, 255, 0)).save(buf, "JPEG")
    return (*image_case(issue, buf.getvalue(), "images/x.jpg"), "image x.jpg is in CMYK colour",
            "convert it to sRGB", ())


def document_up(issue, tmp):
    toml = issue / "issue.toml"
    shutil.copy(issue / DOC, tmp / DOC)
    sub(toml, f'"{DOC}"', f'"../{DOC}"')
    return toml, line_of(toml, f"../{DOC}"), f"'../{DOC}' leaves the issue folder", "copy the file", ()


def document_absolute(issue, tmp):
    toml = issue / "issue.toml"
    sub(toml, f'"{DOC}"', '"/etc/passwd"')
    return toml, line_of(toml, "/etc/passwd"), "'/etc/passwd' is absolute", "relative", ()


def document_symlink(issue, tmp):
    outside = tmp / "secret.txt"
    shutil.move(issue / DOC, outside)
    os.symlink(outside, issue / DOC)
    toml = issue / "issue.toml"
    return toml, line_of(toml, DOC), "is a link leading outside the issue folder", "copy", ()


def image_up(issue, tmp):
    shutil.copy(MINI / SEAL, tmp / "seal.png")
    return (*image_case(issue, None, "../seal.png"), "'../seal.png' leaves the issue folder",
            "copy the file", ())


def image_absolute(issue, tmp):
    shutil.copy(MINI / SEAL, tmp / "seal.png")
    return (*image_case(issue, None, str(tmp / "seal.png")), "is absolute", "relative", ())


def image_symlink(issue, tmp):
    shutil.copy(MINI / SEAL, tmp / "seal.png")
    os.symlink(tmp / "seal.png", issue / "images" / "link.png")
    return (*image_case(issue, None, "images/link.png"), "is a link leading outside the issue folder",
            "copy", ())


def empty_document(issue, tmp):
    return replace_doc(issue, DOC, ""), 1, "empty document", "@title", ()


def no_title(issue, tmp):
    text = doc_of(issue).read_text(encoding="utf-8")
    replace_doc(issue, DOC, "".join(ln for ln in text.splitlines(True) if not ln.startswith("@title")))
    return doc_of(issue), 1, "document has no title", "@title", ()


def duplicate_number(issue, tmp):
    first = re.search(r"^@number (.+)$", (issue / FIRST).read_text(encoding="utf-8"), re.M).group(1)
    sub(doc_of(issue), r"^@number .+$", f"@number {first}")
    return doc_of(issue), line_of(doc_of(issue), "@title"), f"duplicate 文号 {first} (also in", "unique", ()


def gb18030_file(issue, tmp):
    replace_doc(issue, DOC, doc_of(issue).read_text(encoding="utf-8").encode("gb18030"))
    return doc_of(issue), 1, "the file is not UTF-8 (bad byte 0x", "save the file as UTF-8", ()   # see below


def gb18030_issue_toml(issue, tmp):
    toml = issue / "issue.toml"
    toml.write_bytes(toml.read_text(encoding="utf-8").encode("gb18030"))
    return toml, None, "it looks like GB18030", "UTF-8", ()          # line: the first Chinese one


def binary_garbage(issue, tmp):
    data = random.Random(5).randbytes(3000)
    return replace_doc(issue, DOC, data), 1, "binary data (a NUL byte)", "plain text", ()


def grid_no_chars(issue, tmp):
    layout = layout_with(tmp, {"grid": {"chars": "0"}})
    return (layout, line_of(layout, "[grid]"), "the grid needs at least one column of one character",
            "positive", ("--layout", str(layout)))


def grid_too_many_lines(issue, tmp):
    layout = layout_with(tmp, {"grid": {"lines": "60"}})
    return (layout, line_of(layout, "lines = 60"), "60 lines at a pitch of", "fewer lines",
            ("--layout", str(layout)))


def grid_too_wide(issue, tmp):
    layout = layout_with(tmp, {"grid": {"chars": "40"}})
    return (layout, line_of(layout, "chars = 40"), "wider than the page", "fewer characters",
            ("--layout", str(layout)))


def layout_typo(issue, tmp):
    layout = layout_with(tmp, {"grid": {"colums": "2"}})
    return (layout, line_of(layout, "colums"), "unknown key 'colums' in [grid]", "did you mean 'columns'?",
            ("--layout", str(layout)))


def layout_missing(issue, tmp):
    return (tmp / "nope.toml", None, "layout file not found", "layouts/gazette-a4.toml",
            ("--layout", str(tmp / "nope.toml")))


def style_indent_too_wide(issue, tmp):
    layout = layout_with(tmp, {"styles.body": {"indent": "30.0"}})
    return (layout, line_of(layout, "indent = 30.0"), "[styles.body]", "indent",
            ("--layout", str(layout)))


def style_size_too_big(issue, tmp):
    layout = layout_with(tmp, {"styles.body": {"size": "300.0"}})
    return (layout, line_of(layout, "size = 300.0"), "[styles.body]", "size",
            ("--layout", str(layout)))


def blank_wider_than_column(issue, tmp):
    return appended(issue, "签名：" + "_" * 120, "签名",
                    "a blank of 120 underscores is wider than the measure", "shorten")


def invisible_character(issue, tmp):
    # a zero-width space, as pasted from a web page
    return appended(issue, "现将\u200b有关事项通知如下。", "\u200b", "U+200B", "delete")


def title_taller_than_page(issue, tmp):
    text = doc_of(issue).read_text(encoding="utf-8")
    replace_doc(issue, DOC, "@title 很长的标题行\n" * 16 + text)     # 16 × 2 grid lines > 30
    return doc_of(issue), 1, "this title takes 40 grid lines, more than a page holds (30)", \
        "shorten the title", ()


def missing_folder(issue, tmp):
    shutil.rmtree(issue)
    return None, None, f"issue folder {issue} does not exist", "issue.toml", ()


CASES = [missing_field, wrong_type, typo_key, bad_toml, unknown_directive, unknown_mark, unmatched_brace,
         unclosed_table, table_swallows_directive, ragged_row, span_outside_table, table_too_wide,
         missing_glyph, missing_font_file, corrupt_font_file, truncated_font_file, missing_image,
         not_an_image, truncated_png, garbage_png, garbage_jpeg, cmyk_jpeg, document_up, document_absolute,
         document_symlink, image_up, image_absolute, image_symlink, empty_document, no_title,
         duplicate_number, gb18030_file, gb18030_issue_toml, binary_garbage, grid_too_many_lines,
         grid_too_wide, layout_typo, layout_missing,
         grid_no_chars, style_indent_too_wide, style_size_too_big, missing_folder,
         invisible_character, blank_wider_than_column, title_taller_than_page]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.__name__) for c in CASES])
def test_bad_input(case, issue, tmp_path, bad):
    file, line, what, fix, options = case(issue, tmp_path)
    message = bad(issue, *options)
    if file is not None:
        where = f"{file}:{line}" if line else f"{file}:"
        assert message.startswith(where), f"expected {where}…, got: {message}"
    head, sep, tail = message.partition(" — ")
    assert sep, f"no fix after ' — ': {message}"
    assert what in head, message
    assert fix in tail, message
    if case in (gb18030_file, gb18030_issue_toml):
        assert "looks like GB18030" in head, message


def test_missing_font_file_names_the_layout_line(issue, tmp_path, bad):
    layout = layout_with(tmp_path, {}, '[fonts.song]\nfile = "fonts/no-such-font.otf"\n')
    message = bad(issue, "--layout", str(layout))
    assert "does not exist" in message
    assert message.startswith(f"{layout}:{line_of(layout, 'no-such-font')}:"), message


def test_out_is_a_file(issue, tmp_path, capsys):
    out = tmp_path / "out-file"
    out.write_text("not a folder", encoding="utf-8")
    code = build_issue.main([str(issue), "--no-proof", "--quiet", "--out", str(out)])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1, err
    assert f"{out} is a file, not a folder — give --out a folder" in err
    assert out.read_text(encoding="utf-8") == "not a folder"


def test_out_pdf_is_a_folder(issue, tmp_path, capsys):
    (tmp_path / "out" / "mini" / "mini.pdf").mkdir(parents=True)
    code = build_issue.main([str(issue), "--no-proof", "--quiet", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "is a folder, not a PDF file" in err, err


@pytest.mark.parametrize("case", [truncated_png, gb18030_file, corrupt_font_file], ids=lambda c: c.__name__)
def test_cli_subprocess(case, issue, tmp_path, good_out):
    """The real command line: exit 2, one line on stderr, nothing on stdout but the stage header."""
    out = tmp_path / "out"
    shutil.copytree(good_out, out)
    before = snapshot(out)
    file, line, what, fix, options = case(issue, tmp_path)
    done = subprocess.run([sys.executable, str(ROOT / "build_issue.py"), str(issue), "--no-proof",
                           "--out", str(out), *options], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and what in lines[0], done.stderr
    assert snapshot(out) == before
