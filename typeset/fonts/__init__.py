"""Chinese fonts by role: discovery, CFF -> TrueType subsets in a cache, coverage, metrics.

    fontset = prepare_fonts({"song": {"中": Where("a.txt", 3)}}, overrides, ".cache/fonts")
    fontset.face_for("song", "中").advance("中")   # em fraction
    fontset.register()                              # reportlab Type0 fonts named face.pdf_name
"""
from .config import ALWAYS, ROLES, Candidate
from .face import Face, FontSet
from .prepare import CODE_VERSION, prepare_fonts

__all__ = ["ALWAYS", "CODE_VERSION", "Candidate", "Face", "FontSet", "ROLES", "prepare_fonts"]
