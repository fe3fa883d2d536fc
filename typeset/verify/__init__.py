"""Verification of a built issue (read back from its PDF) and the proof."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typeset.verify.checks import Checks


@dataclass(frozen=True)
class Report:
    checks: Checks
    ok: bool
    verdict: str
    drawn: int | None = None        # page images drawn (the others were the last build's)


def verdict_line(checks: Checks) -> str:
    pages_ok = sum(1 for r in checks.pages if r.ok)
    tables_ok = all(t.ok for t in checks.tables)
    fid = checks.fidelity
    parts = [f"目录 pages {pages_ok}/{len(checks.pages)}",
             f"table breaks {'ok' if tables_ok else 'MISMATCH'}",
             f"text {'ok' if fid is None or fid.ok else 'MISMATCH'}"]
    return ("verified: " if checks.ok else "NOT verified: ") + ", ".join(parts)


def page_table_text(checks: Checks) -> str:
    from typeset.verify.checks import anchor_summary

    lines = [f"{'printed':>7} {'typeset':>7} {'目录':>4}  entry"]
    for r in checks.pages:
        mark = "✓" if r.ok else "✗"
        lines.append(f"{r.printed or '-':>7} {r.typeset or '-':>7} {r.toc or '-':>6}  {mark} "
                     f"{r.number} {r.title[:30]}")
    for t in checks.tables:
        lines.append(f"table {t.where}: printed breaks {t.printed}, typeset {t.typeset} "
                     f"{'✓' if t.ok else '✗'}")
    lines.append(anchor_summary(checks))
    if checks.fidelity and not checks.fidelity.ok:
        lines.append("text fidelity: " + checks.fidelity.message)
    return "\n".join(lines)


def read_back(path, layout) -> list:
    """The built PDF's pages as read by pdfium, with what the checks derive from each."""
    from typeset.verify.checks import read_pages

    return read_pages(path, layout)


def run(result, layout, *, proof: bool = True, progress=lambda s, t: None, quiet=False,
        write=None, previous=None, link=None) -> Report:
    """Check the built PDF and write the proof next to it. `previous`: the last build's proof
    folder, whose unchanged page images are reused (`link` puts one in place; see write_proof)."""
    from typeset.verify.bounds import check_bounds
    from typeset.verify.checks import run_checks

    t0 = time.perf_counter()
    pages = read_back(result.pdf_path, layout)
    check_bounds(pages, result.laid, layout)
    checks = run_checks(result.issue, pages, layout)
    progress("verify", time.perf_counter() - t0)
    if not quiet:
        print(page_table_text(checks))
    if proof:
        from typeset.verify.proof import write_proof       # Pillow drawing, page images

        t0 = time.perf_counter()
        m = result.issue.meta
        labels = [p.label for p in pages]
        drawn = write_proof(result.pdf_path.parent / "proof", result.pdf_path, checks,
                            result.laid, result.fontset, labels,
                            f"{m.masthead} {m.year}年第{m.number}期", write, previous, link)
        progress("proof", time.perf_counter() - t0)
    else:
        drawn = None
    verdict = verdict_line(checks)
    if not quiet:
        print(verdict)
    return Report(checks, checks.ok, verdict, drawn)
