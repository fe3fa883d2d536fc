"""Issue 13: inputs that used to build wrong pages with 0 warnings, write in the wrong place,
or stop with a traceback. Each builds right or gives one line and exit 2, and leaves the source
folder as it was."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from errors_support import ROOT, append, line_of, snapshot, sub

DOC = "c-banfa.txt"
RARE = "𬌗"          # U+2C317, in Noto Serif CJK: names and places in 通用规范汉字表 have such


def cli(*args: str, env: dict | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build_issue.py"), *args], capture_output=True,
                          cwd=cwd, timeout=120, env={**os.environ, **(env or {})})


def test_non_bmp_text_builds_verifies_and_reads_back(issue, tmp_path):
    sub(issue / DOC, r"^@title (.+)$", rf"@title \g<1>{RARE}")
    append(issue / DOC, f"县里有{RARE}村，也有带连字符的长词abc-defgh-ijk。\n@sign 示例县{RARE}局")
    sub(issue / "b-pifu.txt", r"^2 \| 侧柏", f"2 | 侧{RARE}柏")          # a table cell
    before = snapshot(issue)
    for options in (("--quiet", "--no-proof"), ("--quiet",), ()):
        done = cli(str(issue), "--out", str(tmp_path / "out"), *options)
        err = done.stderr.decode()
        assert done.returncode == 0 and "Traceback" not in err, err
        out = done.stdout.decode()
        assert "verified: 目录 pages 3/3, table breaks ok, text ok" in out, out
    report = json.loads((tmp_path / "out" / "mini" / "proof" / "report.json").read_text("utf-8"))
    assert report["fidelity"]["ok"]
    from typeset.verify.extract import read_pdf
    text = "".join(p.text() for p in read_pdf(tmp_path / "out" / "mini" / "mini.pdf"))
    assert text.count(RARE) >= 3 and "\ud870" not in text
    assert snapshot(issue) == before


@pytest.mark.parametrize("encoding", ["gbk", "cp936", "ascii"])
def test_any_console_encoding(issue, tmp_path, encoding):
    append(issue / DOC, f"含{RARE}字与—破折号。")
    env = {"PYTHONIOENCODING": encoding}
    done = cli(str(issue), "--out", str(tmp_path / "out"), env=env)
    assert done.returncode == 0, done.stderr.decode(encoding, "replace")
    assert b"Traceback" not in done.stderr
    assert b"verified" in done.stdout
    lint = cli("--lint", str(issue), env=env)
    assert lint.returncode in (0, 1) and b"Traceback" not in lint.stderr
    bad = cli(str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"), env=env)
    assert bad.returncode == 2 and len(bad.stderr.splitlines()) == 1


# -- wrong pages that used to build with 0 warnings; messages that misled ------------------------
# Each case: (issue folder, tmp) -> (file, line, what, fix, options), as in the catalogue.

def toml_case(issue, pattern, repl, key, what, fix):
    toml = issue / "issue.toml"
    sub(toml, pattern, repl)
    return toml, line_of(toml, key), what, fix, ()


def doc_case(issue, text, at, what, fix):
    append(issue / DOC, text)
    return issue / DOC, line_of(issue / DOC, at), what, fix, ()


def colophon_too_long(issue, tmp):
    toml = issue / "issue.toml"
    lines = ", ".join(f'"第{k}行"' for k in range(50))
    sub(toml, r'^"定价" = .*$', f'"定价" = "赠送"\n"说明" = [{lines}]')
    return toml, line_of(toml, '"说明"'), "the colophon runs past the foot of the back page at 说明", \
        "shorten the colophon", ()


def table_without_body(issue, tmp):
    doc = issue / "b-pifu.txt"
    text = doc.read_text(encoding="utf-8")
    start = text.index("---\n")
    doc.write_text(text[:start + 4] + text[text.index("@note"):], encoding="utf-8")
    return doc, line_of(doc, "@table"), "the table has header rows but no body rows after ---", \
        "add the body rows", ()


def long_section_name(issue, tmp):
    toml = issue / "issue.toml"
    name = "示例县人民政府办公室关于各类规范性文件和其他重要文件以及政策解读材料和有关工作通知的汇编专栏目录"
    sub(toml, r'^name = "示例县人民政府办公室文件"', f'name = "{name}"')
    return toml, line_of(toml, name) - 1, "do not fit one head line", "odd_section = false", ()


def long_masthead(issue, tmp):
    return toml_case(issue, r'^masthead = ".*"', 'masthead = "示例县人民政府公报编辑委员会编印的内部资料性出版物"',
                     "masthead =", "is wider than the page's", "shorten it")


def rng(key, value, what):
    def case(issue, tmp):
        return toml_case(issue, rf"^{key} = .*$", f"{key} = {value}", f"{key} =", what, key)
    case.__name__ = f"{key}_{str(value).strip(chr(34)) or 'empty'}".replace("-", "minus")[:30]
    return case


def section_without_name(issue, tmp):
    return toml_case(issue, r'^name = "示例县人民政府文件"', 'name = ""', 'name = ""', "`name` is empty",
                     "write the name")


def escapes_in_toml(issue, tmp):
    return toml_case(issue, r'^sponsor = ".*"', r'sponsor = "示例县\\n人民政府"', "sponsor =",
                     "`sponsor` holds a line break", "one line")


def nul_in_toml(issue, tmp):
    return toml_case(issue, r'^sponsor = ".*"', r'sponsor = "示例县\\u0000人民政府"', "sponsor =",
                     "control character U+0000", "delete it")


def deep_toml(issue, tmp):
    toml = issue / "issue.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "deep = " + "[" * 3000 + "]" * 3000 + "\n",
                    encoding="utf-8")
    return toml, None, "nests arrays or tables too deeply", "flat values", ()


def vertical_punctuation(issue, tmp):
    return doc_case(issue, "现通知如下︵试行︶。", "︵试行", "vertical-form punctuation ︵ (U+FE35)",
                    "write （ instead")


def image_width_zero(issue, tmp):
    return doc_case(issue, "@image images/seal.png width=0mm", "width=0mm",
                    "image width 'width=0mm' must be more than 0 mm", "width=60mm")


def image_name_with_space(issue, tmp):
    return doc_case(issue, "@image images/my seal.png", "my seal", "a file name with a space?",
                    "rename the file without spaces")


def widths_not_numbers(issue, tmp):
    doc = issue / "b-pifu.txt"
    sub(doc, r"^@caption", "@widths 1e308 | nan | 1 | 1\n@caption")
    return doc, line_of(doc, "@widths"), "@widths needs positive numbers", "relative widths", ()


def number_with_di(issue, tmp):
    return _number(issue, "示政办发〔2025〕第2号", "has 第 before its number", "leave out 第")


def number_leading_zero(issue, tmp):
    return _number(issue, "示政办发〔2025〕02号", "has a leading zero", "without 0")


def number_two_numbers(issue, tmp):
    return _number(issue, "示政办发〔2025〕1-1号", "has two numbers", "one whole number")


def number_missing(issue, tmp):
    return _number(issue, "示政办发〔2025〕号", "has no number after the year", "before 号")


def number_trailing_text(issue, tmp):
    return _number(issue, "示政办发〔2025〕2号文件", "has text after 号", "end the 文号 with 号")


def number_full_width_duplicate(issue, tmp):
    first = line_of(issue / "a-tongzhi.txt", "@number")
    number = (issue / "a-tongzhi.txt").read_text(encoding="utf-8").splitlines()[first - 1][8:]
    wide = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    sub(issue / DOC, r"^@number .+$", f"@number {wide}")
    return issue / DOC, line_of(issue / DOC, "@title"), f"duplicate 文号 {number}", "unique", ()


def _number(issue, number, what, fix):
    sub(issue / DOC, r"^@number .+$", f"@number {number}")
    return issue / DOC, line_of(issue / DOC, "@number"), what, fix, ()


def variation_selector(issue, tmp):
    return doc_case(issue, "现将葛\U000E0100有关事项通知如下。", "现将葛", "a variation selector",
                    "delete it")


def layout_case(key_values, at, what, fix):
    from errors_support import layout_with

    def case(issue, tmp):
        layout = layout_with(tmp, key_values)
        return layout, line_of(layout, at), what, fix, ("--layout", str(layout))
    return case


SILENT = [colophon_too_long, table_without_body, long_section_name, long_masthead,
          rng("year", -5, "`year = -5` is out of range"), rng("number", -1, "`number = -1` is out"),
          rng("number", 10 ** 19, "is out of range"), rng("total", 0, "`total = 0` is out of range"),
          rng("masthead", '""', "`masthead` is empty"), section_without_name, escapes_in_toml,
          nul_in_toml, deep_toml, vertical_punctuation, image_width_zero, image_name_with_space,
          widths_not_numbers, number_with_di, number_leading_zero, number_two_numbers,
          number_missing, number_trailing_text, number_full_width_duplicate, variation_selector]

LAYOUT = [
    ("gutter_negative", {"grid": {"gutter": "-2.0"}}, "gutter =", "[grid] gutter = -2.0 is not", "from 0 up"),
    ("top_negative", {"grid": {"top_mm": "-10.0"}}, "top_mm = -10", "[grid] top_mm = -10.0", "from 0 up"),
    ("pitch_nan", {"grid": {"pitch": "nan"}}, "pitch = nan", "[grid] pitch = nan", "from 0 up"),
    ("head_field", {"head": {"odd": '"{year}年第{issue}期"'}}, "odd =", "unknown field {issue}", "{n}"),
    ("head_brace", {"head": {"odd": '"{year年"'}}, "odd =", "[head] odd = '{year年'", "{{"),
    ("folio_width", {"folio": {"format": '"— {n:>999999} —"'}}, "format =", "not a plain width", "{n:>3}"),
    ("grid_one_line", {"grid": {"lines": "1"}}, "lines = 1", "[styles.title] takes", "more lines"),
]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.__name__) for c in SILENT] +
                         [pytest.param(layout_case(*c[1:]), id=c[0]) for c in LAYOUT])
def test_refused_with_one_line(case, issue, tmp_path, bad):
    file, line, what, fix, options = case(issue, tmp_path)
    message = bad(issue, *options)
    where = f"{file}:{line}:" if line else f"{file}:"
    assert message.startswith(where), (where, message)
    assert what in message and fix in message.split(" — ", 1)[1], message


def test_nested_marks_say_so(issue, bad):
    append(issue / DOC, "细颗粒物PM_{2^{5}}浓度。")
    message = bad(issue)
    assert f"{issue / DOC}:{line_of(issue / DOC, 'PM_{2')}:" in message, message
    assert "a mark inside a mark" in message and "PM_{2}^{5}" in message, message


def test_exif_orientation_is_applied(issue, tmp_path):
    from PIL import Image
    photo = Image.new("RGB", (300, 120), "white")
    photo.paste((200, 0, 0), (0, 0, 60, 120))           # a red band at the left edge
    exif = Image.Exif()
    exif[0x0112] = 6                                    # "rotate 90° clockwise to view"
    photo.save(issue / "images" / "photo.jpg", exif=exif.tobytes())
    append(issue / DOC, "@image images/photo.jpg width=40mm caption=现场照片")
    done = cli(str(issue), "--out", str(tmp_path / "out"), "--quiet", "--no-proof")
    assert done.returncode == 0, done.stderr.decode()
    from pypdf import PdfReader
    images = [img for page in PdfReader(tmp_path / "out" / "mini" / "mini.pdf").pages
              for img in page.images if img.image.size in ((120, 300), (300, 120))]
    assert [img.image.size for img in images] == [(120, 300)]           # upright: portrait
    assert images[0].image.convert("RGB").getpixel((60, 5))[0] > 150   # the band on top now


def test_same_bytes_from_another_folder(issue, tmp_path):
    append(issue / DOC, "@image images/seal.png width=30mm")
    import shutil
    other = tmp_path / "elsewhere" / "deeper" / "mini"
    shutil.copytree(issue, other)
    a = cli(str(issue), "--out", str(tmp_path / "a"), "--quiet", "--no-proof")
    b = cli(str(other), "--out", str(tmp_path / "b"), "--quiet", "--no-proof")
    assert a.returncode == b.returncode == 0
    assert (tmp_path / "a" / "mini" / "mini.pdf").read_bytes() == \
        (tmp_path / "b" / "mini" / "mini.pdf").read_bytes()


def test_spaced_latin_title_is_found_on_its_page(issue, tmp_path):
    sub(issue / DOC, r"^@title 关于.*$", "@title 关于印发《Smart City Plan》的通知")
    done = cli(str(issue), "--out", str(tmp_path / "out"), "--quiet", "--no-proof")
    assert done.returncode == 0, done.stderr.decode()
    assert b"verified: \xe7\x9b\xae\xe5\xbd\x95 pages 3/3" in done.stdout, done.stdout.decode()


def test_a_truncated_prepared_font_is_rebuilt(issue, tmp_path):
    cache = tmp_path / "fonts"
    env = {"TYPESET_FONT_CACHE": str(cache)}
    assert cli(str(issue), "--out", str(tmp_path / "out"), "--quiet", "--no-proof", env=env).returncode == 0
    ttf = max(cache.glob("*.ttf"), key=lambda p: p.stat().st_size)
    ttf.write_bytes(ttf.read_bytes()[:1000])
    done = cli(str(issue), "--out", str(tmp_path / "out"), "--quiet", "--no-proof", env=env)
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr.decode()


def test_text_past_the_frame_is_an_error_naming_its_source(issue, tmp_path, bad):
    """The general guard: a folio set below the page (a layout that allows it) is caught in
    the PDF read back, not printed."""
    from errors_support import layout_with
    layout = layout_with(tmp_path, {"folio": {"y_mm": "320.0"}})
    message = bad(issue, "--layout", str(layout))
    assert "is drawn off the page" in message or "outside the page's frame" in message, message
    assert "(folio)" in message, message


def test_text_over_text_is_an_error(issue, tmp_path, bad):
    from errors_support import layout_with
    layout = layout_with(tmp_path, {"head": {"y_mm": "42.0", "rule_mm": "20.0"}})
    message = bad(issue, "--layout", str(layout))
    assert "overprints" in message, message


def test_disk_full_names_the_file(issue, bad, monkeypatch):
    import errno

    from typeset import files

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(files.os, "fsync", full)
    message = bad(issue)
    assert "mini.pdf: No space left on device — free some disk space" in message, message


def test_a_huge_image_is_refused_without_a_warning(issue, bad):
    from PIL import Image
    Image.new("1", (8000, 6000)).save(issue / "images" / "huge.png")       # 48 megapixels
    append(issue / DOC, "@image images/huge.png")
    message = bad(issue)
    assert "huge.png has 48 megapixels" in message and "scale it down" in message, message


def test_a_title_with_a_low_mark_is_found_on_its_page(issue, tmp_path):
    """、 sits low in the em box: its ink centre is far from the title line's others (found by
    the whole-build fuzz test)."""
    sub(issue / DOC, r"^@title 关于", "@title 关于、")
    done = cli(str(issue), "--out", str(tmp_path / "out"), "--quiet", "--no-proof")
    assert b"verified: \xe7\x9b\xae\xe5\xbd\x95 pages 3/3" in done.stdout, done.stdout.decode()
