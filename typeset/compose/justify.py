"""Set one line: compress or stretch it to the measure and place every glyph.

Compression takes the shrink classes in clreq order, each class in proportion to what its marks and
gaps can give. Stretch goes evenly into the stretchable gaps (never inside ——, ……, numbers, Latin
words, URLs or blanks). A line that has no such gap (an emergency line inside a URL) is letter-spaced.
"""
from __future__ import annotations

from . import classes as C
from .breaker import EPS, Sums, natural, shrink_plan
from .data import GlyphRun, Line
from .items import Para


def set_line(p: Para, s: Sums, a: int, b: int, *, width: float, measure: float, offset: float,
             align: str, last: bool, trim_start: bool, emergency: bool) -> Line:
    """Characters a..b-1 set into `measure` pt starting at x = `offset` (the indent)."""
    e = s.last[b]
    em = p.em
    nat = natural(p, s, a, b, trim_start)
    lr: dict[int, float] = {}
    rr: dict[int, float] = {}
    gr: dict[int, float] = {}
    if trim_start and a > 0 and p.fullL[a]:
        lr[a] = p.fullL[a]
    extra = measure - nat
    per_gap = 0.0
    shrunk = 0.0
    justify = align == "justify" and not last
    if extra < -EPS:
        shrunk = _compress(p, s, a, b, e, -extra, trim_start, lr, rr, gr)
        if shrunk < -extra - EPS:
            emergency = True
        extra += shrunk
    stretchy = p.stretchy
    spread = stretchy
    if justify and extra > EPS:
        gaps = s.SG[e] - s.SG[a]
        if gaps == 0:
            spread = [1] * len(p.text)
            gaps = e - a
            emergency = True
        if gaps:
            per_gap = extra / gaps
            extra = 0.0
    if align == "center":
        x = offset + extra / 2 if extra > 0 else offset
    elif align == "right":
        x = offset + extra if extra > 0 else offset
    else:
        x = offset
    xs = []
    w, g, adv, lfix, rfix = p.w, p.g, p.adv, p.lfix, p.rfix
    end = x
    for k in range(a, e + 1):
        gx = x - lfix[k] - lr.get(k, 0.0)
        xs.append(gx)
        end = gx + adv[k] - rfix[k] - rr.get(k, 0.0)
        if k < e:
            x = end + g[k] - gr.get(k, 0.0) + (per_gap if spread[k] else 0.0)
    return Line(runs=_glyph_runs(p, a, e, xs), width=width, natural=nat, end=round(end, 4), start=a, stop=e + 1,
                last=last, stretch=per_gap / em, emergency=emergency, shrink=shrunk / em)


def _compress(p, s, a, b, e, need, trim_start, lr, rr, gr) -> float:
    """Take `need` pt from the line's shrink classes in order; return what was taken."""
    avail = shrink_plan(p, s, a, b, trim_start)
    taken = 0.0
    for cl, have in enumerate(avail):
        if have <= EPS or need <= EPS:
            continue
        ratio = min(1.0, need / have)
        if cl == C.SHRINK_LINE_END:
            rr[e] = rr.get(e, 0.0) + p.fullR[e] * ratio
        else:
            for k in range(a, e + 1):
                if p.scls[k] == cl:
                    if k != a and p.midL[k]:
                        lr[k] = lr.get(k, 0.0) + p.midL[k] * ratio
                    if k != e and p.midR[k]:
                        rr[k] = rr.get(k, 0.0) + p.midR[k] * ratio
                if cl == C.SHRINK_MIXED and k < e and p.gshrink[k]:
                    gr[k] = p.gshrink[k] * ratio
        used = have * ratio
        taken += used
        need -= used
    return taken


def _glyph_runs(p: Para, a: int, e: int, xs: list[float]) -> tuple[GlyphRun, ...]:
    out = []
    k = a
    while k <= e:
        ri = p.run_of[k]
        j = k
        while j < e and p.run_of[j + 1] == ri:
            j += 1
        r = p.runs[ri]
        out.append(GlyphRun(font=r.font, size=r.size, text=p.text[k:j + 1],
                            xs=tuple(round(x, 4) for x in xs[k - a:j + 1 - a]),
                            rise=r.rise, blank=r.blank))
        k = j + 1
    return tuple(out)
