"""One Type0 font per face, written inside reportlab's document model.

reportlab 5.1 embeds TrueType only as 256-glyph simple fonts, so a line of Chinese changed font
every few characters. A `Type0Font` is registered with pdfmetrics under the face's pdf_name; the
canvas maps it to one internal name (/F1, ...) in the pages' /Resources /Font, and when the
document is saved it writes:

    Type0 /Encoding /Identity-H, /ToUnicode (UTF-16BE; surrogate pairs past U+FFFF)
      CIDFontType2 /CIDSystemInfo (Adobe Identity 0), /DW 1000 + /W, /CIDToGIDMap
        FontDescriptor /FontFile2: the prepared TrueType, subset to the glyphs this PDF uses

Codes are 2-byte CIDs given per document, and /CIDToGIDMap (a stream) maps them to the prepared
font's glyph ids, which the subset keeps. The characters a face draws most get CIDs 1-255:
pdfium keeps a glyph's box only for codes below 256 and loads the glyph again for every other
character it reads (read-back took 1.7x as long with CID = glyph id). Within each band CIDs go by width,
so /W is a few ranges. Each character has a CID of its own, even where two share a glyph, so
each reads back as itself. The subset's name prefix is six letters from a hash of what is
embedded: same input, same bytes.

render.py encodes with the codes `use()` gives; reportlab's own text calls (drawString, textOut)
work too, through `splitString`. This is reportlab 5.1's protocol for a font it subsets while
drawing (its TTFont's); FontSet.register() runs typeset.reportlab_fixes.apply() first, whose
version guard covers it.
"""
from __future__ import annotations

import hashlib
import struct
import weakref

from reportlab.pdfbase import pdfdoc

from typeset.errors import TypesetError

from .sfnt import Sfnt, SfntError

_FLAG_SYMBOLIC = 4


class _FaceInfo:
    """What reportlab asks of a font's face."""
    builtIn = 0

    def __init__(self, name: str, path: str, ascent: float, descent: float):
        self.name = name
        self.filename = path
        self.ascent = ascent
        self.descent = descent


class _Codes:
    """One document's CIDs for one font: chars[cid] is the character ("" for none). The space is
    always mapped, at CID 32 as in reportlab's subsets: pypdf and pdfium judge a gap against the
    space's width (pypdf takes code 32's when no code is a space), so they find the word spaces
    they found before."""

    def __init__(self):
        self.chars: list[str] = [""] * 256
        self.free = [cid for cid in range(255, 0, -1) if cid != 32]    # pop(): 1, 2, ... 255
        self.cid: dict[str, int] = {}
        self.hex: dict[str, str] = {}

    def add(self, chars) -> None:
        for ch in chars:
            if ch == " ":
                cid = 32
            elif self.free:
                cid = self.free.pop()
            else:
                cid = len(self.chars)
                self.chars.append("")
            self.chars[cid] = ch
            self.cid[ch] = cid
            self.hex[ch] = f"{cid:04X}"


class Type0Font:
    """reportlab's protocol for a font it subsets while drawing (like its TTFont): the canvas
    asks splitString() for the bytes of a text and getSubsetInternalName() for its /Fn name,
    and calls addObjects() (doc.delayedFonts) when the document is saved."""
    _dynamicFont = 1
    _multiByte = 1
    shapable = False

    def __init__(self, face):
        self.fontName = face.pdf_name
        self.path = face.path
        self.source = face.source
        try:
            with open(face.path, "rb") as f:
                self.sfnt = Sfnt(f.read())
            cmap = self.sfnt.cmap()
        except (OSError, SfntError) as e:
            raise TypesetError(f"cannot read the prepared font {face.path}: {e}", file=face.source,
                               fix="delete .cache/fonts and rebuild") from None
        self.face = _FaceInfo(face.pdf_name, face.path, face.ascent * 1000, face.descent * 1000)
        self.units_per_em = self.sfnt.units_per_em
        self.gid: dict[str, int] = {}
        for ch, units in face.units.items():
            gid = cmap.get(ord(ch))
            if gid is None:
                raise TypesetError(f"the prepared font {face.path} has no glyph for "
                                   f"U+{ord(ch):04X}", file=face.source,
                                   fix="delete .cache/fonts and rebuild")
            if self.sfnt.advances[gid] != units:
                raise TypesetError(f"the prepared font {face.path} gives U+{ord(ch):04X} the "
                                   f"advance {self.sfnt.advances[gid]}, its manifest {units}",
                                   file=face.source, fix="delete .cache/fonts and rebuild")
            self.gid[ch] = gid
        self._units = dict(face.units)
        self._width = {ch: u / self.units_per_em for ch, u in face.units.items()}
        self._docs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()   # doc -> _Codes

    # --- what render.py uses -------------------------------------------------------------
    def use(self, doc, counts: dict[str, int]) -> tuple[str, dict[str, str]]:
        """Give the characters (-> how often they are drawn) their CIDs in doc: the most drawn
        first, below 256. Returns the font's /Fn name in doc and char -> code (4 hex digits)."""
        codes = self._codes(doc)
        new = [ch for ch in counts if ch not in codes.cid]
        for ch in new:
            if ch not in self.gid:
                raise self._missing(ch)
        new.sort(key=lambda ch: (-counts[ch], ch))
        low = len(codes.free)
        for band in (new[:low], new[low:]):
            codes.add(sorted(band, key=lambda ch: (self._units[ch], ch)))
        return doc.fontMapping[self.fontName], codes.hex

    # --- what reportlab calls ------------------------------------------------------------
    def stringWidth(self, text: str, size: float, encoding=None) -> float:
        try:
            return sum(self._width[ch] for ch in text) * size
        except KeyError:
            raise self._missing(next(ch for ch in text if ch not in self._width)) from None

    def splitString(self, text: str, doc, encoding="utf-8") -> list[tuple[int, bytes]]:
        """The text in one "subset" (there is only one): its 2-byte codes (a character not
        drawn before in doc takes the next CID)."""
        codes = self._codes(doc)
        for ch in text:
            if ch not in codes.cid:
                if ch not in self.gid:
                    raise self._missing(ch)
                codes.add(ch)
        return [(0, bytes.fromhex("".join(codes.hex[ch] for ch in text)))]

    def getSubsetInternalName(self, subset: int, doc) -> str:
        self._codes(doc)
        return doc.fontMapping[self.fontName]

    def addObjects(self, doc) -> None:
        """Write the font's objects (reportlab calls it for doc.delayedFonts on save)."""
        self.write(doc, doc.fontMapping[self.fontName][1:])

    def _codes(self, doc) -> _Codes:
        """The font's CIDs in doc; the first call maps the font in doc (the next /Fn name)."""
        codes = self._docs.get(doc)
        if codes is None:
            doc.fontMapping[self.fontName] = f"/F{len(doc.fontMapping) + 1}"
            doc.delayedFonts.append(self)
            codes = self._docs[doc] = _Codes()
            if " " in self.gid:
                codes.add(" ")              # the space's width, for readers (see _Codes)
        return codes

    def _missing(self, ch: str) -> TypesetError:
        return TypesetError(f"character {ch!r} (U+{ord(ch):04X}) was not prepared in the font "
                            f"{self.fontName}", file=self.source,
                            fix="pass every character the layout prints in chars_by_role")

    # --- the PDF objects -----------------------------------------------------------------
    def write(self, doc, internal: str) -> None:
        codes = self._docs.pop(doc)
        chars = codes.chars
        gids = [self.gid[ch] if ch else 0 for ch in chars]
        program = self.sfnt.subset(gids)
        cid_to_gid = struct.pack(f">{len(gids)}H", *gids)
        # the prepared font's name carries its cache key (its source and characters), and
        # cid_to_gid says which of its glyphs are embedded: the name follows the content
        digest = hashlib.sha256(self.fontName.encode() + cid_to_gid).digest()
        base = "".join(chr(65 + b % 26) for b in digest[:6]) + "+" + self.fontName
        flate = [pdfdoc.PDFZCompress] if doc.compression else None

        font_file = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"Length1": len(program)}), program, flate)
        info = self.sfnt.info()
        scale = 1000 / self.units_per_em
        descriptor = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("FontDescriptor"),
            "FontName": pdfdoc.PDFName(base),
            "Flags": _FLAG_SYMBOLIC,
            "FontBBox": pdfdoc.PDFArray([round(v * scale) for v in self.sfnt.bbox]),
            "ItalicAngle": info["italic_angle"],
            "Ascent": round(self.face.ascent),
            "Descent": round(self.face.descent),
            "CapHeight": round(info["cap_height"] * scale),
            "StemV": round(50 + (info["weight"] / 65) ** 2),
            "FontFile2": doc.Reference(font_file, f"type0File:{base}"),
        })
        cid_font = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Font"),
            "Subtype": pdfdoc.PDFName("CIDFontType2"),
            "BaseFont": pdfdoc.PDFName(base),
            "CIDSystemInfo": pdfdoc.PDFDictionary({
                "Registry": pdfdoc.PDFString("Adobe"), "Ordering": pdfdoc.PDFString("Identity"),
                "Supplement": 0}),
            "FontDescriptor": doc.Reference(descriptor, f"type0Descriptor:{base}"),
            "DW": 1000,
            "W": pdfdoc.PDFArray(self._widths(chars, gids, scale)),
            "CIDToGIDMap": doc.Reference(pdfdoc.PDFStream(content=cid_to_gid, filters=flate),
                                         f"type0CIDToGID:{base}"),
        })
        to_unicode = pdfdoc.PDFStream(content=_to_unicode([(c, ch) for c, ch in enumerate(chars) if ch]),
                                      filters=flate)
        font = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Font"),
            "Subtype": pdfdoc.PDFName("Type0"),
            "BaseFont": pdfdoc.PDFName(base),
            "Encoding": pdfdoc.PDFName("Identity-H"),
            "DescendantFonts": pdfdoc.PDFArray([doc.Reference(cid_font, f"type0CIDFont:{base}")]),
            "ToUnicode": doc.Reference(to_unicode, f"type0ToUnicode:{base}"),
        })
        doc.idToObject["BasicFonts"].dict[internal] = doc.Reference(font, internal)

    def _widths(self, chars: list[str], gids: list[int], scale: float) -> list:
        """/W as "first last width" ranges of consecutive CIDs of one width, leaving out the
        default 1000 (pdfium searches the list for every character)."""
        advances = self.sfnt.advances
        out: list = []
        start = last = width = None
        for cid, gid in enumerate(gids):
            w = _num(advances[gid] * scale) if chars[cid] else None
            if w == width and last is not None and cid == last + 1:
                last = cid
                continue
            if width not in (None, "1000"):
                out += [start, last, width]
            start = last = cid
            width = w
        if width not in (None, "1000"):
            out += [start, last, width]
        return out


def _utf16(ch: str) -> str:
    return ch.encode("utf-16-be").hex().upper()


def _to_unicode(pairs: list[tuple[int, str]]) -> str:
    """A ToUnicode CMap: 2-byte codes to UTF-16BE, in blocks of at most 100 (PDF's limit)."""
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    for i in range(0, len(pairs), 100):
        block = pairs[i:i + 100]
        lines.append(f"{len(block)} beginbfchar")
        lines += [f"<{cid:04X}> <{_utf16(ch)}>" for cid, ch in block]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines) + "\n"


def _num(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s
