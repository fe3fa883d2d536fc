"""The lint: punctuation width, balance, 文号 brackets, date forms."""
from __future__ import annotations

import pytest

from typeset.source import lint
from typeset.source.findings import lint_line

BAD = {
    "comma between Han": ("各乡镇人民政府,县直单位", 8, "'，'"),
    "colon after Han": ("注: 1.本表", 2, "'：'"),
    "paren before Han": ("(县安委办负责)", 1, "'（'"),
    "paren after Latin before Han": ("（PM2.5)浓度", 7, "'）'"),
    "semicolon": ("清单;落实", 3, "'；'"),
    "question": ("是否?是", 3, "'？'"),
    "unclosed quote": ("坚持“五不为过", 3, "never closed"),
    "stray closing": ("五不为过”坚持", 5, "no opening '“'"),
    "mismatched": ("《方案（试行》）", 7, "closes '（'"),
    "unclosed 〔": ("〔县能源局负责", 1, "never closed"),
    "single quotes": ("‘一件事", 1, "never closed"),
    "number [2024]": ("泽政发[2024]1号", 4, "〔2024〕"),
    "number (2024)": ("晋市政发（2024）11号", 5, "〔2024〕"),
    "number 【2024】": ("泽政发【2024】1号", 4, "〔2024〕"),
    "date dashes": ("于2024-4-11印发", 2, "2024年4月11日"),
    "date dots": ("2024.4.11", 1, "2024年4月11日"),
    "date slashes": ("2024/04/11", 1, "2024年4月11日"),
    "date zero month": ("2024年04月11日", 1, "2024年4月11日"),
    "date zero day": ("2024年4月01日", 1, "2024年4月1日"),
}

GOOD = ["PM_{2.5}年均浓度", "市场价30-40元", "网址 http://www.zezhou.gov.cn", "2024年4月11日",
        "2024-02DJ", "2024-17（东属轮毂厂）", "泽政发〔2024〕1号", "“大吨小标”“百吨王”",
        "《泽州县落实〈空气质量持续改善行动计划〉实施方案》", "1.2024年农业生产托管", "3.95万户",
        "Hello, world (ok)", "2021—2023年", "B2023-03"]


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad(case):
    text, column, hint = BAD[case]
    found = lint_line(text)
    assert any(col == column and hint in message for col, message in found), found


@pytest.mark.parametrize("text", GOOD)
def test_good(text):
    assert lint_line(text) == []


def test_lint_folder_reports_file_line_column(make_issue):
    folder = make_issue({"a.txt": "@title 甲\n# 注释里的,不查\n@p 正文,正文。\n@table\n甲 | 乙(丙\n@end\n"
                                  "@title 关于《方案\n@title 》的通知\n"})
    found = lint(folder)
    assert [str(f).split("issue/")[1] for f in found] == [
        "a.txt:3:6: half-width ',' next to Chinese text — write '，'",
        "a.txt:5:6: half-width '(' next to Chinese text — write '（'",
    ]


def test_title_lines_balance_together(make_issue):
    folder = make_issue({"a.txt": "@title 关于《方案\n@title 的通知\n正文。\n"})
    found = lint(folder)
    assert len(found) == 1 and found[0].where.line == 1 and "never closed" in found[0].message
