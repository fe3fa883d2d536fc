"""A printed issue into a source folder: the text extracted from it (.txt) or its PDF (.pdf).

    import_printed(paths, into, *, force=False, keep_punctuation=False) -> PrintedImport

The reader (printed_text, or printed_pdf and printed_pdf_flow) turns the input into pieces
(printed_pieces); the rebuild
(printed_rebuild, printed_tables) turns them into issue.toml and one file per document; the
writer (printed_write) writes them and import-report.md."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import TypesetError
from .printed_rebuild import Rebuild
from .printed_write import write_folder


@dataclass(frozen=True)
class PrintedImport:
    folder: Path
    files: tuple[Path, ...]
    checks: int                 # entries in import-report.md


def import_printed(paths, into, *, force: bool = False, keep_punctuation: bool = False) -> PrintedImport:
    paths = [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)]
    if len(paths) != 1:
        raise TypesetError(f"{len(paths)} printed issues given for one folder", file=str(into),
                           fix="import one printed issue (its .txt or .pdf) per --into folder")
    path = paths[0]
    if not path.is_file():
        raise TypesetError("the file does not exist", file=str(path), fix="check the name")
    suffix = path.suffix.lower()
    if suffix == ".txt":
        from .printed_text import read_text
        pieces = read_text(path)
    elif suffix == ".pdf":
        from .printed_pdf import read_pages
        from .printed_pdf_flow import Flow
        pieces = Flow(read_pages(path)).pieces()
        if not any(p.text for p in pieces):
            raise TypesetError("the PDF has no text (a scan?)", file=str(path),
                               fix="give a PDF with text, or the text extracted from it by OCR (.txt)")
    else:
        raise TypesetError(f"a {suffix or 'nameless'} file is not a printed issue", file=str(path),
                           fix="give the text extracted from the printed issue (.txt) or its PDF (.pdf)")
    result = Rebuild(pieces, path.name, keep_punctuation, pdf=suffix == ".pdf").run()
    files = {"issue.toml": result.toml, **result.files, "import-report.md": report(path.name, result.report)}
    written = write_folder(Path(into), files, force=force)
    return PrintedImport(Path(into), tuple(written), len(result.report))


def report(name: str, entries: list[str]) -> str:
    lines = [f"# Import report: {name}", "",
             "What the import could not decide from the print: each has a `# check:` line in the file "
             "it concerns. Compare with the printed issue and edit the source.", ""]
    lines += [f"- {e}" for e in entries] or ["- nothing"]
    return "\n".join(lines) + "\n"
