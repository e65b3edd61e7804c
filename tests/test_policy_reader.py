from __future__ import annotations

import codecs

import pytest

from conftest import SAMPLES, shared
from privacy_audit.errors import InputError
from privacy_audit.readers.policy import read_policy
from privacy_audit.readers.source import Source
from privacy_audit.text.encoding import decode_text

ZH = "我们会在您授权后读取您的通讯录。\n如您逾期未还款，我们将联系您的紧急联系人。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ZH.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ZH.encode("utf-8"), "utf-8-sig"),
        (ZH.encode("utf-16"), "utf-16"),
        (ZH.encode("utf-16-le"), "utf-16-le"),
        (ZH.encode("gbk"), "gb18030"),
        (ZH.encode("gb18030"), "gb18030"),
    ],
)
def test_encodings_are_detected(data: bytes, encoding: str) -> None:
    text, used = decode_text(data, "p.txt")
    assert text.lstrip("\ufeff") == ZH
    assert used == encoding


def test_binary_file_is_refused() -> None:
    with pytest.raises(InputError, match="binary file"):
        decode_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "logo.txt")


def _read(name: str, data: bytes):
    return read_policy(Source(name, data))


def test_statements_carry_file_line_and_quote() -> None:
    reading = _read("docs/隐私政策.txt", ("标题\n\n" + ZH).encode("gbk"))
    assert reading.encoding == "gb18030"
    by_practice = {s.practice: s for s in reading.statements}
    assert by_practice["contacts.collect"].polarity == "conditional"
    assert by_practice["contacts.collect"].evidence.line == 3
    assert by_practice["contacts.collect"].evidence.file == "docs/隐私政策.txt"
    assert by_practice["emergency_contact.contact_for_collection"].evidence.line == 4
    assert by_practice["emergency_contact.contact_for_collection"].evidence.text == "如您逾期未还款，我们将联系您的紧急联系人。"


def test_html_drops_script_style_and_navigation_and_keeps_lines() -> None:
    html = """<html><head><title>通讯录</title><style>p { color: red }</style></head>
<body>
<nav><a href="/">我们会读取您的通讯录</a></nav>
<script>var s = "我们会读取您的短信";</script>
<h1>隐私政策</h1>
<p>第一段。</p>
<p>我们会读取
您的通讯录。</p>
<ul><li>我们不会读取您的短信。</li></ul>
</body></html>"""
    reading = _read("policy.html", html.encode("utf-8"))
    texts = [(s.line, s.text) for s in reading.sentences]
    assert (5, "隐私政策") in texts
    assert (7, "我们会读取您的通讯录。") in texts
    assert all("var s" not in t and "color" not in t for _, t in texts)
    practices = {(s.practice, s.polarity, s.evidence.line) for s in reading.statements}
    assert ("contacts.collect", "affirmed", 7) in practices
    assert ("sms.collect", "negated", 9) in practices
    assert not any(line == 3 for *_, line in practices), "navigation text must not be read"


def test_html_table_row_is_one_unit() -> None:
    html = "<table><tr><th>权限</th><th>用途</th></tr><tr><td>通讯录</td><td>用于填写紧急联系人</td></tr></table>"
    reading = _read("p.html", html.encode())
    assert "通讯录 | 用于填写紧急联系人" in [s.text for s in reading.sentences]


def test_markdown_markup_is_removed_and_wrapped_lines_joined() -> None:
    md = "# Privacy\n\nWhen you apply we **access your\ncontact list** to [check fraud](https://x.example).\n\n- We never read your SMS.\n"
    reading = _read("privacy.md", md.encode())
    texts = {s.text: s.line for s in reading.sentences}
    assert texts["When you apply we access your contact list to check fraud."] == 3
    assert texts["We never read your SMS."] == 6
    assert {(s.practice, s.polarity) for s in reading.statements} >= {("contacts.collect", "affirmed"), ("sms.collect", "negated")}


def test_gbk_html_sample_is_read() -> None:
    path = SAMPLES / "lending-zh-risky" / "隐私政策.html"
    reading = _read(str(path), path.read_bytes())
    assert reading.encoding == "gb18030"
    assert reading.document.language == "zh"
    assert any(s.practice == "collection.outsourced" for s in reading.statements)


def test_real_gbk_lending_policy() -> None:
    path = shared("policies/lending-zh/appch-mi_co.welab.wolaidai.txt")
    reading = _read(str(path), path.read_bytes())
    assert reading.encoding == "gb18030"
    assert reading.document.analysed
    assert len(reading.sentences) > 50


def test_real_english_html_terms() -> None:
    path = shared("policies/meta-pc-loan-terms/NG.js.html")
    reading = _read(str(path), path.read_bytes())
    assert reading.document.language == "en"
    assert any(s.practice == "emergency_contact.contact_for_collection" for s in reading.statements)


def test_policy_over_its_limit_is_refused_with_the_flag_named() -> None:
    from privacy_audit.limits import MiB

    big = Source("huge-privacy.txt", ("我们会读取您的通讯录。\n" * 200).encode(), limit=4 * 1024)
    with pytest.raises(InputError) as refused:
        read_policy(big)
    assert str(refused.value) == (
        "huge-privacy.txt: the policy is 6.7 KiB, over the 1 KiB limit for policies "
        "(1/4 of --max-file-size; raise it with --max-file-size)"
    )
    fits = Source("privacy.txt", "我们会读取您的通讯录。\n".encode(), limit=4 * MiB)
    assert read_policy(fits).statements
