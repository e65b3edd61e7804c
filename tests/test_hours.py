"""Collection hours (read from policy sentences, compared with the hours a law allows), refusal of
service over a withheld permission, and separate consent."""

from __future__ import annotations

import pytest

from privacy_audit.text.hours import complement, find_hours, within
from privacy_audit.text.statements import builtin_extractor


@pytest.mark.parametrize(
    ("text", "language", "hours"),
    [
        ("我们仅会在每日8:00至21:00之间与您联系。", "zh", "08:00-21:00"),
        ("早8点到晚9点", "zh", "08:00-21:00"),
        ("晚上10点至次日早上8点", "zh", "22:00-08:00"),
        ("不会在早上8点以前或晚上9点以后催收", "zh", "08:00-21:00"),
        ("催收人员可能随时与您联系", "zh", "any"),
        ("between 8 a.m. and 7 p.m. local time", "en", "08:00-19:00"),
        ("between 08:00 and 20:00", "en", "08:00-20:00"),
        ("We do not call before 8am or after 9pm.", "en", "08:00-21:00"),
        ("our agents may call you at any time", "en", "any"),
    ],
)
def test_hours_are_read(text: str, language: str, hours: str) -> None:
    found = find_hours(text, language)
    assert found is not None and found.hours == hours


@pytest.mark.parametrize(("text", "language"), [("第8条至第12条", "zh"), ("from 9 to 5", "en"), ("Call 911.", "en")])
def test_numbers_that_are_not_hours(text: str, language: str) -> None:
    assert find_hours(text, language) is None


def test_windows() -> None:
    assert within("08:00-21:00", "08:00-22:00")
    assert not within("08:00-21:00", "08:00-19:00")
    assert not within("07:00-21:00", "08:00-22:00")
    assert not within("any", "06:00-22:00")
    assert not within("22:00-08:00", "08:00-22:00")
    assert within("23:00-01:00", "22:00-02:00")
    assert complement("22:00-08:00") == "08:00-22:00"


@pytest.mark.parametrize(
    ("language", "text", "hours"),
    [
        ("zh", "贷款逾期后，我们的催收人员仅会在每天早上8点至晚上8点之间与您联系。", "08:00-20:00"),
        ("zh", "我们不会在晚上10点至次日早上8点之间进行催收。", "08:00-22:00"),
        ("en", "Overdue borrowers may be called about repayment at any time of the day.", "any"),
        ("en", "We do not make collection calls before 8am or after 9pm.", "08:00-21:00"),
    ],
)
def test_collection_hours_statements(language: str, text: str, hours: str) -> None:
    drafts = [d for d in builtin_extractor(language).extract(text) if d.practice == "collection.contact_hours"]
    assert [(d.polarity, d.hours) for d in drafts] == [("affirmed", hours)]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh", "客服热线的服务时间为每日9:00至21:00。"),
        ("en", "Our customer support team is available from 8am to 10pm every day."),
        ("en", "At any time after an event of default has occurred, we may set off any amount you owe."),
    ],
)
def test_service_hours_are_not_collection_hours(language: str, text: str) -> None:
    assert not [d for d in builtin_extractor(language).extract(text) if d.practice == "collection.contact_hours"]


@pytest.mark.parametrize(
    ("language", "text", "practice", "polarity"),
    [
        ("zh", "如您拒绝授权通讯录权限，将无法使用借款服务。", "service.refused_without_permission", "affirmed"),
        ("zh", "若您不同意提供通话记录，不会影响您申请借款。", "service.refused_without_permission", "negated"),
        ("en", "If you refuse access to your call log, we cannot process your loan application.", "service.refused_without_permission", "affirmed"),
        ("zh", "如您拒绝通讯信息（短信）授权，平台将不读取短信内容，同时涉及授权功能将无法提供使用。", "service.refused_without_permission", "negated"),
        ("en", "If you refuse access to your contacts, you will not be able to use this feature.", "service.refused_without_permission", "negated"),
        ("zh", "在向第三方提供您的个人信息前，我们会征得您的单独同意。", "consent.separate", "affirmed"),
        ("en", "We will ask for your separate consent before we share your personal information with a lender.", "consent.separate", "affirmed"),
    ],
)
def test_refusal_of_service_and_separate_consent(language: str, text: str, practice: str, polarity: str) -> None:
    found = {d.practice: d.polarity for d in builtin_extractor(language).extract(text)}
    assert found.get(practice) == polarity


def test_hours_reach_the_report() -> None:
    from privacy_audit.api import AuditOptions, audit_sources
    from privacy_audit.readers.source import Source

    policy = "# 隐私政策\n逾期后，催收人员会在每日7:00至21:00之间与您联系。\n".encode()
    report = audit_sources([("policy", Source("隐私政策.md", policy))], AuditOptions(jurisdictions=["cn"]))
    (statement,) = [s for s in report.to_dict()["statements"] if s["practice"] == "collection.contact_hours"]
    assert statement["hours"] == "07:00-21:00"
    assert [f.rule_id for f in report.findings if f.rule_id == "PA121"] == ["PA121"]
