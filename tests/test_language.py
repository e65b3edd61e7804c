"""Language of a policy: Chinese and English are read; anything else is reported, never read as silence."""

from __future__ import annotations

import pytest

from privacy_audit.readers.policy import read_policy
from privacy_audit.readers.source import Source
from privacy_audit.text import language

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
