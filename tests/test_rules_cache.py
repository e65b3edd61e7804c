"""load_rules compiles once per process and choice of packs, and sees a user's edited rule."""

from __future__ import annotations

from pathlib import Path

from privacy_audit.engine.rules import load_rules

RULE = """id: X900
name: my-contacts-rule
severity: {severity}
title: {{en: Reads contacts, zh: 读取通讯录}}
message: {{en: The app reads contacts., zh: 应用读取通讯录。}}
actions:
  - {{audience: developer, en: Remove it., zh: 删除。}}
references: [pipl-6]
when:
  capability: contacts.read
tests:
  fires:
    - name: contacts
      files:
        AndroidManifest.xml: '<manifest xmlns:android="http://schemas.android.com/apk/res/android"><uses-permission android:name="android.permission.READ_CONTACTS"/></manifest>'
  quiet:
    - name: none
      files:
        AndroidManifest.xml: '<manifest xmlns:android="http://schemas.android.com/apk/res/android"/>'
"""


def test_compiled_once_and_again_when_a_user_rule_changes(tmp_path: Path) -> None:
    assert load_rules() is not load_rules() and load_rules() == load_rules()
    assert load_rules()[0] is load_rules()[0]  # the same compiled rule, not compiled again
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "mine.yaml").write_text(RULE.format(severity="low"))
    (mine,) = [r for r in load_rules((), [rules]) if r.id == "X900"]
    assert mine.severity == "low"
    (rules / "mine.yaml").write_text(RULE.format(severity="critical"))
    (mine,) = [r for r in load_rules((), [rules]) if r.id == "X900"]
    assert mine.severity == "critical"
