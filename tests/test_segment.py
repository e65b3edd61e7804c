"""Blocks -> sentences with 1-based lines: Chinese and English ends, abbreviations, bounded runs."""

from __future__ import annotations

from privacy_audit.text.blocks import html_blocks, plain_text_blocks
from privacy_audit.text.segment import MAX_SENTENCE_CHARS, segment


def sentences(text: str) -> list[tuple[str, int]]:
    return [(s.text, s.line) for s in segment(plain_text_blocks(text)) if not s.is_heading]


def test_chinese_sentence_ends_and_lines() -> None:
    text = "隐私政策\n我们会收集您的通讯录。我们不会出售\n您的个人信息！\n您可以撤回授权；我们将停止处理？\n"
    assert sentences(text) == [
        ("我们会收集您的通讯录。", 2),
        ("我们不会出售您的个人信息！", 2),
        ("您可以撤回授权；", 4),
        ("我们将停止处理？", 4),
    ]


def test_a_short_line_with_a_sentence_end_is_no_heading() -> None:
    out = segment(plain_text_blocks("第一条 总则\n我们会收集您的通讯录。我们不会出售\n您的个人信息。\n"))
    assert [s.text for s in out if s.is_heading] == ["第一条 总则"]
    assert out[-1].heading == "第一条 总则"


def test_english_abbreviations_and_numbers_do_not_end_sentences() -> None:
    text = "We collect data, e.g. your name. Mr. Smith agrees. See Section 4.8 for details.\n1. First item. It was 2019. Then more.\n"
    assert sentences(text) == [
        ("We collect data, e.g. your name.", 1),
        ("Mr. Smith agrees.", 1),
        ("See Section 4.8 for details.", 1),
        ("1. First item.", 2),
        ("It was 2019.", 2),
        ("Then more.", 2),
    ]


def test_english_semicolon_joins_clauses() -> None:
    assert sentences("We read your contacts; we never sell them.\n") == [("We read your contacts; we never sell them.", 1)]


def test_a_sentence_continued_on_the_next_line_keeps_its_first_line() -> None:
    assert sentences("\n\nWe may access your\naddress book with your consent.\n") == [
        ("We may access your address book with your consent.", 3)
    ]


def test_a_very_long_run_without_sentence_end_is_bounded() -> None:
    out = segment(plain_text_blocks("我们" * 5000))
    assert len(out) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in out)
    assert "".join(s.text for s in out) == "我们" * 5000


def test_html_blocks_end_sentences_and_keep_lines() -> None:
    html = "<html><body>\n<h2>通讯录</h2>\n<p>我们会在您授权后读取\n您的通讯录。</p>\n<script>var x = '通讯录';</script>\n<li>Contacts: used to fill in references</li>\n</body></html>"
    out = segment(html_blocks(html))
    texts = [(s.text, s.line, s.is_heading) for s in out]
    assert ("通讯录", 2, True) in texts
    assert ("我们会在您授权后读取您的通讯录。", 3, False) in texts
    assert ("Contacts: used to fill in references", 6, False) in texts
    assert not any("var x" in s.text for s in out)
    assert next(s for s in out if s.text.startswith("我们")).heading == "通讯录"
