"""Compare two issues' blocks: how many of the reference's blocks the import gives again."""
from __future__ import annotations

import difflib
from dataclasses import replace

import hashlib

from typeset.model import Image, Paragraph, Row, Table, Where

NOWHERE = Where("", 0)


def _row(r: Row, breaks: bool) -> Row:
    return replace(r, where=NOWHERE, printed_break=r.printed_break if breaks else False)


def key(block, breaks: bool = True, widths: bool = True):
    """A block without its source position (and without its printed breaks unless `breaks`,
    without a table's column widths unless `widths`)."""
    if isinstance(block, Paragraph):
        return replace(block, where=NOWHERE, printed_breaks=block.printed_breaks if breaks else ())
    if isinstance(block, Table):
        return replace(block, where=NOWHERE, header=tuple(_row(r, breaks) for r in block.header),
                       rows=tuple(_row(r, breaks) for r in block.rows),
                       notes=tuple(key(n, breaks) for n in block.notes),
                       caption=tuple(key(c, breaks) for c in block.caption),
                       widths=block.widths if widths else ())
    if isinstance(block, Image):       # the same picture: the same pixels, whatever its file is called
        from PIL import Image as Picture
        with Picture.open(block.path) as im:
            pixels = hashlib.sha256(im.convert("RGB").tobytes()).hexdigest()
        return replace(block, where=NOWHERE, path=f"{im.size} {pixels}")
    return replace(block, where=NOWHERE)


def doc_blocks(issue, breaks: bool = True, widths: bool = True) -> list[tuple]:
    out = []
    for doc in issue.documents():
        for part in [("", doc.title_lines, doc.blocks)] + [(a.label, a.title_lines, a.blocks) for a in doc.attachments]:
            out += [(doc.number, part[0], part[1], key(b, breaks, widths)) for b in part[2]]
    return out


def compare(reference, imported, breaks: bool = True, widths: bool = True) -> tuple[int, int, list[str]]:
    """(equal blocks, reference blocks, the differences as text)."""
    a, b = doc_blocks(reference, breaks, widths), doc_blocks(imported, breaks, widths)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    equal = sum(m.size for m in sm.get_matching_blocks())
    diffs = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal":
            diffs.append(f"{op}: reference {[_show(x) for x in a[i1:i2]]} import {[_show(x) for x in b[j1:j2]]}")
    return equal, len(a), diffs


def _show(item) -> str:
    number, label, _, block = item
    if isinstance(block, Paragraph):
        return f"{number} {label} {block.style}: {block.text[:50]} {block.printed_breaks}"
    return f"{number} {label} {type(block).__name__}"
