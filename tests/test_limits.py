"""How sizes and size limits are worded: one wording for every input over a limit."""

from __future__ import annotations

import pytest

from privacy_audit.limits import CONFIG_SHARE, MAX_FILE_BYTES, POLICY_SHARE, KiB, MiB, config_limit, over_limit, size_text


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (1000, "1,000 bytes"),  # never "0 KiB"
        (KiB, "1 KiB"),
        (KiB + 1, "1.1 KiB"),
        (config_limit(MiB), "12.8 KiB"),  # 13,107 bytes: not "12 KiB"
        (256 * KiB, "256 KiB"),
        (5 * MiB, "5 MiB"),
        (5 * MiB + 400 * KiB, "5.4 MiB"),  # never "5 MiB"
        (MAX_FILE_BYTES + 1, "20.1 MiB"),  # just over a whole limit never prints as the limit
        (MAX_FILE_BYTES - 1, "20.0 MiB"),
    ],
)
def test_size_text(size: int, text: str) -> None:
    assert size_text(size) == text


def test_a_limit_raised_by_the_flag_and_a_share_of_it() -> None:
    assert over_limit("the policy", 6_500_000, 5 * MiB, "policies", POLICY_SHARE) == (
        "the policy is 6.2 MiB, over the 5 MiB limit for policies (1/4 of --max-file-size; raise it with --max-file-size)"
    )
    assert over_limit("the file", MAX_FILE_BYTES + 1, MAX_FILE_BYTES) == (
        "the file is 20.1 MiB, over the 20 MiB limit (raise it with --max-file-size)"
    )


def test_a_size_not_known_says_only_that_it_is_over() -> None:
    assert over_limit("the page", None, MiB) == "the page is over the 1 MiB limit (raise it with --max-file-size)"


def test_a_fixed_limit_names_no_flag() -> None:
    assert over_limit("the file", 300 * KiB, 256 * KiB, "rule files", flag=False) == (
        "the file is 300 KiB, over the 256 KiB limit for rule files"
    )


def test_a_size_in_the_same_tenth_as_its_limit_is_shown_in_bytes() -> None:
    limit = 39_000  # 38.09 KiB: it and 39,001 bytes both round up to 38.1 KiB
    assert over_limit("the file", limit + 1, limit, "JSON5 and YAML", CONFIG_SHARE) == (
        "the file is 39,001 bytes, over the 39,000 bytes limit for JSON5 and YAML "
        "(1/80 of --max-file-size; raise it with --max-file-size)"
    )
