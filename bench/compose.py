"""Time the composer on every body paragraph of the seed issue at 24 characters a line.

Run: .venv/bin/python bench/compose.py      (target: <= 0.3 s for ~34,000 characters)
"""
from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from typeset.compose import compose_paragraph  # noqa: E402

_spec = importlib.util.spec_from_file_location("seed", ROOT / "tests" / "compose" / "compose_seed.py")
seed = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(seed)


def main() -> None:
    paras = seed.paragraphs()
    chars = sum(len(r.text) for p in paras for r in p)
    width = 24 * seed.BODY
    compose_paragraph(paras[0], width, seed.advance, em=seed.BODY)   # load the Unicode tables once
    times = []
    for _ in range(5):
        t = time.perf_counter()
        lines = [ln for p in paras for ln in compose_paragraph(p, width, seed.advance, em=seed.BODY)]
        times.append(time.perf_counter() - t)
    flush = sum(1 for ln in lines if ln.stretch == 0 and ln.shrink == 0)
    print(f"compose: {len(paras)} paragraphs, {chars} characters, {len(lines)} lines "
          f"({flush} set without stretch or compression, {sum(ln.emergency for ln in lines)} emergency, "
          f"{sum(ln.loose for ln in lines)} loose)")
    print(f"compose: best {min(times):.3f} s, median {sorted(times)[2]:.3f} s of 5 runs "
          f"({min(times) / chars * 1e6:.1f} us/char; {min(times) / chars * 34000:.3f} s per 34,000 characters)")


if __name__ == "__main__":
    main()
