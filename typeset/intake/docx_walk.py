"""Our own walker over a .docx's WordprocessingML: paragraphs, runs, tables, text boxes, notes.

python-docx opens the package and finds the parts; everything inside document.xml is read
here, because python-docx alone drops tracked insertions, text boxes and numbering text.

    walk(path, display_name) -> Walked(items, notes, images, facts)

`items` is the body in reading order: Para, Table, PageBreak and Landscape. Nothing here
decides what a paragraph *is* (that is classify.py); it only reports what Word shows.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import TypesetError
from .numbering import Numbering
from .styles import Styles

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
V = "urn:schemas-microsoft-com:vml"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


T_P, T_R, T_T, T_TBL, T_TR, T_TC = (q(W, t) for t in ("p", "r", "t", "tbl", "tr", "tc"))
T_SDT, T_CONTENT = q(W, "sdt"), q(W, "sdtContent")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# containers whose runs are shown as they are; tracked deletions and moves away are not
PASS_THROUGH = {q(W, t) for t in ("ins", "moveTo", "hyperlink", "smartTag", "customXml", "fldSimple",
                                  "sdtContent", "bdo", "dir")}
TRACKED_DROP = {q(W, "del"), q(W, "moveFrom")}
TRACKED_KEEP = {q(W, "ins"), q(W, "moveTo")}
PAGE_FIELDS = ("PAGE", "NUMPAGES", "SECTIONPAGES")


@dataclass
class Pic:
    """A picture: the bytes, where it sits and what Word calls it."""
    data: bytes
    ext: str                   # "png", "jpeg", "emf" …
    floating: bool
    name: str                  # wp:docPr name and descr, for the seal guess
    width_mm: float | None


@dataclass
class Para:
    pieces: list = field(default_factory=list)   # (text, kind): kind "" | "sub" | "sup" | "blank"
    align: str = "left"
    size: float = 0.0          # pt of most of the text
    font: str = ""             # East Asian font of most of the text
    bold: bool = False
    color: str = ""            # RRGGBB of most of the text, "" = automatic
    num: str = ""              # the displayed numbering text ("一、"), "" = none
    bullet: bool = False
    ind_left: float = 0.0      # in characters of the paragraph's size
    ind_right: float = 0.0
    ind_first: float = 0.0     # first line (negative: hanging)
    style: str = ""            # the paragraph style's name
    outline: int | None = None  # outline level 0.. (Heading 1 = 0)
    rule_below: str = ""       # colour of a bottom border (the 版头's red rule)
    pics: list = field(default_factory=list)
    notes: list = field(default_factory=list)    # footnote numbers referred to here
    in_box: bool = False       # read from a text box
    index: int = 0             # paragraph number in the body, for the report

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.pieces)


@dataclass
class Cell:
    paras: list
    span: int = 1              # w:gridSpan
    vmerge: str = ""           # "" | "restart" | "continue"


@dataclass
class Table:
    rows: list                 # list of list of Cell
    header: list               # per row: w:tblHeader
    grid: list                 # w:tblGrid widths in twips
    borders: bool              # any visible border
    index: int = 0


@dataclass
class PageBreak:
    index: int = 0


@dataclass
class Landscape:
    index: int = 0


@dataclass
class Walked:
    items: list
    notes: dict                # footnote number -> text
    facts: dict                # counts for the report: tracked, comments, hidden, headers …


def open_docx(path: Path, name: str):
    """The python-docx Document of `path`, or one TypesetError saying why it cannot be read."""
    try:
        head = path.read_bytes()[:8]
    except FileNotFoundError:
        raise TypesetError("the file does not exist", file=name, fix="check the path and the name") from None
    except OSError as e:
        raise TypesetError(f"cannot read the file: {e.strerror or e}", file=name,
                           fix="check that it is a file you may read") from None
    if head.startswith(OLE_MAGIC):
        raise TypesetError("the file is encrypted (password-protected) or an old binary Word file "
                           "with a .docx name", file=name,
                           fix="open it in Word or WPS, remove the password (or save as .docx), and import again")
    if not head.startswith(b"PK"):
        raise TypesetError("not a Word file (.docx is a zip package; this is not one)", file=name,
                           fix="save it from Word or WPS as .docx (Word 2007 or later)")
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    try:
        return docx.Document(str(path))
    except PackageNotFoundError:
        raise TypesetError("the Word file is damaged (its zip package is incomplete)", file=name,
                           fix="copy it again, or open and save it again in Word or WPS") from None
    except (zipfile.BadZipFile, KeyError, EOFError) as e:
        raise TypesetError(f"the Word file is damaged ({type(e).__name__}: {e})", file=name,
                           fix="open and save it again in Word or WPS, or ask for a new copy") from None
    except Exception as e:      # python-docx: not a main document; lxml: broken XML
        raise TypesetError(f"not a readable Word document ({type(e).__name__}: {str(e)[:80]})",
                           file=name, fix="open and save it again in Word or WPS as .docx") from None


def _part_xml(doc, suffix: str):
    from lxml import etree
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/" + suffix) and not rel.is_external:
            return etree.fromstring(rel.target_part.blob)
    return None


def walk(path: Path, name: str) -> Walked:
    doc = open_docx(path, name)
    try:
        walker = _Walker(doc)
        items = walker.body()
    except TypesetError:
        raise
    except Exception as e:          # lxml or python-docx on a damaged part
        raise TypesetError(f"the Word file is damaged ({type(e).__name__}: {str(e)[:80]})", file=name,
                           fix="open and save it again in Word or WPS") from None
    return Walked(items, walker.footnotes, walker.facts)


class _Walker:
    def __init__(self, doc):
        self.doc = doc
        self.styles = Styles(_part_xml(doc, "styles"))
        self.numbering = Numbering(_part_xml(doc, "numbering"), self.styles)
        self.facts = {"tracked": 0, "comments": 0, "hidden": 0, "page fields": 0, "boxes": 0,
                      "shapes": 0, "headers": 0, "footers": 0}
        for rel in doc.part.rels.values():
            for kind in ("header", "footer"):
                if rel.reltype.endswith("/" + kind):
                    self.facts[kind + "s"] += 1
        self.footnote_xml = _part_xml(doc, "footnotes")
        self.footnotes: dict[int, str] = {}
        self.note_ids: dict[str, int] = {}
        self.count = 0
        self.out: list = []

    # ---- the body ----
    def body(self) -> list:
        body = self.doc.element.body
        sections = self._sections(body)
        if sections and sections[0]:
            self.out.append(Landscape(0))
        k = 0
        for el in self._blocks(body):
            if el.tag == T_P:
                self.para(el)
                sect = el.find(f"{q(W, 'pPr')}/{q(W, 'sectPr')}")
                if sect is not None:
                    k += 1
                    kind = sect.find(q(W, "type"))
                    if kind is None or kind.get(q(W, "val")) != "continuous":
                        self.out.append(PageBreak(self.count))
                    if k < len(sections) and sections[k]:
                        self.out.append(Landscape(self.count))
            elif el.tag == T_TBL:
                self.out.append(self.table(el))
        return self.out

    def _sections(self, body) -> list[bool]:
        """Landscape or not, for each section in order."""
        found = [p.find(f"{q(W, 'pPr')}/{q(W, 'sectPr')}") for p in body.iter(T_P)]
        sects = [s for s in found if s is not None]
        last = body.find(q(W, "sectPr"))
        if last is not None:
            sects.append(last)
        out = []
        for s in sects:
            size = s.find(q(W, "pgSz"))
            land = False
            if size is not None:
                w, h = size.get(q(W, "w")), size.get(q(W, "h"))
                land = size.get(q(W, "orient")) == "landscape" or (
                    w is not None and h is not None and int(w) > int(h))
            out.append(land)
        return out

    def _blocks(self, parent):
        """Paragraphs and tables of a body or cell, looking through content controls and
        tracked insertions."""
        for el in parent:
            if el.tag in (T_P, T_TBL):
                yield el
            elif el.tag == T_SDT:
                content = el.find(T_CONTENT)
                if content is not None:
                    yield from self._blocks(content)
            elif el.tag in TRACKED_KEEP or el.tag == q(W, "customXml"):
                self.facts["tracked"] += el.tag in TRACKED_KEEP
                yield from self._blocks(el)
            elif el.tag in TRACKED_DROP:
                self.facts["tracked"] += 1

    # ---- paragraphs ----
    def para(self, el, sink=None, in_box=False) -> None:
        sink = self.out if sink is None else sink
        self.count += 1
        ppr = el.find(q(W, "pPr"))
        style_id = _val(ppr, "pStyle") if ppr is not None else None
        props = self.styles.para_props(style_id, ppr)
        p = Para(align=props["align"], style=self.styles.name(style_id), outline=props["outline"],
                 rule_below=props["rule_below"], in_box=in_box, index=self.count)
        if props["page_break_before"]:
            sink.append(PageBreak(self.count))
        num = self.numbering.text(ppr, style_id)
        if num is not None:
            p.num, p.bullet = num
        self.boxes: list = []
        weights: dict = {}
        self._runs(el, p, style_id, weights, sink, [])
        if weights:
            for key in ("size", "font", "bold", "color"):
                best = max(weights[key].items(), key=lambda kv: (kv[1], str(kv[0])))[0]
                setattr(p, key, best)
        else:
            rp = self.styles.run_props(style_id, None, None)
            p.size, p.font, p.bold, p.color = rp["size"], rp["font"], rp["bold"], rp["color"]
        size = p.size or 10.5
        p.ind_left, p.ind_right, p.ind_first = (
            props[k + "_chars"] if props[k + "_chars"] is not None else props[k] / (size * 20)
            for k in ("left", "right", "first"))
        boxes, self.boxes = self.boxes, []
        self._append_split(p, sink)
        for box in boxes:
            self.facts["boxes"] += 1
            for inner in self._blocks(box):
                if inner.tag == T_P:
                    self.para(inner, sink, in_box=True)
                else:
                    sink.append(self.table(inner))

    @staticmethod
    def _append_split(p: Para, sink) -> None:
        """The paragraph, split where a page break (w:br type=page) sits inside it."""
        if not any(kind == "break" for _, kind in p.pieces):
            sink.append(p)
            return
        parts: list = [[]]
        for piece in p.pieces:
            if piece[1] == "break":
                parts.append([])
            else:
                parts[-1].append(piece)
        for n, pieces in enumerate(parts):
            if n:
                sink.append(PageBreak(p.index))
            if pieces or n == 0:
                sink.append(Para(**{**p.__dict__, "pieces": pieces, "pics": p.pics if n == 0 else [],
                                    "notes": p.notes if n == 0 else []}))

    def _runs(self, parent, p: Para, style_id, weights, sink, field) -> None:
        for el in parent:
            tag = el.tag
            if tag == T_R:
                self._run(el, p, style_id, weights, sink, field)
            elif tag in TRACKED_DROP:
                self.facts["tracked"] += 1
            elif tag in PASS_THROUGH:
                self.facts["tracked"] += tag in TRACKED_KEEP
                if tag == q(W, "fldSimple") and _field_name(el.get(q(W, "instr"), "")) in PAGE_FIELDS:
                    self.facts["page fields"] += 1
                    continue
                self._runs(el, p, style_id, weights, sink, field)
            elif tag == q(W, "commentRangeStart"):
                self.facts["comments"] += 1
            elif tag == T_SDT:
                content = el.find(T_CONTENT)
                if content is not None:
                    self._runs(content, p, style_id, weights, sink, field)

    def _run(self, r, p: Para, style_id, weights, sink, field) -> None:
        rpr = r.find(q(W, "rPr"))
        rp = self.styles.run_props(style_id, _val(rpr, "rStyle") if rpr is not None else None, rpr)
        for el in r:
            tag = el.tag
            if tag == q(W, "fldChar"):
                kind = el.get(q(W, "fldCharType"))
                if kind == "begin":
                    field.append(["", False])
                elif kind == "separate" and field:
                    field[-1][1] = True
                elif kind == "end" and field:
                    field.pop()
                continue
            if tag == q(W, "instrText"):
                if field:
                    field[-1][0] += el.text or ""
                continue
            if field and (not field[-1][1] or any(_field_name(f[0]) in PAGE_FIELDS for f in field)):
                if field[-1][1] and tag == T_T:
                    self.facts["page fields"] += 1
                continue                 # the field's code, or a page number's result
            if tag == q(W, "commentReference"):
                continue
            if tag in (q(W, "drawing"), q(W, "pict")) or tag == q(MC, "AlternateContent"):
                self._object(el, p)
                continue
            if tag == q(W, "footnoteReference"):
                n = self._footnote(el.get(q(W, "id")))
                if n:
                    p.notes.append(n)
                    p.pieces.append((str(n), "note"))
                continue
            text = _RUN_TEXT.get(tag)
            if text is None:
                if tag == T_T:
                    text = el.text or ""
                elif tag == q(W, "sym"):
                    text = chr(int(el.get(q(W, "char"), "20"), 16) & 0xFFFF) if el.get(q(W, "char")) else ""
                elif tag == q(W, "br"):
                    kind = el.get(q(W, "type"))
                    if kind == "page":
                        p.pieces.append(("\f", "break"))
                        continue
                    text = "" if kind == "column" else "\n"
                else:
                    continue
            if not text:
                continue
            if rp["hidden"]:
                self.facts["hidden"] += 1
                continue
            kind = rp["script"]
            if rp["underline"] and text.strip(" \u00a0\u3000") == "" and text not in ("\n", "\t"):
                kind = "blank"
            p.pieces.append((text, kind))
            if text.strip():
                n = len(text)
                for key in ("size", "font", "bold", "color"):
                    bucket = weights.setdefault(key, {})
                    bucket[rp[key]] = bucket.get(rp[key], 0) + n

    def _object(self, el, p: Para) -> None:
        """A drawing, VML picture or AlternateContent: its picture(s) and text box(es), each
        once (mc:Choice, not the fallback as well)."""
        if el.tag == q(MC, "AlternateContent"):
            choice = el.find(q(MC, "Choice"))
            if choice is None:
                choice = el.find(q(MC, "Fallback"))
            if choice is not None:
                for child in choice:
                    self._object(child, p)
            return
        found = False
        for box in el.iter(q(W, "txbxContent")):
            # nested text boxes: only the outermost of each drawing
            if any(a.tag == q(W, "txbxContent") for a in box.iterancestors()):
                continue
            self.boxes.append(box)
            found = True
        floating = el.find(f".//{q(WP, 'anchor')}") is not None or el.tag == q(W, "pict")
        doc_pr = el.find(f".//{q(WP, 'docPr')}")
        label = " ".join(filter(None, (doc_pr.get("name"), doc_pr.get("descr")))) if doc_pr is not None else ""
        extent = el.find(f".//{q(WP, 'extent')}")
        width = round(int(extent.get("cx")) / 36000, 1) if extent is not None and extent.get("cx") else None
        ids = [b.get(q(R, "embed")) for b in el.iter(q(A, "blip"))]
        ids += [d.get(q(R, "id")) for d in el.iter(q(V, "imagedata"))]
        for rid in filter(None, ids):
            part = self.doc.part.related_parts.get(rid)
            if part is None:
                continue
            ext = str(part.partname).rsplit(".", 1)[-1].lower()
            p.pics.append(Pic(part.blob, ext, floating, label, width))
            found = True
        if not found:
            self.facts["shapes"] += 1

    def _footnote(self, fid: str | None) -> int:
        if fid is None or self.footnote_xml is None:
            return 0
        if fid in self.note_ids:
            return self.note_ids[fid]
        for note in self.footnote_xml.iter(q(W, "footnote")):
            if note.get(q(W, "id")) == fid:
                text = "".join(
                    t.text or "" for t in note.iter(T_T)
                    if not any(a.tag in TRACKED_DROP for a in t.iterancestors()))
                n = len(self.note_ids) + 1
                self.note_ids[fid] = n
                self.footnotes[n] = text.strip()
                return n
        return 0

    # ---- tables ----
    def table(self, el) -> Table:
        self.count += 1
        index = self.count
        grid = [int(c.get(q(W, "w"), "0") or 0) for c in el.findall(f"{q(W, 'tblGrid')}/{q(W, 'gridCol')}")]
        tpr = el.find(q(W, "tblPr"))
        borders = _has_borders(tpr.find(q(W, "tblBorders")) if tpr is not None else None)
        if tpr is not None and not borders:
            borders = self.styles.table_borders(_val(tpr, "tblStyle"))
        rows, header = [], []
        for tr in _children(el, T_TR):
            trpr = tr.find(q(W, "trPr"))
            header.append(trpr is not None and trpr.find(q(W, "tblHeader")) is not None
                          and _on(trpr.find(q(W, "tblHeader"))))
            cells = []
            before = _val(trpr, "gridBefore") if trpr is not None else None
            if before and int(before) > 0:
                cells.append(Cell([], span=int(before)))
            for tc in _children(tr, T_TC):
                tcpr = tc.find(q(W, "tcPr"))
                span = int(_val(tcpr, "gridSpan") or 1) if tcpr is not None else 1
                vm = tcpr.find(q(W, "vMerge")) if tcpr is not None else None
                vmerge = "" if vm is None else ("restart" if vm.get(q(W, "val")) == "restart" else "continue")
                if tcpr is not None and not borders:
                    borders = _has_borders(tcpr.find(q(W, "tcBorders")))
                paras: list = []
                for inner in self._blocks(tc):
                    if inner.tag == T_P:
                        self.para(inner, paras)
                    else:                     # a nested table: its text, row by row
                        for row in self.table(inner).rows:
                            for c in row:
                                paras.extend(c.paras)
                cells.append(Cell([x for x in paras if isinstance(x, Para)], span, vmerge))
            rows.append(cells)
        return Table(rows, header, grid, borders, index)


def _children(el, tag):
    """Direct children with `tag`, looking through content controls and tracked insertions."""
    for c in el:
        if c.tag == tag:
            yield c
        elif c.tag == T_SDT:
            content = c.find(T_CONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif c.tag in TRACKED_KEEP or c.tag == q(W, "customXml"):
            yield from _children(c, tag)


def _val(parent, tag: str) -> str | None:
    if parent is None:
        return None
    el = parent.find(q(W, tag))
    return None if el is None else el.get(q(W, "val"))


def _on(el) -> bool:
    return el is not None and el.get(q(W, "val"), "true") not in ("false", "0", "off")


def _has_borders(borders) -> bool:
    if borders is None:
        return False
    return any(b.get(q(W, "val"), "nil") not in ("nil", "none") for b in borders)


def _field_name(instr: str) -> str:
    return instr.strip().split(" ", 1)[0].upper() if instr.strip() else ""


_RUN_TEXT = {q(W, "tab"): "\t", q(W, "cr"): "\n", q(W, "noBreakHyphen"): "-", q(W, "softHyphen"): ""}
