"""Body paragraphs of the first real issue, as composer Runs (the one place that reads the source).

Today: the seed text extracted from the printed PDF (each non-empty line without a tab is a paragraph;
half-width `,;:()` beside Chinese text become full width; `X_{2.5}` is a subscript run; `___` a blank).
The lead will switch `paragraphs()` to the parsed `source/2024-02`.
"""
from __future__ import annotations

import re
from pathlib import Path

from typeset.compose import Run

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seeds" / "000_e8ad83ac24e3510e.txt"
BODY = 16.0                       # pt, the grid unit
FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）"}
_TOKEN = re.compile(r"_\{([^}]*)\}|_{2,}")


def _cjk(ch: str) -> bool:
    return bool(ch) and not ch.isascii()


def normalise(line: str) -> str:
    out = []
    for i, ch in enumerate(line):
        if ch in FULL:
            before, after = line[i - 1:i], line[i + 1:i + 2]
            if ch == "(" and (not before or _cjk(before) or _cjk(after)):
                ch = FULL[ch]
            elif ch == ")" and (not after or _cjk(after) or _cjk(before)):
                ch = FULL[ch]
            elif ch in ",;:" and (_cjk(before) or _cjk(after)):
                ch = FULL[ch]
        out.append(ch)
    return "".join(out)


def runs_of(text: str, size: float = BODY) -> list[Run]:
    runs, pos = [], 0
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            runs.append(Run(text[pos:m.start()], "song", size))
        if m.group(1) is not None:
            runs.append(Run(m.group(1), "song", size * 0.6, rise=-size * 0.15))
        else:
            runs.append(Run(m.group(0), "song", size, blank=True))
        pos = m.end()
    if pos < len(text):
        runs.append(Run(text[pos:], "song", size))
    return runs


def paragraphs() -> list[list[Run]]:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return [runs_of(normalise(line.strip())) for line in lines if line.strip() and "\t" not in line]


def advance(font: str, ch: str) -> float:
    """Made-up widths: Han and full-width marks 1 em, Latin letters and digits 0.5 em, space 0.25 em."""
    if ch == " ":
        return 0.25
    if ch.isascii() or ch in "·":
        return 0.5
    return 1.0
