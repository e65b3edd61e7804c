"""Language of a policy: Chinese and English are read; anything else is reported, never read as silence."""

from __future__ import annotations

import pytest

from conftest import SAMPLES, shared
from privacy_audit.readers.policy import read_policy, to_blocks
from privacy_audit.readers.source import Source
from privacy_audit.text import language
from privacy_audit.text.encoding import decode_text
from privacy_audit.text.segment import segment

# Sample text written for these tests, in the style of a lending app's policy.
INDONESIAN = (
    "Kebijakan Privasi. Kami akan mengumpulkan data kontak Anda untuk menilai kelayakan pinjaman. "
    "Jika Anda terlambat membayar, kami dapat menghubungi kontak darurat Anda. Data ini tidak akan "
    "dibagikan kepada pihak ketiga tanpa persetujuan Anda."
)
SPANISH = (
    "Política de privacidad. Recopilamos la lista de contactos de su teléfono para evaluar su solicitud "
    "de préstamo. Si usted no paga a tiempo, podemos llamar a sus contactos de emergencia. No compartimos "
    "sus datos con terceros sin su consentimiento."
)
CHINESE = "隐私政策。我们会在您授权后读取您的通讯录，用于风险评估。您可以随时撤回授权。"
ENGLISH = "Privacy policy. We may access your contact list with your consent. You can withdraw your consent at any time."


@pytest.mark.parametrize(("text", "code"), [(INDONESIAN, "id"), (SPANISH, "es"), (CHINESE, "zh"), (ENGLISH, "en")])
def test_detect(text: str, code: str) -> None:
    assert language.detect(text) == code


@pytest.mark.parametrize(("text", "code", "name"), [(INDONESIAN, "id", "Indonesian"), (SPANISH, "es", "Spanish")])
def test_unsupported_policy_is_reported_not_analysed(text: str, code: str, name: str) -> None:
    reading = read_policy(Source("policy.txt", text.encode("utf-8")))
    assert reading.document.analysed is False
    assert reading.document.language == code
    assert name in (reading.document.note or "")
    assert reading.statements == []  # nothing read, and the note says why


def test_supported_policies_are_analysed() -> None:
    zh = read_policy(Source("zh.txt", CHINESE.encode("utf-8")))
    en = read_policy(Source("en.txt", ENGLISH.encode("utf-8")))
    assert zh.document.analysed and en.document.analysed
    assert {s.practice for s in zh.statements} == {"contacts.collect", "consent.withdraw"}
    assert {s.practice for s in en.statements} == {"contacts.collect", "consent.withdraw"}


def test_too_little_text_is_not_guessed() -> None:
    reading = read_policy(Source("tiny.txt", b"OK"))
    assert reading.document.analysed is False
    assert language.detect("OK") is None


def _running_texts() -> list[tuple[str, str]]:
    """Every real policy we have and the samples' (as the policy reader reads them: the text of
    their sentences), and, since only one real policy is English, ten windows of it as the batch
    benchmark cuts them."""
    paths = sorted(p for p in shared("policies").rglob("*") if p.suffix in (".txt", ".html") and p.name != "SOURCE.txt")
    paths += sorted(p for p in SAMPLES.glob("*/*") if p.suffix in (".txt", ".html", ".md") and p.name != "README.md")
    texts = []
    for path in paths:
        text = decode_text(path.read_bytes(), str(path))[0]
        texts.append((str(path), "\n".join(s.text for s in segment(to_blocks(text, path.suffix)))))
    english = shared("policies/meta-pc-loan-terms/NG.js.html").read_text(encoding="utf-8").splitlines()
    for start in range(0, len(english), len(english) // 10):
        window = "\n".join(english[start : start + 150])
        texts.append((f"NG.js.html from line {start + 1}", "\n".join(s.text for s in segment(to_blocks(window, ".html")))))
    return texts


def test_a_policy_is_told_from_its_opening_as_from_its_whole_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """The opening a language is told from (a thousand characters when they are clear, else three
    thousand) names the language the whole text does."""
    texts = _running_texts()
    whole_text = language.detect_in_sample
    read_further: list[str] = []
    monkeypatch.setattr(language, "detect_in_sample", lambda sample: read_further.append(sample) or whole_text(sample))
    for name, running in texts:
        assert language.detect(running) == whole_text(running), name
    assert len(texts) >= 140 and len(texts) - len(read_further) >= 10  # the English ones are told quickly


@pytest.mark.parametrize(("text", "letter"), [("1.", False), ("——", False), ("（3）_", False), ("a.", True), ("通讯录", True)])
def test_a_letter_of_any_script(text: str, letter: bool) -> None:
    assert language.has_letter(text) is letter
