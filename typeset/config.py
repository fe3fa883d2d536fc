"""The layout file (layouts/*.toml): read, checked against a schema, as frozen dataclasses.
Every stage after the source reads it (compose: styles and measures; layout: the page; render:
colours).

The schema is the dataclasses' fields: section -> key -> default. A key missing from the file takes the
default; an unknown key or a wrong type is an error naming file:line and the nearest key.
"""
from __future__ import annotations

import difflib
import math
import re
import string
import tomllib
from dataclasses import dataclass, fields
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from typeset.errors import TypesetError
from typeset.source.readfile import check_text

MM = 72 / 25.4

class Start(StrEnum):
    """Where a document or attachment starts."""
    PAGE = "page"            # a new page
    COLUMN = "column"        # a new column
    RUN_ON = "run-on"        # below what precedes, the columns above balanced


class Align(StrEnum):
    JUSTIFY = "justify"
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


class Punctuation(StrEnum):
    """clreq punctuation styles (typeset.compose)."""
    MAINLAND = "mainland"
    QUANJIAO = "quanjiao"
    KAIMING = "kaiming"


class Pdfa(StrEnum):
    A2A = "2a"               # accessible (tagged): also PDF/UA-1
    A2U = "2u"
    A2B = "2b"
    A3U = "3u"


class FolioPosition(StrEnum):
    OUTER = "outer"          # odd pages right, even left (GB/T 9704)
    CENTER = "center"


@dataclass(frozen=True)
class PageConfig:
    width_mm: float = 210.0
    height_mm: float = 297.0
    body_starts_recto: bool = True
    pdfa: Pdfa = Pdfa.A2A
    punctuation: Punctuation = Punctuation.MAINLAND
    squeeze: bool = True


@dataclass(frozen=True)
class GridConfig:
    columns: int = 2
    chars: int = 24
    lines: int = 30
    size: float = 10.0
    pitch: float = 21.0
    gutter: float = 2.0
    top_mm: float = 37.0
    max_stretch: float = 0.5


@dataclass(frozen=True)
class DocumentConfig:
    start: Start = Start.PAGE
    section_start: Start = Start.PAGE
    after_attachments: Start = Start.PAGE
    attachment_start: Start = Start.PAGE
    enclosure_start: Start = Start.RUN_ON
    balance: bool = True
    avoid_lone_lines: bool = True     # no first line alone at a column foot, no last at a top


@dataclass(frozen=True)
class HeadConfig:
    size: float = 9.0
    role: str = "song"
    y_mm: float = 26.0
    rule_mm: float = 28.0
    rule_width: float = 0.5
    even: str = "{masthead}"
    odd: str = "{year}年第{number}期"
    odd_section: bool = True


@dataclass(frozen=True)
class FolioConfig:
    size: float = 9.0
    role: str = "song"
    y_mm: float = 282.0
    format: str = "— {n} —"
    position: FolioPosition = FolioPosition.OUTER


@dataclass(frozen=True)
class ColorConfig:
    text: str = "#000000"
    rule: str = "#000000"
    masthead: str = "#c8161d"


@dataclass(frozen=True)
class TableConfig:
    header_role: str = "hei"
    body_role: str = "song"
    note_role: str = "song"
    size: float = 9.0
    leading: float = 12.0
    pad_x: float = 3.0
    pad_y: float = 3.0
    rule_width: float = 0.5
    form_row_height: float = 22.0
    landscape: bool = True


@dataclass(frozen=True)
class TitlesConfig:
    """A title given as one line, broken by typeset.compose.titles."""
    max_em: float = 22.5          # a title line's most width, in em of its size
    issuer_line: bool = True      # the issuer (发文机关) on a line of its own


@dataclass(frozen=True)
class ClosingConfig:
    """The closing block (GB/T 9704 7.3.4, 7.3.5.2), set by typeset.compose.closing; in
    characters of the body size."""
    hang: bool = True             # 附件说明: later items and wrapped lines under the first item's name
    sign_right: float = 2.0       # 署名 右空二字
    date_shift: float = 2.0       # 成文日期's first character this far right of the 署名's
    date_right: float = 2.0       # a date that would come nearer the edge: 右空二字, the 署名 moved left


@dataclass(frozen=True)
class CoverConfig:
    masthead_role: str = "title"
    masthead_size: float = 40.0
    masthead_y_mm: float = 80.0
    pinyin_size: float = 11.0
    year_size: float = 28.0
    year_y_mm: float = 150.0
    number_size: float = 16.0
    band_mm: float = 0.0          # a band of the masthead red across the top, bled off the edges


@dataclass(frozen=True)
class PressConfig:
    """The press file (typeset.press): out/<issue>/<issue>-print.pdf beside the archival one."""
    enabled: bool = False         # write it on every build (as --print does)
    spot: str = ""                # the red as this named spot colour (two-ink printing)
    icc_profile: str = ""         # the printer's CMYK profile: images converted, PDF/X-4
    condition: str = ""           # the output condition (e.g. "FOGRA39"); "" = the profile's name
    bleed_mm: float = 3.0         # around pages where something runs off the trimmed page


@dataclass(frozen=True)
class TitlePageConfig:
    masthead_size: float = 26.0
    y_mm: float = 70.0


@dataclass(frozen=True)
class TocConfig:
    heading: str = "目　录"
    heading_size: float = 18.0
    section_role: str = "hei"
    entry_role: str = "song"
    size: float = 10.5
    pitch: float = 22.0
    leader: str = "."
    top_mm: float = 45.0


@dataclass(frozen=True)
class ColophonConfig:
    role: str = "song"
    size: float = 10.0
    pitch: float = 20.0
    y_mm: float = 220.0


@dataclass(frozen=True)
class Style:
    """One element style ([styles.NAME]); size 0 in the file means the body size."""
    role: str = "song"
    size: float = 0.0
    indent: float = 0.0
    align: Align = Align.JUSTIFY
    lines: int = 1
    space_before: int = 0
    space_after: int = 0
    right_indent: float = 0.0
    keep_with_next: bool = False


@dataclass(frozen=True)
class FontOverride:
    """[fonts.ROLE]: the keys written (None: not written), as the fonts stage reads them."""
    file: str | None = None
    index: int = 0
    candidates: tuple[dict, ...] | None = None
    fallback: tuple[str | dict, ...] = ()


SECTIONS: dict[str, type] = {
    "page": PageConfig, "grid": GridConfig, "document": DocumentConfig, "head": HeadConfig,
    "folio": FolioConfig, "colors": ColorConfig, "table": TableConfig,
    "titles": TitlesConfig, "closing": ClosingConfig, "cover": CoverConfig,
    "press": PressConfig,
    "titlepage": TitlePageConfig, "toc": TocConfig, "colophon": ColophonConfig,
}


def _defaults(cls: type) -> dict[str, object]:
    return {f.name: f.default for f in fields(cls)}


SCHEMA: dict[str, dict[str, object]] = {name: _defaults(cls) for name, cls in SECTIONS.items()}
STYLE_KEYS: dict[str, object] = _defaults(Style)
FONT_KEYS = {"file": "", "index": 0, "candidates": [], "fallback": []}
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Layout:
    path: str
    page: PageConfig
    grid: GridConfig
    document: DocumentConfig
    head: HeadConfig
    folio: FolioConfig
    colors: ColorConfig
    table: TableConfig
    titles: TitlesConfig
    closing: ClosingConfig
    cover: CoverConfig
    press: PressConfig
    titlepage: TitlePageConfig
    toc: TocConfig
    colophon: ColophonConfig
    styles: Mapping[str, Style]
    fonts: Mapping[str, FontOverride]

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

    def font_roles(self) -> dict[str, str]:
        """Element style -> font role, for the styles of the issue's own text."""
        roles = {name: st.role for name, st in self.styles.items()}
        t = self.table
        roles.update({"table-header": t.header_role, "table-body": t.body_role,
                      "table-note": t.note_role, "table-caption": t.note_role})
        return roles

    def style(self, name: str) -> Style:
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
        kind = str if isinstance(want, StrEnum) else type(want)
        ok = isinstance(value, kind) or (isinstance(want, float) and isinstance(value, int)
                                                and not isinstance(value, bool))
        if isinstance(want, int) and not isinstance(want, bool) and isinstance(value, bool):
            ok = False
        if not ok:
            raise TypesetError(f"[{section}] {key} must be {kind.__name__}, not {value!r}",
                               file=path, line=_line_of(text, key, section),
                               fix=f"write it like {key} = {want!r}")
        if isinstance(want, float):
            value = float(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and \
                not (math.isfinite(value) and 0 <= value <= 100_000):
            raise TypesetError(f"[{section}] {key} = {value!r} is not a length, size or count the "
                               f"layout can use", file=path, line=_line_of(text, key, section),
                               fix=f"write a number from 0 up, like {key} = {want!r}")
        if isinstance(want, StrEnum):
            choices = [c.value for c in type(want)]
            if value not in choices:
                raise TypesetError(f"[{section}] {key} = {value!r} is not one of "
                                   f"{', '.join(choices)}", file=path,
                                   line=_line_of(text, key, section),
                                   fix=f"choose one of {', '.join(choices)}")
            value = type(want)(value)
        if (key.endswith("size") or key in ("pitch", "leading")) and 0 < value < 1 or \
                key.endswith("size") and value > 500:
            raise TypesetError(f"[{section}] {key} = {value!r} pt cannot be printed", file=path,
                               line=_line_of(text, key, section),
                               fix=f"give a size from 1 to 500 pt, like {key} = {want!r}")
        if isinstance(value, str) and section in PRINTED:
            check_text(value, path, _line_of(text, key, section) or 1)
        if (section, key) == ("toc", "leader") and (len(value) != 1 or value.isspace()):
            raise TypesetError(f"[toc] leader = {value!r} is not one character", file=path,
                               line=_line_of(text, key, section), fix='write e.g. leader = "."')
        if key in FORMATS.get(section, ()):
            _check_format(value, path, text, section, key)
        if section == "colors" and not COLOR.match(value):
            raise TypesetError(f"[colors] {key} = {value!r} is not an sRGB colour", file=path,
                               line=_line_of(text, key, section), fix='write it as "#rrggbb"')
        out[key] = value
    return out


FORMATS = {"head": ("even", "odd"), "folio": ("format",)}      # strings with {fields}
PRINTED = ("head", "folio", "toc")                               # sections whose text is printed
FIELDS = ("masthead", "year", "number", "total", "n")
SPEC = re.compile(r"^[<>^]?\d{0,2}$")                              # e.g. {n:>3}: a width under 100


def _check_format(value: str, path: str, text: str, section: str, key: str) -> None:
    where = dict(file=path, line=_line_of(text, key, section))
    try:
        parts = list(string.Formatter().parse(value))
    except ValueError as e:
        raise TypesetError(f"[{section}] {key} = {value!r}: {e}", **where,
                           fix="write a literal brace as {{ or }}") from None
    for _, field, spec, conversion in parts:
        if field is None:
            continue
        if field not in FIELDS:
            raise TypesetError(f"[{section}] {key} = {value!r} names an unknown field {{{field}}}",
                               **where, fix=f"use {', '.join('{' + f + '}' for f in FIELDS)}")
        if conversion or not SPEC.match(spec or ""):
            raise TypesetError(f"[{section}] {key} = {value!r}: the format {{{field}:{spec}}} is "
                               "not a plain width", **where, fix=f"write {{{field}}} or e.g. {{{field}:>3}}")


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
    except RecursionError:
        raise TypesetError("the layout file nests arrays or tables too deeply", file=path,
                           fix="a layout holds tables of plain values") from None
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
    parts = {name: SECTIONS[name](**_check(path, text, name, data.get(name, {}), schema))
             for name, schema in SCHEMA.items()}
    base = parts["grid"].size
    styles = {}
    for name, values in data.get("styles", {}).items():
        checked = _check(path, text, f"styles.{name}", values, STYLE_KEYS)
        if not checked["size"]:
            checked["size"] = base
        styles[name] = Style(**checked)
    fonts = {}
    for role, values in data.get("fonts", {}).items():
        _check(path, text, f"fonts.{role}", values, FONT_KEYS)
        cands = values.get("candidates")
        fonts[role] = FontOverride(file=values.get("file"), index=values.get("index", 0),
                                   candidates=None if cands is None else tuple(cands),
                                   fallback=tuple(values.get("fallback", ())))
    layout = Layout(path=path, styles=MappingProxyType(styles), fonts=MappingProxyType(fonts),
                    **parts)
    _check_geometry(layout, text)
    _check_press(layout, text)
    return layout


SPOT = re.compile(r"^[!-~](?:[ -~]{0,61}[!-~])?$")                # printable ASCII, 1-63
PROCESS = ("all", "none", "cyan", "magenta", "yellow", "black")  # not a spot colour's name


def _check_press(lay: Layout, text: str) -> None:
    """[press]: a spot name a PDF can carry, a printer's profile that is a CMYK output profile."""
    p = lay.press
    if p.spot and (not SPOT.match(p.spot) or "/" in p.spot or p.spot.lower() in PROCESS):
        raise TypesetError(f"[press] spot = {p.spot!r} cannot name a spot colour", file=lay.path,
                           line=_line_of(text, "spot", "press"),
                           fix='use the ink\'s name in ASCII letters, digits and spaces, e.g. '
                               'spot = "PANTONE 485 C" (not Cyan, Magenta, Yellow, Black, All, None)')
    if p.bleed_mm > 20:
        raise TypesetError(f"[press] bleed_mm = {p.bleed_mm:g} is more than a press trims",
                           file=lay.path, line=_line_of(text, "bleed_mm", "press"),
                           fix="printers ask for 3 mm (bleed_mm = 3)")
    c = lay.cover
    if c.band_mm and c.band_mm * MM > c.masthead_y_mm * MM - c.masthead_size:
        raise TypesetError(f"[cover] band_mm = {c.band_mm:g} reaches the masthead (at "
                           f"{c.masthead_y_mm:g} mm)", file=lay.path,
                           line=_line_of(text, "band_mm", "cover"),
                           fix="make the band narrower, or move the masthead down (masthead_y_mm)")
    if p.icc_profile:
        where = dict(file=lay.path, line=_line_of(text, "icc_profile", "press"))
        profile = Path(p.icc_profile).expanduser()
        if not profile.is_file():
            raise TypesetError(f"[press] icc_profile {p.icc_profile} is not a file", **where,
                               fix="name the printer's CMYK profile (.icc), absolute or relative "
                                   "to the folder you build from")
        from PIL import ImageCms
        try:
            icc = ImageCms.getOpenProfile(str(profile))
            space, kind = icc.profile.xcolor_space.strip(), icc.profile.device_class
        except (OSError, ImageCms.PyCMSError, AttributeError) as e:
            raise TypesetError(f"[press] icc_profile {p.icc_profile} is not an ICC profile ({e})",
                               **where, fix="ask the printer for its profile (.icc)") from None
        if space != "CMYK" or kind != "prtr":
            raise TypesetError(f"[press] icc_profile {p.icc_profile} is a {space} {kind} profile, "
                               "not a printer's CMYK profile", **where,
                               fix="name the printer's CMYK output profile (e.g. a FOGRA or "
                                   "GRACoL profile)")


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
    for name, st in lay.styles.items():
        if st.space_before + st.lines + st.space_after > g.lines:
            raise TypesetError(f"[styles.{name}] takes {st.space_before + st.lines + st.space_after} "
                               f"grid lines, more than the page's {g.lines}",
                               line=_line_of(text, "lines", "grid"),
                               fix="give the grid more lines, or the style fewer", **where)
    for role, font in lay.fonts.items():
        font_path = Path(font.file).expanduser() if font.file else None
        if font_path and font_path.exists() and not font_path.is_file():
            kind = "a folder" if font_path.is_dir() else "not a regular file"
            raise TypesetError(f"[fonts.{role}] file {font.file} is {kind}",
                               line=_line_of(text, "file", f"fonts.{role}"),
                               fix="name the font file itself (.ttf, .otf or .ttc)", **where)
        if font_path and not font_path.is_file():
            raise TypesetError(f"[fonts.{role}] file {font.file} does not exist",
                               line=_line_of(text, "file", f"fonts.{role}"),
                               fix="name an existing font file (absolute, or relative to the "
                                   "folder you build from)", **where)
    if lay.top + lay.body_height > lay.page_height:
        raise TypesetError(f"{g.lines} lines at a pitch of {g.pitch} pt from {g.top_mm} mm do not fit "
                           f"the page height", line=_line_of(text, "lines", "grid"),
                           fix="use fewer lines, a smaller pitch or a smaller top_mm", **where)
