"""Headings recognised from their Chinese numbering: 一、 （一） 1. （1）."""
from __future__ import annotations

import re

from ..model import Span
from .inline import split_style

_CN = "一二三四五六七八九十百零〇"
NUMBERINGS = (
    ("heading1", re.compile(rf"^[{_CN}]+、")),
    ("heading2", re.compile(rf"^[（(][{_CN}]+[）)]")),
    ("heading3", re.compile(r"^\d+[.．](?!\d)")),
    ("heading4", re.compile(r"^[（(]\d+[）)]")),
)
SENTENCE_END = "。！？；："
MAX_HEADING = 60     # a standalone heading: at most this many characters
MAX_RUN_IN = 40      # a run-in heading: at most this many characters up to its 。


def heading_level(text: str) -> str:
    for style, pattern in NUMBERINGS:
        if pattern.match(text):
            return style
    return ""


def classify(spans: tuple[Span, ...]) -> tuple[str, tuple[Span, ...]]:
    """(paragraph style, spans) for a plain body line.

    A numbered line is a standalone heading when it has none of 。！？；： and at most
    MAX_HEADING characters; it starts with a run-in heading when its first 。 comes after at
    most MAX_RUN_IN characters with none of ！？；： before it and text follows; otherwise it
    is a body paragraph.
    """
    text = "".join(s.text for s in spans)
    level = heading_level(text)
    if not level:
        return "body", spans
    if not any(ch in text for ch in SENTENCE_END) and len(text) <= MAX_HEADING:
        return level, spans
    stop = text.find("。")
    if 0 < stop < MAX_RUN_IN and stop + 1 < len(text) \
            and not any(ch in text[:stop] for ch in SENTENCE_END):
        return "body", split_style(spans, stop + 1, level)
    return "body", spans
