"""A printed issue into a source folder: the text extracted from it (.txt) or its PDF (.pdf).

    import_printed(paths, into, *, force=False, keep_punctuation=False) -> ImportResult

The reader (printed_text, or printed_pdf and printed_pdf_flow) turns the input into pieces
(printed_pieces); the rebuild (printed_rebuild, printed_tables) turns them into issue.toml and
one source per document; the intake's writer (write.write_import, shared with the Word import)
writes them, their pictures and import-report.md, and then issue.toml is the print's own."""
from __future__ import annotations

from pathlib import Path

from ..errors import TypesetError
from ..files import write_atomic
from .printed_rebuild import Rebuild
from .write import Imported, ImportResult, write_import


def import_printed(paths, into, *, force: bool = False, keep_punctuation: bool = False) -> ImportResult:
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
    into = Path(into)
    toml = into / "issue.toml"
    if toml.exists() and not force:
        raise TypesetError(f"{toml} exists: the folder holds an issue already",
                           fix="import into a new folder, or add --force to replace its files")
    docs = []
    for k, doc in enumerate(result.docs):
        lines = doc.text.rstrip("\n").split("\n")
        checks = tuple((n, line[len("# check: "):]) for n, line in enumerate(lines, 1) if line.startswith("# check: "))
        notes = result.notes if k == 0 else []             # the issue's: with the first file
        docs.append(Imported(f"{path.name} {doc.entry.number or doc.entry.title}", tuple(lines), checks,
                             tuple(("note", n) for n in notes + doc.notes), (), tuple(doc.images),
                             doc.entry.section, doc.date))
    written = write_import(into, docs, force=force)
    write_atomic(toml, result.toml.encode("utf-8"))       # the print's own, over the writer's draft
    files = written.files if "issue.toml" in written.files else ("issue.toml", *written.files)
    return ImportResult(written.folder, files, written.report, written.guesses + result.toml.count("# check:"))
