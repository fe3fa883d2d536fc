"""Fuzzing: the parser raises nothing but TypesetError on any text (fast setting here).

A long run: FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/source/test_source_fuzz.py tests/fuzz
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from typeset.errors import TypesetError
from typeset.source import lint, load_issue

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
PIECES = st.sampled_from(["@title 甲", "@number 测政发〔2025〕1号", "@table", "@end", "---", "@note 注", "@caption 表",
                          "@form", "@printed-break", "@attachment 附件1", "@pagebreak", "@sign 某", "@image a.png",
                          "@h2 x", "@p 一、", "@bogus", "一、标题", "（一）标题。正文", "1.项。正文", "- 项", "^ | <",
                          "甲 | 乙", "a | ^ | <", "{printed}", "{x}", "_{2.5}", "^{2}", "_____", "\\", "\\{", "{", "}",
                          "\t", "\x00", "\x07", "\u2028", "〔2024〕", "[2024]", "“", "”", "（", "）", ",", "#", " ", "\n"])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=30)), max_size=40).map("".join)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=TEXT)
def test_parser_raises_only_typeset_error(make_issue, body):
    folder = make_issue({"a.txt": "@title 测试\n" + body})
    for run in (load_issue, lint):
        try:
            run(folder)
        except TypesetError as err:
            assert err.file and err.what
        except RecursionError:
            raise


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=200))
def test_any_bytes(make_issue, data):
    folder = make_issue({"a.txt": data})
    try:
        load_issue(folder)
    except TypesetError as err:
        assert err.file
