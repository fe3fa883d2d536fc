"""Fixtures: 2024-02 and every test issue built once (tagged, the default PDF/A-2a), and the
structure tree of each read back."""
from __future__ import annotations

import pytest

from structure_read import ISSUES, read_tree
from typeset.build import build


@pytest.fixture(scope="session")
def builds(tmp_path_factory):
    out = tmp_path_factory.mktemp("tagged")
    return {folder.name: build(folder, out=out) for folder in ISSUES}


@pytest.fixture(scope="session")
def trees(builds):
    return {name: read_tree(result.pdf_path) for name, result in builds.items()}
