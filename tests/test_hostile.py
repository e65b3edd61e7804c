"""Hostile and broken input, class by class: every one gives exit code 2 and one line on stderr
naming the file and the problem, never a traceback; nothing outside the input is read; no file is
written but the report, and that one atomically.

The small hostile files are in tests/hostile/ (listed, with the error each must give, in its
README); large ones are generated here. The time these inputs take is measured by
benchmarks/hostile.py, not here: the inputs below are sized so that the quadratic behaviours they
once triggered would stall the suite for minutes, and the work each bound allows is asserted where
there is a count to assert.
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tracemalloc
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from axml_build import build_apk, compile_xml, manifest
from conftest import ROOT, SAMPLES
from privacy_audit.cli import cli
from privacy_audit.errors import InputError
from privacy_audit.limits import MAX_BUNDLED_POLICIES, MiB
from privacy_audit.readers.apk import read_apk
from privacy_audit.readers.source import read_source

HOSTILE = Path(__file__).parent / "hostile"
RISKY = SAMPLES / "lending-en-risky"
APK_MANIFEST = compile_xml(manifest("com.example.loan", ["android.permission.READ_CONTACTS"], (21, 34)))


def refused(*args: str) -> str:
    """Run the CLI and check the error contract; return the error line."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2, (result.exit_code, result.stderr, result.stdout[:500])
    assert result.stdout == "", "an error writes no report"
    assert len(lines) == 1 and lines[0].startswith("privacy-audit: error: "), result.stderr
    assert "internal error" not in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]


def scanned(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["scan", *args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, result.stdout, result.stderr


_RECORDING: list[list[str]] = []


def _record_opens(event: str, args: tuple) -> None:
    if _RECORDING and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        _RECORDING[-1].append(os.path.abspath(os.fsdecode(args[0])))


sys.addaudithook(_record_opens)  # one hook for the session: hooks cannot be removed


@contextmanager
def files_opened() -> Iterator[list[str]]:
    """Every file Python opens meanwhile, less its own modules and privacy-audit's data."""
    opened: list[str] = []
    ours = (sys.prefix, sys.base_prefix, str(ROOT / "privacy_audit"), str(ROOT / "rules"))
    _RECORDING.append(opened)
    try:
        yield opened
    finally:
        _RECORDING.remove(opened)
        opened[:] = [p for p in opened if not p.startswith(ours)]


def _corpus() -> list[tuple[str, str, str]]:
    rows = []
    for line in (HOSTILE / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        name = cells[0].split(" ")[0]
        if len(cells) == 3 and name.endswith((".xml", ".yaml", ".txt", ".apk", ".bin")):
            rows.append((name, cells[1], cells[2]))
    return rows


def test_the_corpus_readme_lists_every_hostile_file() -> None:
    listed = {name for name, _, _ in _corpus()}
    assert listed == {p.name for p in HOSTILE.iterdir() if p.name != "README.md"}


@pytest.mark.parametrize(("name", "scanned_as", "expected"), _corpus(), ids=[row[0] for row in _corpus()])
def test_hostile_file_is_one_clear_error(name: str, scanned_as: str, expected: str, tmp_path: Path) -> None:
    if scanned_as == "rule":
        rules = tmp_path / "rules"
        rules.mkdir()
        target = rules / name
        target.write_bytes((HOSTILE / name).read_bytes())
        args = ["scan", str(RISKY), "--rules", str(rules)]
    else:
        target = tmp_path / scanned_as
        target.write_bytes((HOSTILE / name).read_bytes())
        args = ["scan", str(target)]
    with files_opened() as opened:
        line = refused(*args)
    assert line.startswith(f"privacy-audit: error: {target}: ")
    assert expected in line
    allowed = {str(target)} | ({str(p) for p in RISKY.iterdir()} if scanned_as == "rule" else set())
    assert set(opened) <= allowed, opened  # nothing outside the input (and the tool's own data)


def test_the_real_command_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    # The tests above run the CLI in-process; this runs the installed entry point as a user does.
    target = tmp_path / "AndroidManifest.xml"
    target.write_bytes((HOSTILE / "billion-laughs.xml").read_bytes())
    done = subprocess.run([sys.executable, "-m", "privacy_audit", "scan", str(target)], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"privacy-audit: error: {target}: XML document type declarations")


# -- 1. XML ------------------------------------------------------------------------------------


def test_external_entities_and_dtds_read_nothing_outside_the_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("S3CR3T", encoding="utf-8")
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY leak SYSTEM "file://{secret}">', encoding="utf-8")
    documents = [
        f'<!DOCTYPE manifest [<!ENTITY x SYSTEM "file://{secret}">]><manifest>&x;</manifest>',
        f'<!DOCTYPE manifest SYSTEM "file://{dtd}"><manifest>&leak;</manifest>',
        f'<!DOCTYPE manifest [<!ENTITY % p SYSTEM "file://{dtd}"> %p;]><manifest>&leak;</manifest>',
    ]
    for document in documents:
        path = tmp_path / "AndroidManifest.xml"
        path.write_text(document, encoding="utf-8")
        with files_opened() as opened:
            line = refused("scan", str(path), "--format", "json")
        assert "S3CR3T" not in line and "DTD" in line
        assert set(opened) == {str(path)}


def test_plist_doctype_is_allowed_but_its_external_dtd_is_never_read(tmp_path: Path) -> None:
    # Every real Info.plist names Apple's DTD, so a plist may have a DOCTYPE; expat never loads it.
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY leak "S3CR3T">', encoding="utf-8")
    plist = tmp_path / "Info.plist"
    plist.write_text(
        f'<?xml version="1.0"?><!DOCTYPE plist SYSTEM "file://{dtd}"><plist><dict>'
        "<key>NSContactsUsageDescription</key><string>x&leak;y</string></dict></plist>",
        encoding="utf-8",
    )
    with files_opened() as opened:
        result = CliRunner().invoke(cli, ["scan", str(plist), "--format", "json"], catch_exceptions=False)
    assert "S3CR3T" not in result.stdout + result.stderr
    assert str(dtd) not in opened


# -- 2. APK / ZIP ------------------------------------------------------------------------------


def _apk(tmp_path: Path, data: bytes, name: str = "app.apk") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_zip_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    bomb = build_apk(APK_MANIFEST + b"\x00" * (60 * MiB))
    assert len(bomb) < MiB // 10  # about 60 KiB on disk
    path = _apk(tmp_path, bomb)
    line = refused("scan", str(path))
    assert line == f"privacy-audit: error: {path}: the inflated AndroidManifest.xml is over the 20 MiB limit (raise it with --max-file-size)"
    tracemalloc.start()
    with pytest.raises(InputError, match="the inflated AndroidManifest.xml is over the 1 MiB limit"):
        read_apk(io.BytesIO(bomb), "app.apk", 1 * MiB)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 4 * MiB  # the limit plus one chunk, never the 60 MiB it would inflate to


def test_names_with_dot_dot_and_absolute_paths_are_never_extracted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    policy = b"<html><body><p>We never read your contacts.</p></body></html>"
    apk = build_apk(APK_MANIFEST, {"../../evil.txt": b"x", "/etc/evil-privacy.txt": b"x", "assets/../../privacy.html": policy})
    path = _apk(tmp_path, apk)
    before = sorted(p for p in tmp_path.rglob("*"))
    code, out, _ = scanned(str(path), "--format", "json")
    assert sorted(p for p in tmp_path.rglob("*")) == before
    assert '"app.apk!assets/../../privacy.html"' in out.replace(str(tmp_path) + "/", "")


def test_duplicate_entries_are_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with pytest.warns(UserWarning), zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("AndroidManifest.xml", APK_MANIFEST)
        archive.writestr("AndroidManifest.xml", compile_xml(manifest("com.decoy", [], (21, 34))))
    path = _apk(tmp_path, buffer.getvalue())
    assert "duplicate entry names (Android refuses to install such a package)" in refused("scan", str(path))


@pytest.mark.parametrize("cut", [10, 100, 0.5, 0.9, -30, -1])
def test_truncated_apk_is_one_clear_error(tmp_path: Path, cut: float) -> None:
    apk = build_apk(APK_MANIFEST, {"assets/blob.bin": os.urandom(4096)})
    end = int(len(apk) * cut) if isinstance(cut, float) else cut
    path = _apk(tmp_path, apk[:end])
    assert str(path) in refused("scan", str(path))


def test_central_directory_over_the_limit_is_refused(tmp_path: Path) -> None:
    entries = {f"res/{'n' * 200}{i}.bin": b"" for i in range(6000)}  # a 1.5 MiB central directory
    path = _apk(tmp_path, build_apk(APK_MANIFEST, entries))
    line = refused("scan", str(path), "--max-file-size", "1")
    assert line == f"privacy-audit: error: {path}: the ZIP central directory is 1.5 MiB, over the 1 MiB limit (raise it with --max-file-size)"
    scanned(str(path), "--max-file-size", "2")


def test_a_stored_entry_over_the_limit_is_refused_with_its_size() -> None:
    apk = build_apk(APK_MANIFEST, {"assets/privacy.txt": b"x" * (MiB + 1)})
    with pytest.raises(InputError) as refused:
        read_apk(io.BytesIO(apk), "app.apk", MiB)
    assert str(refused.value) == "app.apk: assets/privacy.txt is 1.1 MiB, over the 1 MiB limit (raise it with --max-file-size)"


def test_bundled_policies_past_the_limit_are_named_not_read(tmp_path: Path) -> None:
    policies = {f"assets/privacy-{i:02}.txt": b"We never read your contacts." for i in range(MAX_BUNDLED_POLICIES + 2)}
    path = _apk(tmp_path, build_apk(APK_MANIFEST, policies))
    _, out, _ = scanned(str(path), "--format", "json")
    report = json.loads(out)
    assert len([i for i in report["inputs"] if "!assets/privacy-" in i["path"]]) == MAX_BUNDLED_POLICIES
    assert any("2 more bundled privacy policies were not read" in w for w in report["warnings"])


# -- 3. Policies -------------------------------------------------------------------------------


def test_a_50_mb_html_policy_is_refused_by_the_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "privacy.html"
    with path.open("wb") as handle:
        handle.write(b"<html><body>" + b"<p>We collect your contacts.</p>\n" * (50 * MiB // 33))
    line = refused("scan", str(RISKY / "AndroidManifest.xml"), "--policy", str(path))
    # 5 bytes short of 50 MiB: a part of a MiB shows as a tenth, rounded up.
    assert line == f"privacy-audit: error: {path}: the file is 50.0 MiB, over the 20 MiB limit (raise it with --max-file-size)"


@pytest.mark.parametrize(
    ("name", "text", "analysed"),
    [
        ("privacy.txt", "a" * 100_000, False),  # no sentence end anywhere
        ("privacy.txt", "通讯录收集" * 20_000, True),  # terms stuffed: objects times verbs
        ("privacy.txt", "your contacts we collect " * 4_000, True),
        ("privacy.txt", "联系人，" * 25_000, True),
        ("privacy.md", "# a" + " " * 100_000 + "x\n", False),  # once cubic in the heading pattern
        ("privacy.html", "<a " * 40_000, False),  # an unclosed tag html.parser rescans from each '<'
        ("privacy.html", "<nav>" + "<b>" * 40_000 + "</i>" * 40_000 + "<p>We collect contacts.</p>", False),
        ("privacy.html", "<![" * 20_000, False),  # _markupbase raised AssertionError
        ("privacy.txt", "x." * 100_000 + " Y", False),
    ],
    ids=["no-sentence-end", "zh-terms", "en-terms", "zh-objects", "md-heading", "html-unclosed", "html-skipped", "html-marked-section", "dots"],
)
def test_pathological_policy_text_is_read(tmp_path: Path, name: str, text: str, analysed: bool) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, err = scanned(str(RISKY / "AndroidManifest.xml"), "--policy", str(path), "--format", "json")
    report = json.loads(out)
    assert code == 1 and err == ""
    assert "PA101" in {f["rule_id"] for f in report["findings"]}  # the manifest is still audited
    (policy,) = [i for i in report["inputs"] if i["kind"] == "policy"]
    assert policy["path"] == str(path) and policy["read"]["encoding"] == "utf-8"
    assert policy["read"]["analysed"] is analysed
    fired = {f["rule_id"] for f in report["findings"]}
    if analysed:  # text in a language it reads: analysed, and the audit uses what it says
        assert policy["read"]["sentences"] > 0 and "PA114" not in fired
    else:  # nothing it can read: said so, once, and PA114 reports the policy was not analysed
        notes = [w for w in report["warnings"] if w.startswith(f"{path}: ")]
        assert len(notes) == 1 and notes[0].endswith(": its statements were not analysed"), notes
        assert "PA114" in fired


def test_the_statement_extractor_pairs_a_bounded_number_of_objects_and_verbs() -> None:
    from privacy_audit.text import statements
    from privacy_audit.text.lexicon import builtin_lexicon

    for lang, text in (("zh", "通讯录收集" * 300), ("en", "your contacts we collect " * 60), ("zh", "联系人，" * 375)):
        sentence = statements._Sentence(text, builtin_lexicon(lang))
        objects = [o for o in sentence.objects if o.category in statements.OBJECT_CATEGORIES]
        verbs = [s for kind in statements.VERB_KINDS for s in sentence.actions.get(kind, [])]
        assert len(objects) <= statements.MAX_OBJECTS
        assert len(objects) * len(verbs) <= statements.MAX_OBJECT_VERB_PAIRS
    real = "我们会收集您的通讯录、通话记录和短信，并上传至服务器，用于风控审核；您可以拒绝授权通讯录权限。"
    assert statements._Sentence(real, builtin_lexicon("zh")).text == real  # real sentences are read whole


# -- 4. YAML: rules and privacy-audit.yaml ---------------------------------------------------


def test_all_yaml_goes_through_the_safe_loader() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "privacy_audit").rglob("*.py")
        if path.name != "safeyaml.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"(?<![\w.])yaml\.(load|unsafe_load|full_load|compose|parse)\(|Loader=yaml\.Loader|UnsafeLoader", line)
    ]
    assert offenders == []


def test_billion_laughs_rule_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    text = (HOSTILE / "billion-laughs.yaml").read_text(encoding="utf-8").replace("version: 1\n", "")
    (rules / "bomb.yaml").write_text(text, encoding="utf-8")
    assert "YAML anchors and aliases (&name, *name) are not accepted" in refused("scan", str(RISKY), "--rules", str(rules))


# -- 5. Repository discovery -------------------------------------------------------------------


def test_links_out_of_the_scanned_folder_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "home"
    outside.mkdir()
    (outside / "privacy.md").write_text("S3CR3T: we collect your contacts.", encoding="utf-8")
    app = tmp_path / "app"
    app.mkdir()
    (app / "AndroidManifest.xml").write_bytes((RISKY / "AndroidManifest.xml").read_bytes())
    (app / "docs").symlink_to(outside)
    (app / "privacy-policy.md").symlink_to(outside / "privacy.md")
    _, out, _ = scanned(str(app), "--format", "json")
    assert "S3CR3T" not in out
    assert out.count("outside the scanned folder") == 2


def test_a_fifo_in_a_repository_is_skipped_and_a_fifo_given_is_refused(tmp_path: Path) -> None:
    app = tmp_path / "app"
    app.mkdir()
    (app / "AndroidManifest.xml").write_bytes((RISKY / "AndroidManifest.xml").read_bytes())
    os.mkfifo(app / "privacy-policy.md")  # open() on it would wait for a writer forever
    _, out, _ = scanned(str(app), "--format", "json")
    assert "privacy-policy.md: skipped: not a regular file (a FIFO, socket or device)" in out
    line = refused("scan", str(app / "AndroidManifest.xml"), "--policy", str(app / "privacy-policy.md"))
    assert "privacy-policy.md: not a regular file (a FIFO, socket or device): not read" in line


def test_a_device_given_as_a_policy_is_refused() -> None:
    assert "/dev/zero: not a regular file" in refused("scan", str(RISKY / "AndroidManifest.xml"), "--policy", "/dev/zero")


def test_unreadable_file_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Opening the file is refused as chmod 000 refuses it; made to fail rather than chmod-ed, as
    # root (CI runs as root) opens any file.
    path = tmp_path / "AndroidManifest.xml"
    path.write_bytes((RISKY / "AndroidManifest.xml").read_bytes())
    os_open = os.open

    def refuse(file, *args, **kwargs):
        if os.fspath(file) == str(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(file))
        return os_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert refused("scan", str(tmp_path)) == f"privacy-audit: error: {path}: permission denied"


def test_a_file_that_vanishes_between_discovery_and_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from privacy_audit import api

    app = tmp_path / "app"
    app.mkdir()
    (app / "AndroidManifest.xml").write_bytes((RISKY / "AndroidManifest.xml").read_bytes())
    (app / "privacy-policy.md").write_text("We never read your contacts.", encoding="utf-8")
    found = api.find_inputs

    def find_then_delete(*args, **kwargs):
        inputs = found(*args, **kwargs)
        (app / "privacy-policy.md").unlink()
        return inputs

    monkeypatch.setattr(api, "find_inputs", find_then_delete)
    assert f"{app / 'privacy-policy.md'}: no such file" in refused("scan", str(app))


def test_a_very_deep_folder_tree_is_walked(tmp_path: Path) -> None:
    top = tmp_path / "deep"
    bottom = top
    for _ in range(1201):  # os.walk of Python 3.11 recursed once a level: RecursionError
        bottom.mkdir()  # one at a time: mkdir(parents=True) recurses too
        bottom = bottom / "d"
    bottom = bottom.parent
    (bottom / "AndroidManifest.xml").write_bytes((RISKY / "AndroidManifest.xml").read_bytes())
    try:
        code, _, _ = scanned(str(top))
        assert code == 1
    finally:
        # shutil.rmtree, which cleans tmp_path, recurses once a level too.
        (bottom / "AndroidManifest.xml").unlink()
        while bottom != tmp_path:
            bottom.rmdir()
            bottom = bottom.parent


def test_thousands_of_files_are_walked(tmp_path: Path) -> None:
    for index in range(3000):
        (tmp_path / f"note-{index}.txt").write_bytes(b"x")
    (tmp_path / "AndroidManifest.xml").write_bytes((RISKY / "AndroidManifest.xml").read_bytes())
    result = CliRunner().invoke(cli, ["scan", str(tmp_path), "--list-inputs", "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0 and result.stdout.count('"kind"') == 1


# -- 6. Outputs --------------------------------------------------------------------------------


def test_output_onto_an_input_by_symlink_or_hard_link_is_refused(tmp_path: Path) -> None:
    manifest_ = tmp_path / "AndroidManifest.xml"
    manifest_.write_bytes((RISKY / "AndroidManifest.xml").read_bytes())
    (tmp_path / "soft.json").symlink_to(manifest_)
    os.link(manifest_, tmp_path / "hard.json")
    for output in ("soft.json", "hard.json"):
        line = refused("scan", str(manifest_), "-o", str(tmp_path / output))
        assert "is one of the inputs; refusing to overwrite it" in line
    assert manifest_.read_bytes() == (RISKY / "AndroidManifest.xml").read_bytes()


@pytest.mark.parametrize(("output", "problem"), [(".", "is a folder; -o needs a file name"), ("missing/report.json", "cannot write here")])
def test_output_onto_a_folder_or_into_a_missing_one(tmp_path: Path, output: str, problem: str) -> None:
    assert problem in refused("scan", str(RISKY), "-o", str(tmp_path / output))


def test_a_full_disk_leaves_the_previous_report_and_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = tmp_path / "report.json"
    report.write_text("previous", encoding="utf-8")

    def full(_: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    line = refused("scan", str(RISKY), "--format", "json", "-o", str(report))
    assert f"{report}: cannot write: No space left on device; the previous file, if any, is unchanged" in line
    assert report.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_a_hostile_input_leaves_the_previous_report_intact(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text("previous", encoding="utf-8")
    bad = tmp_path / "AndroidManifest.xml"
    bad.write_bytes((HOSTILE / "billion-laughs.xml").read_bytes())
    refused("scan", str(bad), "-o", str(report))
    assert report.read_text(encoding="utf-8") == "previous"


def test_an_error_line_never_carries_control_characters(tmp_path: Path) -> None:
    name = tmp_path / "evil\n\x1b[31mname"
    name.mkdir()
    (name / "AndroidManifest.xml").write_text("<manifest", encoding="utf-8")
    line = refused("scan", str(name / "AndroidManifest.xml"))
    assert "\x1b" not in line and "evil\\n\\x1b[31mname" in line


def test_a_table_report_never_carries_control_characters_from_the_evidence(tmp_path: Path) -> None:
    policy = tmp_path / "privacy.txt"
    policy.write_text("We never read your contacts\x1b]0;owned\x07 or your call log.", encoding="utf-8")
    _, out, _ = scanned(str(RISKY / "AndroidManifest.xml"), "--policy", str(policy))
    assert "\x1b" not in out and "\x07" not in out
    assert "contacts\\x1b]0;owned\\x07 or" in out


# -- 7. Limits ---------------------------------------------------------------------------------


def test_max_file_size_flag_raises_the_limit(tmp_path: Path) -> None:
    policy = tmp_path / "privacy.txt"
    policy.write_bytes(b"Hello there. " * (MiB // 8))  # 1.625 MiB
    manifest_ = str(RISKY / "AndroidManifest.xml")
    assert refused("scan", manifest_, "--policy", str(policy), "--max-file-size", "1") == (
        f"privacy-audit: error: {policy}: the file is 1.7 MiB, over the 1 MiB limit (raise it with --max-file-size)"
    )
    assert refused("scan", manifest_, "--policy", str(policy), "--max-file-size", "2") == (
        f"privacy-audit: error: {policy}: the policy is 1.7 MiB, over the 512 KiB limit for policies "
        "(1/4 of --max-file-size; raise it with --max-file-size)"
    )
    scanned(manifest_, "--policy", str(policy), "--max-file-size", "8")


def test_a_file_just_over_the_limit_shows_a_size_above_the_limit(tmp_path: Path) -> None:
    manifest_ = tmp_path / "AndroidManifest.xml"
    manifest_.write_bytes((RISKY / "AndroidManifest.xml").read_bytes().ljust(MiB + 1))
    assert refused("scan", str(manifest_), "--max-file-size", "1") == (
        f"privacy-audit: error: {manifest_}: the file is 1.1 MiB, over the 1 MiB limit (raise it with --max-file-size)"
    )
    manifest_.write_bytes(manifest_.read_bytes()[:MiB])
    scanned(str(manifest_), "--max-file-size", "1")


def test_a_file_that_grows_while_read_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "AndroidManifest.xml"
    path.write_bytes(b" " * (MiB + 1))
    real_fstat = os.fstat

    def fstat_before_it_grew(descriptor: int) -> os.stat_result:
        found = real_fstat(descriptor)
        return os.stat_result((*found[:6], 0, *found[7:10]))

    monkeypatch.setattr(os, "fstat", fstat_before_it_grew)
    with pytest.raises(InputError) as refused_:
        read_source(path, MiB)
    assert refused_.value.problem == "the file is over the 1 MiB limit (raise it with --max-file-size)"


def test_a_file_that_grows_within_the_limit_while_read_is_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "AndroidManifest.xml"
    path.write_bytes(b"<manifest/>" * 1000)
    real_fstat = os.fstat

    def fstat_before_it_grew(descriptor: int) -> os.stat_result:
        found = real_fstat(descriptor)
        return os.stat_result((*found[:6], 100, *found[7:10]))

    monkeypatch.setattr(os, "fstat", fstat_before_it_grew)
    assert read_source(path, MiB).data == path.read_bytes()


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("module.json5", '{module: {name: "entry", requestPermissions: []}} // ' + "x" * 20_000),
        ("privacy-audit.yaml", "version: 1\n" + "# padding\n" * 2_000),
    ],
)
def test_json5_and_yaml_limit_follows_the_file_size_limit(tmp_path: Path, name: str, text: str) -> None:
    config = tmp_path / name
    config.write_text(text, encoding="utf-8")
    line = refused("scan", str(config), "--max-file-size", "1")
    assert line == (
        f"privacy-audit: error: {config}: the file is 19.6 KiB, over the 12.8 KiB limit for JSON5 and YAML "
        "(1/80 of --max-file-size; raise it with --max-file-size)"
    )
    _, _, stderr = scanned(str(config), "--max-file-size", "2")
    assert "limit" not in stderr


@pytest.mark.parametrize(
    "text",
    ['"' + '\\"' * 125_000, "/*" * 125_000, '"a' * 125_000],
    ids=["a string of escaped quotes left open", "comments left open", "strings left open"],
)
def test_json5_that_opens_strings_and_comments_it_never_closes(text: str) -> None:
    # The scan taking comments out before json.loads must not rescan from every string or comment
    # left open to the end of the text: at this size, that would take minutes.
    from privacy_audit.readers.harmony import load_json5

    with pytest.raises(InputError, match="invalid JSON5"):
        load_json5(text.encode(), "module.json5")


def test_a_rule_file_over_the_yaml_limit_is_refused(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "big.yaml").write_text("id: X1\n" + "# padding\n" * 30_000, encoding="utf-8")
    expected = f"privacy-audit: error: {rules / 'big.yaml'}: the file is 293.0 KiB, over the 256 KiB limit for rule, lexicon and reference files"
    assert refused("scan", str(RISKY), "--rules", str(rules)) == expected
    # A fixed limit, so the error names no flag: --max-file-size bounds the inputs, not the rules.
    assert refused("scan", str(RISKY), "--rules", str(rules), "--max-file-size", "100") == expected


def test_fetch_timeout_flag(policy_server: str) -> None:
    url = f"{policy_server}/slow"  # answers after SLOW_SECONDS
    line = refused("scan", str(RISKY / "AndroidManifest.xml"), "--policy", url, "--fetch-timeout", "0.3")
    assert f"{url}: no answer within 0.3 s" in line
    _, out, _ = scanned(str(RISKY / "AndroidManifest.xml"), "--policy", url, "--fetch-timeout", "10", "--format", "json")
    assert any(i["kind"] == "policy" and i["url"] == url for i in json.loads(out)["inputs"])


# -- A batch survives any one hostile app ------------------------------------------------------


def test_hostile_apps_in_the_middle_of_a_batch_cost_only_themselves(tmp_path: Path) -> None:
    import jsonschema

    from privacy_audit.resources import bundled_schema

    apps = tmp_path / "apps"
    samples = sorted(p.name for p in SAMPLES.iterdir() if p.is_dir())
    for name in samples:
        shutil.copytree(SAMPLES / name, apps / name)
    risky_manifest = (RISKY / "AndroidManifest.xml").read_bytes()

    def app(name: str, files: dict[str, bytes]) -> Path:
        folder = apps / name
        folder.mkdir()
        for relative, data in files.items():
            (folder / relative).write_bytes(data)
        return folder

    xxe = app("lending-h1-xxe", {"AndroidManifest.xml": (HOSTILE / "xxe-external-entity.xml").read_bytes()})
    (apps / "lending-h2-zip-bomb.apk").write_bytes(build_apk(APK_MANIFEST + b"\x00" * (30 * MiB)))
    fifo = app("lending-h3-fifo", {"AndroidManifest.xml": risky_manifest})
    os.mkfifo(fifo / "privacy-policy.md")
    bomb = app("lending-h4-yaml-bomb", {"AndroidManifest.xml": risky_manifest,
                                        "privacy-audit.yaml": (HOSTILE / "billion-laughs.yaml").read_bytes()})
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "privacy-policy.md").write_text("S3CR3T: we collect your contacts.", encoding="utf-8")
    linked = app("lending-h5-link-out", {"AndroidManifest.xml": risky_manifest})
    (linked / "docs").symlink_to(secret)
    app("lending-h6-html", {"AndroidManifest.xml": risky_manifest, "privacy.html": b"<a " * 40_000})

    output = tmp_path / "results.jsonl"
    result = CliRunner().invoke(cli, ["batch", str(apps), "-o", str(output), "-j", "2"], catch_exceptions=False)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    validator = jsonschema.Draft202012Validator(bundled_schema("batch-line"))
    lines = {}
    for raw in output.read_text(encoding="utf-8").splitlines():
        line = json.loads(raw)
        validator.validate(line)
        lines[line["batch"]["app"]] = line
    assert "S3CR3T" not in output.read_text(encoding="utf-8")
    errors = {name: line["batch"]["error"]["message"] for name, line in lines.items() if line["batch"]["status"] == "error"}
    assert errors == {
        "lending-h1-xxe": f"{xxe / 'AndroidManifest.xml'}: XML document type declarations (DTD, <!DOCTYPE>) are not accepted: "
                          "they can declare entities that expand without bound or read files from outside the input",
        "lending-h2-zip-bomb.apk": f"{apps / 'lending-h2-zip-bomb.apk'}: the inflated AndroidManifest.xml is over the 20 MiB "
                                   "limit (raise it with --max-file-size)",
        "lending-h4-yaml-bomb": f"{bomb / 'privacy-audit.yaml'}: line 2: YAML anchors and aliases (&name, *name) are not accepted",
    }
    audited = {name for name, line in lines.items() if line["batch"]["status"] == "ok"}
    assert audited == {*samples, "lending-h3-fifo", "lending-h5-link-out", "lending-h6-html"}
    assert any("not a regular file" in w for w in lines["lending-h3-fifo"]["warnings"])
    assert any("outside the scanned folder" in w for w in lines["lending-h5-link-out"]["warnings"])


def test_a_batch_list_naming_a_fifo_and_a_device_as_policies_does_not_hang(tmp_path: Path) -> None:
    for name in ("app", "app2"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "AndroidManifest.xml").write_bytes((RISKY / "AndroidManifest.xml").read_bytes())
    app = tmp_path / "app"
    os.mkfifo(app / "privacy-policy.md")  # hashing it for the resume record once blocked forever
    listing = tmp_path / "apps.txt"
    listing.write_text("app/AndroidManifest.xml app/privacy-policy.md\napp2/AndroidManifest.xml /dev/zero\n", encoding="utf-8")
    output = tmp_path / "results.jsonl"
    result = CliRunner().invoke(cli, ["batch", str(listing), "-o", str(output)], catch_exceptions=False)
    messages = sorted(json.loads(raw)["batch"]["error"]["message"] for raw in output.read_text(encoding="utf-8").splitlines())
    assert messages == [
        "/dev/zero: not a regular file (a FIFO, socket or device): not read",
        f"{app / 'privacy-policy.md'}: not a regular file (a FIFO, socket or device): not read",
    ]
    assert result.exit_code == 2
