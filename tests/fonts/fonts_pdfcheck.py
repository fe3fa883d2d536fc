"""Sample text; draw it with prepared faces into a real PDF (reportlab), and read the PDF back (pypdf).
(Not named conftest: tests/*/conftest.py share one module name.)"""
from __future__ import annotations

import io
import re
from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from typeset.model import Where

# Real text of each role's kind, from the 2024-02 issue.
SAMPLE = {
    "title": "泽州县人民政府公报",
    "song": "2024年第2期（总第5期）各乡（镇）人民政府，县直各有关单位：现将《方案》印发给你们，请认真贯彻执行。PM2.5 …",
    "hei": "一、总体要求",
    "kai": "（一）严格落实党政领导责任。",
    "fang": "附件：1.泽州县安全生产工作要点",
}


def used(text: str, file: str = "sample.txt", line: int = 1) -> dict:
    out = {}
    for ch in text:
        out.setdefault(ch, Where(file, line))
    return out


def draw(path: Path, fontset, lines: list[tuple[str, str]], size: float = 12) -> None:
    """One line per (role, text); each character in the face face_for(role, ch) gives."""
    first = fontset.face_for(lines[0][0], lines[0][1][0]).pdf_name
    c = Canvas(str(path), invariant=1, initialFontName=first)   # else the page opens in Helvetica
    y = 800
    for role, text in lines:
        t = c.beginText(50, y)
        for ch in text:
            t.setFont(fontset.face_for(role, ch).pdf_name, size)
            t.textOut(ch)
        c.drawText(t)
        y -= size * 1.5
    c.save()


def fonts(path: Path) -> dict[str, dict]:
    """BaseFont -> font dictionary, for every font the pages use."""
    out = {}
    for page in PdfReader(str(path)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            out[str(font["/BaseFont"])] = font
    return out


def widths(cid_font: dict) -> dict[int, float]:
    """CID -> width from /W (both of its forms); CIDs not listed have /DW."""
    out, w, i = {}, list(cid_font.get("/W", [])), 0
    while i < len(w):
        first = int(w[i])
        if isinstance(w[i + 1], list):
            for k, width in enumerate(w[i + 1]):
                out[first + k] = float(width)
            i += 2
        else:
            for cid in range(first, int(w[i + 1]) + 1):
                out[cid] = float(w[i + 2])
            i += 3
    return out


def to_unicode(font: dict) -> dict[int, str]:
    """CID -> text from the font's ToUnicode CMap (bfchar entries, UTF-16BE)."""
    data = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    blocks = "".join(re.findall(r"beginbfchar(.*?)endbfchar", data, re.S))
    return {int(code, 16): bytes.fromhex(text).decode("utf-16-be")
            for code, text in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]+)>", blocks)}


def problems(font: dict) -> list[str]:
    """What is wrong with one embedded font: one Type0 font (Identity-H) over a CIDFontType2 with
    a subset name, CIDSystemInfo Adobe/Identity/0, a FontFile2 whose glyphs are the CIDs
    (/CIDToGIDMap /Identity or a map), a ToUnicode CMap, and /W (or /DW) == hmtx for every CID
    the ToUnicode names."""
    name = str(font["/BaseFont"])
    found = []
    if not re.fullmatch(r"/[A-Z]{6}\+\S+", name):
        found.append(f"{name}: not a subset name")
    if font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H":
        return found + [f"{name}: not a Type0 font in Identity-H"]
    if "/ToUnicode" not in font:
        return found + [f"{name}: no ToUnicode"]
    (cid_font,) = [f.get_object() for f in font["/DescendantFonts"]]
    if cid_font.get("/Subtype") != "/CIDFontType2" or str(cid_font["/BaseFont"]) != name:
        found.append(f"{name}: descendant is not a CIDFontType2 of the same name")
    info = cid_font["/CIDSystemInfo"]
    if (info["/Registry"], info["/Ordering"], info["/Supplement"]) != ("Adobe", "Identity", 0):
        found.append(f"{name}: CIDSystemInfo {dict(info)}")
    desc = cid_font["/FontDescriptor"].get_object()
    if str(desc["/FontName"]) != name:
        found.append(f"{name}: FontDescriptor /FontName {desc['/FontName']}")
    if "/FontFile2" not in desc:
        return found + [f"{name}: no FontFile2"]
    tt = TTFont(io.BytesIO(desc["/FontFile2"].get_object().get_data()))
    order = tt.getGlyphOrder()
    cid_map = cid_font.get("/CIDToGIDMap")
    if cid_map == "/Identity":
        gid_of = lambda cid: cid                                                  # noqa: E731
    else:
        data = cid_map.get_object().get_data()
        gid_of = lambda cid: int.from_bytes(data[2 * cid:2 * cid + 2], "big")     # noqa: E731
    upm = tt["head"].unitsPerEm
    listed, default = widths(cid_font), float(cid_font.get("/DW", 1000))
    for cid in sorted(to_unicode(font)):
        gid = gid_of(cid)
        if gid >= len(order):
            found.append(f"{name}: CID {cid} has no glyph (glyph id {gid})")
            continue
        real = tt["hmtx"][order[gid]][0] * 1000 / upm
        width = listed.get(cid, default)
        if abs(width - real) > 1e-3:
            found.append(f"{name}: CID {cid} width {width} but hmtx {real:.3f}")
    return found


def text_lines(path: Path) -> list[str]:
    text = "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)
    return [line for line in text.splitlines() if line.strip()]
