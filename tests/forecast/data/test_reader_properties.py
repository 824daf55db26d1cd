"""Property tests of the readers: every mutation of a real SDMX file or release sheet is parsed or
refused with a GrowthsimError carrying a message, never another exception."""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forecast.data.store import Store
from tests.forecast.data.fuzz_targets import release_book, release_case, sdmx_case

settings.register_profile("store-ci", max_examples=int(os.environ.get("GROWTHSIM_FUZZ_EXAMPLES", "40")),
                          deadline=None, suppress_health_check=list(HealthCheck))
CI = settings.get_profile("store-ci")


@settings(CI)
@given(data=st.data())
def test_mutated_sdmx_is_parsed_or_refused(gso, data):
    assert sdmx_case(data, gso) in ("parsed", "refused")


@pytest.fixture(scope="module")
def book_and_context(gso, full_store):
    (path,) = sorted((gso / "monthly-releases").glob("2024-12-*.xlsx"))
    return release_book(str(path)), Store(full_store).read_latest()


@settings(CI)
@given(data=st.data())
def test_mutated_release_sheets_are_parsed_or_refused(book_and_context, data):
    book, context = book_and_context
    assert release_case(data, book, context) in ("parsed", "refused")
