"""Test helper: a minimal .docx package from raw WordprocessingML (what python-docx cannot write)."""
from __future__ import annotations

import zipfile

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps"')
PKG = "http://schemas.openxmlformats.org/package/2006"
DOC_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def p(text="", *, jc=None, size=32, font="仿宋_GB2312", color=None, ppr="", rpr=""):
    """One paragraph of one run (size in half-points)."""
    props = f'<w:jc w:val="{jc}"/>' if jc else ""
    run = ""
    if text:
        col = f'<w:color w:val="{color}"/>' if color else ""
        run = (f'<w:r><w:rPr><w:rFonts w:eastAsia="{font}" w:ascii="{font}"/>{col}<w:sz w:val="{size}"/>{rpr}'
               f'</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>')
    return f"<w:p><w:pPr>{ppr}{props}</w:pPr>{run}</w:p>"


def title(text):
    return p(text, jc="center", size=44, font="方正小标宋简体")


def gb_head(number="泽政发〔2024〕1号", titles=("泽州县人民政府", "关于测试的通知")):
    """版头 and title lines of a 公文, as raw paragraphs."""
    out = [p("泽州县人民政府文件", jc="center", size=72, font="方正小标宋简体", color="FF0000"), p()]
    if number:
        out.append(p(number, jc="center", ppr='<w:pBdr><w:bottom w:val="single" w:sz="12" w:color="FF0000"/></w:pBdr>'))
    out += [title(t) for t in titles]
    return "".join(out)


def write(path, body: str, *, numbering: str = "", footnotes: str = "", media: dict | None = None,
          sect: str = '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'):
    parts = {"word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>'
                                  f"{body}{sect}</w:body></w:document>"}
    rels = []
    overrides = [f'<Override PartName="/word/document.xml" ContentType="{CT_MAIN}.document.main+xml"/>']
    if numbering:
        parts["word/numbering.xml"] = f'<w:numbering {NS}>{numbering}</w:numbering>'
        rels.append(f'<Relationship Id="rNum" Type="{DOC_RT}/numbering" Target="numbering.xml"/>')
        overrides.append(f'<Override PartName="/word/numbering.xml" ContentType="{CT_MAIN}.numbering+xml"/>')
    if footnotes:
        parts["word/footnotes.xml"] = f'<w:footnotes {NS}>{footnotes}</w:footnotes>'
        rels.append(f'<Relationship Id="rFn" Type="{DOC_RT}/footnotes" Target="footnotes.xml"/>')
        overrides.append(f'<Override PartName="/word/footnotes.xml" ContentType="{CT_MAIN}.footnotes+xml"/>')
    for rid, (name, data) in (media or {}).items():
        parts[f"word/media/{name}"] = data
        rels.append(f'<Relationship Id="{rid}" Type="{DOC_RT}/image" Target="media/{name}"/>')
    parts["word/_rels/document.xml.rels"] = (f'<Relationships xmlns="{PKG}/relationships">{"".join(rels)}'
                                             "</Relationships>")
    parts["_rels/.rels"] = (f'<Relationships xmlns="{PKG}/relationships"><Relationship Id="rId1" '
                            f'Type="{DOC_RT}/officeDocument" Target="word/document.xml"/></Relationships>')
    parts["[Content_Types].xml"] = (
        f'<Types xmlns="{PKG}/content-types"><Default Extension="rels" '
        f'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/><Default Extension="emf" ContentType="image/x-emf"/>'
        f'{"".join(overrides)}</Types>')
    with zipfile.ZipFile(path, "w") as z:
        for name in sorted(parts):
            data = parts[name]
            z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data if isinstance(data, bytes) else data.encode())


def picture(rid: str, name: str, *, floating: bool, cx=1800000, cy=1800000) -> str:
    graphic = (f'<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
               f'<pic:pic><pic:blipFill><a:blip r:embed="{rid}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>')
    inner = f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="1" name="{name}"/>{graphic}'
    wrap = f"<wp:anchor>{inner}</wp:anchor>" if floating else f"<wp:inline>{inner}</wp:inline>"
    return f"<w:r><w:drawing>{wrap}</w:drawing></w:r>"


def numbering_def(num_id: int, levels) -> str:
    """levels: [(numFmt, lvlText)] (start 1) -> abstractNum + num."""
    lv = "".join(f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                 f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>' for k, (fmt, text) in enumerate(levels))
    return (f'<w:abstractNum w:abstractNumId="{num_id}">{lv}</w:abstractNum>',
            f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>')


def numbered(text: str, num_id: int, ilvl: int = 0, size=32) -> str:
    return p(text, size=size, ppr=f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
