"""The source stage: an issue folder (issue.toml + one text file per document) -> model.Issue.

    load_issue(folder) -> Issue          every bad input raises TypesetError (file:line — fix)
    lint(folder) -> list[Finding]        typographic problems that still parse (findings.py)
    chars_by_style(issue) -> {style: {char: Where}}
"""
from __future__ import annotations

from pathlib import Path

from ..errors import TypesetError
from ..model import Issue, Section
from .chars import chars_by_style
from .document import load_document
from .issuefile import load_issue_file

__all__ = ["load_issue", "lint", "chars_by_style"]


def lint(folder: str | Path) -> list:
    """Typographic problems that still parse, as findings.Finding (imported here only: a build
    does not need it)."""
    from .findings import lint as find

    return find(folder)


def load_issue(folder: str | Path) -> Issue:
    folder = Path(folder)
    meta, entries = load_issue_file(folder)
    sections, numbers = [], {}
    for entry in entries:
        docs = []
        for name, path in entry.files:
            doc = load_document(folder, path, str(folder / name))
            if doc.number:
                if doc.number in numbers:
                    raise TypesetError(f"duplicate 文号 {doc.number} (also in {numbers[doc.number]})",
                                       file=doc.where.file, line=doc.where.line,
                                       fix="check the @number lines: each 文号 is unique")
                numbers[doc.number] = str(doc.where)
            docs.append(doc)
        sections.append(Section(entry.name, tuple(docs), entry.where))
    return Issue(meta, tuple(sections), str(folder))
