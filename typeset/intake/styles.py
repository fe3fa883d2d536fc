"""styles.xml: the properties a paragraph or run gets from its styles and the document defaults.

Order (later wins): document defaults, the paragraph style's chain (basedOn, base first), the
character style's chain, then direct formatting on the paragraph or run.
"""
from __future__ import annotations

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


JUSTIFY = {"left": "left", "start": "left", "center": "center", "right": "right", "end": "right",
           "both": "both", "distribute": "both", "thaiDistribute": "both"}
# direct-formatting keys of a paragraph: name -> (element, attribute)
IND = {"left": ("left", "start"), "right": ("right", "end")}


def _on(el) -> bool:
    return el is not None and el.get(q("val"), "true") not in ("false", "0", "off", "none")


class Styles:
    def __init__(self, root):
        self.by_id: dict = {}
        self.default_para = None
        self.doc_ppr = self.doc_rpr = None
        if root is not None:
            for st in root.iter(q("style")):
                sid = st.get(q("styleId"))
                self.by_id[sid] = st
                if st.get(q("type")) == "paragraph" and _on_attr(st.get(q("default"))):
                    self.default_para = sid
            defaults = root.find(q("docDefaults"))
            if defaults is not None:
                self.doc_ppr = defaults.find(f"{q('pPrDefault')}/{q('pPr')}")
                self.doc_rpr = defaults.find(f"{q('rPrDefault')}/{q('rPr')}")
        self._para_cache: dict = {}
        self._run_cache: dict = {}

    def name(self, sid) -> str:
        st = self.by_id.get(sid or self.default_para)
        if st is None:
            return ""
        el = st.find(q("name"))
        return el.get(q("val"), "") if el is not None else ""

    def chain(self, sid) -> list:
        """The style and its bases, base first."""
        out, seen = [], set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            st = self.by_id[sid]
            out.append(st)
            based = st.find(q("basedOn"))
            sid = based.get(q("val")) if based is not None else None
        return out[::-1]

    def numpr(self, sid):
        """(numId, ilvl) a paragraph style gives, or None."""
        found = None
        for st in self.chain(sid or self.default_para):
            ppr = st.find(q("pPr"))
            el = ppr.find(q("numPr")) if ppr is not None else None
            if el is not None:
                num, lvl = el.find(q("numId")), el.find(q("ilvl"))
                found = (num.get(q("val")) if num is not None else (found or (None, None))[0],
                         lvl.get(q("val")) if lvl is not None else None)
        return found

    def para_props(self, sid, ppr) -> dict:
        sid = sid or self.default_para
        base = self._para_cache.get(sid)
        if base is None:
            base = {"align": "left", "outline": None, "rule_below": "", "page_break_before": False,
                    "left": 0.0, "right": 0.0, "first": 0.0,
                    "left_chars": None, "right_chars": None, "first_chars": None}
            sources = [self.doc_ppr] + [st.find(q("pPr")) for st in self.chain(sid)]
            for src in sources:
                _apply_ppr(base, src)
            self._para_cache[sid] = base
        props = dict(base)
        _apply_ppr(props, ppr)
        return props

    def run_props(self, pstyle, rstyle, rpr) -> dict:
        key = (pstyle or self.default_para, rstyle)
        base = self._run_cache.get(key)
        if base is None:
            base = {"size": 10.5, "font": "", "bold": False, "color": "", "hidden": False,
                    "script": "", "underline": False}
            sources = [self.doc_rpr] + [st.find(q("rPr")) for st in self.chain(key[0])]
            sources += [st.find(q("rPr")) for st in self.chain(rstyle)]
            for src in sources:
                _apply_rpr(base, src)
            self._run_cache[key] = base
        if rpr is None:
            return base
        props = dict(base)
        _apply_rpr(props, rpr)
        return props

    def table_borders(self, sid) -> bool:
        for st in self.chain(sid):
            tpr = st.find(q("tblPr"))
            borders = tpr.find(q("tblBorders")) if tpr is not None else None
            if borders is not None and any(b.get(q("val"), "nil") not in ("nil", "none") for b in borders):
                return True
        return False


def _on_attr(value) -> bool:
    return value in ("1", "true", "on")


def _apply_ppr(props: dict, ppr) -> None:
    if ppr is None:
        return
    jc = ppr.find(q("jc"))
    if jc is not None:
        props["align"] = JUSTIFY.get(jc.get(q("val")), props["align"])
    lvl = ppr.find(q("outlineLvl"))
    if lvl is not None:
        value = int(lvl.get(q("val"), "9"))
        props["outline"] = value if value < 9 else None
    if ppr.find(q("pageBreakBefore")) is not None:
        props["page_break_before"] = _on(ppr.find(q("pageBreakBefore")))
    bottom = ppr.find(f"{q('pBdr')}/{q('bottom')}")
    if bottom is not None:
        props["rule_below"] = "" if bottom.get(q("val")) in ("nil", "none") else (
            bottom.get(q("color"), "auto"))
    ind = ppr.find(q("ind"))
    if ind is None:
        return
    for key, names in IND.items():
        for attr in names:
            if ind.get(q(attr)) is not None:
                props[key] = float(ind.get(q(attr)))
                props[key + "_chars"] = None
            if ind.get(q(attr + "Chars")) is not None:
                props[key + "_chars"] = float(ind.get(q(attr + "Chars"))) / 100
    if ind.get(q("firstLine")) is not None:
        props["first"], props["first_chars"] = float(ind.get(q("firstLine"))), None
    if ind.get(q("hanging")) is not None:
        props["first"], props["first_chars"] = -float(ind.get(q("hanging"))), None
    if ind.get(q("firstLineChars")) is not None:
        props["first_chars"] = float(ind.get(q("firstLineChars"))) / 100
    if ind.get(q("hangingChars")) is not None:
        props["first_chars"] = -float(ind.get(q("hangingChars"))) / 100


def _apply_rpr(props: dict, rpr) -> None:
    if rpr is None:
        return
    for el in rpr:
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "sz":
            props["size"] = float(el.get(q("val"), "21")) / 2
        elif tag == "rFonts":
            font = el.get(q("eastAsia")) or el.get(q("ascii")) or el.get(q("hAnsi"))
            if font:
                props["font"] = font
        elif tag == "b":
            props["bold"] = _on(el)
        elif tag == "color":
            value = el.get(q("val"), "auto")
            props["color"] = "" if value == "auto" else value.upper()
        elif tag in ("vanish", "specVanish"):
            props["hidden"] = _on(el)
        elif tag == "vertAlign":
            props["script"] = {"subscript": "sub", "superscript": "sup"}.get(el.get(q("val")), "")
        elif tag == "u":
            props["underline"] = el.get(q("val"), "single") != "none"
