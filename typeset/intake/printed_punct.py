"""Half-width punctuation in Chinese text made full width, and the wrap spaces a printed line
left behind removed. Each change is counted for the import report."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
FULL_PUNCT = set("，；：（）！？。、“”‘’《》〈〉【】〔〕—…·")


def wide(ch: str) -> bool:
    return bool(ch) and unicodedata.east_asian_width(ch) in "WF"


def _alnum(ch: str) -> bool:
    return bool(ch) and ch.isascii() and ch.isalnum()


def _pairs(text: str) -> dict[int, int]:
    """Matching half-width parentheses, by position (both ways)."""
    out, stack = {}, []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            j = stack.pop()
            out[i], out[j] = j, i
    return out


def full_width(text: str, changes: Counter) -> str:
    """`,;:()!?` next to a Chinese character (or, for a pair of parentheses, around or next
    to one) become `，；：（）！？`; ASCII stays in numbers, Latin words and URLs."""
    if not any(ch in FULL for ch in text):
        return text
    pairs = _pairs(text)
    out = list(text)
    for i, ch in enumerate(text):
        if ch not in FULL:
            continue
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch in "()" and i in pairs:
            a, b = sorted((i, pairs[i]))
            inside = text[a + 1:b]
            outside = (text[a - 1] if a else "", text[b + 1] if b + 1 < len(text) else "")
            hit = any(wide(c) for c in inside) or any(wide(c) for c in outside)
        else:       # a wide neighbour (once converted), or, for , and ;, one close by: 60%;3.服务
            near = "".join(out[max(0, i - 3):i]) + text[i + 1:i + 4]
            hit = wide(out[i - 1] if i else "") or wide(nxt) or (
                ch in ",;" and any(wide(c) for c in near) and not (prev.isascii() and prev.isalpha()))
        if hit:
            out[i] = FULL[ch]
            changes[f"{ch} → {FULL[ch]}"] += 1
    text = "".join(out)
    # the space an extractor leaves between full-width punctuation and a number or Latin word
    return re.sub(r"(?<=[，；：（）！？]) +(?=[0-9A-Za-z])|(?<=[0-9A-Za-z]) +(?=[，；：（）！？])", "", text)


def unwrap(text: str) -> str:
    """A printed cell or heading that wrapped leaves a space: drop every space that does not
    stand between two Latin letters or digits."""
    text = text.strip()
    return re.sub(r" +", lambda m: " " if _alnum(text[m.start() - 1]) and _alnum(text[m.end():m.end() + 1])
                  else "", text)
