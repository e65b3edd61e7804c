"""HarmonyOS module.json5: real codelab files and JSON5 shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import shared
from privacy_audit.errors import InputError
from privacy_audit.readers.harmony import read_module
from privacy_audit.readers.source import Source, read_source

TEL = "harmonyos/openharmony-codelabs/ETSUI/TelManageApp/entry/src/main/module.json5"


def test_real_module_contacts_with_resolved_string_reasons() -> None:
    source = read_source(shared(TEL))
    permissions, read = read_module(source)
    contacts = next(p for p in permissions if p.name == "ohos.permission.READ_CONTACTS")
    assert contacts.platform == "harmonyos" and contacts.capability == "contacts.read"
    # The real file's reason key, resolved from resources/base/element/string.json.
    assert contacts.description == "需要写入联系人信息以添加删除或更新联系人"
    assert '"$string:permission1"' in contacts.evidence.text and contacts.description in contacts.evidence.text
    assert "ohos.permission.READ_CONTACTS" in source.data.decode().splitlines()[contacts.evidence.line - 1]
    assert contacts.note == "used always"
    assert read["bundle_name"] == "com.example.TelManageApp" and read["unresolved_reasons"] == []


def test_every_real_codelab_module_reads() -> None:
    root = shared("harmonyos/openharmony-codelabs")
    modules = sorted(root.rglob("module.json5"))
    assert len(modules) == 32
    counts = []
    for path in modules:
        permissions, read = read_module(read_source(path))
        assert all(p.name.startswith("ohos.permission.") and p.evidence.line > 1 for p in permissions), path
        counts.append(read["permissions"])
    assert sum(1 for c in counts if c) >= 30  # some declare an empty requestPermissions


def test_json5_comments_single_quotes_trailing_commas_and_duplicates(tmp_path: Path) -> None:
    module = tmp_path / "entry" / "src" / "main" / "module.json5"
    strings = module.parent / "resources" / "base" / "element" / "string.json"
    strings.parent.mkdir(parents=True)
    strings.write_text('{"string": [{"name": "why_calls", "value": "用于核实身份"}]}', encoding="utf-8")
    module.write_text(
        "// a comment\n{\n  module: {\n    name: 'entry',\n    /* block comment */\n    requestPermissions: [\n"
        "      {name: 'ohos.permission.READ_CALL_LOG', reason: '$string:why_calls',},\n"
        "      {name: 'ohos.permission.READ_CALL_LOG', reason: '$string:why_calls'},\n"
        "      {name: 'ohos.permission.READ_MESSAGES', reason: '$string:missing_key'},\n    ],\n  },\n}\n",
        encoding="utf-8",
    )
    permissions, read = read_module(read_source(module))
    assert [(p.name, p.capability, p.description) for p in permissions] == [
        ("ohos.permission.READ_CALL_LOG", "call_log.read", "用于核实身份"),
        ("ohos.permission.READ_MESSAGES", "sms.read", None),
    ]
    assert permissions[0].evidence.line == 7
    assert read["unresolved_reasons"] == ["$string:missing_key"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{module: {requestPermissions: [}", "invalid JSON5"),
        ("{app: {}}", "no top-level 'module' object"),
        ("{module: {requestPermissions: {}}}", "not an array"),
        ("{module: {requestPermissions: [{reason: 'x'}]}}", "has no 'name'"),
        ("[" * 100000, "JSON5"),
    ],
)
def test_bad_modules_are_input_errors(text: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        read_module(Source("module.json5", text.encode()))


def test_plain_json_and_json5_spellings_read_the_same() -> None:
    from privacy_audit.readers.harmony import load_json5

    plain = b'{"module": {"requestPermissions": [{"name": "ohos.permission.READ_CONTACTS", "reason": "x"}]}}'
    json5_spelling = b"{module: {requestPermissions: [{name: 'ohos.permission.READ_CONTACTS', reason: 'x',},],}, // c\n}"
    assert load_json5(plain, "a.json5") == load_json5(json5_spelling, "b.json5")
