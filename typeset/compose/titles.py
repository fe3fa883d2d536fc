"""Titles broken into lines by GB/T 9704 7.3.1: 回行时词意完整，排列对称，长短适宜，间距恰当.

A title given as one line is broken only at word boundaries: the words come from a Chinese
segmenter (rjieba) that knows the issue's own names (issuers, 主送, 栏目) as words, and spans
that must stay whole (a 《》 that fits a line, （）, numbers with their unit, dates, ranges, 文号,
Latin words, the names) take no break inside. The issuer stands on a line of its own when the
layout asks for it (GB/T 9704's 发文机关 + 事由 + 文种, as 2024-02 prints it); the rest is broken
into the fewest lines of at most `max_em`, shaped by the cost table below (the top line the
longer, 倒梯形, as the print sets them; no line starting with a conjunction).
"""
from __future__ import annotations

import hashlib

import re
from dataclasses import dataclass
from typing import Callable, Iterable

# Spans a title is never broken inside (hard), and the 《》 that is kept whole when it fits.
HARD_SPANS = (
    r"（[^（）]*）",                                       # （2024—2025年）, （样式）
    r"[\u4e00-\u9fff]{0,8}〔\d{4}〕\d+号",                # 文号
    r"\d+(?:[.．]\d+)?(?:[—–\-～至到]\d+(?:[.．]\d+)?)?"   # numbers and ranges, with their unit
    r"(?:年度|年|月|日|号|%|个|枚|项|件|批|座|次|家|所|名|类|条|款|万元|亿元|元|亩|公里|吨)*"
    r"(?:\d+月(?:\d+日)?)?",
    r"[A-Za-z][A-Za-z0-9.\-]*",                           # Latin words (XX镇's XX)
)
SOFT_SPAN = r"《[^《》]*》"           # kept whole when it fits a line; else broken at a word
# Endings (文种) that go with the 的 before them; a line may start with them.
ENDINGS = ("的通知", "的批复", "的意见", "的决定", "的通告", "的公告", "的报告", "的请示", "的函",
           "的办法", "的规定", "的命令", "的决议", "的复函")
NO_START = "和与及等之、，。；：）》〕】”’"       # characters a title line never starts with
NO_END = "（《〔【“‘"                            # nor ends with
# Notes that stand on a line of their own at the title's end (GB/T 9704 样式 titles, as printed).
OWN_LINE_SUFFIXES = ("（样式）",)

# The cost table: what a title line costs (lower is better).
COSTS = {
    "line": 100.0,            # each line: the fewest lines first
    "shape": 400.0,           # × (top share − top_share)² for each pair of adjacent lines
    "top_share": 0.60,        # the top line's share of a pair: a little longer than the next
    "inside_soft": 30.0,      # a break inside a 《》 too long for a line
    "short_last": 40.0,       # a last line of fewer than 2 characters (孤字)
    "one_char_word": 5.0,     # a break beside a one-character word (…与水|环境…)
}


@dataclass(frozen=True)
class TitleRules:
    max_em: float             # a line's most width, in em of the title size
    issuer_line: bool         # the issuer on a line of its own


# Word boundaries found before, text -> offsets, keyed with the names that decide them. The
# build keeps them in a cache file (typeset.build), so that a warm build never loads rjieba
# (0.15 s and 30 MB: importing it loads its dictionary).
KNOWN: dict[str, list[int]] = {}
SEGMENTER = "rjieba 0.2.2"       # as pinned in requirements.txt: part of every KNOWN key


class Segmenter:
    """rjieba with the issue's names added as words; names are also kept whole. Made once per
    set of names in a process (`of`); rjieba is loaded only for a text not in KNOWN."""

    _made: dict[tuple[str, ...], "Segmenter"] = {}

    def __init__(self, names: Iterable[str] = ()):
        self.names = tuple(sorted({n for n in names if len(n) >= 2}, key=len, reverse=True))
        ident = "\n".join([SEGMENTER, *sorted(self.names)])
        self.key = hashlib.sha256(ident.encode()).hexdigest()[:12] + ":"
        self._jieba = None

    @property
    def jieba(self):
        if self._jieba is None:
            import rjieba
            self._jieba = rjieba.Jieba()
            for name in self.names:
                self._jieba.add_word(name, 100000, None)
        return self._jieba

    @classmethod
    def of(cls, names: Iterable[str] = ()) -> "Segmenter":
        key = tuple(sorted({n for n in names if len(n) >= 2}))
        if key not in cls._made:
            cls._made[key] = cls(key)
        return cls._made[key]

    def boundaries(self, text: str) -> set[int]:
        """Offsets 0 < k < len(text) between two words."""
        known = KNOWN.get(self.key + text)
        if known is not None:
            return set(known)
        out, k = set(), 0
        for word in self.jieba.cut(text):
            k += len(word)
            out.add(k)
        out.discard(len(text))
        KNOWN[self.key + text] = sorted(out)
        return out

    def hard_spans(self, text: str) -> list[tuple[int, int]]:
        spans = [m.span() for pat in HARD_SPANS for m in re.finditer(pat, text)]
        for name in self.names:
            spans += [m.span() for m in re.finditer(re.escape(name), text)]
        for end in ENDINGS:
            spans += [m.span() for m in re.finditer(re.escape(end), text)]
        return spans

    def breaks(self, text: str) -> tuple[set[int], set[int], set[int]]:
        """Allowed break offsets, the subset inside a soft span (《》), and those beside a
        one-character word."""
        allowed = self.boundaries(text)
        edges = {0, len(text)} | allowed
        single = {k for k in allowed if (k - 1 in edges and text[k - 1] not in "的")
                  or (k + 1 in edges and text[k] not in "的")}
        for a, b in self.hard_spans(text):
            allowed -= set(range(a + 1, b))
        allowed = {k for k in allowed if text[k] not in NO_START and text[k - 1] not in NO_END}
        soft = set()
        for m in re.finditer(SOFT_SPAN, text):
            soft |= set(range(m.start() + 1, m.end()))
        return allowed, soft & allowed, single & allowed

    def inside_word(self, text: str, k: int) -> bool:
        """Whether a break at offset k of text falls inside a word or a span kept whole."""
        if k in self.boundaries(text):
            return any(a < k < b for a, b in self.hard_spans(text))
        return True


def issuer_of(text: str, issuers: Iterable[str]) -> str:
    """The longest issuer the title starts with, followed by 关于 (GB/T 9704's 发文机关)."""
    best = ""
    for name in issuers:
        if len(name) > len(best) and text.startswith(name) and text[len(name):].startswith("关于"):
            best = name
    return best


def break_title(text: str, width: Callable[[str], float], em: float, rules: TitleRules,
                seg: Callable[[], Segmenter], issuers: Iterable[str] = ()) -> list[str]:
    """The title's lines; `width(s)` measures a string in the title's face and size (pt);
    `seg()` gives the segmenter (made only when a line must be broken)."""
    text = text.strip()
    if not text:
        return []
    limit = rules.max_em * em
    forced = set()
    issuer = issuer_of(text, issuers) if rules.issuer_line else ""
    if issuer:
        forced.add(len(issuer))
    for suffix in OWN_LINE_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            forced.add(len(text) - len(suffix))
    n = len(text)
    cuts = sorted(forced | {0, n})
    if all(width(text[i:j]) <= limit for i, j in zip(cuts, cuts[1:])):
        return [text[i:j] for i, j in zip(cuts, cuts[1:])]     # no segmenter needed
    allowed, soft, single = seg().breaks(text)
    cand = sorted((allowed | forced) - {0, n}) + [n]
    starts = [0] + cand[:-1]
    widths = {}
    for i in starts:
        for j in cand:
            if j > i and not any(i < k < j for k in forced):
                w = width(text[i:j])
                if w <= limit or not any(i < k < j for k in cand):   # too long only if unbreakable
                    widths[i, j] = w
    # best[a, b]: the least cost of lines from 0 whose last line is text[a:b] (the shape cost
    # of a pair needs both lines, so the state is the last line)
    best: dict[tuple[int, int], tuple[float, int]] = {}
    for (i, j), w in sorted(widths.items(), key=lambda kv: kv[0][1]):
        own = COSTS["line"] + (COSTS["inside_soft"] if i in soft else 0.0) + \
            (COSTS["one_char_word"] if j in single else 0.0)
        if j == n and j - i < 2:
            own += COSTS["short_last"]
        if i == 0:
            best[i, j] = (own, -1)
            continue
        options = []
        for (h, i2), (cost, _) in best.items():
            if i2 != i:
                continue
            shape = 0.0 if (issuer and i == len(issuer)) else \
                COSTS["shape"] * (widths[h, i] / (widths[h, i] + w) - COSTS["top_share"]) ** 2
            options.append((cost + own + shape, h))
        if options:
            best[i, j] = min(options)
    last = min((v[0], k) for k, v in best.items() if k[1] == n)[1]
    lines = []
    while True:
        i, j = last
        lines.append(text[i:j])
        if i == 0:
            break
        last = (best[last][1], i)
    lines.reverse()
    return lines



def fill_title(text: str, width: Callable[[str], float], limit: float,
               seg: Callable[[], Segmenter]) -> list[str]:
    """A title run on in filled lines of at most `limit` pt, each broken at a word boundary
    (the 目录's wrapped entries, table captions); inside a word only where a word is longer
    than a line."""
    text = text.strip()
    if not text or width(text) <= limit:
        return [text] if text else []
    allowed = seg().breaks(text)[0]
    lines, a, n = [], 0, len(text)
    while a < n:
        if width(text[a:]) <= limit:
            lines.append(text[a:])
            break
        fits = [k for k in allowed if a < k < n and width(text[a:k]) <= limit]
        b = max(fits) if fits else max((k for k in range(a + 1, n) if width(text[a:k]) <= limit),
                                       default=a + 1)
        lines.append(text[a:b])
        a = b
    return lines
