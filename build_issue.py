#!/usr/bin/env python3
"""Build gazette issues: python build_issue.py source/2024-02 [more issue folders]

Writes out/<issue>/<issue>.pdf (the print edition, which is also the PDF/A archival file)
and the proof next to it. Exit codes: 0 built (and verified), 1 a printed reference was
not met (with --verify), 2 bad input (one message: file:line, what, how to fix).
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="build_issue.py",
        description="Typeset issues of a Chinese government gazette into print and PDF/A files.")
    p.add_argument("folders", nargs="+", metavar="ISSUE_FOLDER",
                   help="issue source folders, e.g. source/2024-02 (several: an archive rebuild)")
    p.add_argument("--layout", default=None, metavar="TOML",
                   help="layout file (default: layouts/gazette-a4.toml)")
    p.add_argument("--out", default="out", metavar="DIR",
                   help="output folder; each issue goes to DIR/<issue>/ (default: out)")
    p.add_argument("--pdfa", choices=("2u", "2b", "3u"), default=None,
                   help="PDF/A variant of the output (default: the layout's page.pdfa)")
    p.add_argument("--lint", action="store_true",
                   help="only check the sources (punctuation, brackets, 文号, dates) and list findings")
    p.add_argument("--verify", action="store_true",
                   help="exit 1 when the build misses a printed reference (目录 pages, table breaks)")
    p.add_argument("--no-proof", action="store_true",
                   help="skip the proof (report, page images, contact sheet)")
    p.add_argument("--dump", action="store_true",
                   help="also write the layout as text (out/<issue>/layout.txt)")
    p.add_argument("--quiet", action="store_true", help="print only the summary lines")
    p.add_argument("--watch", action="store_true",
                   help="build, then rebuild on every save of a source, image or the layout "
                        "file; one line per build (Ctrl-C stops)")
    return p.parse_args(argv)


def console_safe() -> None:
    """Print on any console: a character the console's encoding lacks (a GBK or cp936 log, '✓',
    '—', 𬌗) is written as an escape instead of stopping the build."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):    # not a text stream we can change (captured)
            pass


def main(argv=None) -> int:
    console_safe()
    if (sys.argv[1:] if argv is None else argv)[:1] == ["import"]:   # Word files -> sources (typeset/intake)
        from typeset.intake import main_import
        return main_import((sys.argv[1:] if argv is None else argv)[1:])
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from typeset.errors import TypesetError
    try:
        if args.lint:
            return lint(args)
        if args.watch:
            return watch(args)
        return build_all(args)
    except TypesetError as e:
        print(f"error: {e.message()}", file=sys.stderr)
        return 2
    except BrokenPipeError:         # the reader went away (| head): nothing more to say
        return 0
    except OSError as e:            # a file that cannot be read or written: bad input, not a bug
        import errno
        name = e.filename or ""
        fix = ("free some disk space, or choose another --out" if e.errno in (errno.ENOSPC, errno.EDQUOT)
               else "check that the path exists and can be read (input) or written (--out)")
        print(f"error: {name}{': ' if name else ''}{e.strerror or e} — {fix}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def lint(args) -> int:
    from typeset.source import lint as lint_folder
    total = 0
    for folder in args.folders:
        findings = lint_folder(folder)
        for f in findings:
            print(f"{f.where}: {f.message}")
        total += len(findings)
        print(f"{folder}: {len(findings)} finding(s)")
    return 1 if total else 0


def watch(args) -> int:
    """--watch: typeset.watch polls the files; each build reuses the last one's work (composed
    paragraphs here, page images through the proof's cache) and prints one line."""
    from typeset.build import DEFAULT_LAYOUT, Reuse
    from typeset.output import check_places
    from typeset.watch import watch as watch_files

    names = {folder: check_places(Path(folder), Path(args.out)) for folder in args.folders}
    reuse = {folder: Reuse() for folder in args.folders}
    layout = args.layout or DEFAULT_LAYOUT

    def build_one(folder) -> str:
        gc.collect()
        gc.disable()
        t0 = time.perf_counter()
        try:
            result, report, output = build_into(args, folder, names[folder], layout,
                                                reuse=reuse[folder])
        finally:
            gc.enable()
        seconds = time.perf_counter() - t0
        r, n = reuse[folder], len(result.laid.pages)
        images = "" if report.drawn is None else f", {report.drawn} of {n} page images drawn"
        return (f"{folder}: {n} pages, {seconds:.2f} s ({r.composed} composed, {r.reused} "
                f"reused{images}) -> {output.final / result.pdf_path.name}; {report.verdict}")

    return watch_files(args.folders, layout, build_one, skip=[args.out])


def build_into(args, folder, name: str, layout, *, progress=lambda stage, seconds: None,
               quiet=True, reuse=None):
    """Build one issue, its proof and dump into a staging folder and put it in place of
    out/<name>/ (whole, or not at all): (result, report, output)."""
    from typeset import verify
    from typeset.build import build
    from typeset.output import Output

    output = Output(Path(args.out), name)
    try:
        result = build(folder, layout_path=layout, out=args.out, pdfa=args.pdfa,
                       progress=progress, output=output, reuse=reuse)
        report = verify.run(result, result.layout, proof=not args.no_proof, progress=progress,
                            quiet=quiet, write=output.write, previous=output.final / "proof",
                            link=output.link)
        if args.dump:
            from typeset.layout import dump
            output.write(output.folder / "layout.txt", dump(result.laid.pages).encode("utf-8"))
        output.commit()
    except BaseException:
        output.abort()
        raise
    return result, report, output


def build_all(args) -> int:
    # The build makes many objects and few reference cycles: Python's cycle collector would
    # spend ~0.03 s walking them. It is off while an issue is built, and run between issues
    # (here).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build_all(args)
    finally:
        if collecting:
            gc.enable()


def _build_all(args) -> int:
    from typeset.build import DEFAULT_LAYOUT
    from typeset.output import check_places

    summaries = []
    status = 0
    names = [check_places(Path(f), Path(args.out)) for f in args.folders]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        from typeset.errors import TypesetError
        raise TypesetError(f"two issue folders are named {twice[0]}: both would be written to "
                           f"{Path(args.out) / twice[0]}", fix="build them one at a time with "
                           "different --out folders, or rename one folder")
    for n, folder in enumerate(args.folders):
        if n:
            gc.collect()
        t0 = time.perf_counter()
        step = [0]

        def progress(stage, seconds, folder=folder):
            step[0] += 1
            if not args.quiet:
                print(f"[{step[0]}] {stage:<15} {seconds:7.3f} s", flush=True)

        if not args.quiet:
            print(f"== {folder}")
        result, report, output = build_into(args, folder, names[n], args.layout or DEFAULT_LAYOUT,
                                            progress=progress, quiet=args.quiet)
        if args.verify and not report.ok:
            status = max(status, 1)
        pages = len(result.laid.pages)
        body = sum(1 for p in result.laid.pages if p.folio is not None)
        fonts = ", ".join(f"{r}={f.family}" for r, f in sorted(result.fontset.faces.items()))
        warnings = len(result.laid.problems)            # fallback glyphs are among them
        summaries.append(f"{folder}: {pages} pages ({body} body), {warnings} warning(s), "
                         f"{time.perf_counter() - t0:.2f} s -> {output.final / result.pdf_path.name}; "
                         f"{report.verdict}")
        if not args.quiet:
            print(f"fonts: {fonts}")
    for line in summaries:
        print(line)
    return status


if __name__ == "__main__":
    status = main()
    # Everything is written (and fsynced); skip tearing down the interpreter's objects (~0.03 s).
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, KeyboardInterrupt):     # a reader that went away (| head), Ctrl-C
            pass
    os._exit(status)
