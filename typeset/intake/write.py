"""Writing an import: the source files, their pictures, a draft issue.toml and import-report.md.

Shared by every importer (Word here, printed back issues in printed.py):

    docs = [Imported(...), ...]                  one per input file, in the given order
    result = write_import(into, docs, force=False)

Nothing is written unless every target can be: an existing file is refused without `force`
(issue.toml is never replaced: it is only created when the folder has none). Each file is
written atomically. The same `docs` give the same bytes, wherever the folder is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import TypesetError
from ..files import write_atomic


@dataclass(frozen=True)
class Imported:
    """One input file turned into one source file.

    source_name: the input's file name (no folder), written in the first line's comment.
    lines:       the source file's lines (no first-line comment: write_import adds it).
    checks:      (line number in `lines`, 1-based, text) of each `# check:` line.
    report:      (kind, text) lines for the report: kind "dropped", "guess" or "note".
    punctuation: (line number in `lines`, half-width character, context) of each change.
    images:      (file name under images/, bytes) of each picture kept.
    section:     the 栏目 the draft issue.toml puts it in ("" = unknown).
    date:        its 成文日期 as written ("2024年4月11日"), "" if none.
    """
    source_name: str
    lines: tuple
    checks: tuple = ()
    report: tuple = ()
    punctuation: tuple = ()
    images: tuple = ()
    section: str = ""
    date: str = ""


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote: the files (relative to the folder, in writing order), the report's
    path and the number of guesses marked `# check:`."""
    folder: str
    files: tuple = field(default_factory=tuple)
    report: str = ""
    guesses: int = 0


def source_names(count: int) -> list[str]:
    """01.txt, 02.txt … in the given order (three digits from 100 files on)."""
    width = max(2, len(str(count)))
    return [f"{n:0{width}d}.txt" for n in range(1, count + 1)]


def header_line(source_name: str) -> str:
    return f"# 原文件：{' '.join(source_name.split())}"


def write_import(into, docs, *, force: bool = False) -> ImportResult:
    into = Path(into)
    if into.exists() and not into.is_dir():
        raise TypesetError(f"{into} is a file, not a folder", fix="give --into a folder (it is created if missing)")
    names = source_names(len(docs))
    targets: dict[str, bytes] = {}
    for name, doc in zip(names, docs):
        text = "\n".join([header_line(doc.source_name), *doc.lines]).rstrip("\n") + "\n"
        targets[name] = text.encode("utf-8")
        for image, data in doc.images:
            targets[f"images/{image}"] = data
    targets["import-report.md"] = report_text(names, docs).encode("utf-8")
    toml = into / "issue.toml"
    make_toml = not toml.exists()
    if not force:
        taken = [n for n in targets if (into / n).exists()]
        if taken:
            raise TypesetError(f"{into / taken[0]} exists ({len(taken)} file(s) would be overwritten)",
                               fix="import into a new folder, or add --force to replace them")
    for name in targets:
        if (into / name).is_dir():
            raise TypesetError(f"{into / name} is a folder", fix="remove or rename it, then import again")
    if make_toml:
        targets["issue.toml"] = draft_toml(names, docs).encode("utf-8")
    for name, data in targets.items():
        write_atomic(into / name, data)
    guesses = sum(len(d.checks) for d in docs)
    return ImportResult(str(into), tuple(targets), str(into / "import-report.md"), guesses)


def report_text(names, docs) -> str:
    out = ["# Import report", "",
           "Each guess is marked `# check:` in the source file above the line it concerns: proofread",
           "those lines against the Word file. Dropped parts and other notes follow for each file.", ""]
    for name, doc in zip(names, docs):
        out += [f"## {name} ← {doc.source_name}", ""]
        rows = []
        for line, text in doc.checks:
            rows.append(f"- {name}:{line + 1}: check: {text}")
        for kind, text in doc.report:
            rows.append(f"- {kind}: {text}")
        for line, ch, context in doc.punctuation:
            rows.append(f"- {name}:{line + 1}: punctuation `{ch}` → full width in “{context}”")
        out += rows or ["- nothing to check"]
        out.append("")
    return "\n".join(out)


def draft_toml(names, docs) -> str:
    years = sorted(d.date[:4] for d in docs if d.date[:4].isdigit())
    year = years[-1] if years else "2024"
    sections: list[tuple[str, list[str]]] = []
    for name, doc in zip(names, docs):
        section = doc.section or "TODO 栏目"
        if sections and sections[-1][0] == section:
            sections[-1][1].append(name)
        else:
            sections.append((section, [name]))
    latest = max((d.date for d in docs if d.date), key=_date_key, default="")
    out = ["# Draft written by `build_issue.py import`: fill in every key marked TODO, check the",
           "# sections (one per 发文机关标志 found in the Word files), then build. See source/FORMAT.md.", "",
           "[issue]",
           'masthead = "TODO"          # TODO 刊名, e.g. 泽州县人民政府公报',
           'pinyin = "TODO"            # TODO 拼音刊名',
           f"year = {year}                # TODO check: the year of the latest document",
           "number = 1                 # TODO 期",
           "total = 1                  # TODO 总期",
           f'date = "{_iso(latest, year)}"       # TODO publication date'
           + (f" (the latest document is dated {latest})" if latest else ""),
           'sponsor = "TODO"           # TODO 主办',
           'publisher = "TODO"         # TODO 编辑出版', ""]
    for section, files in sections:
        listed = ", ".join(f'"{f}"' for f in files)
        out += ["[[section]]", f'name = "{section}"   # TODO check', f"documents = [{listed}]", ""]
    return "\n".join(out)


def _date_key(date: str):
    import re
    m = re.match(r"(\d{4})年(\d{1,2})月(\d{1,2})日", date)
    return tuple(int(x) for x in m.groups()) if m else (0, 0, 0)


def _iso(date: str, year: str) -> str:
    y, m, d = _date_key(date)
    return f"{y:04d}-{m:02d}-{d:02d}" if y else f"{year}-01-01"
