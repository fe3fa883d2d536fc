"""An independent check of composed lines against the clreq rules (reads only the data tables)."""
from __future__ import annotations

from typeset.compose import Line
from typeset.compose.breaks import glue_spans
from typeset.compose.classes import NOT_AT_END, NOT_AT_START, TIGHT_RE, kind

TOL = 0.01


def violations(text: str, lines: list[Line], width: float, last_line_min: int = 2) -> list[str]:
    out = []
    inside = set()
    for m in TIGHT_RE.finditer(text):
        inside.update(range(m.start() + 1, m.end()))
    for start, stop, _ in glue_spans(text):
        inside.update(range(start + 1, stop))
    counted = sum(1 for ch in text if kind(ch) in ("han", "latin", "other"))
    for i, ln in enumerate(lines):
        where = f"line {i + 1} {ln.text!r}"
        if text[ln.start:ln.stop] != ln.text:
            out.append(f"{where}: text does not match offsets {ln.start}:{ln.stop}")
        if ln.last != (i == len(lines) - 1):
            out.append(f"{where}: last flag wrong")
        if ln.emergency:
            out.append(f"{where}: emergency")
        if i > 0 and ln.text[:1] in NOT_AT_START:
            out.append(f"{where}: starts with {ln.text[0]!r}")
        if not ln.last and ln.text[-1:] in NOT_AT_END:
            out.append(f"{where}: ends with {ln.text[-1]!r}")
        if not ln.last and ln.stop in inside:
            out.append(f"{where}: breaks inside {text[ln.stop - 2:ln.stop + 2]!r}")
        if not ln.last and abs(ln.end - width) > TOL:
            out.append(f"{where}: not flush (end {ln.end} != {width})")
        if ln.end > width + TOL:
            out.append(f"{where}: overfull (end {ln.end})")
        xs = [x for r in ln.runs for x in r.xs]
        if min(xs) < -TOL or any(b < a for a, b in zip(xs, xs[1:])):
            out.append(f"{where}: glyphs out of order or left of the measure")
        if ln.last and i > 0 and counted >= last_line_min:
            n = sum(1 for ch in ln.text if kind(ch) in ("han", "latin", "other"))
            if n < last_line_min:
                out.append(f"{where}: 孤字 ({n} characters on the last line)")
    if lines and "".join(text[a.stop:b.start] for a, b in zip(lines, lines[1:])).strip():
        out.append("characters lost between lines")
    if lines and (lines[0].start != 0 or lines[-1].stop != len(text.rstrip())):
        out.append("paragraph not covered")
    return out
