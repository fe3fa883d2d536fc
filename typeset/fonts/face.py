"""Prepared faces and the set of them: metrics for the composer, registration with reportlab."""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from typeset.errors import TypesetError


class Face:
    """One prepared font. Metrics are em fractions; `advance` is a dict lookup."""

    def __init__(self, role: str, pdf_name: str, path: str, source: str, index: int,
                 manifest: dict):
        upm = manifest["units_per_em"]
        self.role = role
        self.pdf_name = pdf_name
        self.path = path
        self.source = source
        self.index = index
        self.family = manifest["family"]
        self.units_per_em = upm
        self.ascent = manifest["ascent"] / upm
        self.descent = manifest["descent"] / upm
        self.proportional_latin = manifest["proportional_latin"]
        self.units = manifest["advances"]                     # char -> advance in font units
        self._em = {c: a / upm for c, a in self.units.items()}

    def advance(self, ch: str) -> float:
        try:
            return self._em[ch]
        except KeyError:
            raise TypesetError(f"character {ch!r} (U+{ord(ch):04X}) was not prepared in the "
                               f"{self.role} font {self.family}",
                               fix="pass every character the layout prints in chars_by_role") from None

    def has(self, ch: str) -> bool:
        return ch in self._em

    def advances(self) -> dict[str, float]:
        """A copy of char -> advance (em), for callers that look up many characters."""
        return dict(self._em)

    def __repr__(self) -> str:
        return f"Face({self.role!r}, {self.pdf_name!r}, {self.family!r})"


@dataclass(frozen=True)
class FontSet:
    """The fonts stage's result: the faces of each role, read-only."""
    faces: Mapping[str, Face]                               # role -> main face
    fallbacks: Mapping[str, tuple[Face, ...]] = field(default_factory=lambda: MappingProxyType({}))
    warnings: tuple[str, ...] = ()
    converted: tuple[str, ...] = ()                         # pdf names prepared cold in this call

    def face_for(self, role: str, ch: str) -> Face:
        """The role's face, or the first fallback face that has `ch` when the main face lacks it."""
        face = self.faces[role]
        if ch in face._em:
            return face
        for fb in self.fallbacks.get(role, ()):
            if ch in fb._em:
                return fb
        return face

    def all_faces(self) -> list[Face]:
        return list(self.faces.values()) + [f for fs in self.fallbacks.values() for f in fs]

    def register(self) -> None:
        """Register every face with reportlab as one Type0 font named face.pdf_name (idempotent);
        loading it checks that the prepared file's advances are the manifest's (type0.py)."""
        from reportlab.pdfbase import pdfmetrics

        from typeset import reportlab_fixes
        reportlab_fixes.apply()

        from .type0 import Type0Font
        for face in self.all_faces():
            known = pdfmetrics._fonts.get(face.pdf_name)
            if isinstance(known, Type0Font) and known.path == face.path:
                continue
            font = Type0Font(face)
            pdfmetrics._fonts.pop(face.pdf_name, None)        # registerFont keeps a known one
            pdfmetrics._dynFaceNames.pop(face.pdf_name, None)
            pdfmetrics.registerFont(font)
