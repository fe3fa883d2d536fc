"""The seed of 2024-02 (../shared/seeds/000_e8ad83ac24e3510e.txt, copied here so that the tests
need no ../shared) and how its text is read for comparison; shared by the source and the
printed-intake tests. No tests here."""
from __future__ import annotations

from pathlib import Path

from typeset.model import Paragraph, Table

SEED = Path(__file__).with_name("seed-2024-02.txt")


def seed_text(path: Path = SEED) -> tuple[str, str]:
    """(main text, colophon text) of the seed without the 目录 and the repeated table headers."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("目录")
    first_doc = next(i for i, l in enumerate(lines) if l.startswith("泽州县人民政府 关于"))
    lines = lines[:start] + lines[first_doc:]
    header = next(l for l in lines if l.startswith("序号\t项 目"))
    first = lines.index(header)
    lines = [l for i, l in enumerate(lines) if l != header or i == first]
    end = max(i for i, l in enumerate(lines) if "此件公开发布" in l) + 1
    return "\n".join(lines[:end]), "\n".join(lines[end:])


def block_text(blocks) -> list[str]:
    out = []
    for b in blocks:
        if isinstance(b, Paragraph):
            out.append(b.text)
        elif isinstance(b, Table):
            out += [p.text for p in b.caption]
            out += [c.text for row in b.header + b.rows for c in row.cells]
            out += [p.text for p in b.notes]
    return out


def model_text(issue) -> str:
    m = issue.meta
    out = [m.masthead, f"第{m.number}期（总第{m.total}期）", m.masthead, f"{m.year}年第{m.number}期 总第{m.total}期",
           f"{m.sponsor}主办"]
    for doc in issue.documents():
        out += [*doc.title_lines, doc.number, *block_text(doc.blocks)]
        for att in doc.attachments:
            out += [att.label, *att.title_lines, *block_text(att.blocks)]
    return "\n".join(out)
