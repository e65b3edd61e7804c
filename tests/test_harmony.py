"""HarmonyOS module.json5: real codelab files and JSON5 shapes."""

from __future__ import annotations

import json
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


# JSON with comments and trailing commas is read without the json5 package; it must read exactly
# as json5 reads it, and whatever it cannot read must go to json5 (here: its errors, as json5's).
JSON5_SHAPES = [
    '{"a": 1,}', "[1, 2,]", "[,]", "{,}", "[1,,]", "1/**/2", '{"a": "x // y"}', '{"a": "/* no */"} // c',
    '{"a": 1 /* c */}', '{"a": "q\\"//"}', "[1, // c\n]", "[1 /* open", '{"a": 1} /* open', "[[1] // c\r, [2]]\n]", "[1, // c\r 2]", '{"a": "open\n}', "{'a': 1}", "{a: 1}",
    "[0x1F]", "[Infinity, -Infinity]", '{"a": 1, "a": 2}', "[1, /* c */]", '["a\\\nb"]', '{"a": [], }', "[.5]",
]


@pytest.mark.parametrize("text", JSON5_SHAPES)
def test_json_with_comments_reads_as_json5_does(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import json5

    from privacy_audit.readers import harmony

    try:
        expected: object = json5.loads(text)
    except ValueError:
        expected = InputError
    taken: list[str] = []
    real = json5.loads
    monkeypatch.setattr(json5, "loads", lambda t: taken.append(t) or real(t))
    if expected is InputError:
        with pytest.raises(InputError, match="invalid JSON5"):
            harmony.load_json5(text.encode(), "module.json5")
        assert taken == [text]
    else:
        assert harmony.load_json5(text.encode(), "module.json5") == expected


def test_real_json_with_comments_is_read_without_json5(monkeypatch: pytest.MonkeyPatch) -> None:
    import json5

    from privacy_audit.readers.harmony import load_json5

    files = sorted(shared("harmonyos").rglob("*.json5"))
    expected = {path: json5.loads(path.read_text(encoding="utf-8-sig")) for path in files}
    monkeypatch.setattr(json5, "loads", lambda _: pytest.fail("json5 was needed"))
    assert {path: load_json5(path.read_bytes(), str(path)) for path in files} == expected
    assert sum(not _is_plain_json(path) for path in files) >= 10  # comments or trailing commas


def _is_plain_json(path: Path) -> bool:
    try:
        json.loads(path.read_text(encoding="utf-8-sig"))
    except ValueError:
        return False
    return True
