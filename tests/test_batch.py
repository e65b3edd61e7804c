"""privacy-audit batch: many apps, one JSON line each, a broken app among them, resuming after
an interruption, and the time limit."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest

from conftest import SAMPLES, android_manifest, run, shared, validate_report
from privacy_audit.batch.apps import apps_in_list
from privacy_audit.batch.inputs import input_hashes, read_app
from privacy_audit.batch.progress import Progress
from privacy_audit.resources import bundled_schema, schema

LINE_SCHEMA = jsonschema.Draft202012Validator(bundled_schema("batch-line"))
SAMPLE_NAMES = sorted(p.name for p in SAMPLES.iterdir() if p.is_dir())


def read_lines(path: Path) -> list[dict]:
    data = path.read_bytes()
    assert data.endswith(b"\n"), "every line is whole"
    lines = [json.loads(raw) for raw in data.split(b"\n")[:-1]]
    for line in lines:
        LINE_SCHEMA.validate(line)
    return lines


def by_app(lines: list[dict]) -> dict[str, dict]:
    return {line["batch"]["app"]: line for line in lines}


def copy_samples(folder: Path) -> Path:
    for name in SAMPLE_NAMES:
        shutil.copytree(SAMPLES / name, folder / name)
    return folder


def slow_apps(folder: Path, count: int, repeat: int = 30) -> Path:
    """Apps whose long English policy (the risky sample's, repeated) takes a while to read:
    long enough to stop a batch part-way."""
    text = (SAMPLES / "lending-en-risky" / "privacy-policy.md").read_text(encoding="utf-8")
    manifest = (SAMPLES / "lending-en-risky" / "AndroidManifest.xml").read_bytes()
    for index in range(count):
        app = folder / f"app-{index:02d}"
        app.mkdir(parents=True)
        (app / "AndroidManifest.xml").write_bytes(manifest)
        (app / "privacy-policy.md").write_text("\n\n".join([text] * repeat) + f"\n\nApp {index}.\n", encoding="utf-8")
    return folder


def batch_process(apps: Path, output: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "privacy_audit", "batch", str(apps), "-o", str(output), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def wait_for_lines(output: Path, count: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if output.exists() and output.read_bytes().count(b"\n") >= count:
            return
        time.sleep(0.005)
    pytest.fail(f"the batch ended or stalled before writing {count} lines")


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_batch_over_the_samples_writes_one_valid_report_per_app(tmp_path: Path) -> None:
    output = tmp_path / "results.jsonl"
    code, out, err = run("batch", str(SAMPLES), "-o", str(output), "--jobs", "2")
    assert out == ""
    lines = read_lines(output)
    assert sorted(by_app(lines)) == SAMPLE_NAMES
    for name, line in by_app(lines).items():
        assert line["batch"]["status"] == "ok"
        validate_report({k: v for k, v in line.items() if k != "batch"})
        for relative, digest in line["batch"]["input_hashes"].items():
            assert relative.startswith(f"{name}/")
            assert hashlib.sha256((SAMPLES / relative).read_bytes()).hexdigest() == digest
        _, scanned, _ = run("scan", str(SAMPLES / name), "--format", "json")
        assert [f["fingerprint"] for f in line["findings"]] == [f["fingerprint"] for f in json.loads(scanned)["findings"]]
    assert code == 1  # the risky samples have critical findings
    assert f"{len(SAMPLE_NAMES)} apps: {len(SAMPLE_NAMES)} audited, 0 errors, 0 already done" in err


def test_a_broken_app_in_the_middle_gets_an_error_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    apps = copy_samples(tmp_path / "apps")
    broken = apps / "lending-m-broken" / "AndroidManifest.xml"
    broken.parent.mkdir()
    broken.write_text("<manifest><uses-permission")
    (apps / "lending-n-empty").mkdir()
    output = tmp_path / "results.jsonl"
    code, _, err = run("batch", str(apps), "-o", str(output), "-j", "2")
    lines = by_app(read_lines(output))
    assert sorted(lines) == sorted([*SAMPLE_NAMES, "lending-m-broken", "lending-n-empty"])
    bad = lines["lending-m-broken"]["batch"]
    assert bad["status"] == "error" and bad["error"]["kind"] == "input"
    assert bad["error"]["message"] == f"{broken}: not well-formed XML at line 1, column 11: unclosed token"
    assert bad["input_hashes"] == {"lending-m-broken/AndroidManifest.xml": hashlib.sha256(broken.read_bytes()).hexdigest()}
    assert "found no Android manifest" in lines["lending-n-empty"]["batch"]["error"]["message"]
    for name in ("lending-m-broken", "lending-n-empty"):
        assert "findings" not in lines[name] and "summary" not in lines[name]
    assert all(lines[name]["batch"]["status"] == "ok" for name in SAMPLE_NAMES)
    assert code == 2 and "2 not audited" in err


def test_an_app_over_the_time_limit_is_stopped_and_recorded(tmp_path: Path) -> None:
    apps = copy_samples(tmp_path / "apps")
    slow = slow_apps(tmp_path / "slow", 1, repeat=2000) / "app-00"
    shutil.move(slow, apps / "lending-slow")
    output = tmp_path / "results.jsonl"
    code, _, _ = run("batch", str(apps), "-o", str(output), "--time-limit", "0.5", "-j", "1")
    lines = by_app(read_lines(output))
    timeout = lines["lending-slow"]["batch"]
    assert timeout["status"] == "error" and timeout["error"]["kind"] == "timeout"
    assert "0.5 s limit" in timeout["error"]["message"]
    assert timeout["elapsed_ms"] >= 500
    assert all(lines[name]["batch"]["status"] == "ok" for name in SAMPLE_NAMES)
    assert code == 2


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="finds the worker through /proc")
def test_a_worker_killed_mid_run_costs_only_its_app(tmp_path: Path) -> None:
    apps = slow_apps(tmp_path / "apps", 6)
    output = tmp_path / "results.jsonl"
    process = batch_process(apps, output, "--jobs", "1")
    wait_for_lines(output, 1, process)
    (worker,) = children(process.pid)
    os.kill(worker, signal.SIGKILL)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 2, err
    lines = read_lines(output)
    assert sorted(by_app(lines)) == [f"app-{i:02d}" for i in range(6)]  # each app exactly once
    crashed = [line["batch"] for line in lines if line["batch"]["status"] == "error"]
    assert len(crashed) == 1 and crashed[0]["error"]["kind"] == "crash"
    assert crashed[0]["error"]["message"] == "the worker process auditing it was killed (SIGKILL)"
    assert len(crashed[0]["input_hashes"]) == 2

    code, _, err = run("batch", str(apps), "-o", str(output), "--retry-errors")
    assert "1 audited, 0 errors, 5 already done" in err and code == 1
    retried = [line for line in read_lines(output) if line["batch"]["app"] == crashed[0]["app"]]
    assert [line["batch"]["status"] for line in retried] == ["error", "ok"]


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and process groups")
@pytest.mark.parametrize("how", ["SIGKILL", "SIGINT", "SIGTERM"])
def test_an_interrupted_batch_leaves_whole_lines_and_resumes(tmp_path: Path, how: str) -> None:
    apps = slow_apps(tmp_path / "apps", 8)
    output = tmp_path / "results.jsonl"
    process = batch_process(apps, output, "--jobs", "2")
    wait_for_lines(output, 2, process)
    os.killpg(process.pid, getattr(signal, how))
    _, err = process.communicate(timeout=60)
    first = read_lines(output)
    assert 2 <= len(first) < 8, "the batch was stopped part-way"
    assert all(line["batch"]["status"] == "ok" for line in first), "an interruption is not an app's error"
    if how == "SIGKILL":
        assert process.returncode == -signal.SIGKILL
    else:
        assert process.returncode == 130 and "run the same command again to resume" in err
        assert "Traceback" not in err
    with output.open("ab") as handle:  # as if the last write had been cut short
        handle.write(b'{"tool":{"name":"privacy-audit"},"batch":{"app":"app-0')

    code, _, err = run("batch", str(apps), "-o", str(output), "-j", "2")
    assert "dropping an incomplete last line (54 bytes)" in err
    assert f"{8 - len(first)} audited, 0 errors, {len(first)} already done" in err
    lines = read_lines(output)
    assert lines[: len(first)] == first, "no complete line was lost or changed"
    assert sorted(line["batch"]["app"] for line in lines) == [f"app-{i:02d}" for i in range(8)]
    assert code == 1


def test_resume_audits_again_only_the_apps_that_changed(tmp_path: Path) -> None:
    apps = copy_samples(tmp_path / "apps")
    output = tmp_path / "results.jsonl"
    run("batch", str(apps), "-o", str(output))
    policy = apps / "lending-en-risky" / "privacy-policy.md"
    policy.write_text(policy.read_text() + "\nWe never share your contacts.\n")
    code, _, err = run("batch", str(apps), "-o", str(output))
    assert f"1 audited, 0 errors, {len(SAMPLE_NAMES) - 1} already done" in err and code == 1
    lines = read_lines(output)
    assert [line["batch"]["app"] for line in lines].count("lending-en-risky") == 2
    assert lines[-1]["batch"]["input_hashes"]["lending-en-risky/privacy-policy.md"] == hashlib.sha256(policy.read_bytes()).hexdigest()
    code, _, err = run("batch", str(apps), "-o", str(output))
    assert f"0 audited, 0 errors, {len(SAMPLE_NAMES)} already done" in err and code == 1
    assert len(read_lines(output)) == len(SAMPLE_NAMES) + 1


def test_a_list_file_names_apps_and_their_policies(tmp_path: Path) -> None:
    apps = copy_samples(tmp_path / "apps")
    listing = tmp_path / "apps.txt"
    listing.write_text(
        "# manifest, then policies; paths relative to this file\n"
        "apps/lending-zh-risky/AndroidManifest.xml apps/lending-zh-risky/隐私政策.html\n"
        "\n"
        "apps/lending-en-risky   # a folder is searched as scan searches it\n"
        "apps/missing/AndroidManifest.xml\n",
        encoding="utf-8",
    )
    output = tmp_path / "results.jsonl"
    code, _, _ = run("batch", str(listing), "-o", str(output))
    lines = by_app(read_lines(output))
    assert sorted(lines) == ["apps/lending-en-risky", "apps/lending-zh-risky/AndroidManifest.xml", "apps/missing/AndroidManifest.xml"]
    zh = lines["apps/lending-zh-risky/AndroidManifest.xml"]
    assert {i["kind"] for i in zh["inputs"]} == {"android-manifest", "policy"}
    assert sorted(zh["batch"]["input_hashes"]) == ["apps/lending-zh-risky/AndroidManifest.xml", "apps/lending-zh-risky/隐私政策.html"]
    assert lines["apps/missing/AndroidManifest.xml"]["batch"]["error"]["message"].endswith("missing/AndroidManifest.xml: no such file")
    assert lines["apps/missing/AndroidManifest.xml"]["batch"]["input_hashes"] == {}
    assert code == 2
    assert apps.joinpath("lending-zh-risky", "隐私政策.html").read_bytes() == (SAMPLES / "lending-zh-risky" / "隐私政策.html").read_bytes()


def test_each_app_runs_the_packs_of_its_own_markets(tmp_path: Path) -> None:
    manifest = android_manifest("READ_CONTACTS")
    for name in ("plain", "chinese-market"):
        (tmp_path / "apps" / name).mkdir(parents=True)
        (tmp_path / "apps" / name / "AndroidManifest.xml").write_text(manifest)
    (tmp_path / "apps" / "chinese-market" / "privacy-audit.yaml").write_text("version: 1\napp:\n  jurisdictions: [cn]\n")
    output = tmp_path / "results.jsonl"
    run("batch", str(tmp_path / "apps"), "-o", str(output), "-j", "1")
    lines = by_app(read_lines(output))
    assert lines["plain"]["rule_packs"] == ["core"]
    assert lines["chinese-market"]["rule_packs"] == ["cn", "core"]
    for name, line in lines.items():
        _, scanned, _ = run("scan", str(tmp_path / "apps" / name), "--format", "json")
        assert [f["fingerprint"] for f in line["findings"]] == [f["fingerprint"] for f in json.loads(scanned)["findings"]]


def test_a_folder_of_apks_one_app_each(tmp_path: Path) -> None:
    apks = tmp_path / "apks"
    apks.mkdir()
    for name in ("a2dp.Vol_137.apk", "multidex.apk"):  # the second has no manifest
        shutil.copy(shared(f"android/androguard-testdata/tests/data/APK/{name}"), apks / name)
    output = tmp_path / "results.jsonl"
    code, _, _ = run("batch", str(apks), "-o", str(output))
    lines = by_app(read_lines(output))
    assert lines["a2dp.Vol_137.apk"]["batch"]["status"] == "ok"
    assert [i["kind"] for i in lines["a2dp.Vol_137.apk"]["inputs"]] == ["apk"]
    assert list(lines["a2dp.Vol_137.apk"]["batch"]["input_hashes"]) == ["a2dp.Vol_137.apk"]
    assert lines["multidex.apk"]["batch"]["error"]["kind"] == "input"
    assert code == 2


def test_a_policy_url_in_a_list_is_kept_and_not_fetched_to_be_hashed(tmp_path: Path) -> None:
    manifest = tmp_path / "app" / "AndroidManifest.xml"
    manifest.parent.mkdir()
    manifest.write_text("<manifest/>")
    listing = tmp_path / "apps.txt"
    listing.write_text("app/AndroidManifest.xml https://example.com/privacy.html\n")
    (app,) = apps_in_list(str(listing)).apps
    assert app.policies == ("https://example.com/privacy.html",)
    assert input_hashes(read_app(app, 1 << 20), str(tmp_path)) == {"app/AndroidManifest.xml": hashlib.sha256(b"<manifest/>").hexdigest()}


@pytest.mark.parametrize(
    ("listing", "message"),
    [
        ("a/AndroidManifest.xml\n./a/AndroidManifest.xml\n", "apps.txt: line 2 names the same app as line 1: a/AndroidManifest.xml"),
        ('a/AndroidManifest.xml "unclosed\n', "apps.txt: line 1: No closing quotation"),
        ("# nothing\n", "apps.txt: names no app"),
    ],
)
def test_bad_list_files_stop_the_batch_before_it_starts(tmp_path: Path, listing: str, message: str) -> None:
    (tmp_path / "apps.txt").write_text(listing)
    code, _, err = run("batch", str(tmp_path / "apps.txt"), "-o", str(tmp_path / "r.jsonl"))
    assert code == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "r.jsonl").exists()


def test_output_that_is_not_a_results_file_is_left_alone(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    code, _, err = run("batch", str(SAMPLES), "-o", str(notes))
    assert code == 2 and f"{notes}: line 1 is not a privacy-audit batch result line" in err
    assert notes.read_text() == "my notes\n"
    listing = tmp_path / "apps.txt"
    listing.write_text(f"{SAMPLES / 'lending-en-risky'}\n")
    code, _, err = run("batch", str(listing), "-o", str(listing))
    assert code == 2 and "is one of the inputs" in err


def test_bad_user_rules_stop_the_batch_before_it_starts(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bad.yaml").write_text("id: BAD-1\nseverity: high\n")
    code, _, err = run("batch", str(SAMPLES), "-o", str(tmp_path / "r.jsonl"), "--rules", str(rules))
    assert code == 2 and "bad.yaml: $: 'name' is a required property" in err
    assert not (tmp_path / "r.jsonl").exists()


def test_progress_only_on_a_terminal_and_never_with_quiet(tmp_path: Path) -> None:
    code, _, err = run("batch", str(SAMPLES), "-o", str(tmp_path / "a.jsonl"))
    assert "\r" not in err and err.count("\n") == 1  # not a terminal: the closing summary only
    code, _, err = run("batch", str(SAMPLES), "-o", str(tmp_path / "b.jsonl"), "--quiet")
    assert err == ""

    class Terminal:
        def __init__(self) -> None:
            self.text = ""

        def isatty(self) -> bool:
            return True

        def write(self, text: str) -> None:
            self.text += text

        def flush(self) -> None:
            pass

    terminal = Terminal()
    progress = Progress(3, terminal, enabled=True)  # type: ignore[arg-type]
    for status in ("ok", "error", "skipped"):
        progress.advance(status)
    progress.finish()
    assert terminal.text.startswith("\r[") and "3/3 apps" in terminal.text and "1 errors  1 already done" in terminal.text
    assert terminal.text.endswith("\n")
    quiet = Terminal()
    Progress(3, quiet, enabled=False).advance("ok")
    assert quiet.text == ""


def test_schema_command_prints_a_self_contained_batch_line_schema() -> None:
    code, out, _ = run("schema", "batch-line")
    printed = json.loads(out)
    assert code == 0 and printed["title"] == "privacy-audit batch line"
    assert printed["$defs"]["report"]["$id"] == schema("report")["$id"]


def test_workers_also_start_where_processes_are_spawned_not_forked(tmp_path: Path) -> None:
    """macOS and Windows spawn workers: each imports the tool afresh and prepares itself."""
    script = tmp_path / "spawned.py"
    script.write_text(
        "import multiprocessing, sys\n"
        "import privacy_audit.batch.pool as pool\n"
        "pool._context = lambda: multiprocessing.get_context('spawn')\n"
        "from privacy_audit.cli import main\n"
        "if __name__ == '__main__':\n"
        "    main(sys.argv[1:])\n"
    )
    output = tmp_path / "results.jsonl"
    result = subprocess.run(
        [sys.executable, str(script), "batch", str(SAMPLES), "-o", str(output), "-j", "2"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert sorted(by_app(read_lines(output))) == SAMPLE_NAMES


@pytest.mark.parametrize("options", [{}, {"jurisdictions": ["cn"], "stores": ["google-play"]}, {"all_packs": True}])
def test_prepare_compiles_the_rules_its_apps_run(options: dict) -> None:
    from privacy_audit.api import AuditOptions
    from privacy_audit.batch.apps import BatchApp
    from privacy_audit.batch.worker import BatchJob, Task, audit_app, prepare
    from privacy_audit.engine.rules import _compiled

    prepare(BatchJob(AuditOptions(**options), str(SAMPLES)))
    compiled = _compiled.cache_info().misses
    outcome = audit_app(Task(BatchApp("lending-zh-risky", (str(SAMPLES / "lending-zh-risky"),))))
    assert outcome.status == "ok"
    assert _compiled.cache_info().misses == compiled, "the app compiled its rules again"


def test_prepare_compiles_the_lexicons_so_forked_workers_share_them(monkeypatch: pytest.MonkeyPatch) -> None:
    from privacy_audit.api import AuditOptions
    from privacy_audit.batch.apps import BatchApp
    from privacy_audit.batch.worker import BatchJob, Task, audit_app, prepare
    from privacy_audit.readers import policy
    from privacy_audit.text import lexicon

    lexicon.builtin_lexicon.cache_clear()  # as a fresh process has them: nothing compiled yet
    policy._compiled_lexicon.cache_clear()
    prepare(BatchJob(AuditOptions(), str(SAMPLES)))

    def compiled_after_prepare(*_: object) -> None:
        raise AssertionError("a lexicon pattern was compiled after prepare()")

    monkeypatch.setattr(lexicon, "_compile", compiled_after_prepare)
    for name in ("lending-zh-risky", "lending-en-risky"):
        assert audit_app(Task(BatchApp(name, (str(SAMPLES / name),)))).status == "ok"


def test_a_bad_user_lexicon_stops_the_batch_before_it_starts(tmp_path: Path) -> None:
    lexicons = tmp_path / "rules" / "lexicons"
    lexicons.mkdir(parents=True)
    (lexicons / "en.yaml").write_text("objects: 3\n")
    code, _, err = run("batch", str(SAMPLES), "-o", str(tmp_path / "r.jsonl"), "--rules", str(tmp_path / "rules"))
    assert code == 2 and "en.yaml: $.objects: 'objects' must map category names to lists of terms" in err
    assert not (tmp_path / "r.jsonl").exists()
