"""Typographic checks on source that parses: punctuation width, balance, 文号 brackets, dates."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..model import Where
from .issuefile import load_issue_file
from .readfile import read_lines

FULL_WIDTH = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
PAIRS = {"“": "”", "‘": "’", "（": "）", "《": "》", "〔": "〕", "【": "】", "〈": "〉"}
CLOSERS = {v: k for k, v in PAIRS.items()}
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f〇"
_HALF = re.compile(rf"(?<=[{HAN}])[,;:()!?]|[,;:()!?](?=[{HAN}])")
_NUMBER_BRACKETS = re.compile(rf"(?<=[{HAN}])([\[【(（［]\s*(?:19|20)\d\d\s*[\]】)）］])(?=\d+号)")
_DATE_SEP = re.compile(r"(?<![\d.])((?:19|20)\d\d)([-./])(\d{1,2})\2(\d{1,2})(?![\d.])")
_DATE_ZERO = re.compile(r"((?:19|20)\d\d)年(\d{1,2})月(?:(\d{1,2})日)?")


@dataclass(frozen=True)
class Finding:
    where: Where
    message: str
    column: int = 0

    def __str__(self) -> str:
        col = f":{self.column}" if self.column else ""
        return f"{self.where}{col}: {self.message}"


def lint_line(text: str, balance: bool = True) -> list[tuple[int, str]]:
    """(column, message) for each problem in one line of source text."""
    out: list[tuple[int, str]] = []
    for m in _HALF.finditer(text):
        ch = m.group()
        out.append((m.start() + 1, f"half-width {ch!r} next to Chinese text — write {FULL_WIDTH[ch]!r}"))
    for m in _NUMBER_BRACKETS.finditer(text):
        year = re.search(r"\d{4}", m.group(1)).group()
        out.append((m.start(1) + 1, f"文号 brackets {m.group(1)!r} — write 〔{year}〕"))
    for m in _DATE_SEP.finditer(text):
        y, _, mo, d = m.groups()
        out.append((m.start() + 1, f"date {m.group()!r} — write {int(y)}年{int(mo)}月{int(d)}日"))
    for m in _DATE_ZERO.finditer(text):
        y, mo, d = m.groups()
        if mo.startswith("0") or (d and d.startswith("0")):
            good = f"{y}年{int(mo)}月" + (f"{int(d)}日" if d else "")
            out.append((m.start() + 1, f"date {m.group()!r} has a leading zero — write {good}"))
    if balance:
        out.extend(_balance(text))
    return sorted(out)


def _balance(text: str) -> list[tuple[int, str]]:
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch in PAIRS:
            stack.append((ch, i))
        elif ch in CLOSERS:
            if stack and stack[-1][0] == CLOSERS[ch]:
                stack.pop()
            elif stack:
                opener, at = stack[-1]
                return [(i + 1, f"{ch!r} closes {opener!r} (column {at + 1}) — expected {PAIRS[opener]!r}")]
            else:
                return [(i + 1, f"{ch!r} with no opening {CLOSERS[ch]!r}")]
    return [(at + 1, f"{opener!r} is never closed in this line — add {PAIRS[opener]!r}") for opener, at in stack]


def lint_file(path: Path, file: str) -> list[Finding]:
    findings = []
    lines = read_lines(path, file)
    for number, line in enumerate(lines, 1):
        stripped = line.lstrip()
        if not stripped or stripped.startswith("#") or stripped.startswith(("@image", "@number")):
            continue
        title = stripped.startswith("@title ")
        for col, message in lint_line(line, balance=not title):
            findings.append(Finding(Where(file, number), message, col))
        previous = lines[number - 2].lstrip() if number > 1 else ""
        if title and not previous.startswith("@title "):     # a title's lines are balanced together
            group = []
            for nxt in lines[number - 1:]:
                if not nxt.lstrip().startswith("@title "):
                    break
                group.append(nxt.lstrip()[len("@title "):])
            for col, message in _balance("".join(group)):
                findings.append(Finding(Where(file, number), "title: " + message))
    return findings


def lint(folder: str | Path) -> list[Finding]:
    """Findings for every document of the issue in `folder`, in file and line order."""
    folder = Path(folder)
    _, sections = load_issue_file(folder)
    findings: list[Finding] = []
    for section in sections:
        for name, path in section.files:
            findings.extend(lint_file(path, str(folder / name)))
    return findings
