"""Reading a tagged PDF back: the structure tree with pypdf, each marked-content piece's text
with pdfium (its text objects carry their MCID), and the model's text in reading order."""
from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from typeset.model import Image, Paragraph, Table

SPACE = re.compile(r"\s+")
ROOT = Path(__file__).resolve().parents[2]
ISSUES = [ROOT / "source" / "2024-02"] + sorted(p for p in (ROOT / "tests" / "issues").iterdir()
                                                if (p / "issue.toml").is_file())


def squash(text: str) -> str:
    return SPACE.sub("", text)


def mcid_texts(path) -> dict[tuple[int, int], str]:
    """(page index, MCID) -> the text its marked content draws."""
    doc = pdfium.PdfDocument(str(path))
    out: dict[tuple[int, int], str] = {}
    for i in range(len(doc)):
        page = doc[i]
        tp = page.get_textpage()
        for k in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
            obj = pdfium_c.FPDFPage_GetObject(page.raw, k)
            if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
                continue
            mcid = pdfium_c.FPDFPageObj_GetMarkedContentID(obj)
            n = pdfium_c.FPDFTextObj_GetText(obj, tp.raw, None, 0)
            buf = (ctypes.c_ushort * (n // 2 + 1))()
            pdfium_c.FPDFTextObj_GetText(obj, tp.raw, buf, n)
            text = bytes(buf)[:max(0, n - 2)].decode("utf-16-le", "surrogatepass")
            out[i, mcid] = out.get((i, mcid), "") + text
    doc.close()
    return out


@dataclass
class Node:
    kind: str
    obj: DictionaryObject
    kids: list = field(default_factory=list)      # Node | ("mc", page, mcid) | ("annot", dict)
    text: str = ""                                # every marked content below, in order

    def walk(self):
        yield self
        for k in self.kids:
            if isinstance(k, Node):
                yield from k.walk()

    def find(self, kind: str) -> list["Node"]:
        return [n for n in self.walk() if n.kind == kind]

    @property
    def elements(self) -> list["Node"]:
        return [k for k in self.kids if isinstance(k, Node)]


def read_tree(path) -> Node:
    """The structure tree under StructTreeRoot (its one Document element), with texts."""
    reader = PdfReader(str(path))
    index = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    texts = mcid_texts(path)
    root = reader.root_object["/StructTreeRoot"]
    (doc,) = root["/K"]
    return _node(doc.get_object(), index, texts)


def _node(obj, index, texts) -> Node:
    node = Node(str(obj["/S"])[1:], obj)
    page = index[obj.raw_get("/Pg").idnum] if "/Pg" in obj else None
    kids = obj.get("/K", [])
    if not isinstance(kids, list):
        kids = [kids]
    parts = []
    for kid in kids:
        raw = kid
        kid = kid.get_object() if isinstance(kid, IndirectObject) else kid
        if isinstance(kid, int):
            node.kids.append(("mc", page, int(kid)))
            parts.append(texts.get((page, int(kid)), ""))
        elif kid.get("/Type") == "/MCR":
            p = index[kid.raw_get("/Pg").idnum]
            node.kids.append(("mc", p, int(kid["/MCID"])))
            parts.append(texts.get((p, int(kid["/MCID"])), ""))
        elif kid.get("/Type") == "/OBJR":
            node.kids.append(("annot", kid["/Obj"].get_object()))
        else:
            assert isinstance(raw, IndirectObject), "a structure element is an indirect object"
            child = _node(kid, index, texts)
            assert child.obj.raw_get("/P").idnum == obj.indirect_reference.idnum, "/P is the parent"
            node.kids.append(child)
            parts.append(child.text)
    node.text = "".join(parts)
    return node


def visible(spans) -> str:
    return "".join(s.text for s in spans if not s.blank)


def document_text(doc) -> str:
    """A document's text as the model gives it, in reading order: title, 文号, blocks (a table's
    caption, its cells row by row, its notes; an image's caption), then each attachment."""
    parts = list(doc.title_lines) + [doc.number]
    for label, titles, blocks in [(None, (), doc.blocks)] + \
            [(a.label, a.title_lines, a.blocks) for a in doc.attachments]:
        parts += [label or ""] + list(titles)
        for b in blocks:
            if isinstance(b, Paragraph):
                parts.append(visible(b.spans))
            elif isinstance(b, Table):
                parts += [visible(p.spans) for p in b.caption]
                parts += [visible(c.spans) for r in list(b.header) + list(b.rows) for c in r.cells]
                parts += [visible(p.spans) for p in b.notes]
            elif isinstance(b, Image):
                parts.append(b.caption)
    return squash("".join(parts))


LEVELS = {"title": 1, "attach-title": 1, "enclosure-title": 1,
          "heading1": 2, "heading2": 3, "heading3": 4, "heading4": 5}


def heading_levels(docs) -> tuple[list[list[int]], int]:
    """Each document's heading levels as the source gives them (titles 1, 一、 2, （一） 3, 1. 4,
    （1） 5), a level more than one below the last raised to the next one (no level skipped);
    and how many were raised."""
    out, last, raised = [], 0, 0
    for doc in docs:
        levels = []
        styles = ["title"]
        for blocks, titled in [(doc.blocks, False)] + [(a.blocks, bool(a.title_lines))
                                                        for a in doc.attachments]:
            if titled:
                styles.append("attach-title")
            styles += [b.style for b in blocks if isinstance(b, Paragraph) and b.style in LEVELS]
        for style in styles:
            want = LEVELS[style]
            level = min(want, last + 1)
            raised += level != want
            levels.append(level)
            last = level
        out.append(levels)
    return out, raised
