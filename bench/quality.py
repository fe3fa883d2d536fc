"""Typographic problems per kind on every test issue (tests/issues/*) and on 2024-02:
parse, fonts, compose and layout only (no rendering), as the proof finds them.

    .venv/bin/python bench/quality.py [ISSUE_FOLDER ...]
"""
from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from typeset.build import DEFAULT_LAYOUT, chars_by_role, font_cache      # noqa: E402
from typeset.compose.issue import compose_issue                          # noqa: E402
from typeset.fonts.prepare import prepare_fonts                          # noqa: E402
from typeset.layout import layout_issue, load_layout                     # noqa: E402
from typeset.layout.boxes import ProblemKind                             # noqa: E402
from typeset.source import load_issue                                    # noqa: E402


def laid_out(folder, layout_path=DEFAULT_LAYOUT):
    """The issue in `folder` laid out (no rendering): (issue, laid-out issue)."""
    layout = load_layout(layout_path)
    issue = load_issue(Path(folder))
    fontset = prepare_fonts(chars_by_role(issue, layout), overrides=layout.fonts or None,
                            cache_dir=font_cache())
    return issue, layout_issue(compose_issue(issue, layout, fontset), layout, fontset)


def counts(laid) -> Counter:
    return Counter(p.kind for p in laid.problems)


def main(argv) -> int:
    folders = [Path(a) for a in argv] or (
        sorted(p for p in (ROOT / "tests" / "issues").iterdir() if (p / "issue.toml").exists())
        + [ROOT / "source" / "2024-02"])
    kinds = list(ProblemKind)
    print("issue".ljust(22) + "".join(k.value[:12].rjust(13) for k in kinds) + "   pages    s")
    total = Counter()
    for folder in folders:
        t0 = time.perf_counter()
        _, laid = laid_out(folder)
        c = counts(laid)
        total += c
        print(folder.name.ljust(22) + "".join(str(c.get(k, 0)).rjust(13) for k in kinds)
              + f"{len(laid.pages):8d} {time.perf_counter() - t0:5.2f}")
    print("all".ljust(22) + "".join(str(total.get(k, 0)).rjust(13) for k in kinds))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
