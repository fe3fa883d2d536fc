"""Body paragraphs of the first real issue, as composer Runs (the one place that reads the source):
every paragraph of the parsed `source/2024-02`, its spans as runs (a subscript smaller and lowered,
a fill-in blank as a blank run).
"""
from __future__ import annotations

from pathlib import Path

from typeset.compose import Run
from typeset.model import Paragraph
from typeset.source import load_issue

ROOT = Path(__file__).resolve().parents[2]
BODY = 16.0                       # pt, the grid unit


def runs_of(spans, size: float = BODY) -> list[Run]:
    runs = []
    for s in spans:
        if s.script:
            runs.append(Run(s.text, "song", size * 0.6, rise=-size * 0.15))
        else:
            runs.append(Run(s.text, "song", size, blank=s.blank))
    return runs


def paragraphs() -> list[list[Run]]:
    issue = load_issue(ROOT / "source" / "2024-02")
    out = []
    for doc in issue.documents():
        for blocks in [doc.blocks] + [a.blocks for a in doc.attachments]:
            out += [runs_of(b.spans) for b in blocks if isinstance(b, Paragraph) and b.text]
    return out


def advance(font: str, ch: str) -> float:
    """Made-up widths: Han and full-width marks 1 em, Latin letters and digits 0.5 em, space 0.25 em."""
    if ch == " ":
        return 0.25
    if ch.isascii() or ch in "·":
        return 0.5
    return 1.0
