"""The parser on each construct of the format."""
from __future__ import annotations

from typeset.model import Break, Image, Paragraph, Span, Table
from typeset.source import load_issue


def styles(doc):
    return [b.style for b in doc.blocks if isinstance(b, Paragraph)]


def test_header_fields(one_doc):
    doc = one_doc("@printed-page 8\n@to 各单位：\n正文。\n@sign 测试县人民政府\n@date 2025年1月2日\n"
                  "@public （此件公开发布）\n")
    assert doc.title_lines == ("测试县人民政府", "关于测试的通知")
    assert doc.title == "测试县人民政府关于测试的通知"
    assert doc.number == "测政发〔2025〕1号"
    assert doc.printed_page == 8
    assert styles(doc) == ["to", "body", "signature", "date", "public"]
    assert doc.where.line == 1


def test_headings_by_numbering(one_doc):
    doc = one_doc("一、总体要求\n（一）明确目标\n1.乡镇责任\n（1）村级组织\n十二、第十二部分\n（二十二）加强防范\n")
    assert styles(doc) == ["heading1", "heading2", "heading3", "heading4", "heading1", "heading2"]


def test_run_in_heading_gets_span_style(one_doc):
    doc = one_doc("（一）严格落实党政领导责任。坚持党政同责。\n12.持续优化结构。大宗货物优先铁路。\n")
    first, second = doc.blocks
    assert first.style == "body"
    assert first.spans[0] == Span("（一）严格落实党政领导责任。", style="heading2")
    assert first.spans[1].text == "坚持党政同责。" and first.spans[1].style == ""
    assert second.spans[0].style == "heading3" and second.spans[0].text == "12.持续优化结构。"


def test_numbered_sentences_stay_body(one_doc):
    doc = one_doc("1.具备法人资格，有一定的服务经验；\n一、原则同意《方案》。\n2024年4月至2024年12月。\n"
                  "1.5倍的面积\n")
    assert styles(doc) == ["body"] * 4
    assert all(not s.style for b in doc.blocks for s in b.spans)


def test_explicit_marks_win(one_doc):
    doc = one_doc("@p 一、不是标题\n@h3 3.显式标题。后面仍属标题。\n@h1 没有编号的标题\n@item 一项\n- 另一项\n"
                  "@center 居中\n@right 右齐\n")
    assert styles(doc) == ["body", "heading3", "heading1", "item", "item", "center", "right"]
    assert doc.blocks[0].text == "一、不是标题"
    assert doc.blocks[1].spans == (Span("3.显式标题。后面仍属标题。"),)
    assert doc.blocks[4].text == "另一项"


def test_inline_marks(one_doc):
    doc = one_doc("以降低细颗粒物（PM_{2.5}）为主线，米^{2}，电话：_____。\n字面\\{x\\}、\\\\、\\@和\\_\\{1\\}\n")
    p = doc.blocks[0]
    assert p.spans[1] == Span("2.5", script="sub")
    assert p.spans[3] == Span("2", script="sup")
    assert p.spans[5] == Span("_____", blank=True)
    assert p.text == "以降低细颗粒物（PM2.5）为主线，米2，电话：_____。"
    assert doc.blocks[1].text == "字面{x}、\\、@和_{1}"


def test_printed_break_offsets(one_doc):
    doc = one_doc("要建立安全生产{printed}办实事、{printed}解难题。\n")
    p = doc.blocks[0]
    assert p.text == "要建立安全生产办实事、解难题。"
    assert p.printed_breaks == (7, 11)
    assert p.text[7:10] == "办实事"


def test_comments_and_blank_lines_are_ignored(one_doc):
    doc = one_doc("# 注释\n\n   \n正文一。\n\n正文二。\n")
    assert [b.text for b in doc.blocks] == ["正文一。", "正文二。"]
    assert doc.blocks[1].where.line == 9


def test_attachments(one_doc):
    doc = one_doc("正文。\n@attach-note 附件：1.甲表\n@attach-note 2.乙表\n@sign 测试县人民政府\n"
                  "@attachment 附件1\n@title 甲表\n@title （样式）\n甲表正文。\n@pagebreak\n@title 正式标题\n"
                  "@attachment\n@title 无标签的实施方案\n方案正文。\n")
    assert styles(doc) == ["body", "attach-note", "attach-note", "signature"]
    first, second = doc.attachments
    assert first.label == "附件1" and first.title_lines == ("甲表", "（样式）")
    assert isinstance(first.blocks[1], Break) and first.blocks[1].kind == "page"
    assert first.blocks[2].style == "title" and first.blocks[2].text == "正式标题"
    assert second.label == "" and second.title_lines == ("无标签的实施方案",)


def test_table_spans_header_notes(one_doc):
    doc = one_doc("@table\n@caption 单位：株\n@form\n序号 | 树种 | 数量 | <\n^ | ^ | 春季 | 秋季\n---\n"
                  "1 | 国槐 | 3000 | 1000\n2 | 侧柏 | 2000 | ^\n@printed-break\n合计 | < | 5000\t1000\n"
                  "{printed}4 | 杨树 |  | \n@note 注：示例。\n@end\n")
    t = doc.blocks[0]
    assert isinstance(t, Table)
    assert t.ncols == 4 and t.form and len(t.header) == 2 and len(t.rows) == 4
    top = t.header[0]
    assert [c.text for c in top.cells] == ["序号", "树种", "数量"]
    assert [(c.rowspan, c.colspan) for c in top.cells] == [(2, 1), (2, 1), (1, 2)]
    assert t.header[1].columns == (2, 3)
    assert t.rows[0].cells[3].rowspan == 2 and t.rows[1].columns == (0, 1, 2)
    assert t.rows[2].printed_break and t.rows[2].cells[0].colspan == 2 and t.rows[2].columns == (0, 2, 3)
    assert t.rows[3].printed_break and t.rows[3].cells[2].text == ""
    assert t.caption[0].style == "table-caption" and t.caption[0].text == "单位：株"
    assert t.notes[0].style == "table-note" and t.notes[0].text == "注：示例。"
    assert t.rows[0].where.line == 10


def test_table_cell_marks_and_escaped_bar(one_doc):
    doc = one_doc("@table\n浓度 | 说明\n---\nPM_{2.5} | a\\|b\n@end\n")
    row = doc.blocks[0].rows[0]
    assert row.cells[0].spans == (Span("PM"), Span("2.5", script="sub"))
    assert row.cells[1].text == "a|b"


def test_table_without_header(one_doc):
    t = one_doc("@table\n甲 | 乙\n丙 | 丁\n@end\n").blocks[0]
    assert t.header == () and len(t.rows) == 2


def test_image(make_issue):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    folder = make_issue({"a.txt": "@title 甲\n@image img/a.png width=60mm caption=印章 说明\n", "img/a.png": png},
                        listed=["a.txt"])
    image = load_issue(folder).documents()[0].blocks[0]
    assert isinstance(image, Image)
    assert image.width_mm == 60.0 and image.caption == "印章 说明"
    assert image.path.endswith("a.png") and (folder / "img" / "a.png").samefile(image.path)


def test_issue_meta_and_sections(make_issue):
    folder = make_issue({"a.txt": "@title 甲\n正文。\n", "b.txt": "@title 乙\n正文。\n"})
    issue = load_issue(folder)
    assert issue.meta.year == 2025 and issue.meta.masthead == "测试公报"
    assert issue.meta.colophon == (("电话", "（0000）1234567"),)
    assert [s.name for s in issue.sections] == ["测试文件"]
    assert [d.title for d in issue.documents()] == ["甲", "乙"]
    assert issue.documents()[0].number == ""


def test_colophon_list_and_order(make_issue, issue_toml):
    toml = issue_toml(["a.txt"]).replace(
        '"电话" = "（0000）1234567"', '"网址" = "http://x.cn"\n"地址" = ["一行", "二行"]')
    issue = load_issue(make_issue({"a.txt": "@title 甲\n正文。\n"}, toml=toml))
    assert issue.meta.colophon == (("网址", "http://x.cn"), ("地址", "一行\n二行"))


def test_crlf_and_bom(make_issue):
    folder = make_issue({"a.txt": "\ufeff@title 甲\r\n\r\n正文。\r\n".encode("utf-8")})
    doc = load_issue(folder).documents()[0]
    assert doc.title_lines == ("甲",) and doc.blocks[0].where.line == 3


def test_pasted_tab_rows_keep_empty_edge_cells(one_doc):
    t = one_doc("@table\n序号\t名称\t面积\n---\n\t\t合计\n1\t\t\n@end\n").blocks[0]
    assert [r.cells[-1].text for r in t.rows] == ["合计", ""] and all(len(r.cells) == 3 for r in t.rows)
