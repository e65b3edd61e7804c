"""What the tests share: paths, running the CLI, validating a report, writing an Android
manifest, and a local HTTP server for policy URLs."""

from __future__ import annotations

import functools
import importlib.util
import json
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED_DATA = ROOT.parent / "shared" / "data"


def load_script(relative: str, name: str) -> ModuleType:
    """A script of the repository that is not part of the package (benchmarks/, tools/), as a module."""
    spec = importlib.util.spec_from_file_location(name, ROOT / relative)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def shared(relative: str) -> Path:
    """A file from ../shared/data, or skip the test with a message when it is absent."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"{path} is not available (the shared real-data corpus is not checked out here)")
    return path


@pytest.fixture
def write(tmp_path: Path):
    """Write a text or bytes file under tmp_path and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


def run(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process: exit code, standard output, standard error."""
    from click.testing import CliRunner

    from privacy_audit.cli import cli

    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@functools.cache
def _report_validator() -> Any:  # noqa: ANN401 - a jsonschema validator
    import jsonschema

    from privacy_audit.resources import schema

    return jsonschema.Draft202012Validator(schema("report"), format_checker=jsonschema.FormatChecker())


def validate_report(report: str | dict[str, Any]) -> dict[str, Any]:
    """The report (JSON text or already parsed), checked against the published report schema,
    formats included."""
    data = json.loads(report) if isinstance(report, str) else report
    _report_validator().validate(data)
    return data


def android_manifest(*permissions: str, package: str | None = None, target_sdk: int | None = None) -> str:
    """An AndroidManifest.xml that asks for ``permissions``, one a line from line 2 on (line 3 with
    ``target_sdk``). A short name (READ_CONTACTS) is an ``android.permission.`` one."""
    lines = ['<manifest xmlns:android="http://schemas.android.com/apk/res/android"' + (f' package="{package}">' if package else ">")]
    if target_sdk is not None:
        lines.append(f'  <uses-sdk android:targetSdkVersion="{target_sdk}" />')
    lines += [f'  <uses-permission android:name="{p if "." in p else "android.permission." + p}" />' for p in permissions]
    return "\n".join([*lines, "</manifest>", ""])


# -- a local HTTP server for policy URLs (127.0.0.1, never the internet) ------------------------

SERVED_POLICY = b"<html><body><h1>Privacy policy</h1><p>We never read your contacts.</p></body></html>"
SLOW_SECONDS = 1.5  # how long /slow takes to answer


class _PolicyHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the http.server interface
        path = self.path
        if path == "/privacy.html":
            self.reply(200, "text/html; charset=utf-8", SERVED_POLICY)
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
            self.wfile.write(SERVED_POLICY)
        elif path == "/big":
            self.reply(200, "text/plain", b"x" * (2 * 1024 * 1024))
        elif path == "/big-no-length":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"y" * 65536)
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self.reply(200, "text/html", SERVED_POLICY)
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


class _PolicyServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (the timeout tests) breaks the pipe; that is expected


@pytest.fixture(scope="session")
def policy_server() -> Iterator[str]:
    """The base URL of a local server: /privacy.html (SERVED_POLICY), /moved, /loop, /chain/N,
    /to-file, /policy.pdf, /untyped, /big, /big-no-length, /slow (SLOW_SECONDS), else 404."""
    httpd = _PolicyServer(("127.0.0.1", 0), _PolicyHandler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
