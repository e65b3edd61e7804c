"""Policy URLs, fetched from a local HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from privacy_audit.cli import cli
from privacy_audit.errors import InputError
from privacy_audit.readers.fetch import fetch_policy

POLICY = "<html><body><h1>Privacy policy</h1><p>We never read your contacts.</p></body></html>".encode()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the http.server interface
        path = self.path
        if path == "/privacy.html":
            self.reply(200, "text/html; charset=utf-8", POLICY)
        elif path == "/moved":
            self.redirect("/privacy.html")
        elif path == "/loop":
            self.redirect("/loop")
        elif path.startswith("/chain/"):
            self.redirect(f"/chain/{int(path.rsplit('/', 1)[1]) + 1}")
        elif path == "/to-file":
            self.redirect("file:///etc/passwd")
        elif path == "/policy.pdf":
            self.reply(200, "application/pdf", b"%PDF-1.4")
        elif path == "/untyped":
            self.send_response(200)
            self.end_headers()
            self.wfile.write(POLICY)
        elif path == "/big":
            self.reply(200, "text/plain", b"x" * (2 * 1024 * 1024))
        elif path == "/big-no-length":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"y" * 65536)
        elif path == "/slow":
            time.sleep(1.5)
            self.reply(200, "text/html", POLICY)
        else:
            self.reply(404, "text/plain", b"not found")

    def reply(self, code: int, content_type: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, where: str) -> None:
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


class Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (the timeout test) breaks the pipe; that is expected


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = Server(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_keeps_url_time_and_hash(server: str) -> None:
    source = fetch_policy(f"{server}/privacy.html")
    assert source.data == POLICY and source.sha256 == hashlib.sha256(POLICY).hexdigest()
    assert source.origin.url == f"{server}/privacy.html"
    assert source.origin.fetched_at and source.origin.fetched_at.endswith("+00:00")
    assert "plain http" in source.origin.why


def test_redirect_is_followed_and_recorded(server: str) -> None:
    source = fetch_policy(f"{server}/moved")
    assert source.path == f"{server}/moved" and source.origin.url == f"{server}/privacy.html"
    assert "redirected to" in source.origin.why


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/loop", "redirect"),
        ("/chain/0", "more than 3 redirects"),
        ("/to-file", "not an http\\(s\\) URL"),
        ("/policy.pdf", "sent application/pdf, not HTML or plain text"),
        ("/untyped", "no content type"),
        ("/big", "over the 1 MiB limit"),
        ("/big-no-length", "over the 1 MiB limit"),
        ("/missing", "HTTP 404"),
    ],
)
def test_bad_answers_are_input_errors(server: str, path: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        fetch_policy(f"{server}{path}", max_bytes=1024 * 1024, max_redirects=3)


def test_timeout(server: str) -> None:
    started = time.monotonic()
    with pytest.raises(InputError, match="no answer within 0.3 s"):
        fetch_policy(f"{server}/slow", timeout=0.3)
    assert time.monotonic() - started < 1.4


def test_refused_connection_and_other_schemes() -> None:
    with pytest.raises(InputError, match="cannot fetch"):
        fetch_policy("http://127.0.0.1:9/privacy.html", timeout=2)
    with pytest.raises(InputError, match="not an http"):
        fetch_policy("ftp://127.0.0.1/privacy.html")


def test_scan_with_policy_url_reports_url_time_and_hash(server: str, tmp_path) -> None:
    manifest = tmp_path / "AndroidManifest.xml"
    manifest.write_text('<manifest xmlns:android="http://schemas.android.com/apk/res/android"><uses-permission android:name="android.permission.READ_CONTACTS"/></manifest>')
    result = CliRunner().invoke(cli, ["scan", str(manifest), "--policy", f"{server}/privacy.html", "--format", "json"])
    report = json.loads(result.stdout)
    fetched = next(i for i in report["inputs"] if i["kind"] == "policy")
    assert fetched["path"] == fetched["url"] == f"{server}/privacy.html"
    assert fetched["sha256"] == hashlib.sha256(POLICY).hexdigest() and fetched["fetched_at"]
    assert "PA104" in {f["rule_id"] for f in report["findings"]}  # the fetched text was analysed
    result = CliRunner().invoke(cli, ["scan", str(manifest), "--policy", f"{server}/policy.pdf"])
    assert result.exit_code == 2 and "not HTML or plain text" in result.stderr
