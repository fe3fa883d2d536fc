"""One Type0 font per face, written inside reportlab's document model.

reportlab 5.1 embeds TrueType only as 256-glyph simple fonts, so a line of Chinese changed font
every few characters. A `Type0Font` is registered with pdfmetrics under the face's pdf_name; the
canvas maps it to one internal name (/F1, ...) in the pages' /Resources /Font, and when the
document is saved it writes:

    Type0 /Encoding /Identity-H, /ToUnicode (UTF-16BE; surrogate pairs past U+FFFF)
      CIDFontType2 /CIDSystemInfo (Adobe Identity 0), /DW 1000 + /W, /CIDToGIDMap
        FontDescriptor /FontFile2: the prepared TrueType, subset to the glyphs this PDF uses

A character's code is its glyph id (2 bytes, CID = GID, /CIDToGIDMap /Identity), fixed by the
prepared font, not by the document. Only when two characters of a face share one glyph does the
second get a CID past the last glyph, and the map becomes a stream, so each reads back as itself.
The subset's name prefix is six letters from a hash of what is embedded: same input, same bytes.

render.py encodes with `use()` and `codes()`; reportlab's own text calls (drawString, textOut)
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
        self.cid: dict[str, int] = {}          # char -> CID
        self.gid: dict[int, int] = {}          # CID -> glyph id, where CID != glyph id
        self.unicode: dict[int, str] = {}      # CID -> char
        extra = self.sfnt.num_glyphs
        for code in sorted(cmap):
            ch, gid = chr(code), cmap[code]
            if ch not in face.units:
                continue
            if self.sfnt.advances[gid] != face.units[ch]:
                raise TypesetError(f"the prepared font {face.path} gives U+{code:04X} the advance "
                                   f"{self.sfnt.advances[gid]}, its manifest {face.units[ch]}",
                                   file=face.source, fix="delete .cache/fonts and rebuild")
            cid = gid
            if cid in self.unicode:            # a glyph shared with an earlier character
                cid, extra = extra, extra + 1
                self.gid[cid] = gid
            self.cid[ch] = cid
            self.unicode[cid] = ch
        missing = set(face.units) - set(self.cid)
        if missing:
            ch = min(missing)
            raise TypesetError(f"the prepared font {face.path} has no glyph for U+{ord(ch):04X}",
                               file=face.source, fix="delete .cache/fonts and rebuild")
        self._width = {ch: face.units[ch] / self.units_per_em for ch in self.cid}
        self._hex = {ch: f"{cid:04X}" for ch, cid in self.cid.items()}
        self._docs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()   # doc -> used CIDs

    # --- what render.py uses -------------------------------------------------------------
    def codes(self) -> dict[str, str]:
        """char -> its 2-byte code as 4 hex digits."""
        return self._hex

    def use(self, doc, chars) -> str:
        """Note the characters drawn with this font in doc; returns its /Fn name there."""
        used = self._used(doc)
        for ch in chars:
            try:
                used.add(self.cid[ch])
            except KeyError:
                raise self._missing(ch) from None
        return doc.fontMapping[self.fontName]

    # --- what reportlab calls ------------------------------------------------------------
    def stringWidth(self, text: str, size: float, encoding=None) -> float:
        try:
            return sum(self._width[ch] for ch in text) * size
        except KeyError:
            raise self._missing(next(ch for ch in text if ch not in self._width)) from None

    def splitString(self, text: str, doc, encoding="utf-8") -> list[tuple[int, bytes]]:
        """The text in one "subset" (there is only one): its 2-byte codes."""
        try:
            cids = [self.cid[ch] for ch in text]
        except KeyError:
            raise self._missing(next(ch for ch in text if ch not in self.cid)) from None
        self._used(doc).update(cids)
        return [(0, struct.pack(f">{len(cids)}H", *cids))]

    def getSubsetInternalName(self, subset: int, doc) -> str:
        self._used(doc)
        return doc.fontMapping[self.fontName]

    def addObjects(self, doc) -> None:
        """Write the font's objects (reportlab calls it for doc.delayedFonts on save)."""
        self.write(doc, doc.fontMapping[self.fontName][1:])

    def _used(self, doc) -> set[int]:
        """The CIDs used in doc; the first call maps the font in doc (the next /Fn name)."""
        used = self._docs.get(doc)
        if used is None:
            doc.fontMapping[self.fontName] = f"/F{len(doc.fontMapping) + 1}"
            doc.delayedFonts.append(self)
            used = self._docs[doc] = set()
        return used

    def _missing(self, ch: str) -> TypesetError:
        return TypesetError(f"character {ch!r} (U+{ord(ch):04X}) was not prepared in the font "
                            f"{self.fontName}", file=self.source,
                            fix="pass every character the layout prints in chars_by_role")

    # --- the PDF objects -----------------------------------------------------------------
    def write(self, doc, internal: str) -> None:
        cids = sorted(self._docs.pop(doc, ()) | {0})
        gids = [self.gid.get(cid, cid) for cid in cids]
        program = self.sfnt.subset(gids)
        digest = hashlib.sha256(program + struct.pack(f">{len(cids)}H", *cids)).digest()
        base = "".join(chr(65 + b % 26) for b in digest[:6]) + "+" + self.fontName

        font_file = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"Length1": len(program)}), program,
                                     [pdfdoc.PDFZCompress] if doc.compression else None)
        info = self.sfnt.info()
        scale = 1000 / self.units_per_em
        x0, y0, x1, y1 = self.sfnt.bbox
        descriptor = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("FontDescriptor"),
            "FontName": pdfdoc.PDFName(base),
            "Flags": _FLAG_SYMBOLIC,
            "FontBBox": pdfdoc.PDFArray([round(v * scale) for v in (x0, y0, x1, y1)]),
            "ItalicAngle": info["italic_angle"],
            "Ascent": round(self.face.ascent),
            "Descent": round(self.face.descent),
            "CapHeight": round(info["cap_height"] * scale),
            "StemV": round(50 + (info["weight"] / 65) ** 2),
            "FontFile2": doc.Reference(font_file, f"type0File:{base}"),
        })
        if self.gid and any(cid in self.gid for cid in cids):
            top = cids[-1]
            cid_map = pdfdoc.PDFStream(content=struct.pack(
                f">{top + 1}H", *(self.gid.get(cid, cid) for cid in range(top + 1))),
                filters=[pdfdoc.PDFZCompress] if doc.compression else None)
            cid_to_gid = doc.Reference(cid_map, f"type0CIDToGID:{base}")
        else:
            cid_to_gid = pdfdoc.PDFName("Identity")
        cid_font = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Font"),
            "Subtype": pdfdoc.PDFName("CIDFontType2"),
            "BaseFont": pdfdoc.PDFName(base),
            "CIDSystemInfo": pdfdoc.PDFDictionary({
                "Registry": pdfdoc.PDFString("Adobe"), "Ordering": pdfdoc.PDFString("Identity"),
                "Supplement": 0}),
            "FontDescriptor": doc.Reference(descriptor, f"type0Descriptor:{base}"),
            "DW": 1000,
            "W": pdfdoc.PDFArray(self._widths(cids, scale)),
            "CIDToGIDMap": cid_to_gid,
        })
        to_unicode = pdfdoc.PDFStream(content=_to_unicode(
            [(cid, self.unicode[cid]) for cid in cids if cid in self.unicode]),
            filters=[pdfdoc.PDFZCompress] if doc.compression else None)
        font = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Font"),
            "Subtype": pdfdoc.PDFName("Type0"),
            "BaseFont": pdfdoc.PDFName(base),
            "Encoding": pdfdoc.PDFName("Identity-H"),
            "DescendantFonts": pdfdoc.PDFArray([doc.Reference(cid_font, f"type0CIDFont:{base}")]),
            "ToUnicode": doc.Reference(to_unicode, f"type0ToUnicode:{base}"),
        })
        doc.idToObject["BasicFonts"].dict[internal] = doc.Reference(font, internal)

    def _widths(self, cids: list[int], scale: float) -> list:
        """/W: runs of consecutive CIDs whose width is not the default 1000."""
        advances = self.sfnt.advances
        runs: list[tuple[int, list[str]]] = []
        last = None
        for cid in cids:
            width = _num(advances[self.gid.get(cid, cid)] * scale)
            if width == "1000":
                continue
            if last is None or cid != last + 1:
                runs.append((cid, []))
            runs[-1][1].append(width)
            last = cid
        return [x for cid, widths in runs for x in (cid, pdfdoc.PDFArray(widths))]


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
