"""Optimal line breaking over a whole paragraph (Knuth–Plass style, on prefix sums).

A line (a, b) holds characters a..b-1 (trailing spaces dropped). Its cost:
  exact fit 0; compression (先挤进) 1 + Σ weight(class) × em used, classes in clreq order;
  stretch (后推出 leaves a line short) 1 + 10 × em + 100 × em²/gaps; an emergency break +1e6;
  a last line with fewer than `last_line_min` characters (孤字) +1e5.
Pass 1 uses only legal breaks and lines at most `TIGHT` em short; pass 2 (only when pass 1 finds no
way) allows any shortfall and breaks anywhere but inside a blank.
"""
from __future__ import annotations

from itertools import accumulate
from operator import add

from ..errors import TypesetError
from . import classes as C
from .items import Para

TIGHT = 3.0          # em a line may fall short in pass 1
EMERGENCY = 1e6
ORPHAN = 1e5
UNJUSTIFIABLE = 1e4
EPS = 1e-6


class Sums:
    """Prefix sums over a paragraph."""

    def __init__(self, p: Para):
        n = len(p.text)
        w, g, gs = p.w, p.g, p.gshrink
        midL, midR, scls = p.midL, p.midR, p.scls
        m = [x + y for x, y in zip(midL, midR)]
        self.C = list(accumulate(map(add, w, g), initial=0.0))
        self.SG = list(accumulate(p.stretchy, initial=0))
        self.CNT = list(accumulate(p.count, initial=0))
        self.PT = list(accumulate(map(add, m, gs), initial=0.0))   # all mid-line shrink
        zero = [0.0] * (n + 1)
        present = {scls[k] for k in range(n) if m[k]}
        self.P = [list(accumulate([x if c == cl else 0.0 for x, c in zip(m, scls)], initial=0.0))
                  if cl in present else zero for cl in range(len(C.SHRINK_WEIGHT))]
        if any(gs):
            mixed = self.P[C.SHRINK_MIXED]
            self.P[C.SHRINK_MIXED] = [x + y for x, y in zip(mixed, accumulate(gs, initial=0.0))]
        # Where a line ending at b really ends: the last placed character and the width to drop.
        self.last = last = list(range(-1, n))
        self.cut = cut = [0.0] * (n + 1)
        for b in range(1, n + 1):
            e = b - 1
            drop = g[e]
            while e > 0 and p.space[e]:
                drop += w[e] + g[e - 1]
                e -= 1
            last[b] = e
            cut[b] = drop


def natural(p: Para, s: Sums, a: int, b: int, trim_start: bool) -> float:
    nat = s.C[b] - s.C[a] - s.cut[b]
    if trim_start and a > 0:
        nat -= p.fullL[a]
    return nat


def shrink_plan(p: Para, s: Sums, a: int, b: int, trim_start: bool) -> list[float]:
    """Compression available in the line (a, b), per shrink class (pt)."""
    e = s.last[b]
    avail = [row[e + 1] - row[a] for row in s.P]
    avail[C.SHRINK_MIXED] -= p.gshrink[e]          # the gap after the last character is not in the line
    avail[p.scls[e]] -= p.midR[e]
    avail[C.SHRINK_LINE_END] += p.fullR[e]
    avail[p.scls[a]] -= p.midL[a]       # an opening mark at line start keeps its blank (or lost it by trim)
    return avail


def shrink_cost(avail: list[float], need: float, em: float) -> float | None:
    cost = 1.0
    for cl, have in enumerate(avail):
        if have <= 0:
            continue
        used = have if have < need else need
        cost += C.SHRINK_WEIGHT[cl] * used / em
        need -= used
        if need <= EPS:
            return cost
    return None


def breakpoints(p: Para, s: Sums, width: float, first: float, *, justify: bool, last_line_min: int,
                trim_start: bool) -> tuple[list[int], set[int]]:
    """Break positions (ending at n) and the set of those that are emergency breaks."""
    n = len(p.text)
    for emergency in (False, True):
        found = _search(p, s, n, width, first, justify, last_line_min, trim_start, emergency)
        if found is not None:
            ends, forced = found
            return ends, forced
    # Unreachable: in pass 2 every position is a candidate and every unit fits a line on its own.
    raise TypesetError("no way to break this paragraph", fix="report this text as a composer bug")


def _search(p, s, n, width, first, justify, last_line_min, trim_start, emergency):
    em = p.em
    brk = p.brk
    if emergency:
        cands = [b for b in range(1, n + 1) if b == n or not (p.blank[b - 1] and p.blank[b])]
    else:
        cands = [b for b in range(1, n + 1) if brk[b]]
    tight = float("inf") if (emergency or not justify) else TIGHT * em
    inf = float("inf")
    best = [inf] * (n + 1)
    prev = [-1] * (n + 1)
    best[0] = 0.0
    active = [0]
    lo = 0
    fullR = p.fullR
    Cs, cut, PT, SG, CNT, last = s.C, s.cut, s.PT, s.SG, s.CNT, s.last
    slack = em + max(p.fullR, default=0.0)
    for b in cands:
        final = b == n
        penalty = EMERGENCY if (emergency and not brk[b]) else 0.0
        # Drop nodes from which no line can reach b or beyond.
        while lo < len(active):
            a = active[lo]
            wl = first if a == 0 else width
            if Cs[b] - Cs[a] - cut[b] - (PT[b] - PT[a]) - slack > wl:
                lo += 1
            else:
                break
        cb = Cs[b] - cut[b]
        for idx in range(lo, len(active)):
            a = active[idx]
            wl = first if a == 0 else width
            nat = cb - Cs[a]
            if trim_start and a > 0:
                nat -= p.fullL[a]
            extra = wl - nat
            if extra < -EPS:
                e = last[b]
                if -extra > PT[b] - PT[a] + fullR[e]:
                    continue
                if -extra <= fullR[e]:              # the line-end mark alone gives enough
                    c = 1.0 - C.SHRINK_WEIGHT[0] * extra / em
                else:
                    c = shrink_cost(shrink_plan(p, s, a, b, trim_start), -extra, em)
                    if c is None:
                        continue
                if final and not justify:
                    c -= 1.0
            elif final or not justify:
                c = 0.0 if justify else (extra / em) ** 2 * 0.01
            elif extra <= EPS:
                c = 0.0
            else:
                if extra > tight:
                    break
                gaps = SG[last[b]] - SG[a]
                e_em = extra / em
                c = 1.0 + 10.0 * e_em + (100.0 * e_em * e_em / gaps if gaps else UNJUSTIFIABLE)
            if final and a > 0 and CNT[b] - CNT[a] < last_line_min and CNT[b] >= last_line_min:
                c += ORPHAN
            total = best[a] + c + penalty
            if total <= best[b]:          # ties: adjust as late in the paragraph as possible
                best[b] = total
                prev[b] = a
        if best[b] < inf and not final:
            active.append(b)
    if best[n] == inf:
        return None
    ends = []
    b = n
    while b > 0:
        ends.append(b)
        b = prev[b]
    ends.reverse()
    forced = {b for b in ends if not brk[b]}
    return ends, forced
