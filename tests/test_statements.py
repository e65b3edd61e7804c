"""The statement extractor: objects, verbs, scope of negation, conditions, exceptions, actor, confidence."""

from __future__ import annotations

import pytest

from privacy_audit.text.segment import Sentence
from privacy_audit.text.statements import builtin_extractor, extract_statements, strongest


def stated(lang: str, text: str, heading: str | None = None) -> dict[str, str]:
    return {d.practice: d.polarity for d in builtin_extractor(lang).extract(text, heading)}


def draft(lang: str, text: str, practice: str):
    found = [d for d in builtin_extractor(lang).extract(text) if d.practice == practice]
    assert found, f"{practice} not found in {text!r}"
    return found[0]


# -- negation scope, both ways -----------------------------------------------------------------


def test_negation_before_the_verb_negates_collection() -> None:
    assert stated("zh", "我们不会收集您的通讯录。") == {"contacts.collect": "negated"}


def test_negated_sharing_says_nothing_against_collection() -> None:
    out = stated("zh", "我们不会将您的通讯录信息提供给第三方。")
    assert out == {"contacts.share": "negated"}


def test_refusal_that_blocks_the_loan_makes_the_practice_required() -> None:
    assert stated("zh", "若您拒绝授权读取通讯录，将无法完成借款申请。")["contacts.collect"] == "affirmed"


def test_refusal_that_leaves_other_ways_open_makes_it_optional() -> None:
    out = stated("zh", "如您拒绝授予通讯录权限，您仍可以手动输入联系人信息继续申请。")
    assert out["contacts.collect"] == "conditional"
    # The typed-in contact persons of the consequence clause are not under the refusal.
    assert out["emergency_contact.collect"] == "affirmed"


def test_negation_reaches_verbs_conjoined_in_one_clause() -> None:
    out = stated("zh", "我们不会读取您的短信，也不会收集您的通话记录。")
    assert out == {"sms.collect": "negated", "call_log.collect": "negated"}


def test_negation_ends_at_a_new_predicate() -> None:
    # 停止 denies the use, not the deletion that follows 并.
    assert stated("zh", "在您注销账号时，我们将停止使用并删除您的个人信息。")["data.deletion"] == "affirmed"


def test_negation_of_something_else_is_no_negation() -> None:
    assert stated("zh", "我们会收集您的通讯录，这不影响您使用其他功能。")["contacts.collect"] == "affirmed"


def test_english_negation() -> None:
    assert stated("en", "We never access your contacts.") == {"contacts.collect": "negated"}
    assert stated("en", "We do not read your personal SMS or your call history.") == {
        "sms.collect": "negated",
        "call_log.collect": "negated",
    }


def test_contact_information_is_not_the_address_book() -> None:
    assert stated("en", "We collect your contact information (email, phone number).") == {}
    assert stated("zh", "我们会收集您的联系方式和联系电话。") == {}
    assert stated("en", "Please contact us if you have questions.") == {}


def test_definition_of_sensitive_information_states_nothing() -> None:
    assert stated("zh", "个人敏感信息包括身份证件号码、通讯录、短信、通话记录等。") == {}


# -- conditions and exceptions ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("zh", "经您授权后，我们会读取您的通讯录。"),
        ("zh", "如您选择开启通讯录权限，我们会获取您的联系人列表。"),
        ("en", "With your consent, we may access your address book."),
        ("en", "If you choose to sync your contacts, we will upload them to our servers."),
    ],
)
def test_a_gate_the_user_holds_makes_it_conditional(lang: str, text: str) -> None:
    assert stated(lang, text)["contacts.collect"] == "conditional"


def test_exception_opens_a_denial() -> None:
    assert stated("zh", "除非获得您的明确授权，我们不会读取您的通讯录。")["contacts.collect"] == "conditional"
    assert stated("en", "Unless you allow it, we do not read your address book.")["contacts.collect"] == "conditional"


def test_exception_for_the_law_keeps_the_denial() -> None:
    out = stated("zh", "我们不会将您的通讯录提供给第三方，法律法规另有规定的除外。")
    assert out["contacts.share"] == "negated"


def test_denial_and_gated_reading_in_one_sentence() -> None:
    out = stated("zh", "我们会在您授权后访问您的通讯录，但不会将其上传至服务器。")
    assert out["contacts.collect"] == "conditional"
    assert out["contacts.upload"] == "negated"


def test_picker_only_with_denied_storage_is_negated() -> None:
    out = stated("zh", "通讯录权限仅用于您选择紧急联系人时快速填写，我们不会存储您的完整通讯录。")
    assert out["contacts.collect"] == "negated"


def test_withdrawing_is_a_right_but_its_effect_is_not() -> None:
    assert stated("zh", "您可以随时在手机系统设置中关闭通讯录权限，撤回您的授权。")["consent.withdraw"] == "affirmed"
    assert "consent.withdraw" not in stated("en", "If you withdraw your consent, this will not affect earlier processing.")
    assert stated("zh", "您同意不可撤销地授权我们读取通讯录。")["consent.withdraw"] == "negated"


def test_deletion_the_user_asks_for_and_deletion_the_company_does() -> None:
    assert stated("en", "You may ask us to delete your personal data.")["data.deletion"] == "affirmed"
    assert "data.deletion" not in stated("en", "When it is no longer necessary, we will delete your data.")
    assert stated("en", "When you delete your account, we may retain your information for a year.")["data.deletion"] == "negated"
    assert "data.deletion" not in stated("zh", "当您注销账户后，我们将停止为您提供服务。")


# -- the practices of lending apps ------------------------------------------------------------


def test_contacting_the_address_book_for_a_debt() -> None:
    out = stated("zh", "若您逾期未还款，我们有权联系您通讯录中的联系人。")
    assert out["contacts.message_contacts"] == "affirmed"
    assert out["contacts.use_for_collection"] == "affirmed"


def test_never_contacting_the_phonebook_negates_messaging() -> None:
    assert stated("en", "We will never contact people in your phonebook.") == {"contacts.message_contacts": "negated"}


def test_no_debt_disclosure_is_not_use_for_collection() -> None:
    out = stated("zh", "我们不会向您的通讯录联系人透露您的欠款信息。")
    assert out == {"collection.no_third_party_disclosure": "affirmed"}


def test_emergency_contacts_for_collection() -> None:
    out = stated("en", "If you default on your repayment, we may call your emergency contacts.")
    assert out["emergency_contact.contact"] == "affirmed"
    assert out["emergency_contact.contact_for_collection"] == "affirmed"
    assert out["emergency_contact.collect"] == "affirmed"


def test_contacting_only_when_the_borrower_cannot_be_reached_is_conditional() -> None:
    out = stated("zh", "在无法联系到您本人时，我们可能通过您预留的紧急联系人与您取得联系。")
    assert out["emergency_contact.contact"] == "conditional"
    assert "emergency_contact.contact_for_collection" not in out


def test_contact_persons_are_read_by_context() -> None:
    assert "emergency_contact.collect" in stated("zh", "申请借款时，您需要填写联系人姓名和手机号码。")
    # Address-book entries picked for a transfer are not a loan's contact persons.
    out = stated("zh", "当您使用手机号转账时，我们仅获取您从通讯录中选择的联系人信息。")
    assert out == {"contacts.collect": "conditional"}


def test_outsourced_collection_and_its_denial() -> None:
    assert stated("zh", "对于逾期账款，我们可能委托第三方催收机构进行催收。")["collection.outsourced"] == "affirmed"
    assert stated("en", "We do not use external debt collectors.")["collection.outsourced"] == "negated"


def test_consent_of_the_contact_person() -> None:
    assert "emergency_contact.consent_of_contact" in stated("zh", "您提供紧急联系人信息前，应当取得该联系人的同意。")


def test_sending_a_verification_code_is_not_reading_sms() -> None:
    assert stated("zh", "我们将向您发送短信验证码以核验您的手机号码。") == {}
    assert stated("en", "We will send you a one-time password by SMS.") == {}


# -- actor and confidence ---------------------------------------------------------------------


def test_actor_is_the_party_before_the_verb() -> None:
    assert draft("zh", "我们会读取您的通讯录。", "contacts.collect").actor == "first_party"
    sdk = stated("zh", "第三方SDK会收集您的通讯录信息。")
    assert sdk["contacts.share"] == "affirmed"
    shared = draft("en", "Our lending partners may access your contact list.", "contacts.share")
    assert shared.actor == "third_party"
    assert shared.actor_name == "partners"


def test_sharing_with_us_is_collection_not_sharing() -> None:
    out = stated("en", "Other users may share their contact lists with us.")
    assert out == {"contacts.collect": "affirmed"}


def test_confidence_follows_how_the_match_was_made() -> None:
    assert draft("zh", "我们会读取您的通讯录。", "contacts.collect").confidence == "high"
    # A weak verb says less than a verb of collection.
    assert draft("zh", "通讯录：用于快速选择联系人。", "contacts.collect").confidence == "medium"
    # The object comes only from the section heading: reported, but low.
    assert draft_from_heading().confidence == "low"


def draft_from_heading():
    drafts = builtin_extractor("zh").extract("我们会在您授权后读取。", heading="通讯录权限")
    return next(d for d in drafts if d.practice == "contacts.collect")


def test_every_statement_explains_itself() -> None:
    d = draft("zh", "我们不会收集您的通讯录。", "contacts.collect")
    assert d.cues["object"] == ["通讯录"]
    assert d.cues["action"] == ["收集"]
    assert d.cues["negation"] == ["不会"]


def test_extract_statements_builds_model_statements_with_evidence() -> None:
    sentences = [Sentence("我们会读取您的通讯录，用于风控审核。", 7), Sentence("联系我们", 9)]
    statements = extract_statements(sentences, lambda _text: builtin_extractor("zh"), "policy.txt")
    assert [s.practice for s in statements] == ["contacts.collect"]
    assert statements[0].evidence.line == 7
    assert "risk_assessment" in statements[0].purposes


def test_strongest_polarity() -> None:
    assert strongest(["negated", "conditional"]) == "conditional"
    assert strongest(["conditional", "affirmed", "negated"]) == "affirmed"
    assert strongest([]) is None


def test_prefilter_skips_sentences_without_a_term() -> None:
    assert builtin_extractor("en").extract("We care about your privacy and security.") == []


def test_hostile_input_is_bounded() -> None:
    # An object and a verb thousands of clauses apart are no statement, whatever lies between:
    # the extractor pairs within a bounded window, so it returns, and returns nothing.
    assert builtin_extractor("zh").extract("通讯录" + "，不" * 5000 + "收集") == []
    assert builtin_extractor("en").extract("contacts " + "not, " * 5000 + "collect") == []


def test_ambiguous_contact_persons_are_reported_low_not_guessed() -> None:
    # 联系人 with a generic verb and no loan, book or device word: which one is meant is not said.
    ambiguous = draft("zh", "我们会收集您的联系人。", "contacts.collect")
    assert ambiguous.confidence == "low"
    assert ambiguous.cues["ambiguous"]
    # A verb that only a device list takes tells it: the address book.
    assert draft("zh", "我们会读取您的联系人。", "contacts.collect").confidence == "medium"
    # "contacts" as a verb is nothing at all.
    assert stated("en", "Our support team contacts us daily.") == {}


# -- collection agencies named after a negated verb; consent stated by reference ----------------


@pytest.mark.parametrize(
    ("lang", "text", "polarity"),
    [
        ("en", "We do not share your personal data with third-party collection agencies.", "negated"),
        ("en", "If you default, we may share your personal data with third-party collection agencies.", "affirmed"),
        ("zh", "我们不会将您的个人信息提供给第三方催收机构。", "negated"),
    ],
)
def test_outsourced_collection_takes_the_polarity_of_its_verb(lang: str, text: str, polarity: str) -> None:
    assert stated(lang, text)["collection.outsourced"] == polarity


@pytest.mark.parametrize(
    ("lang", "first", "second"),
    [
        ("zh", "您可以手动填写一位紧急联系人的姓名和手机号码。", "填写前，请您确保已征得其本人同意。"),
        ("en", "You may give us the name and phone number of one emergency contact.", "We will confirm with them that they have agreed before we use the number."),
    ],
)
def test_contact_consent_in_the_next_sentence_refers_back(lang: str, first: str, second: str) -> None:
    sentences = [Sentence(first, 3), Sentence(second, 3)]
    statements = extract_statements(sentences, lambda _: builtin_extractor(lang), "policy.md")
    consent = [s for s in statements if s.practice == "emergency_contact.consent_of_contact"]
    assert [(s.polarity, s.confidence, s.evidence.text) for s in consent] == [("affirmed", "medium", second)]


def test_consent_words_without_contact_persons_before_them_state_nothing() -> None:
    sentences = [Sentence("我们会收集您的姓名和身份证号。", 1), Sentence("请您确保已征得其本人同意。", 1)]
    statements = extract_statements(sentences, lambda _: builtin_extractor("zh"), "policy.md")
    assert not [s for s in statements if s.practice == "emergency_contact.consent_of_contact"]
