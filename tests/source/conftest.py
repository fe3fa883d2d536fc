"""Helpers for the source-stage tests: write a small issue folder."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:        # the package is not installed; tests run from a clone
    sys.path.insert(0, str(ROOT))
SEED = ROOT / "tests" / "data" / "seed-2024-02.txt"   # ../shared/seeds/000_e8ad83ac24e3510e.txt

ISSUE_TOML = """[issue]
masthead = "测试公报"
pinyin = "CESHI GONGBAO"
year = 2025
number = 1
total = 1
date = "2025-01-31"
sponsor = "测试办公室"
publisher = "测试办公室"

[colophon]
"电话" = "（0000）1234567"

[[section]]
name = "测试文件"
documents = {documents}
"""

DOC = "@title 测试县人民政府\n@title 关于测试的通知\n@number 测政发〔2025〕1号\n\n正文。\n"


@pytest.fixture
def issue_toml():
    """issue_toml(["a.txt", …]) -> the text of a valid issue.toml listing those documents."""
    return lambda names: ISSUE_TOML.format(documents="[" + ", ".join(f'"{n}"' for n in names) + "]")


@pytest.fixture
def make_issue(tmp_path):
    """make_issue({"a.txt": text, …}, toml=None) -> folder. Documents are listed in the given order."""
    def make(docs: dict[str, str | bytes], toml: str | None = None, listed: list[str] | None = None) -> Path:
        folder = tmp_path / "issue"
        folder.mkdir(exist_ok=True)
        for name, text in docs.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        names = list(docs) if listed is None else listed
        listing = "[" + ", ".join(f'"{n}"' for n in names) + "]"
        (folder / "issue.toml").write_text(toml if toml is not None else ISSUE_TOML.format(documents=listing),
                                           encoding="utf-8")
        return folder
    return make


@pytest.fixture
def one_doc(make_issue):
    """one_doc(body) -> the parsed Document whose text is DOC's header plus `body`."""
    from typeset.source import load_issue

    def parse(body: str, header: str = "@title 测试县人民政府\n@title 关于测试的通知\n@number 测政发〔2025〕1号\n"):
        return load_issue(make_issue({"a.txt": header + body})).documents()[0]
    return parse
