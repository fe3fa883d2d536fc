"""The column flow on made-up lines: filling, keeping headings with what follows, balancing."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from typeset.config import load_layout
from typeset.layout.flow import Flow, Slot

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def flow():
    return Flow(load_layout(ROOT / "layouts" / "gazette-a4.toml"))


def line(text="一"):
    return SimpleNamespace(runs=(), width=240.0, end=240.0, start=0, stop=1, last=False,
                           stretch=0.0, emergency=False, text=text)


def slots(n, kind="body", keep=False):
    return [Slot(line(f"{kind}{i}"), kind=kind, keep=keep, size=10.0) for i in range(n)]


def placed(flow):
    return [(p, it.column, it.grid_line, it.kind) for p, page in enumerate(flow.pages)
            for it in page.items]


def test_columns_fill_then_a_new_page(flow):
    flow.add(slots(61))
    flow.finish()
    cols = placed(flow)
    assert [c for c in cols if c[0] == 0 and c[1] == 1][-1][2] == 29
    assert sum(1 for c in cols if c[0] == 0) == 60 and cols[-1][:3] == (1, 1, 0)


def test_a_heading_is_never_last_in_a_column(flow):
    flow.add(slots(29) + slots(1, "heading1", keep=True) + slots(5))
    flow.finish()
    heading = next(c for c in placed(flow) if c[3] == "heading1")
    assert heading[1:3] == (2, 0)                        # carried to the top of column 2


def test_no_empty_line_at_the_top_of_a_column(flow):
    flow.add(slots(30) + [Slot(None)] + slots(3))
    flow.finish()
    assert [c[2] for c in placed(flow) if c[1] == 2] == [0, 1, 2]


def test_columns_are_balanced_above_a_full_width_block(flow):
    flow.add(slots(11))
    g = flow.reserve(4)
    col1 = [c for c in placed(flow) if c[1] == 1]
    col2 = [c for c in placed(flow) if c[1] == 2]
    assert (len(col1), len(col2)) == (6, 5) and g == 6 and flow.top == 10


def para(n, block, last_kept=True):
    """A paragraph of n lines (block id), its first and next-to-last lines kept (lone lines)."""
    out = [Slot(SimpleNamespace(runs=(), width=240.0, end=240.0, start=i, stop=i + 1,
                                last=i == n - 1, stretch=0.0, emergency=False, text=f"p{i}"),
                block=block, size=10.0) for i in range(n)]
    if n >= 2:
        out[0].keep = True
        out[-2].keep = last_kept
    return out


def test_a_last_line_never_stands_alone_at_a_column_top(flow):
    flow.add(slots(27) + para(4, 7))
    flow.finish()
    p = [c for c in placed(flow) if c[3] == "body"]
    tops = [c for c in p if c[1] == 2]
    assert len(tops) >= 2                               # the last line took one with it
    control = Flow(flow.lay)
    control.add(slots(27) + para(4, 7, last_kept=False))
    control.finish()
    assert [c for c in placed(control) if c[1] == 2] and \
        len([c for c in placed(control) if c[1] == 2]) == 1
