"""The font configuration: role -> ordered candidates, from fonts/fonts.toml, fonts/local.toml
and the layout's overrides. Data only: parsed with tomllib, never evaluated."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from typeset.config import FontOverride
from typeset.errors import TypesetError

ROLES = ("title", "song", "hei", "kai", "fang")

FONTS_DIR = Path(__file__).resolve().parents[2] / "fonts"

# Characters every role's prepared font holds when the font has them, besides the text's own:
# printable ASCII (page numbers, dates, Latin), the 目录 leaders, the brackets of 文号 and section
# names, and the words the layout prints itself. They are optional: a font that lacks one is
# no error (only the characters passed in chars_by_role are checked).
ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F)) + (
    "\u3000—–·…‥．。，、：；？！“”‘’（）〔〕【】《》〈〉「」『』"
    "第期总年月日页目录附件号共一二三四五六七八九十〇"
)

_KEYS = {"family", "style", "file", "index", "package"}


@dataclass(frozen=True)
class Candidate:
    """One way to find a font: a file (+ index in a .ttc) and/or a fontconfig family and style."""
    family: str = ""
    style: str = ""
    file: str = ""
    index: int = 0
    package: str = ""

    def label(self) -> str:
        name = " ".join(p for p in (self.family, self.style) if p)
        if self.file:
            name = f"{name} ({self.file})" if name else self.file
        return name


def parse_candidate(data: object, origin: str) -> Candidate:
    """A candidate from a TOML table; `origin` names where it came from, for errors."""
    if not isinstance(data, dict):
        raise TypesetError(f"a font candidate must be a table, got {data!r}", file=origin,
                           fix='write e.g. {file = "/path/font.ttf", index = 0}')
    unknown = set(data) - _KEYS
    if unknown:
        raise TypesetError(f"unknown font candidate keys {sorted(unknown)}", file=origin,
                           fix=f"use only {sorted(_KEYS)}")
    index = data.get("index", 0)
    if not isinstance(index, int) or index < 0:
        raise TypesetError(f"font index must be a whole number ≥ 0, got {index!r}", file=origin)
    for key in ("family", "style", "file", "package"):
        if not isinstance(data.get(key, ""), str):
            raise TypesetError(f"font candidate {key} must be a string", file=origin)
    if not data.get("file") and not data.get("family"):
        raise TypesetError("a font candidate needs a file or a family", file=origin)
    return Candidate(family=data.get("family", ""), style=data.get("style", ""),
                     file=data.get("file", ""), index=index, package=data.get("package", ""))


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise TypesetError(f"bad TOML: {e}", file=str(path)) from None


def load_config(fonts_dir: Path | None = None) -> dict[str, list[Candidate]]:
    """Role -> candidates from fonts.toml; a role in local.toml (if present) replaces that role."""
    fonts_dir = Path(fonts_dir or FONTS_DIR)
    config: dict[str, list[Candidate]] = {}
    for name in ("fonts.toml", "local.toml"):
        path = fonts_dir / name
        if name == "local.toml" and not path.exists():
            continue
        for role, entries in _read_toml(path).items():
            if role not in ROLES:
                raise TypesetError(f"unknown font role {role!r}", file=str(path),
                                   fix=f"use one of {', '.join(ROLES)}")
            if not isinstance(entries, list):
                entries = [entries]
            config[role] = [parse_candidate(e, str(path)) for e in entries]
    return config


@dataclass(frozen=True)
class RolePlan:
    """What to look for, for one role: candidates in order, whether the first is an explicit file
    (then a missing file is an error of its own), and fallback candidate lists in order."""
    candidates: tuple[Candidate, ...]
    explicit: bool
    fallbacks: tuple[tuple[Candidate, ...], ...]


def plan_roles(config: dict[str, list[Candidate]], overrides: Mapping[str, FontOverride] | None,
               roles) -> dict[str, RolePlan]:
    """Apply the layout's [fonts] overrides: a file (and index), or a list of candidates, and
    fallbacks. A fallback item is a candidate table or the name of another role (its candidates)."""
    overrides = overrides or {}
    for role in overrides:
        if role not in ROLES:
            raise TypesetError(f"unknown font role {role!r} in the layout's fonts",
                               fix=f"use one of {', '.join(ROLES)}")
    origin = "layout [fonts]"
    none = FontOverride()
    main: dict[str, tuple[tuple[Candidate, ...], bool]] = {}
    for role in ROLES:
        ov = overrides.get(role, none)
        if ov.file is not None:
            cand = parse_candidate({"file": ov.file, "index": ov.index}, origin)
            main[role] = ((cand,), True)
        elif ov.candidates is not None:
            main[role] = (tuple(parse_candidate(c, origin) for c in ov.candidates), False)
        else:
            main[role] = (tuple(config.get(role, ())), False)
    plans = {}
    for role in roles:
        if role not in ROLES:
            raise TypesetError(f"unknown font role {role!r}", fix=f"use one of {', '.join(ROLES)}")
        fallbacks = []
        for item in overrides.get(role, none).fallback:
            if isinstance(item, str):
                if item not in ROLES:
                    raise TypesetError(f"fonts.{role}.fallback names unknown role {item!r}",
                                       file=origin, fix=f"use one of {', '.join(ROLES)}")
                fallbacks.append(main[item][0])
            else:
                fallbacks.append((parse_candidate(item, origin),))
        cands, explicit = main[role]
        plans[role] = RolePlan(cands, explicit, tuple(fallbacks))
    return plans
