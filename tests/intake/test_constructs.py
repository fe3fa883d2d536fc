"""Each Word construct the importer reads, from raw WordprocessingML made here."""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image as PILImage

import build_issue
from typeset.errors import TypesetError
from typeset.intake import import_files
from typeset.intake.numbering import format_number
from typeset.source import load_issue

sys.path.insert(0, str(Path(__file__).parent))
import rawdocx as raw  # noqa: E402

BODY = raw.p("根据工作需要，现通知如下。", ppr='<w:ind w:firstLineChars="200"/>')
TAIL = raw.p("泽州县人民政府", jc="right") + raw.p("2024年4月11日", jc="right") + raw.p("（此件公开发布）")


def run_import(tmp_path, body, name="a.docx", **kw) -> tuple[str, str]:
    opts = {k: kw.pop(k) for k in ("keep_seals", "keep_punctuation") if k in kw}
    path = tmp_path / name
    raw.write(path, body, **kw)
    into = tmp_path / ("out-" + name)
    result = import_files([path], into, **opts)
    text = (into / "01.txt").read_text(encoding="utf-8")
    return text, Path(result.report).read_text(encoding="utf-8")


def lines(text):
    return [x for x in text.split("\n") if x and not x.startswith("# 原文件")]


def test_head_titles_to_body_sign(tmp_path):
    body = raw.gb_head() + raw.p("各乡镇人民政府：") + BODY + TAIL
    text, report = run_import(tmp_path, body)
    assert lines(text) == ["@title 泽州县人民政府", "@title 关于测试的通知", "@number 泽政发〔2024〕1号",
                           "@to 各乡镇人民政府：", "根据工作需要，现通知如下。", "@sign 泽州县人民政府",
                           "@date 2024年4月11日", "@public （此件公开发布）"]
    assert "版头 发文机关标志: 泽州县人民政府文件" in report


def test_odd_number_brackets_are_normalised_and_checked(tmp_path):
    text, report = run_import(tmp_path, raw.gb_head(number="泽政发[2024]3号") + BODY + TAIL)
    assert "# check: 文号 brackets [] written as 〔〕\n@number 泽政发〔2024〕3号" in text
    assert "check: 文号 brackets" in report


NUM_CASES = [  # numFmt, lvlText, n -> displayed
    ("chineseCounting", "%1、", 1, "一、"), ("chineseCounting", "%1、", 12, "十二、"),
    ("chineseCounting", "%1、", 20, "二十、"), ("chineseCountingThousand", "%1、", 105, "一百零五、"),
    ("chineseLegalSimplified", "%1、", 3, "叁、"), ("chineseLegalSimplified", "%1、", 10, "壹拾、"),
    ("taiwaneseCounting", "（%1）", 11, "（十一）"), ("ideographTraditional", "%1、", 3, "丙、"),
    ("ideographTraditional", "%1、", 11, "11、"), ("decimalFullWidth", "%1．", 12, "１２．"),
    ("decimalEnclosedCircle", "%1", 3, "③"), ("decimalEnclosedCircle", "%1", 21, "21"),
    ("decimal", "（%1）", 4, "（4）"), ("upperRoman", "%1.", 14, "XIV."), ("lowerLetter", "%1)", 28, "bb)"),
    ("decimalZero", "%1.", 7, "07."), ("ideographZodiac", "%1、", 2, "丑、"),
]


@pytest.mark.parametrize("fmt,text,n,want", NUM_CASES)
def test_numbering_formats(fmt, text, n, want):
    assert text.replace("%1", format_number(n, fmt)) == want


def _list_doc(levels, paras):
    ab, num = raw.numbering_def(1, levels)
    return ab + num, "".join(raw.numbered(t, 1, lvl) for t, lvl in paras)


def test_word_numbering_makes_the_headings(tmp_path):
    numbering, paras = _list_doc([("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")],
                                 [("总体要求", 0), ("工作目标", 1), ("加强领导。各部门要落实。", 2),
                                  ("强化保障", 1), ("重点任务", 0), ("深化改革", 1)])
    text, _ = run_import(tmp_path, raw.gb_head() + BODY + paras + TAIL, numbering=numbering)
    assert lines(text)[4:10] == ["一、总体要求", "（一）工作目标", "1.加强领导。各部门要落实。", "（二）强化保障",
                                 "二、重点任务", "（一）深化改革"]
    issue_dir = tmp_path / "out-a.docx"
    (issue_dir / "01.txt").write_text(text, encoding="utf-8")
    doc = load_issue(issue_dir).documents()[0]
    assert [b.style for b in doc.blocks[1:6]] == ["heading1", "heading2", "body", "heading2", "heading1"]
    assert doc.blocks[3].spans[0].style == "heading3"        # the run-in heading


LO_FORMATS = ["chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting",
              "ideographTraditional", "decimalFullWidth", "decimalEnclosedCircle", "upperRoman", "lowerLetter"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (libreoffice-writer-nogui) not installed")
def test_numbering_resolver_agrees_with_libreoffice(tmp_path):
    """LibreOffice's text export shows the numbering labels: ours must be the same."""
    abstracts, nums, body = [], [], []
    for k, fmt in enumerate(LO_FORMATS, 1):
        ab, num = raw.numbering_def(k, [(fmt, "%1、"), ("decimal", "（%2）")])
        abstracts.append(ab)
        nums.append(num)
        for n in range(1, 13):
            body.append(raw.numbered(f"第{k}组第{n}项", k, 0))
            if n == 2:
                body.append(raw.numbered(f"第{k}组子项", k, 1))
    path = tmp_path / "lists.docx"
    raw.write(path, raw.title("测试") + "".join(body) + TAIL, numbering="".join(abstracts + nums))
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
                    "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=120, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    oracle = [x.replace(" ", "").replace("\t", "") for x in (tmp_path / "lists.txt").read_text(encoding="utf-8-sig").splitlines()
              if x.strip().endswith(("项",)) or "组" in x]
    from typeset.intake.docx_walk import Para, walk
    ours = [(p.num + p.text).replace(" ", "") for p in walk(path, "lists.docx").items if isinstance(p, Para) and "组" in p.text]
    assert len(ours) == len(LO_FORMATS) * 13
    assert ours == oracle
    # control: the oracle would catch a wrong label
    assert ours[10] != ours[10].replace("十", "一十")


def test_tracked_changes_text_boxes_hidden_comments(tmp_path):
    ins = '<w:ins w:id="1" w:author="a"><w:r><w:t>新增</w:t></w:r></w:ins>'
    dele = '<w:del w:id="2" w:author="a"><w:r><w:delText>删去</w:delText></w:r></w:del>'
    hidden = '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>'
    comment = '<w:commentRangeStart w:id="3"/><w:r><w:t>批注</w:t></w:r><w:commentRangeEnd w:id="3"/>'
    box = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="5" name="框"/>'
           '<a:graphic><a:graphicData uri="x"><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>框内文字。</w:t></w:r></w:p>'
           '</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
           '<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>框内文字。</w:t></w:r></w:p>'
           '</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    para = f'<w:p><w:r><w:t>正文</w:t></w:r>{ins}{dele}{hidden}{comment}<w:r><w:t>。</w:t></w:r>{box}</w:p>'
    text, report = run_import(tmp_path, raw.gb_head() + para + TAIL)
    body = lines(text)
    assert "正文新增批注。" in body and "删去" not in text and "隐藏" not in text
    assert body.count("框内文字。") == 1                      # mc:Choice, not the fallback as well
    assert "tracked changes accepted: 2" in report and "hidden text runs dropped: 1" in report
    assert "comments dropped: 1" in report and "text boxes read: 1" in report


def test_tables_spans_header_widths_landscape(tmp_path):
    def tc(text, extra=""):
        return f'<w:tc><w:tcPr>{extra}</w:tcPr>{raw.p(text)}</w:tc>'
    grid = '<w:tblGrid><w:gridCol w:w="1000"/><w:gridCol w:w="3000"/><w:gridCol w:w="2000"/></w:tblGrid>'
    rows = [
        '<w:tr><w:trPr><w:tblHeader/></w:trPr>' + tc("序号", '<w:vMerge w:val="restart"/>')
        + tc("补助", '<w:gridSpan w:val="2"/>') + "</w:tr>",
        '<w:tr><w:trPr><w:tblHeader/></w:trPr>' + tc("", "<w:vMerge/>") + tc("农户") + tc("主体") + "</w:tr>",
        "<w:tr>" + tc("1") + '<w:tc><w:tcPr/>' + raw.p("第一行") + raw.p("第二行") + "</w:tc>" + tc("") + "</w:tr>",
    ]
    borders = '<w:tblPr><w:tblBorders><w:top w:val="single"/></w:tblBorders></w:tblPr>'
    table = f"<w:tbl>{borders}{grid}{''.join(rows)}</w:tbl>"
    landscape = ('<w:p><w:pPr><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:pPr></w:p>')
    body = raw.gb_head() + BODY + TAIL + raw.p("附件") + raw.title("补助标准表") + landscape + table
    text, report = run_import(tmp_path, body,
                              sect='<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/></w:sectPr>')
    got = text[text.index("@table"):text.index("@end") + 4].split("\n")
    assert got == ["@table", "@widths 17.6 | 52.9 | 35.3", "# check: line breaks inside 1 cell(s) joined into one line each",
                   "序号 | 补助 | <", "^ | 农户 | 主体", "---", "1 | 第一行第二行 |", "@end"]
    assert "# check: the Word file turns the page to landscape" in text and "a landscape section" in report
    (tmp_path / "out-a.docx" / "issue.toml").unlink()
    (tmp_path / "out-a.docx" / "issue.toml").write_text(
        '[issue]\nmasthead="a"\npinyin="b"\nyear=2024\nnumber=1\ntotal=1\ndate="2024-01-01"\nsponsor="c"\n'
        'publisher="d"\n[[section]]\nname="x"\ndocuments=["01.txt"]\n', encoding="utf-8")
    table_block = load_issue(tmp_path / "out-a.docx").documents()[0].attachments[0].blocks[0]
    assert [(c.rowspan, c.colspan) for c in table_block.header[0].cells] == [(2, 1), (1, 2)]


def _png(color):
    buf = io.BytesIO()
    PILImage.new("RGB", (40, 40), color).save(buf, "PNG")
    return buf.getvalue()


def test_pictures_content_seals_and_emf(tmp_path):
    content = raw.picture("rImg1", "示意图", floating=False)
    seal = raw.picture("rImg2", "图片 2", floating=True)
    emf = raw.picture("rImg3", "图 3", floating=False)
    media = {"rImg1": ("image1.png", _png((20, 80, 200))), "rImg2": ("image2.png", _png((220, 20, 20))),
             "rImg3": ("image3.emf", b"\x01\x00\x00\x00" + b"\x00" * 40)}
    body = (raw.gb_head() + BODY + f"<w:p>{content}</w:p>" + f"<w:p>{emf}</w:p>"
            + raw.p("泽州县人民政府", jc="right") + f'<w:p><w:pPr><w:jc w:val="right"/></w:pPr>{seal}'
            '<w:r><w:t>2024年4月11日</w:t></w:r></w:p>' + raw.p("（此件公开发布）"))
    text, report = run_import(tmp_path, body, media=media)
    assert "@image images/01-1.png width=50mm" in text
    assert (tmp_path / "out-a.docx" / "images" / "01-1.png").read_bytes() == media["rImg1"][1]
    assert "EMF picture is not kept" in text and "印章 picture" in report
    assert len(list((tmp_path / "out-a.docx" / "images").iterdir())) == 1
    kept, _ = run_import(tmp_path, body, name="b.docx", media=media, keep_seals=True)
    assert "# check: a 印章 picture, kept (--keep-seals)" in kept


def test_scripts_blanks_footnotes_punctuation(tmp_path):
    sub = '<w:r><w:rPr><w:vertAlign w:val="subscript"/></w:rPr><w:t>2.5</w:t></w:r>'
    sup = '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>2</w:t></w:r>'
    blank = '<w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t xml:space="preserve">     </w:t></w:r>'
    note = '<w:r><w:footnoteReference w:id="7"/></w:r>'
    para = (f'<w:p><w:r><w:t>PM</w:t></w:r>{sub}<w:r><w:t>浓度,面积100米</w:t></w:r>{sup}<w:r><w:t>'
            f'(约)，镇</w:t></w:r>{blank}<w:r><w:t>村。</w:t></w:r>{note}</w:p>')
    notes = '<w:footnote w:id="7"><w:p><w:r><w:t>据统计公报。</w:t></w:r></w:p></w:footnote>'
    text, report = run_import(tmp_path, raw.gb_head() + para + TAIL, footnotes=notes)
    assert "PM_{2.5}浓度，面积100米^{2}（约），镇_____村。^{1}" in text
    assert "@p 注^{1}：据统计公报。" in text
    assert report.count("punctuation `") == 3
    kept, _ = run_import(tmp_path, raw.gb_head() + para + TAIL, name="b.docx", footnotes=notes,
                         keep_punctuation=True)
    assert "浓度,面积100米^{2}(约)" in kept


def test_attachment_labels_notes_and_unlabelled_text(tmp_path):
    brk = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
    body = (raw.gb_head() + BODY + raw.p("附件：1.补助标准表") + raw.p("　　　2.作业 汇总表") + TAIL + brk
            + raw.title("实施方案") + raw.p("一、基本情况") + raw.p("内容。") + brk
            + raw.p("附件２") + raw.title("补助标准表") + raw.p("说明。"))
    text, _ = run_import(tmp_path, body)
    got = lines(text)
    assert got[4:6] == ["@attach-note 附件：1.补助标准表", "@attach-note 2.作业汇总表"]
    i = got.index("@attachment")
    assert got[i - 1].startswith("# check: a title after the 落款")
    assert got[i + 1:i + 4] == ["@title 实施方案", "一、基本情况", "内容。"]
    assert got[i + 4:i + 7] == ["@attachment 附件2", "@title 补助标准表", "说明。"]


@pytest.mark.parametrize("content,message", [
    (b"hello, not a zip", "not a Word file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "encrypted"),
    (None, "damaged"),
])
def test_bad_input_is_one_line_exit_2(tmp_path, capsys, content, message):
    path = tmp_path / "bad.docx"
    if content is None:                      # a zip cut short: a damaged copy
        raw.write(tmp_path / "good.docx", BODY)
        content = (tmp_path / "good.docx").read_bytes()[:300]
    path.write_bytes(content)
    assert build_issue.main(["import", str(path), "--into", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and str(path) in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_missing_file_and_other_kinds(tmp_path, capsys):
    assert build_issue.main(["import", str(tmp_path / "none.docx"), "--into", str(tmp_path / "o")]) == 2
    assert "does not exist" in capsys.readouterr().err
    (tmp_path / "a.xlsx").write_bytes(b"PK")
    assert build_issue.main(["import", str(tmp_path / "a.xlsx"), "--into", str(tmp_path / "o")]) == 2
    assert "not a Word file (.xlsx)" in capsys.readouterr().err


def test_doc_without_libreoffice_is_one_message(tmp_path, monkeypatch):
    (tmp_path / "a.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 60)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(TypesetError, match="LibreOffice is not installed"):
        import_files([tmp_path / "a.doc"], tmp_path / "o")


def test_printed_issues_go_to_their_importer(tmp_path):
    (tmp_path / "old.txt").write_text("泽州县人民政府公报\n", encoding="utf-8")
    try:
        from typeset.intake import printed  # noqa: F401
    except ImportError:
        with pytest.raises(TypesetError, match="printed back issues"):
            import_files([tmp_path / "old.txt"], tmp_path / "o")
    with pytest.raises(TypesetError, match="separate runs"):
        import_files([tmp_path / "old.txt", tmp_path / "a.docx"], tmp_path / "o")
