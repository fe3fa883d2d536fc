"""The tagged PDF's structure tree, added by the PDF/A post-step (typeset.pdfa) as part of its
incremental update: StructTreeRoot, one StructElem per element layout made (typeset.layout.tags),
the ParentTree (each page's MCIDs and each link annotation back to their elements), the 目录's
Link annotations, each page's /StructParents and /Tabs, and the catalog's MarkInfo and
ViewerPreferences (PDF 32000-1 14.7, 14.8; ISO 14289-1 7).

Render has written the marked content (BDC … EMC with MCIDs, numbered per page as
typeset.layout.tags.page_mcids numbers them); this only writes the objects that point at it. The
element objects are written as plain bytes: pypdf's objects cost more than the rest of the step.
"""
from __future__ import annotations

from pypdf.generic import (ArrayObject, BooleanObject, DictionaryObject, IndirectObject, NameObject,
                           NumberObject)

from typeset.errors import TypesetError
from typeset.layout.tags import Structure

_TABLE_ATTRS = ("RowSpan", "ColSpan", "Scope")     # written under /O /Table


class Raw:
    """An object already written as PDF bytes, put in an object stream (typeset.pdfa)."""
    packable = True

    def __init__(self, data: bytes):
        self.data = data

    def write_to_stream(self, stream, encryption_key=None) -> None:
        stream.write(self.data)


def text_string(text: str) -> str:
    """A PDF text string: literal for plain ASCII, else UTF-16BE with its byte-order mark."""
    if text.isascii() and text.isprintable() and not any(ch in text for ch in "()\\"):
        return f"({text})"
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def add_structure(reader, update, root: DictionaryObject, st: Structure) -> None:
    """Add the structure tree of `st` to the update (typeset.pdfa._Update); `root` is the new
    catalog, which gets /StructTreeRoot, /MarkInfo and /ViewerPreferences."""
    pages = reader.pages
    if len(pages) != len(st.mcids):
        raise TypesetError(f"the PDF has {len(pages)} pages but the structure {len(st.mcids)}",
                           fix="report this as a bug: render and layout disagree")
    page_refs = [p.indirect_reference for p in pages]
    n = len(st.elements)
    refs = [update.reserve() for _ in range(n)]
    tree_ref = update.reserve()
    own: list[list[tuple[int, int]]] = [[] for _ in range(n)]       # (page, mcid)
    for p, elements in enumerate(st.mcids):
        for m, e in enumerate(elements):
            own[e].append((p, m))
    children: list[list[int]] = [[] for _ in range(n)]
    for i, el in enumerate(st.elements):
        if el.parent >= 0:
            children[el.parent].append(i)
    first: list[tuple | None] = [min(o) if o else None for o in own]
    for i in range(n - 1, 0, -1):            # children are made after their parents
        parent = st.elements[i].parent
        if first[i] is not None and (first[parent] is None or first[i] < first[parent]):
            first[parent] = first[i]

    # the 目录's links: annotations pointing back at their Link elements
    annots: dict[int, list[IndirectObject]] = {}
    objr: dict[int, list[tuple[int, IndirectObject]]] = {}
    next_key = len(pages)
    nums = []
    for p, link in st.links:
        el = st.elements[link.tag]
        if el.target not in st.targets:
            raise TypesetError(f"the 目录 link leads to {el.target!r}, which has no bookmark",
                               fix="report this as a bug: layout lost the document's mark")
        tp, ty = st.targets[el.target]
        h = st.heights[p]
        ref = update.add(Raw(
            b"<< /Type /Annot /Subtype /Link /Rect [%s] /Border [0 0 0] /F 4 /Contents %s "
            b"/StructParent %d /Dest [%d 0 R /XYZ 0 %s null] >>" % (
                " ".join(_num(v) for v in (link.x, h - link.y - link.h, link.x + link.w,
                                           h - link.y)).encode(),
                text_string(el.title).encode(), next_key, page_refs[tp].idnum,
                _num(st.heights[tp] - ty + 20).encode())))
        annots.setdefault(p, []).append(ref)
        objr.setdefault(link.tag, []).append((p, ref))
        nums.append((next_key, b"%d 0 R" % refs[link.tag].idnum))
        next_key += 1

    for i, el in enumerate(st.elements):
        parent = tree_ref if el.parent < 0 else refs[el.parent]
        pg = own[i][0][0] if own[i] else None
        kids = _kids(own[i], children[i], first, refs, page_refs, pg)
        kids += [b"<< /Type /OBJR /Obj %d 0 R /Pg %d 0 R >>" % (ref.idnum, page_refs[p].idnum)
                 for p, ref in objr.get(i, ())]
        out = [b"<< /Type /StructElem /S /%s /P %d 0 R" % (el.kind.encode(), parent.idnum)]
        if pg is not None:
            out.append(b"/Pg %d 0 R" % page_refs[pg].idnum)
        if kids:
            out.append(b"/K [" + b" ".join(kids) + b"]")
        if el.title:
            out.append(b"/T " + text_string(el.title).encode())
        if el.alt:
            out.append(b"/Alt " + text_string(el.alt).encode())
        table = [(k, v) for k, v in el.attrs if k in _TABLE_ATTRS]
        if table:
            out.append(b"/A << /O /Table " + b" ".join(
                b"/%s %s" % (k.encode(), (b"/" + v.encode()) if isinstance(v, str) else b"%d" % v)
                for k, v in table) + b" >>")
        out.append(b">>")
        update.put(refs[i], Raw(b" ".join(out)))

    for p, elements in enumerate(st.mcids):
        if elements:
            nums.append((p, b"[" + b" ".join(b"%d 0 R" % refs[e].idnum for e in elements) + b"]"))
    nums.sort()
    parent_tree = update.add(Raw(b"<< /Nums [" + b" ".join(b"%d %s" % kv for kv in nums) + b"] >>"))
    update.put(tree_ref, Raw(b"<< /Type /StructTreeRoot /K [%d 0 R] /ParentTree %d 0 R "
                             b"/ParentTreeNextKey %d >>" % (refs[0].idnum, parent_tree.idnum,
                                                            next_key)))
    for p, page in enumerate(pages):
        new = DictionaryObject(page)
        if st.mcids[p]:
            new[NameObject("/StructParents")] = NumberObject(p)
        new[NameObject("/Tabs")] = NameObject("/S")       # tab order follows the structure
        if p in annots:
            old = page.get("/Annots")
            new[NameObject("/Annots")] = ArrayObject(list(old or []) + annots[p])
        update.put(page.indirect_reference, new)
    root[NameObject("/StructTreeRoot")] = tree_ref
    root[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    old = root.get("/ViewerPreferences")
    prefs = DictionaryObject(old.get_object() if old is not None else {})
    prefs[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    root[NameObject("/ViewerPreferences")] = prefs


def _kids(own, children, first, refs, page_refs, pg) -> list[bytes]:
    """An element's kids in reading order: its own marked content (in page and content order)
    and its child elements (in the model's order), each child placed before the first piece of
    own content that comes after its own first piece."""
    out, k = [], 0
    for c in children:
        while k < len(own) and first[c] is not None and own[k] < first[c]:
            out.append(_mc(own[k], page_refs, pg))
            k += 1
        out.append(b"%d 0 R" % refs[c].idnum)
    out += [_mc(o, page_refs, pg) for o in own[k:]]
    return out


def _mc(piece, page_refs, pg) -> bytes:
    p, m = piece
    if p == pg:
        return b"%d" % m
    return b"<< /Type /MCR /Pg %d 0 R /MCID %d >>" % (page_refs[p].idnum, m)


def _num(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s
