from __future__ import annotations

from privacy_audit.report.text_table import display_width, text_table


def test_columns_line_up_with_chinese_and_numbers_right_aligned() -> None:
    table = text_table([["PA101", "通讯录", 12], ["PA1", "address book", 3]], ["rule", "title", "apps"])
    assert table.splitlines() == [
        "rule   title         apps",
        "-----  ------------  ----",
        "PA101  通讯录          12",
        "PA1    address book     3",
    ]
    assert {display_width(line) for line in table.splitlines()} == {25}


def test_headers_only_and_text_that_looks_like_a_number() -> None:
    assert text_table([], ["a", "bb"]) == "a  bb\n-  --"
    assert text_table([["7", True]], ["id", "ok"]).splitlines()[2] == "7   True"
