"""prepare_fonts: resolve each role's font, check glyph coverage, and prepare (or reuse) the
subset TrueType files in the cache.

Cache: <cache_dir>/<key>.ttf and <key>.json (metrics, written last: its presence means the pair is
complete). The key hashes the code version, the source file's bytes (memoized), the ttc index,
the role and level, and the character sets. A warm call stats files and reads JSON; it converts
nothing and never opens the source fonts.
"""
from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from typeset.config import FontOverride
from typeset.errors import TypesetError
from typeset.files import write_atomic

from .config import ALWAYS, ROLES, load_config, plan_roles
from .face import Face, FontSet
from .resolve import Resolver, Source, resolve

CODE_VERSION = "fonts-2"        # bump when the prepared bytes or the manifest change


def _chars(used) -> str:
    """The text's characters, sorted, without control characters (newlines, tabs)."""
    return "".join(sorted(c for c in used if unicodedata.category(c) != "Cc"))


def _where(where) -> str:
    return f" ({where})" if where else ""


def prepare_fonts(chars_by_role: dict[str, dict], overrides: Mapping[str, FontOverride] | None = None,
                  cache_dir: str | Path = ".cache/fonts", *, always: str = ALWAYS,
                  fonts_dir: str | Path | None = None, map_jobs=None) -> FontSet:
    """Prepare the faces of the roles in chars_by_role (role -> {char: Where | None}).

    `always`: characters added to every main face when the font has them (not checked).
    `map_jobs(fn, jobs)`: how cold conversions run (default: one after another; the build passes
    a parallel map).
    Raises TypesetError for a role with no installed font, a missing or broken font file, or a
    character no face of its role has."""
    cache = Path(cache_dir)
    cache.mkdir(parents=True, exist_ok=True)
    plans = plan_roles(load_config(fonts_dir), overrides, chars_by_role)
    resolver = Resolver(cache)
    faces: dict[str, Face] = {}
    fallbacks: dict[str, list[Face]] = {}
    warnings: list[str] = []
    converted: list[str] = []
    pending = {role: _chars(chars_by_role[role]) for role in ROLES if role in plans}
    level = 0
    try:
        while pending:
            sources = {}
            for role in pending:
                plan = plans[role]
                if level == 0:
                    sources[role] = resolve(resolver, role, plan.candidates, plan.explicit)
                else:
                    sources[role] = resolve(resolver, role, plan.fallbacks[level - 1], False,
                                            what=f"fallback font {level}")
            jobs = {role: _job(resolver, cache, role, level, src, pending[role],
                               always if level == 0 else "")
                    for role, src in sources.items()}
            manifests = _run(jobs, cache, map_jobs or (lambda fn, items: list(map(fn, items))))
            converted += [m["ps_name"] for role, m in manifests.items() if jobs[role].get("cold")]
            still = {}
            for role, man in manifests.items():
                face = Face(role, man["ps_name"], str(cache / man["ttf"]), sources[role].path,
                            sources[role].index, man)
                if level == 0:
                    faces[role] = face
                elif face.units:                   # a fallback that has none of them is left out
                    fallbacks.setdefault(role, []).append(face)
                    main = faces[role]
                    for ch in pending[role]:
                        if face.has(ch):
                            warnings.append(
                                f"U+{ord(ch):04X} {ch}{_where(chars_by_role[role].get(ch))} not in "
                                f"{role} font {main.family}; using fallback {face.family}")
                if man["missing"]:
                    if len(plans[role].fallbacks) > level:
                        still[role] = man["missing"]
                    else:
                        _missing_error(role, man["missing"], chars_by_role[role], faces[role], level)
            pending = still
            level += 1
    finally:
        resolver.save()
    return FontSet(MappingProxyType(faces),
                   MappingProxyType({r: tuple(fs) for r, fs in fallbacks.items()}),
                   tuple(warnings), tuple(converted))


def _job(resolver: Resolver, cache: Path, role: str, level: int, src: Source, chars: str,
         always: str) -> dict:
    prefix = role if level == 0 else f"{role}-fb{level}"
    always = "".join(sorted(set(always) - set(chars)))
    family = src.candidate.family if src.candidate.file else ""
    ident = json.dumps([CODE_VERSION, resolver.file_hash(src.path), src.index, prefix, family,
                        chars, always], ensure_ascii=False)
    key = hashlib.sha256(ident.encode()).hexdigest()[:32]
    return {"key": key, "path": src.path, "index": src.index, "prefix": prefix,
            "family": family, "chars": chars, "always": always, "out": str(cache / f"{key}.ttf")}


def _load(cache: Path, key: str) -> dict | None:
    try:
        man = json.loads((cache / f"{key}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    ttf = cache / man.get("ttf", "")
    if man.get("version") != CODE_VERSION or not ttf.is_file() or \
            ttf.stat().st_size != man.get("bytes"):        # a truncated or replaced file: rebuilt
        return None
    return man


def _run(jobs: dict[str, dict], cache: Path, map_jobs) -> dict[str, dict]:
    """Manifests by role: from the cache, or built (through map_jobs, which the caller may run
    in parallel)."""
    out, cold = {}, []
    for role, job in jobs.items():
        man = _load(cache, job["key"])
        if man is None:
            job["cold"] = True
            cold.append(role)
        else:
            out[role] = man
    if not cold:
        return out
    # Largest source first, so that parallel conversions finish together.
    cold.sort(key=lambda r: -os.path.getsize(jobs[r]["path"]))
    from . import convert          # fontTools only when something is cold (0.1 s to import)
    built = dict(zip(cold, map_jobs(convert.build_in_worker, [jobs[r] for r in cold])))
    for man in built.values():
        if "error" in man:
            err = man["error"]
            raise TypesetError(err.pop("what"), **err)
    for role, man in built.items():
        ttf = f"{jobs[role]['key']}.ttf"
        man.update(version=CODE_VERSION, ttf=ttf, bytes=(cache / ttf).stat().st_size,
                   source=jobs[role]["path"], index=jobs[role]["index"])
        write_atomic(cache / f"{jobs[role]['key']}.json",
                     json.dumps(man, ensure_ascii=False, sort_keys=True).encode())
        out[role] = man
    return out


def _missing_error(role: str, missing: str, used: dict, face: Face, level: int) -> None:
    def order(ch):
        w = used.get(ch)
        return (w is None, (w.file, w.line) if w else ("", 0), ch)
    missing = sorted(missing, key=order)                # in source order
    first = missing[0]
    where = used.get(first)
    font = f"{role} font {face.family} ({face.source})"
    if level:
        font += " or its fallbacks"
    more = ""
    if len(missing) > 1:
        rest = ", ".join(f"{c} U+{ord(c):04X}{_where(used.get(c))}" for c in missing[1:6])
        more = f"; also missing: {rest}" + (f" and {len(missing) - 6} more" if len(missing) > 6 else "")
    name = unicodedata.name(first, "")
    if _droppable(first):
        raise TypesetError(
            f"character U+{ord(first):04X} {name or 'without a name'} (no glyph: it is "
            f"{_kind(first)}) in the text{more}",
            file=where.file if where else None, line=where.line if where else None,
            fix="delete it: it came with pasted text and prints nothing a reader needs")
    other = next((r for r in ("song", "kai", "hei", "fang", "title") if r != role), "song")
    raise TypesetError(
        f"character {first} (U+{ord(first):04X}{', ' + name if name else ''}) has no glyph in "
        f"the {font}{more}",
        file=where.file if where else None, line=where.line if where else None,
        fix=f"declare a fallback for role {role} in the layout, e.g. [fonts.{role}] "
            f'fallback = ["{other}"], or choose a {role} font that has it')


def _droppable(ch: str) -> bool:
    """Characters that carry no text of their own: variation selectors, combining marks, the
    replacement character U+FFFD, private use."""
    cat = unicodedata.category(ch)
    return ch == "\ufffd" or cat in ("Mn", "Me", "Co") or "\ufe00" <= ch <= "\ufe0f" or \
        "\U000e0100" <= ch <= "\U000e01ef"


def _kind(ch: str) -> str:
    if ch == "\ufffd":
        return "the replacement mark for a character that was lost in conversion"
    if "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef":
        return "a variation selector"
    if unicodedata.category(ch) == "Co":
        return "a private-use character"
    return "a combining mark"
