"""Fixtures of the bad-input catalogue (helpers in errors_support.py)."""
from __future__ import annotations

from errors_support import bad, good_out, issue, out  # noqa: F401  (fixtures)
