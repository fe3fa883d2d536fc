"""The text extracted from a printed issue (like the seed of 2024-02) as pieces.

Each non-empty line is a piece; a line with tabs is a table row (one cell per tab). A blank line
between two table rows is where the printed page ended."""
from __future__ import annotations

from pathlib import Path

from ..errors import TypesetError
from .printed_pieces import Piece


def read_text(path: Path) -> list[Piece]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise TypesetError("the extracted text is not UTF-8", file=str(path), line=line,
                           fix="save it as UTF-8 (or give the printed PDF itself)") from None
    pieces, gap = [], False
    for n, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = raw.replace("\u3000", " ").rstrip()
        if not line.strip():
            gap = True
            continue
        if "\t" in raw:
            pieces.append(Piece("", n, cells=tuple(c.strip() for c in raw.rstrip("\n").split("\t")), gap=gap))
        else:
            pieces.append(Piece(line.strip(), n, gap=gap))
        gap = False
    if not pieces:
        raise TypesetError("the extracted text is empty", file=str(path), fix="give the text of a printed issue")
    return pieces
