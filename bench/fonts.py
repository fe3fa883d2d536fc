"""Font preparation speed: cold (empty temporary cache) and warm, for the default fonts.

    .venv/bin/python bench/fonts.py [--chars FILE] [--serial]

FILE: a text whose characters every role uses (default: the 2024-02 seed text).
Goals: warm <= 0.2 s for all roles; cold <= 10 s.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from typeset.fonts import ROLES, prepare_fonts  # noqa: E402
from typeset.build import parallel_map  # noqa: E402
from typeset.model import Where  # noqa: E402

SEED = ROOT.parent / "shared" / "seeds" / "000_e8ad83ac24e3510e.txt"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=Path, default=SEED, help="text file giving the character set")
    ap.add_argument("--serial", action="store_true", help="cold conversions one after another")
    args = ap.parse_args()
    text = args.chars.read_text("utf-8")
    used: dict[str, Where] = {}
    for n, line in enumerate(text.splitlines(), 1):
        for ch in line:
            used.setdefault(ch, Where(str(args.chars), n))
    chars = {role: used for role in ROLES}
    with tempfile.TemporaryDirectory() as cache:
        t0 = time.perf_counter()
        cold = prepare_fonts(chars, cache_dir=cache, map_jobs=None if args.serial else parallel_map)
        t1 = time.perf_counter()
        warm = prepare_fonts(chars, cache_dir=cache)
        t2 = time.perf_counter()
        warm.register()
        t3 = time.perf_counter()
        size = sum(Path(f.path).stat().st_size for f in cold.faces.values())
        print(f"characters: {len(used)} from {args.chars.name}; roles: {', '.join(ROLES)}")
        for role, face in cold.faces.items():
            print(f"  {role:5} {face.family} -> {Path(face.path).stat().st_size // 1024} KB")
        print(f"cold prepare: {t1 - t0:.2f} s ({len(cold.converted)} fonts converted, {size // 1024} KB)")
        print(f"warm prepare: {t2 - t1:.3f} s ({len(warm.converted)} converted)")
        print(f"register with reportlab: {t3 - t2:.3f} s; warm total {t3 - t1:.3f} s")


if __name__ == "__main__":
    main()
