"""Every reader of untrusted input, the real files to mutate for each, and the mutations.

Shared by the property tests (tests/test_properties.py) and the hostile-input benchmark
(benchmarks/hostile.py), so that the benchmark measures the time of the very inputs the tests
check for crashes.
"""

from __future__ import annotations

import functools
import io
import json
import os
import plistlib
import random
import tempfile
from collections.abc import Callable
from pathlib import Path

from conftest import ROOT, SHARED_DATA

SEED_MAX_BYTES = 64 * 1024

# Byte strings that mean something to one parser or another, spliced in by the mutations.
TOKENS = (
    b"<", b">", b"</", b"<!DOCTYPE m [", b'<!ENTITY a "aaaa">', b"&a;", b"&#x0;", b"]]>", b"<![CDATA[", b"<!--",
    b'"', b"'", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\xc3", b"\n", b"&", b"*a", b"&a ", b"!!python/object ",
    b"- ", b": ", b"{", b"}", b"[", b"]", b",", b"//", b"/*", b"\\u", b"PK\x05\x06", b"PK\x01\x02", b"\x03\x00\x08\x00",
    b"\x01\x00\x1c\x00", b"\xff\xff\xff\xff", b"9" * 30, b"bplist00", "。".encode(), "收集通讯录".encode(), b"contacts ",
)

AUDIT_MANIFEST = b"""version: 1
app: {name: QuickCash, category: lending, jurisdictions: [in, ng], stores: [google-play]}
practices:
  emergency_contacts: {collected: true, count: 1, fields: [name, phone], contacted_for_collection: false}
  collection: {outsourced: false}
accepted_risks:
  - {rule: PA109, reason: removed by the merger, expires: 2030-06-30}
"""
BASELINE = json.dumps(
    {"baseline_version": 1, "findings": [{"fingerprint": "0" * 32, "rule_id": "PA101", "severity": "critical", "file": "a", "line": 3}]}
).encode()


def mutate(data: bytes, rng: random.Random) -> bytes:
    """A few random edits: flipped bytes, inserted noise or tokens, deleted, repeated or cut runs."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randint(0, len(out))
        kind = rng.randrange(6)
        if kind == 0 and out:
            out[min(at, len(out) - 1)] = rng.randrange(256)
        elif kind == 1:
            out[at:at] = rng.choice(TOKENS)
        elif kind == 2:
            out[at:at] = rng.randbytes(rng.randint(1, 16))
        elif kind == 3:
            del out[at : at + rng.randint(1, 64)]
        elif kind == 4:
            out[at:at] = bytes(out[at : at + rng.randint(1, 32)]) * rng.randint(2, 50)
        else:
            del out[at:]
    return bytes(out)


def _files(patterns: tuple[str, ...]) -> list[bytes]:
    found = []
    for pattern in patterns:
        base = SHARED_DATA if pattern.startswith("shared:") else ROOT
        for path in sorted(base.glob(pattern.removeprefix("shared:"))):
            if path.is_file() and path.stat().st_size <= SEED_MAX_BYTES:
                found.append(path.read_bytes())
    return found


def _binary_plists() -> list[bytes]:
    return [plistlib.dumps(plistlib.loads(data), fmt=plistlib.FMT_BINARY) for data in _files(PLISTS)]


PLISTS = ("samples/**/Info.plist", "samples/**/*.xcprivacy", "shared:ios/**/Info.plist")


def _read_in_folder(name: str, read: Callable[[str], object]) -> Callable[[bytes], object]:
    """A reader that takes a path: the bytes are written to a fresh file first."""

    def run(data: bytes) -> object:
        with tempfile.TemporaryDirectory(prefix="hostile-") as folder:
            path = os.path.join(folder, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as handle:
                handle.write(data)
            return read(path)

    return run


def _policy(suffix: str) -> Callable[[bytes], object]:
    def run(data: bytes) -> object:
        from privacy_audit.readers.policy import read_policy
        from privacy_audit.readers.source import Source

        return read_policy(Source(f"privacy{suffix}", data))

    return run


def _rule_file(path: str) -> object:
    from privacy_audit.engine.rules import load_rules

    return load_rules(extra_dirs=(Path(path).parent.parent,))


def _statements(data: bytes) -> object:
    from privacy_audit.text.statements import builtin_extractor

    text = data.decode("utf-8", "replace")
    return [builtin_extractor(lang).extract(text, text[:40]) for lang in ("zh", "en")]


@functools.cache
def readers() -> dict[str, tuple[Callable[[bytes], object], list[bytes]]]:
    """Reader name -> (read these bytes as the tool does, the real seed files)."""
    from privacy_audit.readers.android import read_manifest
    from privacy_audit.readers.apk import read_apk
    from privacy_audit.readers.audit_manifest import read_audit_manifest
    from privacy_audit.readers.axml import parse_binary_xml
    from privacy_audit.readers.baseline import read_baseline
    from privacy_audit.readers.harmony import read_module
    from privacy_audit.readers.ios import read_info_plist, read_privacy_manifest
    from privacy_audit.readers.source import Source

    policies = _files(("samples/**/*privacy*.md", "samples/**/隐私政策*", "shared:policies/lending-zh/*.txt",
                       "shared:policies/meta-pc-loan-terms/*.html"))
    return {
        "android-manifest": (lambda d: read_manifest(d, "AndroidManifest.xml"),
                             _files(("samples/**/AndroidManifest.xml", "shared:android/nigeria-loan-app/**/AndroidManifest.xml"))),
        "binary-manifest": (lambda d: parse_binary_xml(d, "AndroidManifest.xml"),
                            _files(("shared:android/androguard-testdata/tests/data/AXML/*.xml",))),
        "apk": (lambda d: read_apk(io.BytesIO(d), "app.apk"), _files(("shared:android/androguard-testdata/tests/data/APK/*.apk",))),
        "info-plist": (lambda d: read_info_plist(Source("Info.plist", d)), _files(PLISTS) + _binary_plists()),
        "privacy-manifest": (lambda d: read_privacy_manifest(Source("PrivacyInfo.xcprivacy", d)), _files(PLISTS) + _binary_plists()),
        "module-json5": (_read_in_folder("entry/src/main/module.json5", lambda p: read_module(Source(p, Path(p).read_bytes()))),
                         _files(("samples/**/module.json5", "shared:harmonyos/**/module.json5"))),
        "policy-txt": (_policy(".txt"), policies),
        "policy-md": (_policy(".md"), policies),
        "policy-html": (_policy(".html"), policies),
        "audit-manifest": (lambda d: read_audit_manifest(Source("privacy-audit.yaml", d)), [AUDIT_MANIFEST]),
        # The built-in rules under other ids, so that a seed is not refused for repeating one.
        "rule-file": (_read_in_folder("rules/pack/rule.yaml", _rule_file),
                      [d.replace(b"id: PA", b"id: XA", 1) for d in _files(("rules/core/*.yaml",))]),
        "baseline": (_read_in_folder("baseline.json", read_baseline), [BASELINE]),
        "statement-extractor": (_statements, [s.encode() for s in ("我们不会收集您的通讯录，除非您授权。",
                                "We may contact your emergency contacts if you do not repay.")]),
    }
