"""Property tests: random bytes and mutated real files, fed to every reader of untrusted input,
make it return or raise the tool's own error (PrivacyAuditError), nothing else.

The default profile tries 100 inputs per reader, so that the suite stays fast; the campaign
profile (``HYPOTHESIS_PROFILE=campaign``) tries 5,000. How long these inputs take is measured by
benchmarks/hostile.py, never here: examples have no deadline.
"""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SHARED_DATA
from hostile_inputs import mutate, readers
from privacy_audit.errors import PrivacyAuditError

settings.register_profile(
    "default", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.register_profile(
    "campaign", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def inputs(seeds: list[bytes]) -> st.SearchStrategy[bytes]:
    mutated = st.builds(lambda seed, choice: mutate(seed, random.Random(choice)), st.sampled_from(seeds), st.integers(0, 2**32))
    return st.one_of(st.binary(max_size=4096), mutated) if seeds else st.binary(max_size=4096)


@pytest.mark.parametrize("reader", sorted(readers()))
def test_reader_returns_or_raises_its_own_error(reader: str) -> None:
    read, seeds = readers()[reader]

    @given(inputs(seeds))
    def check(data: bytes) -> None:
        try:
            read(data)
        except PrivacyAuditError:
            pass

    check()


def test_every_reader_has_real_seeds() -> None:
    # Without seeds a reader would only see random bytes, which rarely get past its first check.
    unseeded = sorted(name for name, (_, seeds) in readers().items() if not seeds)
    if unseeded and not SHARED_DATA.exists():
        pytest.skip(f"{SHARED_DATA} is absent: no real seeds for {', '.join(unseeded)}")
    assert unseeded == []
