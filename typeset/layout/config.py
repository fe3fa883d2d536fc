"""The layout file (layouts/*.toml): read, check against a schema, and give typed access.

The schema is data: section -> key -> default. A key missing from the file takes the
default; an unknown key or a wrong type is an error naming file:line and the nearest key.
"""
from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from typeset.errors import TypesetError

MM = 72 / 25.4

SCHEMA: dict[str, dict[str, object]] = {
    "page": {"width_mm": 210.0, "height_mm": 297.0, "body_starts_recto": True, "pdfa": "2u",
             "punctuation": "mainland", "squeeze": True},
    "grid": {"columns": 2, "chars": 24, "lines": 30, "size": 10.0, "pitch": 21.0, "gutter": 2.0,
             "top_mm": 37.0, "max_stretch": 0.5},
    "document": {"start": "page", "section_start": "page", "after_attachments": "page",
                 "attachment_start": "page", "enclosure_start": "run-on", "balance": True},
    "head": {"size": 9.0, "role": "song", "y_mm": 26.0, "rule_mm": 28.0, "rule_width": 0.5,
             "even": "{masthead}", "odd": "{year}年第{number}期", "odd_section": True},
    "folio": {"size": 9.0, "role": "song", "y_mm": 282.0, "format": "— {n} —", "position": "outer"},
    "colors": {"text": "#000000", "rule": "#000000", "masthead": "#c8161d"},
    "table": {"header_role": "hei", "body_role": "song", "note_role": "song", "size": 9.0,
              "leading": 12.0, "pad_x": 3.0, "pad_y": 3.0, "rule_width": 0.5,
              "form_row_height": 22.0, "landscape": True},
    "cover": {"masthead_role": "title", "masthead_size": 40.0, "masthead_y_mm": 80.0,
              "pinyin_size": 11.0, "year_size": 28.0, "year_y_mm": 150.0, "number_size": 16.0},
    "titlepage": {"masthead_size": 26.0, "y_mm": 70.0},
    "toc": {"heading": "目　录", "heading_size": 18.0, "section_role": "hei", "entry_role": "song",
            "size": 10.5, "pitch": 22.0, "leader": ".", "top_mm": 45.0},
    "colophon": {"role": "song", "size": 10.0, "pitch": 20.0, "y_mm": 220.0},
}
STYLE_KEYS: dict[str, object] = {
    "role": "song", "size": 0.0, "indent": 0.0, "align": "justify", "lines": 1, "space_before": 0,
    "space_after": 0, "right_indent": 0.0, "keep_with_next": False,
}
FONT_KEYS = {"file": "", "index": 0, "candidates": [], "fallback": []}
CHOICES = {
    ("document", "start"): ("page", "column", "run-on"),
    ("document", "attachment_start"): ("page", "column", "run-on"),
    ("document", "section_start"): ("page", "column", "run-on"),
    ("document", "after_attachments"): ("page", "column", "run-on"),
    ("document", "enclosure_start"): ("page", "column", "run-on"),
    ("folio", "position"): ("outer", "center"),
    ("page", "pdfa"): ("2u", "2b", "3u"),
    ("page", "punctuation"): ("mainland", "quanjiao", "kaiming"),
    ("style", "align"): ("justify", "left", "center", "right"),
}
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


class Part:
    """Read-only attribute access to one checked section."""

    def __init__(self, values: dict):
        self.__dict__.update(values)            # plain attribute lookups (the layout reads often)
        self.__dict__["_v"] = MappingProxyType(dict(values))

    def __setattr__(self, name, value):
        raise AttributeError("layout values are read-only")

    def __reduce__(self):
        return Part, (dict(self._v),)

    def get(self, key, default=None):
        return self._v.get(key, default)


@dataclass(frozen=True)
class Layout:
    path: str
    page: Part
    grid: Part
    document: Part
    head: Part
    folio: Part
    colors: Part
    table: Part
    cover: Part
    titlepage: Part
    toc: Part
    colophon: Part
    styles: dict[str, Part]
    fonts: dict[str, dict]

    @property
    def page_width(self) -> float:
        return self.page.width_mm * MM

    @property
    def page_height(self) -> float:
        return self.page.height_mm * MM

    @property
    def column_width(self) -> float:
        return self.grid.chars * self.grid.size

    @property
    def gutter(self) -> float:
        return self.grid.gutter * self.grid.size

    @property
    def body_width(self) -> float:
        g = self.grid
        return g.columns * self.column_width + (g.columns - 1) * self.gutter

    @property
    def left(self) -> float:
        return (self.page_width - self.body_width) / 2

    @property
    def top(self) -> float:
        return self.grid.top_mm * MM

    def folio_y(self, page_height: float) -> float:
        """The folio's baseline on a page of that height (a landscape page keeps the distance
        from the bottom edge)."""
        return page_height - (self.page_height - self.folio.y_mm * MM)

    @property
    def body_height(self) -> float:
        return self.grid.lines * self.grid.pitch

    def style(self, name: str) -> Part:
        try:
            return self.styles[name]
        except KeyError:
            raise TypesetError(f"the layout has no style [styles.{name}]", file=self.path,
                               fix=f"add a [styles.{name}] table") from None


def _line_of(text: str, key: str, section: str | None = None) -> int | None:
    pattern = re.compile(rf"^[ \t]*\[?[ \t]*{re.escape(key)}[ \t]*[\]=]", re.M)
    start = 0
    if section:
        m = re.search(rf"^[ \t]*\[{re.escape(section)}\]", text, re.M)
        start = m.start() if m else 0
    m = pattern.search(text, start)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _check(path: str, text: str, section: str, values: dict, schema: dict) -> dict:
    out = dict(schema)
    for key, value in values.items():
        if key not in schema:
            near = difflib.get_close_matches(key, list(schema), n=1)
            fix = f"did you mean '{near[0]}'?" if near else f"valid keys: {', '.join(schema)}"
            raise TypesetError(f"unknown key '{key}' in [{section}]", file=path,
                               line=_line_of(text, key, section), fix=fix)
        want = schema[key]
        ok = isinstance(value, type(want)) or (isinstance(want, float) and isinstance(value, int)
                                                and not isinstance(value, bool))
        if isinstance(want, int) and not isinstance(want, bool) and isinstance(value, bool):
            ok = False
        if not ok:
            raise TypesetError(f"[{section}] {key} must be {type(want).__name__}, not {value!r}",
                               file=path, line=_line_of(text, key, section),
                               fix=f"write it like {key} = {want!r}")
        if isinstance(want, float):
            value = float(value)
        choices = CHOICES.get((section.split(".")[0] if not section.startswith("styles") else "style", key))
        if choices and value not in choices:
            raise TypesetError(f"[{section}] {key} = {value!r} is not one of {', '.join(choices)}",
                               file=path, line=_line_of(text, key, section),
                               fix=f"choose one of {', '.join(choices)}")
        if section == "colors" and not COLOR.match(value):
            raise TypesetError(f"[colors] {key} = {value!r} is not an sRGB colour", file=path,
                               line=_line_of(text, key, section), fix='write it as "#rrggbb"')
        out[key] = value
    return out


def load_layout(path: str | Path) -> Layout:
    path = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TypesetError("layout file not found", file=path,
                           fix="name an existing file, e.g. layouts/gazette-a4.toml") from None
    except (UnicodeDecodeError, OSError) as e:
        raise TypesetError(f"cannot read the layout file ({e.__class__.__name__})", file=path,
                           fix="save it as UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        raise TypesetError(f"not valid TOML: {e}", file=path, line=int(m.group(1)) if m else None,
                           fix="check the quotes, brackets and '=' on that line") from None
    known = set(SCHEMA) | {"styles", "fonts"}
    for key in data:
        if key not in known:
            near = difflib.get_close_matches(key, sorted(known), n=1)
            raise TypesetError(f"unknown section [{key}]", file=path, line=_line_of(text, key),
                               fix=f"did you mean [{near[0]}]?" if near else "remove it")
    parts = {name: Part(_check(path, text, name, data.get(name, {}), schema))
             for name, schema in SCHEMA.items()}
    base = parts["grid"].size
    styles = {}
    for name, values in data.get("styles", {}).items():
        checked = _check(path, text, f"styles.{name}", values, STYLE_KEYS)
        if not checked["size"]:
            checked["size"] = base
        styles[name] = Part(checked)
    # only the keys written: the fonts stage reads "file", "candidates" and "fallback" as given
    fonts = {role: {k: v for k, v in _check(path, text, f"fonts.{role}", values, FONT_KEYS).items()
                    if k in values}
             for role, values in data.get("fonts", {}).items()}
    layout = Layout(path=path, styles=styles, fonts=fonts, **parts)
    _check_geometry(layout, text)
    return layout


def _check_geometry(lay: Layout, text: str) -> None:
    g = lay.grid
    where = dict(file=lay.path)
    if g.columns < 1 or g.chars < 1 or g.lines < 1 or g.size <= 0 or g.pitch <= 0:
        raise TypesetError("the grid needs at least one column of one character and one line",
                           line=_line_of(text, "grid"), fix="set columns, chars, lines, size and pitch "
                           "to positive numbers", **where)
    if g.pitch < g.size:
        raise TypesetError(f"the line pitch {g.pitch} pt is smaller than the body size {g.size} pt",
                           line=_line_of(text, "pitch", "grid"), fix="set pitch ≥ size", **where)
    if lay.body_width > lay.page_width:
        raise TypesetError(f"{g.columns} columns of {g.chars} characters at {g.size} pt are "
                           f"{lay.body_width:.0f} pt wide, wider than the page ({lay.page_width:.0f} pt)",
                           line=_line_of(text, "chars", "grid"),
                           fix="use fewer characters per line, a smaller size or fewer columns", **where)
    for name, st in lay.styles.items():
        room = lay.column_width
        if st.size > room:
            raise TypesetError(f"[styles.{name}] size {st.size} pt is wider than a column "
                               f"({room:.0f} pt)", line=_line_of(text, "size", f"styles.{name}"),
                               fix="use a smaller size", **where)
        if (st.indent + st.right_indent) * g.size + st.size > room:
            key = "indent" if st.indent >= st.right_indent else "right_indent"
            raise TypesetError(f"[styles.{name}] leaves no room for a character in a column "
                               f"({st.indent} + {st.right_indent} em of {g.chars})",
                               line=_line_of(text, key, f"styles.{name}"),
                               fix=f"use a smaller {key}", **where)
    for role, font in lay.fonts.items():
        if font.get("file") and not Path(font["file"]).expanduser().is_file():
            raise TypesetError(f"[fonts.{role}] file {font['file']} does not exist",
                               line=_line_of(text, "file", f"fonts.{role}"),
                               fix="name an existing font file (absolute, or relative to the "
                                   "folder you build from)", **where)
    if lay.top + lay.body_height > lay.page_height:
        raise TypesetError(f"{g.lines} lines at a pitch of {g.pitch} pt from {g.top_mm} mm do not fit "
                           f"the page height", line=_line_of(text, "lines", "grid"),
                           fix="use fewer lines, a smaller pitch or a smaller top_mm", **where)
