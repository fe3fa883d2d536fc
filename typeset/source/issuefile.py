"""issue.toml: the issue's data (masthead, numbers, colophon) and its sections."""
from __future__ import annotations

import datetime
import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import TypesetError
from ..model import IssueMeta, Where
from .readfile import check_text, decode, read_bytes, resolve_inside

ISSUE_KEYS = {"masthead": str, "pinyin": str, "year": int, "number": int, "total": int,
              "date": str, "sponsor": str, "publisher": str}
SECTION_KEYS = {"name": str, "documents": list}
TOP_KEYS = ("issue", "colophon", "section", "typesetting")
# [typesetting]: optional per-issue choices, key -> the values allowed (the first is the default)
TYPESETTING_KEYS = {"lone_lines": ("avoid", "keep")}
_TYPE_NAMES = {str: "a string in quotes", int: "a whole number (no quotes)", list: "a list [\"…\", …]"}


@dataclass(frozen=True)
class SectionEntry:
    name: str
    files: tuple[tuple[str, Path], ...]     # (name as written, path)
    where: Where


def suggest(word: str, valid, prefix: str = "") -> str:
    """A did-you-mean fix for a misspelt key or directive."""
    near = difflib.get_close_matches(word, list(valid), n=1, cutoff=0.5)
    if near:
        return f"did you mean `{prefix}{near[0]}`?"
    return "valid: " + ", ".join(f"`{prefix}{v}`" for v in valid)


class _Locator:
    """Finds the line of a table header or key in the raw TOML text (tomllib gives none)."""

    def __init__(self, text: str):
        self.lines = text.split("\n")

    def header(self, name: str, index: int = 0) -> int:
        pattern = re.compile(r"^\s*\[+\s*" + re.escape(name) + r"\s*\]+")
        seen = 0
        for number, line in enumerate(self.lines, 1):
            if pattern.match(line):
                if seen == index:
                    return number
                seen += 1
        return 1

    def key(self, table: str, key: str, index: int = 0) -> int:
        start = self.header(table, index)
        pattern = re.compile(r"^\s*[\"']?" + re.escape(key) + r"[\"']?\s*=")
        for number in range(start, len(self.lines) + 1):
            line = self.lines[number - 1]
            if number > start and re.match(r"^\s*\[", line):
                break
            if pattern.match(line):
                return number
        return start


def _check_type(value, kind, key: str, file: str, line: int) -> None:
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if not ok:
        example = {str: f'{key} = "…"', int: f"{key} = 2024", list: f'{key} = ["01-a.txt"]'}[kind]
        raise TypesetError(f"`{key}` must be {_TYPE_NAMES[kind]}, not {type(value).__name__}",
                           file=file, line=line, fix=f"write it like {example}")


def _check_keys(table: dict, valid, name: str, loc: _Locator, file: str, index: int = 0) -> None:
    for key in table:
        if key not in valid:
            raise TypesetError(f"unknown key `{key}` in [{name}]", file=file, line=loc.key(name, key, index),
                               fix=suggest(key, valid))
    for key in valid:
        if key not in table:
            raise TypesetError(f"[{name}] has no `{key}`", file=file, line=loc.header(name, index),
                               fix=f"add a line `{key} = …` under [{name}]")


def load_issue_file(folder: Path) -> tuple[IssueMeta, list[SectionEntry]]:
    file = str(folder / "issue.toml")
    if not folder.is_dir():
        raise TypesetError(f"issue folder {folder} does not exist", fix="give the folder that holds issue.toml")
    path = resolve_inside(folder, "issue.toml", what="issue file")
    text = decode(read_bytes(path, file), file)
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise TypesetError("the file nests arrays or tables too deeply", file=file,
                           fix="issue.toml holds flat values and lists of text") from None
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        what = re.sub(r"\s*\(at line.*\)", "", msg) or "invalid TOML"
        fix = 'check quotes and brackets; text values need quotes: key = "…"'
        bad_line = text.split("\n")[int(m.group(1)) - 1] if m else ""
        if re.match(r"^\s*[^\x00-\x7f]", bad_line):
            fix = 'a Chinese key needs quotes: "电话" = "…"'
        raise TypesetError(f"not valid TOML: {what}", file=file, line=int(m.group(1)) if m else None,
                           column=int(m.group(2)) if m else None, fix=fix) from None
    loc = _Locator(text)
    for key in data:
        if key not in TOP_KEYS:
            raise TypesetError(f"unknown table `{key}`", file=file, line=loc.header(key) if loc.header(key) > 1
                               else loc.key("", key), fix=suggest(key, TOP_KEYS))
    issue = data.get("issue")
    if not isinstance(issue, dict):
        raise TypesetError("no [issue] table", file=file, line=1, fix="add [issue] with masthead, year, number, …")
    _check_keys(issue, ISSUE_KEYS, "issue", loc, file)
    for key, kind in ISSUE_KEYS.items():
        _check_type(issue[key], kind, key, file, loc.key("issue", key))
        if kind is str:
            _check_value(issue[key], key, file, loc.key("issue", key), required=key in REQUIRED)
    _check_numbers(issue, loc, file)
    try:
        datetime.date.fromisoformat(issue["date"])
    except ValueError:
        raise TypesetError(f"date {issue['date']!r} is not a date like 2024-06-30", file=file,
                           line=loc.key("issue", "date"), fix='write date = "2024-06-30" (year-month-day)') from None
    colophon = _colophon(data.get("colophon", {}), loc, file)
    lines = tuple((key, loc.key("issue", key)) for key in ISSUE_KEYS) + \
        tuple((f"colophon.{label}", loc.key("colophon", label)) for label, _ in colophon)
    meta = IssueMeta(masthead=issue["masthead"], pinyin=issue["pinyin"], year=issue["year"],
                     number=issue["number"], total=issue["total"], date=issue["date"], sponsor=issue["sponsor"],
                     publisher=issue["publisher"], colophon=colophon, where=Where(file, loc.header("issue")),
                     lines=lines, **_typesetting(data.get("typesetting", {}), loc, file))
    return meta, _sections(data.get("section"), folder, loc, file)


REQUIRED = ("masthead", "sponsor")                # text keys that may not be empty
RANGES = {"year": (1949, 2200), "number": (1, 400), "total": (1, 99999)}


def _check_value(value: str, key: str, file: str, line: int, required: bool = False) -> None:
    """A text value prints as it is: one line, no control or vertical-form characters."""
    if required and not value.strip():
        raise TypesetError(f"`{key}` is empty", file=file, line=line,
                           fix=f'write the {key}, e.g. {key} = "…"')
    if "\n" in value or "\t" in value:
        raise TypesetError(f"`{key}` holds a line break or tab (\\n, \\t)", file=file, line=line,
                           fix="write it on one line; several colophon lines are a list [\"…\", \"…\"]")
    check_text(value, file, line)


def _check_numbers(issue: dict, loc: _Locator, file: str) -> None:
    for key, (low, high) in RANGES.items():
        if not low <= issue[key] <= high:
            raise TypesetError(f"`{key} = {issue[key]}` is out of range ({low}–{high})", file=file,
                               line=loc.key("issue", key),
                               fix={"year": "write the year of the issue, e.g. year = 2024",
                                    "number": "write the issue's number within its year (期), e.g. number = 2",
                                    "total": "write the issue's running number (总期), e.g. total = 5"}[key])
    if issue["total"] < issue["number"]:
        raise TypesetError(f"`total = {issue['total']}` is less than `number = {issue['number']}`",
                           file=file, line=loc.key("issue", "total"),
                           fix="the running number (总期) counts every issue so far: at least 期")


def _typesetting(table, loc: _Locator, file: str) -> dict[str, str]:
    out = {}
    for key, value in table.items():
        if key not in TYPESETTING_KEYS:
            raise TypesetError(f"unknown key `{key}` in [typesetting]", file=file,
                               line=loc.key("typesetting", key), fix=suggest(key, TYPESETTING_KEYS))
        if value not in TYPESETTING_KEYS[key]:
            choices = " or ".join(f'"{c}"' for c in TYPESETTING_KEYS[key])
            raise TypesetError(f"[typesetting] {key} = {value!r} is not one of {choices}", file=file,
                               line=loc.key("typesetting", key), fix=f"write {key} = {choices}")
        out[key] = value
    return out


def _colophon(table, loc: _Locator, file: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(table, dict):
        raise TypesetError("[colophon] must be a table of label = value lines", file=file,
                           line=loc.header("colophon"), fix='write [colophon] then lines like 电话 = "…"')
    out = []
    for label, value in table.items():
        line = loc.key("colophon", label)
        parts = value if isinstance(value, list) and value else [value]
        if not all(isinstance(v, str) for v in parts):
            raise TypesetError(f"colophon `{label}` must be text or a list of text lines", file=file, line=line,
                               fix=f'write {label} = "…" or {label} = ["line 1", "line 2"]')
        for part in [label, *parts]:
            _check_value(part, f"colophon {label}", file, line)
        value = "\n".join(parts)
        out.append((label, value))
    return tuple(out)


def _sections(sections, folder: Path, loc: _Locator, file: str) -> list[SectionEntry]:
    if not isinstance(sections, list) or not sections:
        raise TypesetError("no [[section]]", file=file, line=1,
                           fix='add [[section]] with name = "…" and documents = ["01-….txt"]')
    out, seen = [], {}
    for index, section in enumerate(sections):
        _check_keys(section, SECTION_KEYS, "section", loc, file, index)
        _check_type(section["name"], str, "name", file, loc.key("section", "name", index))
        _check_value(section["name"], "name", file, loc.key("section", "name", index), required=True)
        line = loc.key("section", "documents", index)
        _check_type(section["documents"], list, "documents", file, line)
        if not section["documents"]:
            raise TypesetError(f"section {section['name']!r} has no documents", file=file, line=line,
                               fix='list its files: documents = ["01-….txt"], or delete the section')
        files = []
        for name in section["documents"]:
            if not isinstance(name, str):
                raise TypesetError(f"document {name!r} must be a file name in quotes", file=file, line=line,
                                   fix='write documents = ["01-anquan.txt", …]')
            path = resolve_inside(folder, name, file=file, line=line, what="document")
            key = str(path.resolve())
            if key in seen:
                raise TypesetError(f"duplicate document {name!r} (already listed in section {seen[key]!r})",
                                   file=file, line=line, fix="list each document once")
            seen[key] = section["name"]
            files.append((name, path))
        out.append(SectionEntry(section["name"], tuple(files), Where(file, loc.header("section", index))))
    return out
