"""Intake: the office's Word files (.docx, and .doc/.wps through LibreOffice) -> issue sources.

    import_files(paths, into, force=False, keep_seals=False, keep_punctuation=False) -> ImportResult

One source file per input, in the given order (01.txt …), pictures into images/, a draft
issue.toml when the folder has none, and import-report.md listing every guess (each is also a
`# check:` line in the source). Printed back issues (.txt, .pdf) go to intake/printed.py.

Stages: docx_walk (WordprocessingML -> paragraphs, tables, with numbering text) -> classify
(-> source lines) -> write. This package imports nothing from layout or render.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ..errors import TypesetError
from .write import ImportResult, Imported, write_import

__all__ = ["import_files", "import_word", "ImportResult", "Imported", "write_import"]

WORD = (".docx", ".docm")
CONVERT = (".doc", ".wps", ".rtf", ".odt", ".wpt", ".dot", ".dotx")
PRINTED = (".txt", ".pdf")


def import_files(paths, into, *, force: bool = False, keep_seals: bool = False,
                 keep_punctuation: bool = False) -> ImportResult:
    paths = [Path(p) for p in paths]
    if not paths:
        raise TypesetError("no files to import", fix="name the Word files: build_issue.py import a.docx --into FOLDER")
    printed = [p for p in paths if p.suffix.lower() in PRINTED]
    if printed:
        if len(printed) != len(paths):
            raise TypesetError("printed back issues (.txt, .pdf) and Word files in one import",
                               file=str(printed[0]), fix="import them in separate runs, into separate folders")
        try:
            from . import printed as printed_intake
        except ImportError:
            raise TypesetError("importing printed back issues (.txt, .pdf) is not available in this version",
                               file=str(printed[0]), fix="import the Word files (.docx, .doc, .wps) instead") from None
        return printed_intake.import_printed(paths, into, force=force, keep_punctuation=keep_punctuation)
    return import_word(paths, into, force=force, keep_seals=keep_seals, keep_punctuation=keep_punctuation)


def import_word(paths, into, *, force=False, keep_seals=False, keep_punctuation=False) -> ImportResult:
    from .classify import classify
    from .docx_walk import walk

    into = Path(into)
    for p in paths:
        if not p.is_file():
            what = "is a folder, not a file" if p.is_dir() else "does not exist"
            raise TypesetError(f"the file {what}", file=str(p), fix="check the path and the name")
        if p.suffix.lower() not in WORD + CONVERT:
            raise TypesetError(f"not a Word file ({p.suffix or 'no extension'})", file=str(p),
                               fix="import .docx, .doc or .wps files (save others from Word or WPS as .docx)")
    if into.exists() and not into.is_dir():
        raise TypesetError(f"{into} is a file, not a folder", fix="give --into a folder (it is created if missing)")
    if not force and (into / "import-report.md").exists():
        raise TypesetError(f"{into / 'import-report.md'} exists: this folder holds an import already",
                           fix="import into a new folder, or add --force to replace its files")
    readable = list(paths)
    work = None
    try:
        convert = [k for k, p in enumerate(paths) if p.suffix.lower() in CONVERT]
        if convert:
            from .libreoffice import to_docx
            into.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(prefix=".import-", dir=into))
            done = to_docx([paths[k] for k in convert], [str(paths[k]) for k in convert], work)
            for k, path in zip(convert, done):
                readable[k] = path
        docs = []
        width = max(2, len(str(len(paths))))
        for n, (p, source) in enumerate(zip(paths, readable), 1):
            walked = walk(source, str(p))
            res = classify(walked, p.name, f"{n:0{width}d}", keep_seals=keep_seals,
                           keep_punctuation=keep_punctuation)
            docs.append(Imported(p.name, tuple(res.lines), tuple(res.checks), tuple(res.report),
                                 tuple(res.punctuation), tuple(res.images), res.mark, res.date))
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    return write_import(into, docs, force=force)


def main_import(argv) -> int:
    """`build_issue.py import FILE … --into FOLDER`: the CLI's import command (exit 0 or 2)."""
    import argparse
    import sys

    ap = argparse.ArgumentParser(prog="build_issue.py import",
                                 description="Turn the office's Word files (.docx, .doc, .wps) into issue sources.")
    ap.add_argument("files", nargs="+", metavar="FILE", help="Word files, in the order of the issue")
    ap.add_argument("--into", required=True, metavar="FOLDER", help="the issue source folder to write")
    ap.add_argument("--force", action="store_true", help="replace files an earlier import wrote")
    ap.add_argument("--keep-seals", action="store_true", help="keep 印章 pictures as @image lines")
    ap.add_argument("--keep-punctuation", action="store_true",
                    help="keep half-width ,;:()!? next to Chinese text as they are")
    args = ap.parse_args(argv)
    try:
        result = import_files(args.files, args.into, force=args.force, keep_seals=args.keep_seals,
                              keep_punctuation=args.keep_punctuation)
    except TypesetError as e:
        print(f"error: {e.message()}", file=sys.stderr)
        return 2
    except OSError as e:
        name = e.filename or ""
        print(f"error: {name}{': ' if name else ''}{e.strerror or e} — check that the files can be read "
              "and the folder written", file=sys.stderr)
        return 2
    sources = [f for f in result.files if f.endswith(".txt")]
    print(f"imported {len(sources)} file(s) into {result.folder}: {result.guesses} guess(es) to check "
          f"(# check: lines; see {result.report})")
    return 0
