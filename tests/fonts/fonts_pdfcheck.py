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


def problems(font: dict) -> list[str]:
    """What is wrong with one embedded font: subset name, FontFile2, ToUnicode, /Widths vs hmtx."""
    name = str(font["/BaseFont"])
    found = []
    if not re.fullmatch(r"/[A-Z]{6}\+\S+", name):
        found.append(f"{name}: not a subset name")
    if "/ToUnicode" not in font:
        found.append(f"{name}: no ToUnicode")
    desc = font["/FontDescriptor"].get_object()
    if "/FontFile2" not in desc:
        return found + [f"{name}: no FontFile2"]
    tt = TTFont(io.BytesIO(desc["/FontFile2"].get_object().get_data()))
    upm = tt["head"].unitsPerEm
    cmap = tt["cmap"].tables[0].cmap
    first = int(font["/FirstChar"])
    for i, width in enumerate(font["/Widths"]):
        glyph = cmap.get(first + i, ".notdef")      # fontTools leaves out codes mapped to glyph 0
        real = tt["hmtx"][glyph][0] * 1000 / upm
        if abs(float(width) - real) > 1:
            found.append(f"{name}: code {first + i} /Widths {float(width)} but hmtx {real:.1f}")
    return found


def text_lines(path: Path) -> list[str]:
    text = "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)
    return [line for line in text.splitlines() if line.strip()]
