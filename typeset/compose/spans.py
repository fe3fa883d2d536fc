"""Model spans cut at a character offset (a 附件说明's label, a caption's lines)."""
from __future__ import annotations

from typeset.model import Span


def split_spans(spans, k: int) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """Spans cut after the k-th character of their joined text."""
    head, tail = [], []
    for sp in spans:
        if k >= len(sp.text):
            head.append(sp)
        elif k <= 0:
            tail.append(sp)
        else:
            head.append(Span(sp.text[:k], sp.style, sp.script, sp.blank))
            tail.append(Span(sp.text[k:], sp.style, sp.script, sp.blank))
        k -= len(sp.text)
    return tuple(head), tuple(tail)
