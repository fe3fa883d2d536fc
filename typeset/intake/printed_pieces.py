"""What a printed issue's reader hands to the rebuild: its text as pieces, in reading order.

A piece is one paragraph fragment (a line of the extracted text: a whole paragraph, or the part
of one that a column or page ended) or one table row. A title's printed lines are one piece,
joined by spaces, and so are a table cell's lines: the same shape as the extracted text, so that
both readers share the rebuild. The PDF reader knows more and says so in `cont` and `hint`."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Piece:
    text: str                          # the fragment ("" for a row)
    line: int                          # where it starts in the input (line, or page for a PDF)
    cells: tuple[str, ...] | None = None   # a table row: its cells' text
    gap: bool = False                  # a page (or column) ended before it
    cont: bool | None = None           # continues the previous piece's paragraph; None: unknown
    hint: str = ""                     # "title", "center", "right", "number": what the print shows
    spans: tuple[tuple[int, int], ...] = ()   # a row from a PDF: (rowspan, colspan) per cell
    columns: tuple[int, ...] = ()      # a row from a PDF: the grid column of each cell
    widths: tuple[float, ...] = ()     # a header row from a PDF: the printed column widths
    data: bytes = b""                  # a picture from a PDF (hint "picture"): its PNG
    lines: int = 0                     # a fragment from a PDF: how many printed lines it has

    @property
    def row(self) -> bool:
        return self.cells is not None
