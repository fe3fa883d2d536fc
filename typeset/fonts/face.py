"""Prepared faces and the set of them: metrics for the composer, registration with reportlab."""
from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass
class FontSet:
    faces: dict[str, Face]                                  # role -> main face
    fallbacks: dict[str, list[Face]] = field(default_factory=dict)   # role -> fallback faces
    warnings: list[str] = field(default_factory=list)
    converted: list[str] = field(default_factory=list)      # pdf names prepared cold in this call

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
        """Register every face with reportlab under face.pdf_name (idempotent), and check that
        reportlab reads each advance exactly (the /Widths it writes come from these)."""
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFError, TTFont

        from typeset import reportlab_fixes
        reportlab_fixes.apply()

        for face in self.all_faces():
            known = pdfmetrics._fonts.get(face.pdf_name)
            if known is not None and getattr(known.face, "filename", None) == face.path:
                continue
            try:
                ttf = TTFont(face.pdf_name, face.path)
            except (TTFError, OSError) as e:
                raise TypesetError(f"reportlab cannot load the prepared font {face.path}: {e}",
                                   file=face.source, fix="delete .cache/fonts and rebuild") from None
            _check_widths(face, ttf)
            pdfmetrics.registerFont(ttf)


def _check_widths(face: Face, ttf) -> None:
    """reportlab's charWidths (1/1000 em) and its per-glyph hmetrics (font units) must both equal
    the font's real advances; otherwise the embedded /Widths would be wrong."""
    rl = ttf.face
    scale = 1000 / face.units_per_em
    for ch, units in face.units.items():
        code = ord(ch)
        glyph = rl.charToGlyph.get(code)
        if glyph is None or abs(rl.charWidths[code] - units * scale) > 1e-6 \
                or rl.hmetrics[glyph][0] != units:
            raise TypesetError(f"reportlab reads a wrong advance for U+{code:04X} in {face.path}",
                               file=face.source, fix="delete .cache/fonts and rebuild")
