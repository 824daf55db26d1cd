"""Fixtures of the app tests: one real `growthsim serve` per test module, on its own empty library."""
from __future__ import annotations

import pytest

from tests.browser import ServerDidNotStart, local_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """URL of a running server (the shipped store, a fresh library)."""
    lib = tmp_path_factory.mktemp("library") / "library.sqlite"
    try:
        with local_server(lib) as url:
            yield url
    except ServerDidNotStart as exc:
        pytest.fail(str(exc))
