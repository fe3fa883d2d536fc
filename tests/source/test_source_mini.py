"""tests/issues/mini: a small made-up issue with every construct parses."""
from __future__ import annotations

from pathlib import Path

from typeset.model import Image, Table
from typeset.source import chars_by_style, lint, load_issue

ROOT = Path(__file__).resolve().parents[2]

MINI = ROOT / "tests" / "issues" / "mini"


def test_mini_parses():
    issue = load_issue(MINI)
    assert [s.name for s in issue.sections] == ["示例县人民政府文件", "示例县人民政府办公室文件"]
    docs = issue.documents()
    assert len(docs) == 3
    att = docs[1].attachments[0]
    table, image = att.blocks[0], att.blocks[1]
    assert isinstance(table, Table) and len(table.header) == 2 and table.header[0].cells[2].colspan == 2
    assert isinstance(image, Image) and image.width_mm == 40.0
    assert lint(MINI) == []
    assert "sub" in {s.script for b in docs[0].blocks for s in getattr(b, "spans", ())}
    assert chars_by_style(issue)["heading4"]


def test_same_input_same_model():
    assert load_issue(MINI) == load_issue(MINI)
