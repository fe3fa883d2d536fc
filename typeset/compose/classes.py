"""Character classes for Chinese composition, as data (clreq, GB/T 15834-2011 §5.1).

Nothing here decides anything: the breaker and the justifier read these tables.
"""
from __future__ import annotations

import re

# Marks that may not start a line (GB/T 15834 §5.1, clreq strict level).
NOT_AT_START = frozenset(
    "，。、；：？！．"          # pause and stop marks
    "”’）〕］】》〉」』〗｝"     # closing quotes and brackets
    "–～"                      # connectors (en dash, wave dash)
    "·・"                      # interpuncts
    "/／"                      # slashes
    "%‰℃°′″％"                 # suffixes
    "—⸺…⋯"                    # strict level: —— and …… never start a line
    ",.;:?!)]}"               # half-width counterparts, for mixed text
)

# Marks that may not end a line.
NOT_AT_END = frozenset(
    "“‘（〔［【《〈「『〖｛"       # opening quotes and brackets
    "/／"                      # slashes (GB level)
    "￥$£"                     # prefixes
    "([{"
)

# Adjustable side of each full-width mark: its glyph sits in one half of the em box and the other half
# ("the adjustable side") may be removed. R: blank on the right (glyph left), L: blank on the left
# (glyph right), B: a quarter em on both sides.
ADJUST_RIGHT = "，。、：；？！”’）》〉」』】〗〕］｝．"
ADJUST_LEFT = "“‘（《〈「『【〖〔［｛"
ADJUST_BOTH = "·・"
ADJUST: dict[str, tuple[float, float]] = {}   # mark -> (left blank, right blank) in em of its own size
for _c in ADJUST_RIGHT:
    ADJUST[_c] = (0.0, 0.5)
for _c in ADJUST_LEFT:
    ADJUST[_c] = (0.5, 0.0)
for _c in ADJUST_BOTH:
    ADJUST[_c] = (0.25, 0.25)
FULL_WIDTH_MIN = 0.9      # a mark is adjustable only when its advance is at least this (em): not a Latin comma

# Marks that are never compressed in the kaiming style (开明): stops stay full width, the rest are half.
KAIMING_FULL = frozenset("。？！．")

# Shrink classes, in the order clreq compresses them (先挤进). Lower numbers are used first; the
# weight is the breaker's cost per em of that class.
SHRINK_LINE_END, SHRINK_SPACE, SHRINK_INTERPUNCT, SHRINK_BRACKET, SHRINK_PAUSE, SHRINK_MIXED, SHRINK_STOP = range(7)
SHRINK_WEIGHT = (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0)
SHRINK_CLASS: dict[str, int] = {}
for _c in "·・":
    SHRINK_CLASS[_c] = SHRINK_INTERPUNCT
for _c in "“‘（《〈「『【〖〔［｛”’）》〉」』】〗〕］｝":
    SHRINK_CLASS[_c] = SHRINK_BRACKET
for _c in "，、；：":
    SHRINK_CLASS[_c] = SHRINK_PAUSE
for _c in "。？！．":
    SHRINK_CLASS[_c] = SHRINK_STOP
SPACE_MIN = 0.25          # a Latin space shrinks to 1/4 em
MIXED_GAP = 0.25          # the Han–Latin gap, em of the base size
MIXED_GAP_MIN = 0.125     # ... which may shrink to 1/8 em

# Inseparable sequences beyond UAX #14: no break inside a match (the tailoring, see breaks.py).
GLUE_PATTERNS = (
    ("wenhao", re.compile(r"〔\d{4}〕\d+号")),                       # 〔2024〕21号 as a whole 文号
    ("url", re.compile(r"(?:https?://|www\.)[0-9A-Za-z._~:/?#@!$&'*+,;=%\-]+")),
    ("email", re.compile(r"[0-9A-Za-z._%+\-]+@[0-9A-Za-z.\-]+\.[A-Za-z]{2,}")),
)


def kind(ch: str) -> str:
    """'han' (ideographs, kana, full-width letters), 'latin' (letters and digits of a Western face),
    'punct' (Chinese punctuation), 'space', or 'other'."""
    o = ord(ch)
    if ch in ADJUST or ch in NOT_AT_START or ch in NOT_AT_END:
        return "punct"
    if ch == " " or ch == "\u00a0":
        return "space"
    if ch.isascii():
        return "latin" if ch.isalnum() else "other"
    if 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF or 0x3040 <= o <= 0x30FF:
        return "han"
    if 0xFF10 <= o <= 0xFF5A and ch.isalnum():
        return "han"          # full-width letters and digits sit on the grid like Han
    if ch.isalpha() or ch.isdigit():
        return "latin" if o < 0x2E80 else "han"
    return "other"


# Tight atoms: runs never letter-spaced (numbers, Latin words). A gap between two characters of the
# same tight kind gets no justification space.
TIGHT_RE = re.compile(r"[0-9]+(?:[.,:/\-][0-9]+)*[%‰]?|[A-Za-z]+(?:['’\-][A-Za-z]+)*|——|⸺|……|⋯⋯")
