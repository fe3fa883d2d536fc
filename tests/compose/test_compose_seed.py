"""Every paragraph of source/2024-02 at 24 characters a line: zero rule violations, with
squeezing allowed (the default) and forbidden (the calibrated print layout)."""
from __future__ import annotations

import pytest

from compose_check import violations
from compose_seed import BODY, advance, paragraphs
from typeset.compose import compose_paragraph

WIDTH = 24 * BODY


@pytest.fixture(scope="module", params=[True, False], ids=["squeeze", "push-out"])
def composed(request):
    out = []
    for runs in paragraphs():
        text = "".join(r.text for r in runs)
        out.append((text, compose_paragraph(runs, WIDTH, advance, em=BODY, squeeze=request.param)))
    return out


def test_seed_has_body_text(composed):
    chars = sum(len(t) for t, _ in composed)
    assert len(composed) > 250 and chars > 27000


def test_seed_zero_violations(composed):
    found = []
    for text, lines in composed:
        found += [f"{text[:16]}…: {v}" for v in violations(text, lines, WIDTH)]
    assert found == []


def test_seed_mostly_on_the_grid(composed):
    lines = [ln for _, ls in composed for ln in ls if not ln.last]
    exact = sum(1 for ln in lines if ln.stretch == 0 and ln.shrink == 0)
    assert exact / len(lines) > 0.6          # most lines need no adjustment at all
    assert max(ln.stretch for ln in lines) < 0.5


def test_seed_checker_can_fail(composed):
    text, lines = next((t, ls) for t, ls in composed if len(ls) > 2)
    bad = [lines[0]._replace(end=lines[0].end - 1)] + lines[1:]
    assert violations(text, bad, WIDTH)


def test_checker_catches_a_breaker_without_rules(monkeypatch):
    # With every position allowed, lines start with ， and numbers split: the checker must see it.
    import typeset.compose.items as items
    monkeypatch.setattr(items, "break_opportunities", lambda text: [True] * (len(text) + 1))
    found = []
    for runs in paragraphs():
        text = "".join(r.text for r in runs)
        found += violations(text, compose_paragraph(runs, WIDTH, advance, em=BODY), WIDTH)
    assert any("starts with" in v for v in found) and any("ends with" in v for v in found)
