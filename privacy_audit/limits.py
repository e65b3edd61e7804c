"""Every bound privacy-audit puts on what it reads, in one place: the default and how to raise it.

Inputs come from people who may not want to be audited. Each bound keeps the time and memory one
input can cost in proportion to a real app's, and turns anything past it into a one-line error
that names the bound and the flag that raises it. The README's "Limits" table is generated from
``LIMITS`` by tools/gen_docs.py (the tests check it is current).
"""

from __future__ import annotations

from dataclasses import dataclass

KiB = 1024
MiB = 1024 * KiB

# Raised by flags.
MAX_FILE_BYTES = 20 * MiB
FILE_SIZE_FLAG = "--max-file-size"
FETCH_TIMEOUT_SECONDS = 20.0
# Configuration files are parsed by pure-Python code: JSON5 reads long arrays at about 20 kB/s and
# PyYAML builds its objects at about 0.2 MB/s. A module.json5 or privacy-audit.yaml (a few KiB in
# real projects; the largest built-in YAML is 15 KiB) may be an 80th of the file size limit:
# 256 KiB, about 14 s at worst.
CONFIG_SHARE = 80
# A policy is read sentence by sentence at about 5 s per MiB when every sentence is a statement
# (hostile text); real policies are 10-200 KiB. A quarter of the file size limit, 5 MiB, keeps the
# worst case near 25 s.
POLICY_SHARE = 4

# Fixed: no real input comes near them, and each guards a parser that would otherwise recurse or
# repeat work without end.
MAX_REDIRECTS = 5
MAX_XML_DEPTH = 256
MAX_YAML_DEPTH = 64
MAX_BUNDLED_POLICIES = 8
# A build.gradle(.kts) is read only for the module's role and SDK levels, which sit near its top.
MAX_BUILD_FILE_BYTES = MiB
# Rule, lexicon and reference files given with --rules: the built-in ones are under 16 KiB.
MAX_RULE_FILE_BYTES = MAX_FILE_BYTES // CONFIG_SHARE
ZIP_END_SEARCH_BYTES = 65_535 + 22  # the longest ZIP comment and the end record: where Android looks


def config_limit(max_file_bytes: int) -> int:
    """The size limit of a JSON5 or YAML file, given the file size limit."""
    return max_file_bytes // CONFIG_SHARE


def policy_limit(max_file_bytes: int) -> int:
    """The size limit of a privacy policy, given the file size limit."""
    return max_file_bytes // POLICY_SHARE


@dataclass(frozen=True, slots=True)
class Limit:
    what: str
    default: str
    flag: str | None  # None: fixed


def size_text(size: int) -> str:
    """20 MiB, 12.8 KiB, 1.7 MiB, 900 bytes: a size as the limits and their errors print it.

    A part of a unit is shown to a tenth, rounded up, so that a size just over a whole limit never
    prints as the limit itself: 20 MiB and one byte is "20.1 MiB"."""
    if size < KiB:
        return _bytes_text(size)
    unit, name = (MiB, "MiB") if size >= MiB else (KiB, "KiB")
    if size % unit == 0:
        return f"{size // unit} {name}"
    tenths = -(-size * 10 // unit)
    return f"{tenths // 10}.{tenths % 10} {name}"


def _bytes_text(size: int) -> str:
    return f"{size:,} byte{'' if size == 1 else 's'}"


def share_text(share: int) -> str:
    """How a limit derives from the file size limit: "1/4 of --max-file-size"."""
    return f"1/{share} of {FILE_SIZE_FLAG}"


def over_limit(what: str, size: int | None, limit: int, kind: str | None = None, share: int | None = None, flag: bool = True) -> str:
    """The problem an input over a size limit is reported with: what is too large and by how much
    (``size``, when it is known), the limit and what ``kind`` of input it bounds, the ``share`` of
    the file size limit it is, and, with ``flag``, that --max-file-size raises it.

    ``over_limit("the policy", 6_500_000, 5 * MiB, "policies", POLICY_SHARE)`` is "the policy is
    6.2 MiB, over the 5 MiB limit for policies (1/4 of --max-file-size; raise it with
    --max-file-size)".
    """
    bound = size_text(limit)
    if size is None:
        problem = f"{what} is over the {bound} limit"
    else:
        shown = size_text(size)
        if shown == bound:
            # A limit that is no whole number of tenths, and a size in the same tenth above it.
            shown, bound = _bytes_text(size), _bytes_text(limit)
        problem = f"{what} is {shown}, over the {bound} limit"
    if kind:
        problem += f" for {kind}"
    notes = ([share_text(share)] if share else []) + ([f"raise it with {FILE_SIZE_FLAG}"] if flag else [])
    return f"{problem} ({'; '.join(notes)})" if notes else problem


_FILE = size_text(MAX_FILE_BYTES)
LIMITS: tuple[Limit, ...] = (
    Limit("size of an input file read whole (manifest, plist, policy, baseline)", _FILE, FILE_SIZE_FLAG),
    Limit("size an APK entry (manifest, bundled policy) may inflate to", _FILE, FILE_SIZE_FLAG),
    Limit("size of an APK's ZIP central directory", _FILE, FILE_SIZE_FLAG),
    Limit("size of a fetched policy page", _FILE, FILE_SIZE_FLAG),
    Limit(
        "size of a privacy policy read for statements (file, page or APK asset)",
        f"{size_text(policy_limit(MAX_FILE_BYTES))} ({share_text(POLICY_SHARE)})",
        FILE_SIZE_FLAG,
    ),
    Limit(
        "size of a JSON5 or YAML file (module.json5, app.json5, privacy-audit.yaml)",
        f"{size_text(config_limit(MAX_FILE_BYTES))} ({share_text(CONFIG_SHARE)})",
        FILE_SIZE_FLAG,
    ),
    Limit("size of a rule, lexicon or reference YAML file given with --rules", size_text(MAX_RULE_FILE_BYTES), None),
    Limit("part of a build.gradle(.kts) read for the module's role and SDK levels", f"the first {size_text(MAX_BUILD_FILE_BYTES)}", None),
    Limit("time to fetch a policy URL (each wait and in total)", f"{FETCH_TIMEOUT_SECONDS:g} s", "--fetch-timeout"),
    Limit("redirects followed when fetching a policy", str(MAX_REDIRECTS), None),
    Limit("nesting of XML elements (manifests)", str(MAX_XML_DEPTH), None),
    Limit("nesting of YAML (rules, privacy-audit.yaml); anchors and aliases", f"{MAX_YAML_DEPTH}; refused", None),
    Limit("policies read from one APK's assets", str(MAX_BUNDLED_POLICIES), None),
)
