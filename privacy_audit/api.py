"""The library entry point: ``audit(paths) -> Report``. The command line only wraps it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from privacy_audit import __version__
from privacy_audit.collect import collect
from privacy_audit.engine.evaluate import evaluate
from privacy_audit.engine.packs import select_packs
from privacy_audit.engine.rules import Rule, builtin_packs, load_rules
from privacy_audit.engine.suppress import apply_acceptances, apply_baseline
from privacy_audit.errors import InputError, UsageError
from privacy_audit.limits import FETCH_TIMEOUT_SECONDS
from privacy_audit.model import SEVERITIES, Report, severity_rank
from privacy_audit.paths import find_root
from privacy_audit.readers import kinds
from privacy_audit.readers.baseline import read_baseline
from privacy_audit.readers.discover import Input, discover
from privacy_audit.readers.fetch import is_url, policy_source
from privacy_audit.readers.manifest_inputs import apply_manifest_inputs
from privacy_audit.readers.source import DEFAULT_MAX_FILE_BYTES, Origin, Source
from privacy_audit.report.labels import LANGUAGES


@dataclass(slots=True)
class AuditOptions:
    """How to audit. ``None`` for category means: from privacy-audit.yaml, else ``lending``."""

    category: str | None = None
    jurisdictions: Sequence[str] = ()
    stores: Sequence[str] = ()
    # Packs to run besides core and those of the app's markets and stores; all_packs: every pack.
    packs: Sequence[str] = ()
    all_packs: bool = False
    rule_dirs: Sequence[Path] = ()
    lang: str = "en"
    fail_on: str = "high"
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    fetch_timeout: float = FETCH_TIMEOUT_SECONDS
    rules: list[Rule] | None = field(default=None, repr=False)
    # Paths in SARIF, baselines and fingerprints are relative to this folder. audit() defaults it
    # to the git top level of the first path (else that folder); audit_sources() to none.
    root: str | None = None
    # A baseline file: findings it records are reported but do not fail the run.
    baseline: str | None = None
    # Exit 0 whatever the findings.
    report_only: bool = False

    def check(self) -> None:
        if self.lang not in LANGUAGES:
            raise UsageError(f"unknown language {self.lang!r}: {' or '.join(LANGUAGES)}")
        if self.fail_on not in SEVERITIES:
            raise UsageError(f"unknown severity {self.fail_on!r}: {', '.join(SEVERITIES)}")


def find_inputs(
    paths: Sequence[str | Path], policies: Sequence[str | Path] = (), max_bytes: int = DEFAULT_MAX_FILE_BYTES
) -> tuple[list[Input], list[str]]:
    """What ``audit`` would read, each with the reason it was chosen, and what was skipped.
    A privacy-audit.yaml that lists ``inputs`` decides, per kind, what is read under its folder."""
    warnings: list[str] = []
    given_files = [str(p) for p in paths if not Path(p).is_dir()]
    inputs = apply_manifest_inputs(discover(list(paths), warnings), given_files, max_bytes)
    for policy in map(str, policies):
        why = "given with --policy: to be fetched from the web" if is_url(policy) else "given with --policy"
        inputs.append(Input(kinds.POLICY, policy, Origin(why, url=policy if is_url(policy) else None)))
    return inputs, warnings


@dataclass(slots=True)
class AppInputs:
    """One app's inputs, found and read once: what ``audit`` audits, and what a batch hashes first
    to tell whether the app changed since its last run.

    Files are read when found; a policy URL is fetched only when the app is audited. A file that
    cannot be read is left out and its error kept, to be raised when the app is audited, so the
    files that could be read still tell whether the app changed."""

    inputs: list[Input]
    warnings: list[str]
    sources: list[Source | None]  # each input's, in order: None for a URL or an unreadable file
    error: InputError | None = None

    def read(self) -> list[Source]:
        """The files read."""
        return [s for s in self.sources if s is not None]

    def to_audit(self, options: AuditOptions) -> list[tuple[str, Source]]:
        """Every input as (kind, source), policy URLs fetched now; raises the first read error."""
        if self.error is not None:
            raise self.error
        return [
            (i.kind, source or policy_source(i.path, options.max_file_bytes, options.fetch_timeout))
            for i, source in zip(self.inputs, self.sources)
        ]


def read_inputs(
    paths: Sequence[str | Path], policies: Sequence[str | Path] = (), max_bytes: int = DEFAULT_MAX_FILE_BYTES
) -> AppInputs:
    """Find what an audit of ``paths`` and ``policies`` reads, and read the files among it."""
    inputs, warnings = find_inputs(paths, policies, max_bytes)
    found = AppInputs(inputs, warnings, [])
    for item in inputs:
        try:
            found.sources.append(None if item.origin.url else item.source(max_bytes))
        except InputError as exc:
            found.sources.append(None)
            found.error = found.error or exc
    return found


def audit(
    paths: Sequence[str | Path],
    policies: Sequence[str | Path] = (),
    options: AuditOptions | None = None,
    inputs: AppInputs | None = None,
) -> Report:
    """Audit one app: folders are searched for manifests and policies; files are read as given;
    a policy may be a URL, fetched once. ``inputs``: what ``read_inputs`` found and read for
    these paths and policies, where the caller has it already."""
    options = options or AuditOptions()
    options.check()
    if options.root is None:
        options = dataclasses.replace(options, root=find_root(list(paths)))
    if inputs is None:
        inputs = read_inputs(paths, policies, options.max_file_bytes)
    if not inputs.inputs:
        shown = ", ".join(str(p) for p in paths) or "(nothing)"
        raise InputError(
            "found no Android manifest or APK, iOS Info.plist, HarmonyOS module.json5, privacy policy or privacy-audit.yaml",
            shown,
        )
    report = audit_sources(inputs.to_audit(options), options)
    report.facts.warnings[:0] = inputs.warnings
    return report


def choose_rules(options: AuditOptions, jurisdictions: Iterable[str], stores: Iterable[str]) -> tuple[list[Rule], list[str]]:
    """The rules an audit of an app shipping to these markets and stores runs (``options.rules``
    when given), and a warning for each market with no pack. A batch calls it before its apps
    with the markets and stores of the command line, so the rules are compiled once for them."""
    if options.rules is not None:
        return options.rules, []
    every = builtin_packs() if options.all_packs else None
    packs, warnings = select_packs(options.packs, jurisdictions, stores, every)
    return load_rules(packs, tuple(Path(d) for d in options.rule_dirs)), warnings


def audit_sources(sources: Sequence[tuple[str, Source]], options: AuditOptions | None = None) -> Report:
    """Audit inputs already in memory, as (kind, source) pairs."""
    options = options or AuditOptions()
    options.check()
    rule_dirs = tuple(Path(d) for d in options.rule_dirs)
    facts = collect(sources, rule_dirs)
    if options.category:
        facts.category = options.category
    facts.jurisdictions.update(options.jurisdictions)
    facts.stores.update(options.stores)
    rules, warnings = choose_rules(options, facts.jurisdictions, facts.stores)
    facts.warnings.extend(warnings)
    findings = evaluate(rules, facts, options.lang, options.root)
    findings = apply_acceptances(findings, facts, (r.id for r in rules), options.lang, options.root)
    baseline = None
    if options.baseline is not None:
        entries = read_baseline(options.baseline, options.max_file_bytes)
        findings, baseline = apply_baseline(findings, entries, options.baseline)
    findings.sort(key=lambda f: (severity_rank(f.severity), f.rule_id))  # reports list the most severe first
    return Report(
        tool_version=__version__,
        lang=options.lang,
        facts=facts,
        findings=findings,
        fail_on=options.fail_on,
        rule_packs=sorted({pack for r in rules for pack in r.packs}),
        root=options.root,
        report_only=options.report_only,
        baseline=baseline,
    )
