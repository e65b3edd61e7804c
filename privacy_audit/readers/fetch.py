"""A privacy policy given as a URL: fetched once, within bounds, and kept as it was fetched.

Only when the user passes a URL does the tool touch the network. The fetch has a time limit (per
network wait and in total), a size cap, a redirect limit, http(s) only (also after redirects), and
accepts only HTML or plain text. Plain http is allowed, because lending apps do publish policies
that way and an auditor needs to read them, but the report says the copy came over plain http.
The report records the URL, the final URL after redirects, the time of the fetch and the hash of
the bytes analysed, so a later reader can tell exactly which text the findings rest on.
"""

from __future__ import annotations

import datetime
import time
from typing import Any

from privacy_audit import __version__
from privacy_audit.errors import InputError
from privacy_audit.limits import FETCH_TIMEOUT_SECONDS, MAX_REDIRECTS, over_limit
from privacy_audit.readers.source import (
    DEFAULT_MAX_FILE_BYTES,
    Origin,
    Source,
    read_source,
)

ACCEPTED_TYPES = ("text/html", "text/plain", "application/xhtml+xml")


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def _opener(max_redirects: int) -> Any:
    """An opener following at most ``max_redirects`` redirects, to http(s) URLs only (urllib would
    also follow ftp). urllib is imported here, on a fetch: at the top it cost every run 20 ms."""
    import urllib.request

    class HttpRedirects(urllib.request.HTTPRedirectHandler):
        max_redirections = max_repeats = max_redirects

        def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
            if not is_url(newurl):
                raise InputError(f"redirected to {newurl!r}, which is not an http(s) URL", req.full_url)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return urllib.request.build_opener(HttpRedirects())


def fetch_policy(
    url: str,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    timeout: float = FETCH_TIMEOUT_SECONDS,
    max_redirects: int = MAX_REDIRECTS,
) -> Source:
    """Fetch a policy page into a Source named by its URL, or raise InputError."""
    import socket
    import urllib.error
    import urllib.request

    if not is_url(url):
        raise InputError("not an http(s) URL", url)
    opener = _opener(max_redirects)
    request = urllib.request.Request(url, headers={"User-Agent": f"privacy-audit/{__version__}", "Accept": ", ".join(ACCEPTED_TYPES)})
    deadline = time.monotonic() + timeout
    fetched_at = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    try:
        with opener.open(request, timeout=timeout) as response:
            final_url = response.geturl()
            content_type = response.headers.get_content_type() if response.headers.get("Content-Type") else None
            if content_type not in ACCEPTED_TYPES:
                raise InputError(f"the server sent {content_type or 'no content type'}, not HTML or plain text", url)
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise InputError(over_limit("the page", int(declared), max_bytes), url)
            body = bytearray()
            while chunk := response.read(64 * 1024):
                body += chunk
                if len(body) > max_bytes:
                    raise InputError(over_limit("the page", None, max_bytes), url)
                if time.monotonic() > deadline:
                    raise InputError(f"the page took longer than {timeout:g} s to arrive", url)
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400 and "not allowed" in str(exc.reason):
            raise InputError(f"redirected to {exc.filename!r}, which is not an http(s) URL", url) from None
        if 300 <= exc.code < 400:
            raise InputError(f"more than {max_redirects} redirects, or a redirect loop", url) from None
        raise InputError(f"the server answered HTTP {exc.code} {exc.reason}", url) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise InputError(f"no answer within {timeout:g} s", url) from None
        raise InputError(f"cannot fetch: {reason}", url) from None
    except (TimeoutError, socket.timeout):
        raise InputError(f"no answer within {timeout:g} s", url) from None
    except OSError as exc:
        raise InputError(f"cannot fetch: {exc.strerror or exc}", url) from None
    why = "fetched from the web" if final_url == url else f"fetched from the web, redirected to {final_url}"
    if final_url.lower().startswith("http://"):
        why += "; over plain http, so the copy may have been altered in transit"
    return Source(url, bytes(body), Origin(why, url=final_url, fetched_at=fetched_at))


def policy_source(given: str, max_bytes: int = DEFAULT_MAX_FILE_BYTES, timeout: float = FETCH_TIMEOUT_SECONDS) -> Source:
    """A policy the user named: a file, or a URL to fetch."""
    return fetch_policy(given, max_bytes, timeout) if is_url(given) else read_source(given, max_bytes)
