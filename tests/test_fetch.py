"""Policy URLs, fetched from a local HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import hashlib
import json

import pytest

from conftest import SERVED_POLICY, android_manifest, run
from privacy_audit.errors import InputError
from privacy_audit.readers.fetch import fetch_policy


def test_fetch_keeps_url_time_and_hash(policy_server: str) -> None:
    source = fetch_policy(f"{policy_server}/privacy.html")
    assert source.data == SERVED_POLICY and source.sha256 == hashlib.sha256(SERVED_POLICY).hexdigest()
    assert source.origin.url == f"{policy_server}/privacy.html"
    assert source.origin.fetched_at and source.origin.fetched_at.endswith("+00:00")
    assert "plain http" in source.origin.why


def test_redirect_is_followed_and_recorded(policy_server: str) -> None:
    source = fetch_policy(f"{policy_server}/moved")
    assert source.path == f"{policy_server}/moved" and source.origin.url == f"{policy_server}/privacy.html"
    assert "redirected to" in source.origin.why


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/loop", "redirect"),
        ("/chain/0", "more than 3 redirects"),
        ("/to-file", "not an http\\(s\\) URL"),
        ("/policy.pdf", "sent application/pdf, not HTML or plain text"),
        ("/untyped", "no content type"),
        ("/missing", "HTTP 404"),
    ],
)
def test_bad_answers_are_input_errors(policy_server: str, path: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        fetch_policy(f"{policy_server}{path}", max_bytes=1024 * 1024, max_redirects=3)


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/big", "the page is 2 MiB, over the 1 MiB limit (raise it with --max-file-size)"),  # told by Content-Length
        ("/big-no-length", "the page is over the 1 MiB limit (raise it with --max-file-size)"),  # found while reading
    ],
)
def test_a_page_over_the_size_limit_is_refused(policy_server: str, path: str, problem: str) -> None:
    with pytest.raises(InputError) as refused:
        fetch_policy(f"{policy_server}{path}", max_bytes=1024 * 1024)
    assert refused.value.problem == problem


def test_timeout(policy_server: str) -> None:
    # /slow answers after SLOW_SECONDS: the error is raised only if the fetch gave up before that.
    with pytest.raises(InputError, match="no answer within 0.3 s"):
        fetch_policy(f"{policy_server}/slow", timeout=0.3)


def test_refused_connection_and_other_schemes() -> None:
    with pytest.raises(InputError, match="cannot fetch"):
        fetch_policy("http://127.0.0.1:9/privacy.html", timeout=2)
    with pytest.raises(InputError, match="not an http"):
        fetch_policy("ftp://127.0.0.1/privacy.html")


def test_scan_with_policy_url_reports_url_time_and_hash(policy_server: str, tmp_path) -> None:
    manifest = tmp_path / "AndroidManifest.xml"
    manifest.write_text(android_manifest("READ_CONTACTS"))
    _, out, _ = run("scan", str(manifest), "--policy", f"{policy_server}/privacy.html", "--format", "json")
    report = json.loads(out)
    fetched = next(i for i in report["inputs"] if i["kind"] == "policy")
    assert fetched["path"] == fetched["url"] == f"{policy_server}/privacy.html"
    assert fetched["sha256"] == hashlib.sha256(SERVED_POLICY).hexdigest() and fetched["fetched_at"]
    assert "PA104" in {f["rule_id"] for f in report["findings"]}  # the fetched text was analysed
    code, _, err = run("scan", str(manifest), "--policy", f"{policy_server}/policy.pdf")
    assert code == 2 and "not HTML or plain text" in err
