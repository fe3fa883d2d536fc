"""One cold preparation of all five roles for the session, in a temporary cache."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:      # the lead may set pythonpath in pyproject instead
    sys.path.insert(0, str(ROOT))

from typeset.fonts import ROLES, prepare_fonts  # noqa: E402
from fonts_pdfcheck import SAMPLE, used  # noqa: E402


@pytest.fixture(scope="session")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("fontcache")


@pytest.fixture(scope="session")
def fontset(cache):
    fs = prepare_fonts({role: used(SAMPLE[role]) for role in ROLES}, cache_dir=cache)
    fs.register()
    return fs
