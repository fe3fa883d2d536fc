"""Read a file of an issue folder safely: inside the folder, UTF-8, text only."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..errors import TypesetError

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
# invisible format characters pasted from web pages and Word: zero-width space, soft hyphen,
# direction marks, word joiner, a BOM inside the text
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# presentation forms for vertical text (︵ ︶ ︒ ﹁ …): in horizontal text they print sideways
_VERTICAL = re.compile(r"[\ufe10-\ufe19\ufe30-\ufe48]")
_SAVE_UTF8 = "save the file as UTF-8 (Notepad: Save As → Encoding UTF-8; or iconv -f {enc} -t UTF-8)"


def resolve_inside(folder: Path, name: str, *, file: str | None = None, line: int | None = None,
                   what: str = "file") -> Path:
    """The path of `name` inside `folder`; an error if it leaves the folder or is missing."""
    if not isinstance(name, str) or not name.strip():
        raise TypesetError(f"empty {what} name", file=file, line=line, fix="give a file name inside the issue folder")
    if "\x00" in name:
        raise TypesetError(f"{what} name {name!r} contains a NUL byte", file=file, line=line,
                           fix="give a plain file name")
    raw = Path(name)
    if raw.is_absolute() or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        raise TypesetError(f"{what} path {name!r} is absolute", file=file, line=line,
                           fix="give a path relative to the issue folder, e.g. images/seal.png")
    if ".." in re.split(r"[\\/]", name):
        raise TypesetError(f"{what} path {name!r} leaves the issue folder (..)", file=file, line=line,
                           fix="copy the file into the issue folder and name it relative to it")
    base = folder.resolve()
    path = folder / raw
    try:
        real = path.resolve()
    except (OSError, RuntimeError) as exc:   # symlink loops
        raise TypesetError(f"cannot resolve {what} {name!r}: {exc}", file=file, line=line,
                           fix="replace the link by the file itself") from None
    if real != base and base not in real.parents:
        raise TypesetError(f"{what} {name!r} is a link leading outside the issue folder ({real})",
                           file=file, line=line, fix="copy the file into the issue folder instead of linking it")
    try:
        is_file, is_dir = real.is_file(), real.is_dir()
    except OSError as exc:
        raise TypesetError(f"cannot open {what} {name!r}: {exc.strerror or exc}", file=file, line=line,
                           fix="give a short plain file name inside the issue folder") from None
    if not is_file:
        missing = "is a folder, not a file" if is_dir else "does not exist"
        raise TypesetError(f"{what} {name!r} {missing} (looked in {folder})", file=file, line=line,
                           fix="check the spelling, or add the file to the issue folder")
    return path


def _guess(data: bytes) -> str:
    for enc, label in (("gb18030", "GB18030"), ("big5", "Big5"), ("shift_jis", "Shift-JIS")):
        try:
            data.decode(enc)
        except UnicodeDecodeError:
            continue
        return label
    return ""


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, offset - start + 1


def decode(data: bytes, file: str) -> str:
    """Bytes -> text, or a TypesetError naming the encoding it looks like."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TypesetError("the file is UTF-16, not UTF-8", file=file, line=1,
                           fix=_SAVE_UTF8.format(enc="UTF-16"))
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _line_col(data, nul)
        raise TypesetError("binary data (a NUL byte): this is not a text file", file=file, line=line, column=col,
                           fix="give a plain text file; paste the text into a new UTF-8 file")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        guess = _guess(data)
        looks = f"; it looks like {guess}" if guess else ""
        raise TypesetError(f"the file is not UTF-8 (bad byte 0x{data[exc.start]:02X}){looks}",
                           file=file, line=line, column=col, fix=_SAVE_UTF8.format(enc=guess or "GB18030")) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_bytes(path: Path, file: str, limit: int = -1) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(limit)
    except OSError as exc:
        raise TypesetError(f"cannot read the file: {exc.strerror or exc}", file=file,
                           fix="check that the file exists and is readable") from None


def check_text(line: str, file: str, number: int) -> None:
    """Control, invisible and vertical-form characters are errors (at file:number:column)."""
    bad = _CONTROL.search(line) or _INVISIBLE.search(line)
    if bad:
        kind = "control" if _CONTROL.match(bad.group()) else "invisible"
        raise TypesetError(f"{kind} character U+{ord(bad.group()):04X} in the text", file=file, line=number,
                           column=bad.start() + 1, fix="delete it (it is invisible; retype the line if needed)")
    bad = _VERTICAL.search(line)
    if bad:
        ch = bad.group()
        raise TypesetError(f"vertical-form punctuation {ch} (U+{ord(ch):04X}) in horizontal text",
                           file=file, line=number, column=bad.start() + 1,
                           fix=f"write {horizontal(ch)} instead ({ch} is drawn for vertical text)")


def horizontal(ch: str) -> str:
    """The horizontal mark a vertical presentation form stands for (full width in Chinese)."""
    plain = unicodedata.normalize("NFKC", ch)
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in plain)


def read_lines(path: Path, file: str) -> list[str]:
    """The file's lines (without newlines); control characters are errors."""
    lines = decode(read_bytes(path, file), file).split("\n")
    for number, line in enumerate(lines, 1):
        check_text(line, file, number)
    return lines
