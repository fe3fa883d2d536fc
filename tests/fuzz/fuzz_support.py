"""Shared settings of the fuzz tests: FUZZ_EXAMPLES sets the number of examples per test
(default 40 in the suite; a long run: FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/fuzz)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
settings.register_profile("fuzz", max_examples=EXAMPLES, deadline=None, derandomize=False,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                 HealthCheck.function_scoped_fixture])
FUZZ = settings.get_profile("fuzz")
