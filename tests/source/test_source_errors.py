"""Every bad input is one TypesetError naming file:line and a fix (never a traceback)."""
from __future__ import annotations

import os

import pytest

from typeset.errors import TypesetError
from typeset.source import load_issue

H = "@title 测试县人民政府\n@title 关于测试的通知\n"     # 2 lines: errors below count from line 3

DOC_CASES = {
    # name: (document text, line, text in `what`, text in `fix`)
    "unknown directive": (H + "@tilte 错\n", 3, "unknown directive @tilte", "@title"),
    "unknown mark": (H + "正文{pritned}正文\n", 3, "unknown mark {pritned}", "{printed}"),
    "unmatched brace": (H + "正文{正文\n", 3, "unmatched brace", "\\{"),
    "bare at sign": (H + "@中文\n", 3, "must be a directive", "\\@"),
    "directive needs text": (H + "@to\n", 3, "@to needs text", "@to"),
    "directive takes no text": (H + "@pagebreak now\n", 3, "@pagebreak takes nothing", "alone"),
    "unclosed table": (H + "正文。\n@table\n甲 | 乙\n", 4, "@table is never closed", "@end"),
    "end outside table": (H + "@end\n", 3, "@end outside a table", "@table"),
    "note outside table": (H + "@note 注\n", 3, "@note outside a table", "@table"),
    "nested table": (H + "@table\n甲 | 乙\n@table\n@end\n", 5, "@table inside a table", "@end"),
    "directive inside table": (H + "@table\n甲 | 乙\n@sign 某\n@end\n", 5, "@sign inside a table", "@end"),
    "ragged row": (H + "@table\n甲 | 乙 | 丙\n---\n1 | 2\n@end\n", 6, "expected 3 cells, got 2", "3 cells"),
    "ragged header": (H + "@table\n甲 | 乙\n丙 | 丁 | 戊\n@end\n", 5, "expected 2 cells, got 3", "2 cells"),
    "row span in first row": (H + "@table\n^ | 乙\n@end\n", 4, "no cell above", "<"),
    "col span in first column": (H + "@table\n甲 | 乙\n< | 丁\n@end\n", 5, "no cell to the left", "^"),
    "span across header": (H + "@table\n甲 | 乙\n---\n^ | 丁\n@end\n", 6, "cannot cross ---", "<"),
    "span not a rectangle": (H + "@table\n甲 | < | 丙\n^ | 乙 | 丁\n@end\n", 5, "not a rectangle", "^"),
    "second separator": (H + "@table\n甲 | 乙\n---\n1 | 2\n---\n@end\n", 7, "second ---", "one ---"),
    "empty table": (H + "正文。\n@table\n@end\n", 4, "empty table", "@end"),
    "caption after rows": (H + "@table\n甲 | 乙\n@caption 迟\n@end\n", 5, "@caption after", "@table"),
    "row after note": (H + "@table\n甲 | 乙\n@note 注\n1 | 2\n@end\n", 6, "after @note", "last row"),
    "tab row outside table": (H + "甲\t乙\n", 3, "outside @table", "@table"),
    "span outside table": (H + "正文。\n^ | 乙\n", 4, "outside @table", "@table"),
    "bad number brackets [": (H + "@number 泽政发[2024]1号\n", 3, "文号 brackets '[2024]'", "〔〕"),
    "bad number brackets 【": (H + "@number 泽政发【2024】1号\n", 3, "文号 brackets '【2024】'", "〔〕"),
    "bad number brackets (": (H + "@number 泽政发(2024)1号\n", 3, "文号 brackets '(2024)'", "〔〕"),
    "not a number": (H + "@number 第一号\n", 3, "is not a 文号", "〔〕"),
    "second number": (H + "@number 测政发〔2025〕1号\n@number 测政发〔2025〕2号\n", 4, "second @number", "one"),
    "number after body": (H + "正文。\n@number 测政发〔2025〕1号\n", 4, "@number after the body", "@title"),
    "printed page": (H + "@printed-page 八\n", 3, "page number", "@printed-page 8"),
    "no title": ("正文。\n", 1, "no title", "@title"),
    "empty document": ("# 只有注释\n\n", 1, "empty document", "issue.toml"),
    "title but no text": (H, 1, "no text", "body"),
    "empty attachment": (H + "正文。\n@attachment 附件1\n", 4, "empty attachment", "@attachment"),
    "image option": (H + "@image a.png height=3cm\n", 3, "unknown image option", "width="),
    "control character": (H + "正文\x07。\n", 3, "control character U+0007", "delete"),
    "empty subscript": (H + "PM_{}\n", 3, "empty _{}", "PM_{2.5}"),
}


@pytest.mark.parametrize("case", list(DOC_CASES), ids=list(DOC_CASES))
def test_document_errors(make_issue, case):
    text, line, what, fix = DOC_CASES[case]
    folder = make_issue({"a.txt": text})
    with pytest.raises(TypesetError) as info:
        load_issue(folder)
    err = info.value
    assert err.file == str(folder / "a.txt")
    assert err.line == line, err.message()
    assert what in err.what, err.message()
    assert fix in (err.fix or ""), err.message()
    assert f"a.txt:{line}" in err.message()


def expect(folder, file, line, what, fix=""):
    with pytest.raises(TypesetError) as info:
        load_issue(folder)
    err = info.value
    assert err.file is not None and err.file.endswith(file), err.message()
    assert err.line == line, err.message()
    assert what in err.what, err.message()
    assert fix in (err.fix or ""), err.message()
    return err


def test_missing_document(make_issue):
    folder = make_issue({"a.txt": H + "正文。\n"}, listed=["a.txt", "missing.txt"])
    expect(folder, "issue.toml", 16, "'missing.txt' does not exist", "spelling")


@pytest.mark.parametrize("name, what", [("../outside.txt", "leaves the issue folder"),
                                        ("/etc/passwd", "is absolute"),
                                        ("sub/../../x.txt", "leaves the issue folder")])
def test_paths_leaving_the_folder(make_issue, name, what):
    expect(make_issue({"a.txt": H + "正文。\n"}, listed=["a.txt", name]), "issue.toml", 16, what)


def test_symlink_leaving_the_folder(make_issue, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text(H + "正文。\n", encoding="utf-8")
    folder = make_issue({"a.txt": H + "正文。\n"}, listed=["a.txt", "link.txt"])
    os.symlink(outside, folder / "link.txt")
    expect(folder, "issue.toml", 16, "link leading outside", "copy the file")


def test_image_paths(make_issue, tmp_path):
    (tmp_path / "seal.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    folder = make_issue({"a.txt": H + "@image ../seal.png\n"})
    expect(folder, "a.txt", 3, "leaves the issue folder")
    folder = make_issue({"a.txt": H + "@image seal.png\n"})
    expect(folder, "a.txt", 3, "does not exist")
    folder = make_issue({"a.txt": H + "@image bad.png\n", "bad.png": "not an image"}, listed=["a.txt"])
    expect(folder, "a.txt", 3, "not a PNG or JPEG", "PNG")


def test_duplicate_document(make_issue):
    folder = make_issue({"a.txt": H + "正文。\n"}, listed=["a.txt", "a.txt"])
    expect(folder, "issue.toml", 16, "duplicate document 'a.txt'", "once")


def test_duplicate_number(make_issue):
    doc = H + "@number 测政发〔2025〕1号\n正文。\n"
    folder = make_issue({"a.txt": doc, "b.txt": doc})
    err = expect(folder, "b.txt", 1, "duplicate 文号 测政发〔2025〕1号", "unique")
    assert "a.txt:1" in err.what


def test_not_utf8_says_gb18030(make_issue):
    folder = make_issue({"a.txt": (H + "正文。\n").encode("gb18030")})
    err = expect(folder, "a.txt", 1, "not UTF-8", "UTF-8")
    assert "looks like GB18030" in err.what and err.column == 8


def test_utf16_and_binary(make_issue):
    expect(make_issue({"a.txt": (H + "正文。\n").encode("utf-16")}), "a.txt", 1, "UTF-16", "UTF-8")
    err = expect(make_issue({"a.txt": b"@title x\n\x89PNG\x00\x01\x02"}), "a.txt", 2, "binary data (a NUL byte)")
    assert err.column == 5


TOML_CASES = {
    # name: (edit of the valid issue.toml, line, what, fix)
    "unknown key": (("year = 2025", "yaer = 2025"), 4, "unknown key `yaer` in [issue]", "did you mean `year`?"),
    "unknown key 2": (("sponsor =", "sponser ="), 8, "unknown key `sponser`", "`sponsor`"),
    "missing field": (('pinyin = "CESHI GONGBAO"\n', ""), 1, "[issue] has no `pinyin`", "pinyin ="),
    "wrong type": (("year = 2025", 'year = "2025"'), 4, "`year` must be a whole number", "year = 2024"),
    "bool is not a number": (("number = 1", "number = true"), 5, "`number` must be a whole number", ""),
    "bad date": (('date = "2025-01-31"', 'date = "2025年1月31日"'), 7, "not a date", "2024-06-30"),
    "unknown table": (("[colophon]", "[colophone]"), 11, "unknown table `colophone`", "`colophon`"),
    "section key": (('name = "测试文件"', 'title = "测试文件"'), 15, "unknown key `title` in [section]", "`name`"),
    "documents type": (('documents = ["a.txt"]', 'documents = "a.txt"'), 16, "`documents` must be a list", ""),
    "bad toml": (('masthead = "测试公报"', "masthead = 测试公报"), 2, "not valid TOML", "quotes"),
    "unquoted chinese key": (('"电话"', "电话"), 12, "not valid TOML", '"电话"'),
    "colophon type": (('"电话" = "（0000）1234567"', '"电话" = 3'), 12, "colophon `电话` must be text", ""),
}


@pytest.mark.parametrize("case", list(TOML_CASES), ids=list(TOML_CASES))
def test_issue_toml_errors(make_issue, issue_toml, case):
    (old, new), line, what, fix = TOML_CASES[case]
    toml = issue_toml(["a.txt"])
    assert old in toml
    folder = make_issue({"a.txt": H + "正文。\n"}, toml=toml.replace(old, new, 1))
    expect(folder, "issue.toml", line, what, fix)


def test_missing_folder_and_issue_file(tmp_path):
    with pytest.raises(TypesetError, match="does not exist"):
        load_issue(tmp_path / "nope")
    with pytest.raises(TypesetError, match="'issue.toml' does not exist"):
        load_issue(tmp_path)


def test_issue_toml_not_utf8(make_issue, issue_toml):
    folder = make_issue({"a.txt": H + "正文。\n"})
    (folder / "issue.toml").write_bytes(issue_toml(["a.txt"]).encode("gb18030"))
    expect(folder, "issue.toml", 2, "looks like GB18030")


def test_empty_section_and_long_name(make_issue, issue_toml):
    folder = make_issue({"a.txt": H + "正文。\n"}, toml=issue_toml([]))
    expect(folder, "issue.toml", 16, "has no documents", "documents =")
    folder = make_issue({"a.txt": H + "@image " + "x" * 5000 + ".png\n"})
    expect(folder, "a.txt", 3, "x" * 20)
