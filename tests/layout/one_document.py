"""A made-up issue of one document (the layout tests' own small inputs). No tests here."""
from __future__ import annotations

from pathlib import Path

ISSUE_TOML = (
    '[issue]\nmasthead = "示例县人民政府公报"\npinyin = "SHILIXIAN RENMIN ZHENGFU GONGBAO"\n'
    'year = 2025\nnumber = 1\ntotal = 1\ndate = "2025-06-30"\n'
    'sponsor = "示例县人民政府办公室"\npublisher = "示例县人民政府办公室"\n\n'
    '[[section]]\nname = "示例县人民政府文件"\ndocuments = ["01.txt"]\n')


def one_document(folder: Path, text: str) -> Path:
    """folder (made) holding issue.toml and 01.txt with `text`; returns folder."""
    folder.mkdir()
    (folder / "issue.toml").write_text(ISSUE_TOML, encoding="utf-8")
    (folder / "01.txt").write_text(text, encoding="utf-8")
    return folder
