"""Test helper: Word files made here, with python-docx plus raw WordprocessingML where python-docx
cannot write it (numbering, tracked changes, text boxes, merged-cell headers, landscape).

`write_gb_docx(doc, path, mark)` writes a model Document as a GB/T 9704-looking .docx: the 版头
(red 发文机关标志, 文号, red rule), 小标宋 titles, 仿宋 body with 2-character indents, 黑体/楷体
headings, 落款 on the right, attachments on new pages, tables with merged cells and repeated
header rows, the 版记 and a footer with a page-number field.
"""
from __future__ import annotations

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor, Twips

from typeset.model import Break, Image, Paragraph, Table

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
FONTS = {"title": "方正小标宋简体", "body": "仿宋_GB2312", "heading1": "黑体", "heading2": "楷体_GB2312",
         "heading3": "仿宋_GB2312", "heading4": "仿宋_GB2312"}
TITLE_PT, BODY_PT, MARK_PT = 22, 16, 36
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "both": WD_ALIGN_PARAGRAPH.JUSTIFY}
CN = "一二三四五六七八九"


def new_document():
    d = docx.Document()
    sect = d.sections[0]
    sect.page_width, sect.page_height = Twips(11906), Twips(16838)
    return d


def set_font(run, font: str, size: float, bold=False, color=None):
    run.font.size = Pt(size)
    run.font.bold = bold or None
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {W_NS}/>")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), font)
    if color:
        run.font.color.rgb = RGBColor.from_string(color)


def add_para(d, text="", *, font="仿宋_GB2312", size=BODY_PT, align="both", first_chars=0, bold=False,
             color=None, container=None):
    p = (container or d).add_paragraph()
    p.alignment = ALIGN[align]
    if first_chars:
        ppr = p._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:ind {W_NS} w:firstLineChars="{int(first_chars * 100)}" '
                             f'w:firstLine="{int(first_chars * size * 20)}"/>'))
    if text:
        set_font(p.add_run(text), font, size, bold, color)
    return p


def add_spans(p, spans, style):
    for s in spans:
        font = FONTS.get(s.style or style, FONTS["body"])
        if s.blank:
            r = p.add_run(" " * len(s.text))
            r.font.underline = True
        else:
            r = p.add_run(s.text)
            if s.script:
                r.font.subscript = s.script == "sub"
                r.font.superscript = s.script == "sup"
        set_font(r, font, BODY_PT, bold=(s.style or style) == "heading1" and False)


def page_break(d):
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def border(p, side="bottom", color="FF0000", size=12):
    ppr = p._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:pBdr {W_NS}><w:{side} w:val="single" w:sz="{size}" w:space="1" '
                         f'w:color="{color}"/></w:pBdr>'))


class Lists:
    """Word numbering definitions added to numbering.xml (abstractNum + num)."""

    def __init__(self, d):
        self.root = d.part.numbering_part.element
        self.next = 90

    def add(self, levels) -> str:
        """levels: [(numFmt, lvlText, start, restart or None)] -> numId."""
        n = self.next
        self.next += 1
        lvls = []
        for k, (fmt, text, start, restart) in enumerate(levels):
            rs = f'<w:lvlRestart w:val="{restart}"/>' if restart is not None else ""
            lvls.append(f'<w:lvl w:ilvl="{k}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{rs}'
                        f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/><w:lvlJc w:val="left"/></w:lvl>')
        abstract = parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="{n}">'
                             f'<w:multiLevelType w:val="multilevel"/>{"".join(lvls)}</w:abstractNum>')
        first_num = self.root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.root.append(abstract)
        self.root.append(parse_xml(f'<w:num {W_NS} w:numId="{n}"><w:abstractNumId w:val="{n}"/></w:num>'))
        return str(n)


def number_para(p, num_id: str, ilvl: int):
    ppr = p._p.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def footer_with_page_field(d):
    f = d.sections[0].footer.paragraphs[0]
    f._p.append(parse_xml(f'<w:fldSimple {W_NS} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))


def write_table(d, t: Table):
    for cap in t.caption:
        p = add_para(d, align="left")
        add_spans(p, cap.spans, "body")
    rows = list(t.header) + list(t.rows)
    table = d.add_table(rows=len(rows), cols=t.ncols)
    table.style = "Table Grid"
    if t.widths:
        total = sum(t.widths)
        grid = table._tbl.tblGrid
        for col, w in zip(grid.findall(qn("w:gridCol")), t.widths):
            col.set(qn("w:w"), str(round(8845 * w / total)))
    for r, row in enumerate(rows):
        for cell, c in zip(row.cells, row.columns):
            target = table.cell(r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            para = target.paragraphs[0]
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_spans(para, cell.spans, "body")
    for r in range(len(t.header)):
        trpr = table.rows[r]._tr.get_or_add_trPr()
        trpr.append(parse_xml(f'<w:tblHeader {W_NS}/>'))
    for note in t.notes:
        p = add_para(d, align="left")
        add_spans(p, note.spans, "body")


def write_blocks(d, blocks, lists, typed_indent: bool, numbered: dict):
    notes = [b for b in blocks if isinstance(b, Paragraph) and b.style == "attach-note"]
    for b in blocks:
        if isinstance(b, Break):
            page_break(d)
        elif isinstance(b, Image):
            raise AssertionError("no images in 2024-02")
        elif isinstance(b, Table):
            write_table(d, b)
        elif b.style == "title":
            add_para(d, b.text, font=FONTS["title"], size=TITLE_PT, align="center")
        elif b.style in ("center", "right"):
            p = add_para(d, align=b.style)
            add_spans(p, b.spans, "body")
        elif b.style == "to":
            add_para(d, b.text, align="left")
        elif b.style == "attach-note":
            first = b is notes[0]
            text = b.text if first else "　　　" + b.text      # continuation aligned with spaces
            add_para(d, text, first_chars=2, align="left")
        elif b.style == "signature":
            p = add_para(d, b.text, align="right")
            p.paragraph_format.right_indent = Pt(BODY_PT * 4)
        elif b.style == "date":
            p = add_para(d, b.text, align="right")
            p.paragraph_format.right_indent = Pt(BODY_PT * 4)
        elif b.style == "public":
            add_para(d, b.text, first_chars=2, align="left")
        elif b.style == "item" and b.text[:1].isdigit():     # a typed list: 1.…… 2.……
            add_para(d, b.text, first_chars=2)
        elif b.style == "item":
            p = add_para(d, b.text, first_chars=2)
            number_para(p, numbered["bullet"], 0)
        else:
            style = b.style
            level = style if style.startswith("heading") else (b.spans[0].style if b.spans else "")
            p = add_para(d, first_chars=0 if typed_indent else 2)
            spans = list(b.spans)
            prefix = "　　" if typed_indent else ""
            if level in ("heading1", "heading2") and "numbers" in numbered and spans:
                num_id, ilvl = numbered["numbers"], int(level[-1]) - 1
                head = spans[0].text
                cut = head.index("、") + 1 if level == "heading1" else head.index("）") + 1
                spans[0] = spans[0].__class__(head[cut:], spans[0].style)
                number_para(p, num_id, ilvl)
                prefix = ""
            if prefix:
                set_font(p.add_run(prefix), FONTS["body"], BODY_PT)
            add_spans(p, [s for s in spans if s.text], style)


def write_gb_docx(doc, path, mark: str, *, variant: int = 0):
    """A model Document as a GB/T 9704-looking .docx."""
    d = new_document()
    lists = Lists(d)
    numbered = {"bullet": lists.add([("bullet", "•", 1, None)])}
    if variant == 1:           # headings made by Word's numbering: 一、 and （一） running on
        numbered["numbers"] = lists.add([("chineseCounting", "%1、", 1, None),
                                         ("chineseCounting", "（%2）", 1, 0)])
    add_para(d, mark, font=FONTS["title"], size=MARK_PT, align="center", color="FF0000")
    add_para(d)
    if doc.number:
        extra = "　　　　签发人：张三" if variant == 2 else ""
        p = add_para(d, doc.number + extra, align="center")
        border(p)
    add_para(d)
    for line in doc.title_lines:
        add_para(d, line, font=FONTS["title"], size=TITLE_PT, align="center")
    add_para(d)
    write_blocks(d, doc.blocks, lists, typed_indent=variant == 2, numbered=numbered)
    for att in doc.attachments:
        page_break(d)
        if att.label:
            add_para(d, att.label, font=FONTS["heading1"], align="left")
        for line in att.title_lines:
            add_para(d, line, font=FONTS["title"], size=TITLE_PT, align="center")
        write_blocks(d, att.blocks, lists, typed_indent=variant == 2, numbered=numbered)
    add_para(d)
    p = add_para(d, "抄送：县委各部门，县人大常委会办公室，县政协办公室。", align="left")
    border(p, "top", "000000", 8)
    p = add_para(d, "泽州县人民政府办公室　　　　　　2024年6月30日印发", align="left")
    border(p, "bottom", "000000", 8)
    footer_with_page_field(d)
    d.core_properties.author = "test"
    d.save(str(path))
