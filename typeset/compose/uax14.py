"""UAX #14 line breaking (Unicode 15.0, with the numeric tailoring of its Example 7, as in
LineBreakTest.txt), read from the Debian `unicode-data` files in /usr/share/unicode.

`classes_of(text)` gives the resolved classes (rule LB1); `breaks(text, classes)` the opportunities:
a list of n+1 booleans, True where a line may break before text[i] (index n is always True).
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from pathlib import Path

from ..errors import TypesetError

UCD = Path("/usr/share/unicode")


def _ranges(name: str, field_filter=None) -> tuple[list[int], list[int], list[str]]:
    path = UCD / name
    if not path.exists():
        raise TypesetError(f"Unicode data file {path} is missing",
                           fix="install the Debian package unicode-data (scripts/setup.sh does)")
    starts, ends, values = [], [], []
    for a, b, value in _RANGE.findall(path.read_text(encoding="utf-8")):
        if field_filter and value != field_filter:
            continue
        starts.append(int(a, 16))
        ends.append(int(b or a, 16))
        values.append(value)
    order = sorted(range(len(starts)), key=starts.__getitem__)
    return [starts[i] for i in order], [ends[i] for i in order], [values[i] for i in order]


# "0041..005A    ; AL # ..." or "00A0 ; GL": code point or range, then the value
_RANGE = re.compile(r"^([0-9A-Fa-f]+)(?:\.\.([0-9A-Fa-f]+))?\s*;\s*([\w-]+)", re.M)


@lru_cache(maxsize=None)
def _table(name: str, field_filter: str | None = None):
    return _ranges(name, field_filter)


def load_tables() -> None:
    """Read the tables every paragraph needs now."""
    _table("LineBreak.txt")
    _table("EastAsianWidth.txt")


def _lookup(table, cp: int) -> str | None:
    starts, ends, values = table
    i = bisect.bisect_right(starts, cp) - 1
    if i >= 0 and cp <= ends[i]:
        return values[i]
    return None


def _default_lb(cp: int) -> str:
    # LineBreak.txt header: defaults for unlisted code points.
    if (0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF
            or 0x20000 <= cp <= 0x2FFFD or 0x30000 <= cp <= 0x3FFFD
            or 0x1F000 <= cp <= 0x1FAFF or 0x1FC00 <= cp <= 0x1FFFD):
        return "ID"
    if 0x20A0 <= cp <= 0x20CF:
        return "PR"
    return "XX"


@lru_cache(maxsize=None)
def _general_category_table():
    """Assigned code points (UnicodeData.txt) with their category: ranges given as First/Last pairs."""
    starts, ends, values = [], [], []
    path = UCD / "UnicodeData.txt"
    first = None
    for line in path.read_text(encoding="utf-8").splitlines():
        f = line.split(";")
        cp, name, gc = int(f[0], 16), f[1], f[2]
        if name.endswith("First>"):
            first = cp
            continue
        starts.append(first if name.endswith("Last>") else cp)
        ends.append(cp)
        values.append(gc)
        first = None
    return starts, ends, values


def general_category(cp: int) -> str:
    return _lookup(_general_category_table(), cp) or "Cn"


@lru_cache(maxsize=None)
def lb_class(ch: str) -> str:
    """The Line_Break class of one character, resolved by rule LB1."""
    cp = ord(ch)
    v = _lookup(_table("LineBreak.txt"), cp) or _default_lb(cp)
    if v in ("AI", "SG", "XX"):
        return "AL"
    if v == "SA":
        return "CM" if general_category(cp) in ("Mn", "Mc") else "AL"
    if v == "CJ":
        return "NS"
    return v


@lru_cache(maxsize=None)
def east_asian_wide(ch: str) -> bool:
    v = _lookup(_table("EastAsianWidth.txt"), ord(ch))
    if v is None:
        v = "W" if _default_lb(ord(ch)) == "ID" else "N"
    return v in ("F", "W", "H")


@lru_cache(maxsize=None)
def extended_pictographic(ch: str) -> bool:
    return _lookup(_table("emoji/emoji-data.txt", "Extended_Pictographic"), ord(ch)) is not None


def classes_of(text: str) -> list[str]:
    return [lb_class(c) for c in text]


_HARD = ("BK", "CR", "LF", "NL")
_NOSTART = ("CL", "CP", "EX", "IS", "SY")
_ALHL = ("AL", "HL")
_NUMX = ("NU", "SY", "IS")
_JAMO = ("JL", "JV", "JT", "H2", "H3")


def breaks(text: str, cls: list[str] | None = None) -> list[bool]:
    """Break opportunities by UAX #14; `cls` may give (tailored) classes for each character."""
    n = len(text)
    out = [False] * (n + 1)
    if n == 0:
        return out
    if cls is None:
        cls = classes_of(text)
    out[n] = True
    a = cls[0]
    if a in ("CM", "ZWJ"):
        a = "AL"                       # LB10
    raw_prev = cls[0]
    base = text[0]                     # the base character of the effective class `a`
    sp_base = a                        # the class before a run of spaces (or `a` itself)
    num = a == "NU"                    # NU (NU|SY|IS)* ends at a
    num_cl = False                     # NU (NU|SY|IS)* (CL|CP) ends at a
    ri = 1 if a == "RI" else 0
    hl_hyba = False
    prev_hl = a == "HL"
    for i in range(1, n):
        b = cls[i]
        if a == "ID" and b == "ID" and raw_prev != "ZWJ":
            out[i] = True              # the common case in Chinese text: LB31 only
            base = text[i]
            sp_base = "ID"
            num = num_cl = hl_hyba = prev_hl = False
            ri = 0
            raw_prev = b
            continue
        brk = None
        if a == "BK":
            brk = True                                  # LB4
        elif a == "CR" and b == "LF":
            brk = False                                 # LB5
        elif a in ("CR", "LF", "NL"):
            brk = True
        elif b in _HARD:
            brk = False                                 # LB6
        elif b == "SP" or b == "ZW":
            brk = False                                 # LB7
        elif sp_base == "ZW":
            brk = True                                  # LB8
        elif raw_prev == "ZWJ":
            brk = False                                 # LB8a
        elif b in ("CM", "ZWJ") and a not in ("SP", "ZW"):
            out[i] = False                              # LB9: absorbed into the base
            raw_prev = b
            continue
        if b in ("CM", "ZWJ"):
            b = "AL"                                    # LB10
        if brk is None:
            brk = _pair(a, b, sp_base, num, num_cl, ri, hl_hyba, base, text, cls, i)
        out[i] = brk
        raw_prev = cls[i]
        if b != "SP":
            sp_base = b
        num, num_cl = (b == "NU" or (num and b in _NUMX)), (num and b in ("CL", "CP"))
        ri = ri + 1 if b == "RI" else 0
        hl_hyba = b in ("HY", "BA") and prev_hl
        prev_hl = b == "HL"
        a = b
        base = text[i]
    return out


def _pair(a, b, sp_base, num, num_cl, ri, hl_hyba, base, text, cls, i) -> bool:
    """Rules LB11..LB31 for the pair (a, b): True for a break."""
    if b == "WJ" or a == "WJ":
        return False                                    # LB11
    if a == "GL":
        return False                                    # LB12
    if b == "GL" and a not in ("SP", "BA", "HY"):
        return False                                    # LB12a
    if b in _NOSTART:
        return False                                    # LB13
    if sp_base == "OP":
        return False                                    # LB14
    if sp_base == "QU" and b == "OP":
        return False                                    # LB15
    if sp_base in ("CL", "CP") and b == "NS":
        return False                                    # LB16
    if sp_base == "B2" and b == "B2":
        return False                                    # LB17
    if a == "SP":
        return True                                     # LB18
    if b == "QU" or a == "QU":
        return False                                    # LB19
    if b == "CB" or a == "CB":
        return True                                     # LB20
    if b in ("BA", "HY", "NS") or a == "BB":
        return False                                    # LB21
    if hl_hyba:
        return False                                    # LB21a
    if a == "SY" and b == "HL":
        return False                                    # LB21b
    if b == "IN":
        return False                                    # LB22
    if (a in _ALHL and b == "NU") or (a == "NU" and b in _ALHL):
        return False                                    # LB23
    if (a == "PR" and b in ("ID", "EB", "EM")) or (a in ("ID", "EB", "EM") and b == "PO"):
        return False                                    # LB23a
    if (a in ("PR", "PO") and b in _ALHL) or (a in _ALHL and b in ("PR", "PO")):
        return False                                    # LB24
    if a in ("PR", "PO"):                               # LB25 (regex form)
        if b == "NU" or (b in ("OP", "HY") and _next_class(cls, i) == "NU"):
            return False
    if a in ("OP", "HY") and b == "NU":
        return False
    if num and b in ("NU", "SY", "IS", "CL", "CP"):
        return False
    if (num or num_cl) and b in ("PO", "PR"):
        return False
    if ((a == "JL" and b in ("JL", "JV", "H2", "H3")) or (a in ("JV", "H2") and b in ("JV", "JT"))
            or (a in ("JT", "H3") and b == "JT")):
        return False                                    # LB26
    if (a in _JAMO and b == "PO") or (a == "PR" and b in _JAMO):
        return False                                    # LB27
    if a in _ALHL and b in _ALHL:
        return False                                    # LB28
    if a == "IS" and b in _ALHL:
        return False                                    # LB29
    if a in ("AL", "HL", "NU") and b == "OP" and not east_asian_wide(text[i]):
        return False                                    # LB30
    if a == "CP" and b in ("AL", "HL", "NU") and not east_asian_wide(base):
        return False
    if a == "RI" and b == "RI" and ri % 2 == 1:
        return False                                    # LB30a
    if b == "EM" and (a == "EB" or (extended_pictographic(base)
                                    and general_category(ord(base)) == "Cn")):
        return False                                    # LB30b
    return True                                         # LB31


def _next_class(cls: list[str], i: int) -> str | None:
    for j in range(i + 1, len(cls)):
        if cls[j] not in ("CM", "ZWJ"):
            return cls[j]
    return None
