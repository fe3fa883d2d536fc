"""What a build leaves for the next one in the same process (--watch): the composed paragraphs,
titles and tables, keyed by what decides them (typeset.compose.issue reads and fills the memo).

They stay valid while the layout and the fonts' sources stay the same. When only a font subset
changes (the issue gained or lost a character of that role: a new file, a new PDF name, the same
glyphs and advances), the kept lines are renamed to the new faces. What a build did not use is
dropped after it.
"""
from __future__ import annotations

import dataclasses

from typeset.compose.data import GlyphRun


class Reuse:
    def __init__(self):
        self.layout = None
        self.sources: tuple = ()
        self.names: tuple = ()
        self.old: dict = {}
        self.new: dict = {}
        self.composed = 0           # of the last build: items composed ...
        self.reused = 0             # ... and taken from the one before

    def memo(self, layout, fontset) -> "Reuse":
        """The memo for a build with this layout and font set."""
        faces = fontset.all_faces()
        sources = tuple((f.role, f.source, f.index, f.family) for f in faces)
        names = tuple(f.pdf_name for f in faces)
        if layout != self.layout or sources != self.sources:
            self.old = {}
        elif names != self.names:
            rename = dict(zip(self.names, names))
            self.old = {k: _renamed(v, rename) for k, v in self.old.items()}
        self.layout, self.sources, self.names = layout, sources, names
        self.new, self.composed, self.reused = {}, 0, 0
        return self

    def get(self, key):
        value = self.new.get(key)
        if value is None:
            value = self.old.get(key)
            if value is not None:
                self.new[key] = value
                self.reused += 1
        return value

    def __setitem__(self, key, value):
        self.new[key] = value
        self.composed += 1

    def done(self) -> None:
        """The build composed everything: keep what it used."""
        self.old, self.new = self.new, {}


def _renamed(value, rename: dict):
    """`value` (composer output) with its glyph runs' fonts renamed; the model is left alone."""
    if isinstance(value, GlyphRun):
        return value._replace(font=rename.get(value.font, value.font))
    if isinstance(value, tuple):
        items = [_renamed(v, rename) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if dataclasses.is_dataclass(value) and type(value).__module__.startswith("typeset.compose"):
        return dataclasses.replace(value, **{f.name: _renamed(getattr(value, f.name), rename)
                                             for f in dataclasses.fields(value) if f.init})
    return value
