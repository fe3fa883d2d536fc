"""Break opportunities against Unicode's own LineBreakTest.txt (Unicode 15.0, Debian unicode-data).

1. Our UAX #14 (typeset.compose.uax14) must agree with every case.
2. The composer's tailored opportunities (typeset.compose.breaks) must agree with every case outside the
   tailoring (no tailored character, no glue match); cases inside it are counted and reported.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from typeset.compose import break_opportunities, in_tailoring
from typeset.compose.uax14 import breaks as uax14_breaks

TEST_FILE = Path("/usr/share/unicode/auxiliary/LineBreakTest.txt")


def cases() -> list[tuple[str, list[bool], str]]:
    out = []
    for line in TEST_FILE.read_text(encoding="utf-8").splitlines():
        body = line.split("#", 1)[0].split()
        if not body:
            continue
        text = "".join(chr(int(t, 16)) for t in body if t not in ("×", "÷"))
        out.append((text, [t == "÷" for t in body if t in ("×", "÷")], line))
    return out


@pytest.fixture(scope="module")
def all_cases():
    return cases()


def test_file_has_all_cases(all_cases):
    assert len(all_cases) == 7654


def test_uax14_agrees_with_every_case(all_cases):
    wrong = [line for text, want, line in all_cases if uax14_breaks(text) != want]
    assert wrong == []


def test_tailored_agrees_outside_the_tailoring(all_cases, capsys):
    inside = [(t, w) for t, w, _ in all_cases if in_tailoring(t)]
    outside = [(t, w, line) for t, w, line in all_cases if not in_tailoring(t)]
    wrong = [line for t, w, line in outside if break_opportunities(t) != w]
    differ = sum(1 for t, w in inside if break_opportunities(t) != w)
    with capsys.disabled():
        print(f"\nLineBreakTest: {len(all_cases)} cases; {len(outside)} outside the tailoring "
              f"({len(outside) - len(wrong)} agree); {len(inside)} inside it ({differ} differ by design)")
    assert wrong == []
    assert len(outside) > 7000 and differ > 0 and len(outside) + len(inside) == len(all_cases)


@pytest.mark.parametrize("text, breaks_at", [
    ("中文，“引号”。", [1, 3, 5]),          # break before “; none before ， ” 。
    ("甲——乙", [1 + 2]),                    # —— neither starts a line nor splits
    ("甲……乙", [3]),
    ("甲·乙", [2]),                         # interpunct never starts a line
    ("甲/乙", []),                          # a slash neither starts nor ends a line
    ("见〔2024〕21号", [1]),
    ("见http://a.cn/b/c为准", [1, 16, 17]),
])
def test_tailoring_examples(text, breaks_at):
    ok = break_opportunities(text)
    assert [i for i in range(1, len(text)) if ok[i]] == breaks_at
