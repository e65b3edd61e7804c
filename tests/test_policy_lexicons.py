"""Which lexicons reading a policy compiles, and how often."""

from __future__ import annotations

from pathlib import Path

import pytest

from privacy_audit.readers import policy
from privacy_audit.readers.source import Source


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, tuple[Path, ...]]]:
    calls: list[tuple[str, tuple[Path, ...]]] = []
    real = policy.load_lexicon

    def counting(code: str, rule_dirs: tuple[Path, ...] = ()) -> object:
        calls.append((code, rule_dirs))
        return real(code, rule_dirs)

    monkeypatch.setattr(policy, "load_lexicon", counting)
    policy._compiled_lexicon.cache_clear()
    yield calls
    policy._compiled_lexicon.cache_clear()


def test_list_numbers_in_a_chinese_policy_do_not_bring_in_the_english_lexicon(compiled: list) -> None:
    text = "隐私政策\n\n1.\n\n我们会收集您的通讯录信息，用于风险控制。\n\n2.\n\n您可以随时撤回授权。\n"
    reading = policy.read_policy(Source("隐私政策.txt", text.encode("utf-8")))
    assert reading.document.language == "zh"
    assert [code for code, _ in compiled] == ["zh"]
    assert "contacts.collect" in {s.practice for s in reading.statements}


def test_a_lexicon_with_user_terms_is_compiled_once_until_they_change(compiled: list, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    (rules / "lexicons").mkdir(parents=True)
    (rules / "lexicons" / "en.yaml").write_text("objects:\n  address_book: [phonebook]\n")
    for name in ("a.md", "b.md"):
        reading = policy.read_policy(Source(name, b"We upload your phonebook to our servers for credit review."), (rules,))
        assert "contacts.upload" in {s.practice for s in reading.statements}
    assert compiled == [("en", (rules,))]
    (rules / "lexicons" / "en.yaml").write_text("objects:\n  address_book: [phonebook, rolodex]\n")
    reading = policy.read_policy(Source("c.md", b"We upload your rolodex to our servers for credit review."), (rules,))
    assert "contacts.upload" in {s.practice for s in reading.statements}
    assert compiled == [("en", (rules,))] * 2
