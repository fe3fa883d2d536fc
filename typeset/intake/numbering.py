"""numbering.xml -> the text Word displays before a numbered paragraph ("一、", "（二）", "1.").

Counters run per list in document order: paragraphs whose w:num points to the same abstract
list continue it, unless their w:num overrides the start (then it is a new list). A level
restarts when a higher level advances. `lvlText` ("%1、", "（%2）") picks the levels shown.
"""
from __future__ import annotations

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


_CN_DIGITS = "〇一二三四五六七八九"
_LEGAL_SIMPLIFIED = "零壹贰叁肆伍陆柒捌玖"
_LEGAL_TRADITIONAL = "零壹貳參肆伍陸柒捌玖"
_UNITS = {"lower": ("", "十", "百", "千"), "legal": ("", "拾", "佰", "仟")}


def chinese(n: int, digits: str = "〇一二三四五六七八九", units=("", "十", "百", "千"),
            zero: str = "零", drop_ten: bool = True) -> str:
    """Spelled-out Chinese number below 10000: 10 十, 11 十一, 20 二十, 101 一百零一."""
    if n <= 0 or n >= 10000:
        return str(n)
    out, pending_zero = [], False
    for power in (3, 2, 1, 0):
        d = n // 10 ** power % 10
        if d == 0:
            if out:
                pending_zero = True
            continue
        if pending_zero:
            out.append(zero)
            pending_zero = False
        out.append(digits[d] + units[power])
    text = "".join(out)
    if drop_ten and 10 <= n < 20:
        text = text[1:]            # 十一, not 一十一
    return text


def _roman(n: int) -> str:
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letter(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _enclosed(first: int, count: int):
    return lambda n: chr(first + n - 1) if 1 <= n <= count else str(n)


def _cycle(chars: str):
    """甲乙丙…: past the last character the number is shown in digits (as LibreOffice does)."""
    return lambda n: chars[n - 1] if 1 <= n <= len(chars) else str(n)


FORMATS = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalZero": lambda n: f"{n:02d}",
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperLetter": _letter,
    "lowerLetter": lambda n: _letter(n).lower(),
    "chineseCounting": chinese,
    "chineseCountingThousand": chinese,
    "japaneseCounting": chinese,
    "taiwaneseCounting": chinese,
    "taiwaneseCountingThousand": chinese,
    "chineseLegalSimplified": lambda n: chinese(n, _LEGAL_SIMPLIFIED, _UNITS["legal"], "零", False),
    "ideographLegalTraditional": lambda n: chinese(n, _LEGAL_TRADITIONAL, _UNITS["legal"], "零", False),
    "ideographDigital": lambda n: "".join(_CN_DIGITS[int(d)] for d in str(n)),
    "taiwaneseDigital": lambda n: "".join(_CN_DIGITS[int(d)] for d in str(n)),
    "ideographTraditional": _cycle("甲乙丙丁戊己庚辛壬癸"),
    "ideographZodiac": _cycle("子丑寅卯辰巳午未申酉戌亥"),
    "decimalFullWidth": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
    "decimalFullWidth2": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
    "decimalEnclosedCircle": lambda n: (chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)),
    "decimalEnclosedCircleChinese": lambda n: (chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)),
    "decimalEnclosedFullstop": _enclosed(0x2488, 20),
    "decimalEnclosedParen": _enclosed(0x2474, 20),
    "ideographEnclosedCircle": _enclosed(0x3220, 10),
    "none": lambda n: "",
}


def format_number(n: int, fmt: str) -> str:
    return FORMATS.get(fmt, str)(n)


class _Level:
    __slots__ = ("start", "fmt", "text", "legal", "restart", "style")

    def __init__(self, el):
        def val(tag, default=None):
            child = el.find(q(tag))
            return child.get(q("val"), default) if child is not None else default
        self.start = int(val("start", "1") or 1)
        self.fmt = val("numFmt", "decimal")
        self.text = val("lvlText", "")
        self.legal = el.find(q("isLgl")) is not None
        restart = val("lvlRestart")
        self.restart = int(restart) if restart is not None else None
        self.style = val("pStyle")


class Numbering:
    def __init__(self, root, styles):
        self.styles = styles
        self.abstract: dict = {}
        self.links: dict = {}          # abstract id -> style id (numStyleLink)
        self.nums: dict = {}           # numId -> (abstract id, {ilvl: start override or _Level})
        self.counters: dict = {}
        self.seen: set = set()
        if root is None:
            return
        for ab in root.iter(q("abstractNum")):
            aid = ab.get(q("abstractNumId"))
            self.abstract[aid] = {int(l.get(q("ilvl"), "0")): _Level(l) for l in ab.findall(q("lvl"))}
            link = ab.find(q("numStyleLink"))
            if link is not None:
                self.links[aid] = link.get(q("val"))
        for num in root.iter(q("num")):
            ref = num.find(q("abstractNumId"))
            overrides = {}
            for ov in num.findall(q("lvlOverride")):
                ilvl = int(ov.get(q("ilvl"), "0"))
                lvl = ov.find(q("lvl"))
                start = ov.find(q("startOverride"))
                overrides[ilvl] = _Level(lvl) if lvl is not None else int(start.get(q("val"), "1"))
            self.nums[num.get(q("numId"))] = (ref.get(q("val")) if ref is not None else None, overrides)

    def _levels(self, aid, depth=0) -> dict:
        levels = self.abstract.get(aid, {})
        if not levels and aid in self.links and depth < 3:       # a list defined by a style
            style_num = self.styles.numpr(self.links[aid])
            if style_num and style_num[0] in self.nums:
                return self._levels(self.nums[style_num[0]][0], depth + 1)
        return levels

    def text(self, ppr, style_id):
        """(label, is_bullet) for a paragraph, or None when it is not numbered. Call it for
        every paragraph in document order: it advances the counters."""
        num_id = ilvl = None
        direct = ppr.find(q("numPr")) if ppr is not None else None
        if direct is not None:
            n, l = direct.find(q("numId")), direct.find(q("ilvl"))
            num_id = n.get(q("val")) if n is not None else None
            ilvl = l.get(q("val")) if l is not None else None
        if num_id is None:
            from_style = self.styles.numpr(style_id)
            if from_style:
                num_id = from_style[0]
                ilvl = ilvl if ilvl is not None else from_style[1]
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        aid, overrides = self.nums[num_id]
        levels = dict(self._levels(aid))
        for k, ov in overrides.items():
            if isinstance(ov, _Level):
                levels[k] = ov
        if ilvl is None:
            ilvl = next((k for k, lv in levels.items() if lv.style and lv.style == style_id), 0)
        level = int(ilvl)
        if level not in levels:
            return None
        key = num_id if overrides else ("abstract", aid)
        counts = self.counters.setdefault(key, [None] * 10)
        if key == num_id and num_id not in self.seen:
            self.seen.add(num_id)
            for k, ov in overrides.items():
                counts[k] = None
        start = self._start(levels, overrides, num_id)
        counts[level] = start(level) if counts[level] is None else counts[level] + 1
        for deeper in range(level + 1, 10):
            lv = levels.get(deeper)
            if lv is None or lv.restart is None or lv.restart > level:
                counts[deeper] = None
        for higher in range(level):
            if counts[higher] is None:
                counts[higher] = start(higher)
        lv = levels[level]
        if lv.fmt == "bullet":
            return lv.text, True
        out, i = [], 0
        text = lv.text
        while i < len(text):
            ch = text[i]
            if ch == "%" and i + 1 < len(text) and text[i + 1].isdigit():
                k = int(text[i + 1]) - 1
                other = levels.get(k)
                fmt = "decimal" if lv.legal and k != level else (other.fmt if other else "decimal")
                out.append(format_number(counts[k] or 1, fmt))
                i += 2
                continue
            out.append(ch)
            i += 1
        return "".join(out), False

    def _start(self, levels, overrides, num_id):
        def start(k):
            ov = overrides.get(k)
            if isinstance(ov, int):
                return ov
            if isinstance(ov, _Level):
                return ov.start
            lv = levels.get(k)
            return lv.start if lv else 1
        return start
