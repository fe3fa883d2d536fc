"""Input and output of the composer: plain, immutable data (named tuples: made by the thousand,
and cheaper to make, compare and pickle than frozen dataclasses)."""
from __future__ import annotations

from typing import NamedTuple


class Run(NamedTuple):
    """A run of text in one font. `font` is an opaque key passed back to `advance`.

    blank: a fill-in blank. `text` is the underscores as written; each underscore is half an em of the
    run's size wide (so 2 underscores = 1 em). A blank is never split, never letter-spaced and drawn by
    the renderer as an underlined gap from xs[0] to xs[-1] + size/2.
    """
    text: str
    font: str
    size: float
    rise: float = 0.0
    blank: bool = False


class GlyphRun(NamedTuple):
    """Glyphs of one Run placed on a line; xs are glyph origins in pt from the line's left edge."""
    font: str
    size: float
    text: str
    xs: tuple[float, ...]
    rise: float = 0.0
    blank: bool = False


class Line(NamedTuple):
    """One composed line.

    width:     the measure it was set to (pt).
    natural:   natural width of its content (pt), after pair compression, without the indent.
    end:       x of the right edge of the last glyph's advance (== width on justified lines).
    start/stop: offsets of its characters in the paragraph's joined text (a space dropped at the break
               lies outside both lines).
    stretch:   extra space per inter-character gap, in em of the base size (0 when none).
    shrink:    punctuation / gap compression applied to fit, in em of the base size.
    emergency: broken where no rule allowed a break, or could not be set flush (layout warns).
    """
    runs: tuple[GlyphRun, ...]
    width: float
    natural: float
    end: float
    start: int
    stop: int
    last: bool
    stretch: float
    emergency: bool = False
    shrink: float = 0.0

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)
