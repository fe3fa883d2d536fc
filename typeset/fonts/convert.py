"""Cold preparation of one font: subset to the characters used, convert CFF outlines to
TrueType (cu2qu), write hmtx in full, and report the metrics. Runs in a worker process.

Why hmtx in full: reportlab's TTF reader keeps, for glyphs at or past hhea.numberOfHMetrics,
the advance it has already scaled to 1/1000 em, and writes it into its own subsets as font
units, so the embedded glyph widths disagree with /Widths (PDF/A 6.2.11.5). With
numberOfHMetrics == numGlyphs there is no such glyph.
"""
from __future__ import annotations

import io
import logging
import re
import struct
from pathlib import Path

from fontTools import subset as ft_subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, TTLibError, newTable
from fontTools.ttLib.tables._h_m_t_x import table__h_m_t_x

from typeset.errors import TypesetError
from typeset.files import write_atomic

MAX_ERR = 1.0          # cu2qu tolerance in font units (1/1000 em for most CJK fonts)
DROP_TABLES = ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "VORG", "vhea", "vmtx", "DSIG",
               "STAT", "mort", "morx", "kern", "hdmx", "LTSH", "VDMX", "PCLT", "gasp"]

logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
logging.getLogger("fontTools.ttLib").setLevel(logging.ERROR)


class _FullHmtx(table__h_m_t_x):
    """hmtx that keeps one long metric per glyph (fontTools would compact trailing equal advances)."""

    def compile(self, ttFont):
        order = ttFont.getGlyphOrder()
        ttFont["hhea"].numberOfHMetrics = len(order)
        flat = []
        for name in order:
            adv, lsb = self.metrics[name]
            flat += (round(adv), round(lsb))
        return struct.pack(">" + "Hh" * len(order), *flat)


def _names(font: TTFont) -> set[str]:
    name = font["name"]
    return {(name.getDebugName(i) or "").lower() for i in (1, 4, 16)} - {""}


def _family_matches(font: TTFont, family: str) -> bool:
    family = family.lower()
    return any(n == family or n.startswith(family + " ") for n in _names(font))


def _subset(font: TTFont, codes: list[int]) -> None:
    opts = ft_subset.Options()
    opts.layout_features = []
    opts.drop_tables += DROP_TABLES
    opts.hinting = False
    opts.desubroutinize = True
    opts.notdef_outline = True
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.glyph_names = False
    opts.recalc_timestamp = False
    opts.prune_unicode_ranges = False
    sub = ft_subset.Subsetter(opts)
    sub.populate(unicodes=codes)
    sub.subset(font)


def _cff_to_glyf(font: TTFont) -> None:
    """The fontTools otf2ttf recipe: quadratic outlines, same advances, lsb = xMin."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        adv = hmtx.metrics[name][0]
        hmtx.metrics[name] = (adv, getattr(glyph, "xMin", 0))
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones",):
        setattr(maxp, attr, 1)
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions"):
        setattr(maxp, attr, 0)
    maxp.maxComponentElements = 0
    font["maxp"] = maxp
    maxp.compile(font)
    post = font["post"]
    post.formatType = 3.0
    font.sfntVersion = "\0\1\0\0"


def _rename(font: TTFont, ps_name: str) -> None:
    """A PostScript name of our own, so two roles built from one font never share a BaseFont."""
    for rec in font["name"].names:
        if rec.nameID == 6:
            rec.string = ps_name


def build(job: dict) -> dict:
    """Prepare one font. job: path, index, chars (the text's), always, prefix (role), family, out.
    Returns the manifest: metrics in font units and the characters the font lacks."""
    path, index = job["path"], job["index"]
    try:
        font = TTFont(path, fontNumber=index, lazy=True, recalcTimestamp=False)
        cmap = font.getBestCmap()
        if cmap is None:
            raise TTLibError("no Unicode cmap")
    except (TTLibError, OSError, struct.error, AssertionError, KeyError, IndexError) as e:
        raise TypesetError(f"cannot read font {path} (index {index}): {e}", file=path,
                           fix="check that the file is a complete TrueType/OpenType font") from None
    if job.get("family") and not _family_matches(font, job["family"]):
        raise TypesetError(f"font {path} index {index} is not {job['family']} "
                           f"(its names: {', '.join(sorted(_names(font)))})", file=path,
                           fix="fix the file or index in fonts.toml")
    hmtx = font["hmtx"]
    glyph_adv = {c: hmtx[g][0] for c, g in ((c, cmap.get(ord(c))) for c in "imW") if g}
    proportional = len(set(glyph_adv.values())) > 1
    missing = "".join(c for c in job["chars"] if ord(c) not in cmap)
    codes = sorted({ord(c) for c in job["chars"] + job["always"]} & cmap.keys())
    upm = font["head"].unitsPerEm
    os2 = font["OS/2"] if "OS/2" in font else None
    if os2 is not None and os2.sTypoAscender - os2.sTypoDescender > 0:
        ascent, descent = os2.sTypoAscender, os2.sTypoDescender
    else:
        ascent, descent = font["hhea"].ascent, font["hhea"].descent
    family = font["name"].getDebugName(16) or font["name"].getDebugName(1) or ""
    source_ps = font["name"].getDebugName(6) or Path(path).stem
    # unique per prepared file: reportlab keeps the first font registered under a name
    ps_name = re.sub(r"[^A-Za-z0-9_.-]", "", f"{job['prefix']}-{source_ps}")[:54] + "-" + job["key"][:8]
    try:
        _subset(font, codes)
        if "CFF " in font:
            _cff_to_glyf(font)
        elif "glyf" not in font:
            raise TypesetError(f"font {path} has neither CFF nor TrueType outlines", file=path)
        _rename(font, ps_name)
        head = font["head"]
        head.modified = head.created          # fixed, so the same input gives the same bytes
        font["hmtx"].__class__ = _FullHmtx
        buf = io.BytesIO()
        font.save(buf)
    except TypesetError:
        raise
    except Exception as e:  # fontTools raises many kinds on a damaged font
        raise TypesetError(f"cannot prepare font {path} (index {index}): {type(e).__name__}: {e}",
                           file=path, fix="check that the file is a complete font") from None
    data = buf.getvalue()
    out = TTFont(io.BytesIO(data), lazy=True)
    out_cmap, out_hmtx = out.getBestCmap(), out["hmtx"]
    advances = {chr(c): out_hmtx[g][0] for c, g in sorted((out_cmap or {}).items())}
    write_atomic(Path(job["out"]), data)
    return {"family": family, "source_ps_name": source_ps, "ps_name": ps_name,
            "units_per_em": upm, "ascent": ascent, "descent": descent,
            "proportional_latin": proportional, "advances": advances, "missing": missing}


def build_in_worker(job: dict) -> dict:
    """build() for a worker process: a TypesetError comes back as data (its keyword fields would
    not survive pickling) and prepare raises it again."""
    try:
        return build(job)
    except TypesetError as e:
        return {"error": {"what": e.what, "file": e.file, "line": e.line, "fix": e.fix}}
