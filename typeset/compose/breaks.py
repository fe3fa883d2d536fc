"""Line-break opportunities in Chinese text: UAX #14 plus a small, documented tailoring.

The tailoring (where clreq and GB/T 15834 differ from default UAX #14):
1. Class changes (`CLASS_TAILORING`), applied to a character in Chinese context only (see
   `tailored_classes`):
   - “ ” ‘ ’ act as opening / closing brackets (UAX #14: QU, which forbids a break on either side;
     Chinese text breaks before “ and after ”).
   - — and ⸺ become NS: a dash may not start a line (strict level), and `——` still never splits.
   - · (U+00B7) and ～ become NS: interpunct and wave dash may not start a line.
   - / and ／ become GL: a slash neither starts nor ends a line (GB level).
2. Glue patterns (`classes.GLUE_PATTERNS`): no break inside a whole 文号 `〔2024〕21号` (UAX #14 allows
   〔2024〕|21|号), inside a URL or an e-mail address.
Everything else is UAX #14 as published (checked against LineBreakTest.txt in tests/compose).
"""
from __future__ import annotations

from .classes import GLUE_PATTERNS
from .uax14 import breaks as uax14_breaks, east_asian_wide, lb_class

CLASS_TAILORING = {
    "“": "OP", "”": "CL", "‘": "OP", "’": "CL",
    "—": "NS", "⸺": "NS",
    "·": "NS", "～": "NS",
    "/": "GL", "／": "GL",
}
TAILORED_CHARS = frozenset(CLASS_TAILORING)
DASHES = "—⸺"

_cache: dict[str, str] = {}


def tailored_classes(text: str) -> tuple[list[str], bool]:
    """Classes for UAX #14 with the tailoring applied, and whether any was applied. A tailored
    character counts as Chinese (and is tailored) when its nearest other character on either side is
    East Asian wide (F, W, H): `甲——乙`, `他说：“好”`, `30微克/立方米`; `and/or` keeps UAX #14.
    A dash looks past digits: in `5—9月` it is a Chinese range dash."""
    get = _cache.get
    cls = [get(ch) or _learn(ch) for ch in text]
    applied = False
    if not TAILORED_CHARS.isdisjoint(text):
        n = len(text)
        for i, ch in enumerate(text):
            if ch in TAILORED_CHARS:
                skip = ch + ("0123456789" if ch in DASHES else "")   # 2024年5—9月: a range dash
                j = i - 1
                while j >= 0 and text[j] in skip:
                    j -= 1
                k = i + 1
                while k < n and text[k] in skip:
                    k += 1
                if (j >= 0 and east_asian_wide(text[j])) or (k < n and east_asian_wide(text[k])):
                    cls[i] = CLASS_TAILORING[ch]
                    applied = True
    return cls, applied


def _learn(ch: str) -> str:
    c = _cache[ch] = lb_class(ch)
    return c


def glue_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, stop, name) of every inseparable match."""
    spans: list[tuple[int, int, str]] = []
    for name, rx in GLUE_PATTERNS:
        if name == "wenhao" and "〔" not in text:
            continue
        if name == "url" and "/" not in text and "www" not in text:
            continue
        if name == "email" and "@" not in text:
            continue
        spans.extend((m.start(), m.end(), name) for m in rx.finditer(text))
    return spans


def break_opportunities(text: str) -> list[bool]:
    """n+1 booleans: True where a line may break before text[i]; [n] is True (end of text)."""
    out = uax14_breaks(text, tailored_classes(text)[0])
    for start, stop, _ in glue_spans(text):
        for i in range(start + 1, stop):
            out[i] = False
    return out


def in_tailoring(text: str) -> bool:
    """Whether the tailoring applies to this text (a tailored character in Chinese context, or a glue
    match). Outside it, `break_opportunities` is exactly UAX #14."""
    return tailored_classes(text)[1] or bool(glue_spans(text))
