"""Text helpers of the intake: a walked paragraph's pieces -> one source line (escaped), the
punctuation a Chinese text wants, and the patterns the classifier matches."""
from __future__ import annotations

import re

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f〇"
SPACES = " \t\u3000\u00a0\u2002\u2003\u2009"
# characters the source refuses (invisible, control) that Word files carry
INVISIBLE = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u00ad\u200b-\u200f\u2028-\u202e"
                       "\u2060-\u2064\ufeff]")
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
HALF = re.compile(rf"(?<=[{HAN}])[,;:()!?]|[,;:()!?](?=[{HAN}])")
CJK_JOIN = re.compile(rf"[{HAN}，。、；：？！“”‘’（）《》〔〕【】—…·]")


def escape(text: str) -> str:
    """Plain text -> source text: braces, backslashes and bars escaped."""
    return (text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")
            .replace("|", "\\|"))


def render(pieces, *, keep_breaks: bool = False) -> str:
    """(text, kind) pieces -> source text with marks: _{sub} ^{sup}, blanks as underscores,
    footnote references as ^{n}. Line breaks become '\\n' when keep_breaks, else are dropped
    into the text (see join_lines)."""
    out = []
    for text, kind in pieces:
        text = INVISIBLE.sub("", text.replace("\t", " "))
        if kind == "blank":
            out.append("_" * max(3, len(text.replace("\n", ""))))
        elif kind in ("sub", "sup") and text.strip():
            mark = "_" if kind == "sub" else "^"
            out.append(f"{mark}{{{escape(text)}}}")
        elif kind == "note":
            out.append(f"^{{{text}}}")
        else:
            out.append(escape(text))
    joined = "".join(out)
    return joined if keep_breaks else join_lines(joined.split("\n"))


def join_lines(parts) -> str:
    """Lines of one paragraph or cell joined: nothing between Chinese text, a space between
    Latin words."""
    out = ""
    for part in parts:
        part = part.strip(SPACES)
        if not part:
            continue
        if out and not (CJK_JOIN.match(out[-1]) or CJK_JOIN.match(part[0])):
            out += " "
        out += part
    return out


def guard_start(line: str) -> str:
    """A body line that would read as a directive, comment or list item gets its escape."""
    if line.startswith(("@", "#")):
        return "\\" + line
    if line.startswith(("- ", "-\u3000")):
        return "\\" + line
    return line


def full_width(line: str) -> tuple[str, list[tuple[str, str]]]:
    """Half-width ,;:()!? next to a Chinese character -> full width; the changes made."""
    changes = []

    def swap(m):
        ch = m.group()
        a, b = max(0, m.start() - 6), m.end() + 6
        changes.append((ch, line[a:b]))
        return FULL_WIDTH[ch]
    return HALF.sub(swap, line), changes


def squeeze(text: str) -> str:
    """Spaces removed, except between two Latin letters or digits (附件说明 lines)."""
    text = re.sub(rf"[{SPACES}]+", " ", text.strip(SPACES))
    return re.sub(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])", "", text)


# patterns of the 公文 the classifier matches (data, not branches)
NUMBER = re.compile(r"^(?P<org>[\u4e00-\u9fff]{1,16})\s*(?P<open>[〔\[【(（［{﹝])\s*(?P<year>(?:19|20)\d\d)\s*"
                    r"(?P<close>[〕\]】)）］}﹞])\s*第?\s*(?P<n>\d+)\s*号(?P<rest>.*)$")
DATE = re.compile(r"^(?:19|20)\d\d年\d{1,2}月\d{1,2}日$|^二[〇零○Ｏ][一二三四五六七八九〇零○]{2}年[一二三四五六七八九十]{1,2}月"
                  r"[一二三四五六七八九十]{1,3}日$")
PUBLIC = re.compile(r"^[（(]此件[^）)]{1,12}[）)]$")
ATTACH_LABEL = re.compile(r"^附\s*件\s*([0-9０-９一二三四五六七八九十]*)\s*[:：]?$")
ATTACH_NOTE = re.compile(r"^附\s*件\s*[:：]\s*\S")
LIST_NUMBER = re.compile(r"^\s*\d+\s*[.．、]")
BANJI = re.compile(r"^(抄\s*送|主\s*送|分\s*送|主题词|印\s*发)[:：]|印\s*发$|^\S.*\d{4}年\d{1,2}月\d{1,2}日\s*印发$")
HEAD_DROP = (
    ("份号", re.compile(r"^\d{6}$")),
    ("密级", re.compile(r"^(绝密|机密|秘密)(★.*)?$")),
    ("紧急程度", re.compile(r"^(特急|加急|特提|平急)$")),
)
SEAL_WORDS = re.compile(r"章|印|seal|stamp|Seal|Stamp")
SENTENCE = "。！？；：，"
CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"十": 10}


def label_number(text: str) -> str:
    """附件 label digits -> ASCII ("附件２" -> "附件2", "附件三" -> "附件3")."""
    text = text.translate({0xFF10 + i: str(i) for i in range(10)})
    if text and not text.isdigit():
        if text == "十":
            return "10"
        if text.startswith("十"):
            return str(10 + CN_DIGITS.get(text[1:], 0))
        if len(text) == 1:
            return str(CN_DIGITS.get(text, 0)) if text in CN_DIGITS else text
    return text


def is_red(color: str) -> bool:
    if len(color) != 6:
        return False
    try:
        r, g, b = int(color[:2], 16), int(color[2:4], 16), int(color[4:], 16)
    except ValueError:
        return False
    return r >= 0xB0 and g < 0x70 and b < 0x70
