"""Inline marks: _{sub} ^{sup} _____ (blank) {printed}, and the escapes \\{ \\} \\@ \\\\ \\| \\_ \\^."""
from __future__ import annotations

import re

from ..errors import TypesetError
from ..model import Script, Span

ESCAPABLE = "{}@\\|_^#-"
MARKS = ("printed",)
_TOKEN = re.compile(r"\\(.)|([_^])\{([^{}]*)\}|(_{3,})|\{([^{}]*)\}|([{}])")


def parse_inline(text: str, file: str, line: int, col0: int = 1) -> tuple[tuple[Span, ...], tuple[int, ...]]:
    """Text with marks -> (spans, printed break offsets into the joined text)."""
    spans: list[Span] = []
    breaks: list[int] = []
    plain: list[str] = []
    length = 0

    def flush() -> None:
        if plain:
            spans.append(Span("".join(plain)))
            plain.clear()

    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            plain.append(text[pos:m.start()])
            length += m.start() - pos
        pos = m.end()
        col = col0 + m.start()
        esc, script, inner, blank, word, stray = m.groups()
        if esc is not None:
            plain.append(esc if esc in ESCAPABLE else "\\" + esc)
            length += len(plain[-1])
        elif script is not None:
            if not inner:
                raise TypesetError(f"empty {script}{{}}", file=file, line=line, column=col,
                                   fix="put the text inside the braces, e.g. PM_{2.5}")
            flush()
            spans.append(Span(inner, script=Script.SUB if script == "_" else Script.SUP))
            length += len(inner)
        elif blank is not None:
            flush()
            spans.append(Span(blank, blank=True))
            length += len(blank)
        elif word is not None:
            if word != "printed":
                near = " or ".join(f"{{{w}}}" for w in MARKS)
                raise TypesetError(f"unknown mark {{{word}}}", file=file, line=line, column=col,
                                   fix=f"the inline marks are {near}, _{{…}}, ^{{…}}; write \\{{ for a literal brace")
            if not breaks or breaks[-1] != length:
                breaks.append(length)
        elif stray == "{" and re.match(r"\{[^{}]*[_^]\{", text[m.start():]) and \
                text[m.start() - 1:m.start()] in ("_", "^"):
            raise TypesetError("a mark inside a mark (like PM_{2^{5}}) is not supported", file=file,
                               line=line, column=col - 1,
                               fix="write the marks one after the other, e.g. PM_{2}^{5}")
        else:
            raise TypesetError(f"unmatched brace {stray!r}", file=file, line=line, column=col,
                               fix="close the mark, or write \\" + stray + " for a literal brace")
    if pos < len(text):
        plain.append(text[pos:])
        length += len(text) - pos
    flush()
    return _merge(spans), tuple(breaks)


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    out: list[Span] = []
    for s in spans:
        if out and not s.script and not s.blank and not out[-1].script and not out[-1].blank \
                and out[-1].style == s.style:
            out[-1] = Span(out[-1].text + s.text, style=s.style)
        elif s.text:
            out.append(s)
    return tuple(out)


def split_style(spans: tuple[Span, ...], offset: int, style: str) -> tuple[Span, ...]:
    """Give the first `offset` characters the span style `style` (a run-in heading)."""
    out: list[Span] = []
    pos = 0
    for s in spans:
        end = pos + len(s.text)
        if end <= offset:
            out.append(Span(s.text, style, s.script, s.blank))
        elif pos >= offset:
            out.append(s)
        else:
            cut = offset - pos
            out.append(Span(s.text[:cut], style, s.script, s.blank))
            out.append(Span(s.text[cut:], s.style, s.script, s.blank))
        pos = end
    return tuple(out)
