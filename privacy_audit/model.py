"""The facts, findings and report that flow through the tool, one way:
readers -> AppFacts -> rule engine -> Findings -> Report -> reporters.

Every fact keeps its provenance (file, 1-based line, quoted text) so that a finding can cite it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from privacy_audit.text.language import has_cjk

# The JSON report's version. 1.1 added findings[].suppressed, baseline, summary.suppressed and
# summary.report_only; 1.2 findings[].packs, references[].id/date/market/instrument_original/
# instrument_en, statements[].hours.
SCHEMA_VERSION = "1.2"

# Each ordering strongest first: the ranks below are positions in these tuples.
SEVERITIES: tuple[str, ...] = ("critical", "high", "medium", "low", "info")
POLARITIES: tuple[str, ...] = ("affirmed", "conditional", "negated")
CONFIDENCES: tuple[str, ...] = ("high", "medium", "low")
# A permission in one of these states gives the app the capability.
EFFECTIVE_STATES: frozenset[str] = frozenset({"requested", "implied"})


def severity_rank(severity: str) -> int:
    """0 for critical ... 4 for info: lower is more severe."""
    return SEVERITIES.index(severity)


def at_or_above(severity: str, threshold: str) -> bool:
    """Whether a finding of ``severity`` reaches ``threshold`` (``--fail-on``)."""
    return severity_rank(severity) <= severity_rank(threshold)


def polarity_strength(polarity: str) -> int:
    """How strongly a polarity states a practice: affirmed > conditional > negated."""
    return len(POLARITIES) - 1 - POLARITIES.index(polarity)


def confidence_rank(confidence: str) -> int:
    """2 for high, 1 for medium, 0 for low."""
    return len(CONFIDENCES) - 1 - CONFIDENCES.index(confidence)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact comes from: a file, a 1-based line, and the quoted text."""

    file: str
    line: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "text": self.text}


@dataclass(slots=True)
class Permission:
    """A permission declaration with its effective state, normalised to a capability."""

    name: str
    platform: str
    capability: str | None
    state: str
    evidence: Evidence
    element: str
    max_sdk: int | None = None
    note: str | None = None
    # iOS usage-description or HarmonyOS `reason` text: what the app tells users it needs this for.
    description: str | None = None
    # The Gradle module whose manifest declares it, and whether that module is a library, whose
    # permissions reach the app through the manifest merger although the app never wrote them.
    module: str | None = None
    library: bool = False

    @property
    def effective(self) -> bool:
        return self.state in EFFECTIVE_STATES

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "platform": self.platform,
            "capability": self.capability,
            "state": self.state,
            "max_sdk": self.max_sdk,
            "element": self.element,
            "evidence": self.evidence.to_dict(),
        }
        if self.note:
            out["note"] = self.note
        if self.description is not None:
            out["description"] = self.description
        if self.module:
            out["module"] = self.module
        if self.library:
            out["library"] = True
        return out


@dataclass(slots=True)
class Statement:
    """What one sentence of a policy says about one practice."""

    practice: str
    polarity: str
    confidence: str
    evidence: Evidence
    actor: str | None = None  # "first_party", "third_party" or "user"
    actor_name: str | None = None
    purposes: list[str] = field(default_factory=list)
    # The words that made the match, so a reviewer sees why: {"object": [...], "action": [...], ...}
    cues: dict[str, list[str]] = field(default_factory=dict)
    # collection.contact_hours only: the local hours collectors may call ("08:00-21:00"), or "any".
    hours: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "practice": self.practice,
            "polarity": self.polarity,
            "confidence": self.confidence,
            "actor": self.actor,
            "actor_name": self.actor_name,
            "purposes": list(self.purposes),
            "cues": {k: list(v) for k, v in self.cues.items()},
            "evidence": self.evidence.to_dict(),
        }
        if self.hours is not None:
            out["hours"] = self.hours
        return out


@dataclass(slots=True)
class InputRecord:
    """One input file and what was read from it."""

    kind: str
    path: str
    sha256: str
    read: dict[str, Any] = field(default_factory=dict)
    # Why it was chosen and where it sits (module, source set, merged variant, fetched URL and time).
    origin: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "path": self.path, "sha256": self.sha256, **self.origin, "read": self.read}


@dataclass(slots=True)
class PolicyDocument:
    """A privacy policy as read: its language and whether its statements were analysed."""

    path: str
    language: str | None
    analysed: bool
    sentences: int
    note: str | None = None


@dataclass(frozen=True, slots=True)
class AcceptedRisk:
    """An entry of ``accepted_risks`` in privacy-audit.yaml: a decision, with its reason."""

    rule: str
    reason: str
    evidence: Evidence
    # A path or glob pattern relative to the audit manifest's folder; None accepts every file.
    file: str | None = None
    expires: date | None = None


@dataclass(frozen=True, slots=True)
class Suppression:
    """Why a finding does not fail the run: a risk the team accepted, or a baseline entry."""

    kind: str  # "accepted" or "baseline"
    reason: str
    where: Evidence | None = None  # the acceptance in privacy-audit.yaml
    expires: date | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "reason": self.reason}
        if self.where is not None:
            out["file"] = self.where.file
            out["line"] = self.where.line
        if self.expires is not None:
            out["expires"] = self.expires.isoformat()
        return out


@dataclass(frozen=True, slots=True)
class PackageQuery:
    """A ``<queries>`` entry of an Android manifest: which installed apps the app asks to see.

    ``broad``: it matches nearly every installed app (an intent for the launcher's MAIN action),
    which gives the installed-app list as QUERY_ALL_PACKAGES does.
    """

    kind: str  # "package", "intent" or "provider"
    value: str
    broad: bool
    evidence: Evidence


@dataclass(slots=True)
class AppFacts:
    """Everything the readers learned about one app, platform-neutral."""

    category: str = "lending"
    jurisdictions: set[str] = field(default_factory=set)
    stores: set[str] = field(default_factory=set)
    package: str | None = None
    platforms: set[str] = field(default_factory=set)
    min_sdk: int | None = None
    target_sdk: int | None = None
    inputs: list[InputRecord] = field(default_factory=list)
    permissions: list[Permission] = field(default_factory=list)
    queries: list[PackageQuery] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    policies: list[PolicyDocument] = field(default_factory=list)
    # Practices the app team declares in privacy-audit.yaml, which no platform file shows.
    declared: dict[str, Any] = field(default_factory=dict)
    declared_evidence: Evidence | None = None
    # Where each declared value is written: dotted path -> the line that sets it.
    declared_at: dict[str, Evidence] = field(default_factory=dict)
    accepted_risks: list[AcceptedRisk] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Action:
    audience: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"audience": self.audience, "text": self.text}


@dataclass(frozen=True, slots=True)
class Reference:
    """A legal or platform instrument a rule rests on, as REFERENCES.md gives it.

    ``instrument`` is the name to print: the original-language title with the English one in
    brackets where they differ. ``status`` says how far the article is confirmed: an ``uncertain``
    article is never printed (the registry drops it when loading).
    """

    instrument: str
    issuer: str
    article: str | None = None
    url: str | None = None
    status: str | None = None
    # The registry id, the instrument's date, the market whose pack it belongs to (a pack name:
    # cn, in, google-play, ...), and its title in the original language and in English.
    id: str | None = None
    date: str | None = None
    market: str | None = None
    instrument_original: str | None = None
    instrument_en: str | None = None

    def title(self, lang: str) -> str:
        """The instrument's name for a reader of ``lang``: a Chinese title alone for Chinese readers."""
        original = self.instrument_original
        if lang == "zh" and original and has_cjk(original):
            return original
        return self.instrument

    def citation(self, lang: str = "en") -> str:
        """"Instrument article (issuer)": how reports name it."""
        return " ".join(p for p in (self.title(lang), self.article or "", f"({self.issuer})") if p)

    def text(self, lang: str = "en") -> str:
        """The citation followed by its URL, for plain text."""
        return f"{self.citation(lang)} {self.url}" if self.url else self.citation(lang)

    def markdown(self, lang: str = "en") -> str:
        """The citation, linked to its URL where it has one."""
        return f"[{self.citation(lang)}]({self.url})" if self.url else self.citation(lang)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"instrument": self.instrument, "issuer": self.issuer}
        for key in ("article", "url", "status", "id", "date", "market", "instrument_original", "instrument_en"):
            value = getattr(self, key)
            if value:
                out[key] = value
        return out


@dataclass(slots=True)
class Finding:
    rule_id: str
    name: str
    severity: str
    confidence: str
    title: str
    message: str
    pack: str
    evidence: list[Evidence]
    actions: list[Action]
    references: list[Reference]
    fingerprint: str = ""
    suppression: Suppression | None = None
    # Every pack whose part of the rule found this: the rule's own pack and the packs whose
    # overlays held (a market or store pack adding its references, actions and severity).
    packs: list[str] = field(default_factory=list)
    # The overlays that held ("pack:name"), for rule tests; not part of the report.
    overlays: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule_id": self.rule_id,
            "name": self.name,
            "severity": self.severity,
            "confidence": self.confidence,
            "pack": self.pack,
            "packs": list(self.packs),
            "title": self.title,
            "message": self.message,
            "evidence": [e.to_dict() for e in self.evidence],
            "actions": [a.to_dict() for a in self.actions],
            "references": [r.to_dict() for r in self.references],
            "fingerprint": self.fingerprint,
        }
        if self.suppression is not None:
            out["suppressed"] = self.suppression.to_dict()
        return out


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    """One finding recorded in a baseline file, by fingerprint (the rest is for people)."""

    fingerprint: str
    rule_id: str
    severity: str
    title: str
    file: str | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "rule_id": self.rule_id,
            "severity": self.severity,
            "title": self.title,
            "file": self.file,
            "line": self.line,
        }


@dataclass(slots=True)
class BaselineOutcome:
    """How a run compares with the baseline it was given."""

    path: str
    # Entries of the baseline that no finding of this run matches: fixed, or changed beyond recognition.
    absent: list[BaselineEntry] = field(default_factory=list)


@dataclass(slots=True)
class Report:
    """The outcome of one audit: the facts it rests on and the findings."""

    tool_version: str
    lang: str
    facts: AppFacts
    findings: list[Finding]
    fail_on: str = "high"
    rule_packs: list[str] = field(default_factory=list)
    # The folder evidence paths are named relative to in SARIF, Markdown and baselines, as in
    # the findings' fingerprints (a repository root).
    root: str | None = None
    # Report without failing: exit 0 whatever the findings (for a first rollout).
    report_only: bool = False
    baseline: BaselineOutcome | None = None

    def by_severity(self) -> dict[str, int]:
        """Every finding by severity, suppressed ones included."""
        counts = {s: 0 for s in SEVERITIES}
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    def active(self) -> list[Finding]:
        """Findings neither accepted nor in the baseline."""
        return [f for f in self.findings if f.suppression is None]

    def suppressed(self) -> dict[str, int]:
        counts = {"accepted": 0, "baseline": 0}
        for finding in self.findings:
            if finding.suppression is not None:
                counts[finding.suppression.kind] += 1
        return counts

    def failing(self) -> list[Finding]:
        """Active findings at or above ``fail_on``."""
        return [f for f in self.active() if at_or_above(f.severity, self.fail_on)]

    def exit_code(self) -> int:
        return 1 if self.failing() and not self.report_only else 0

    def to_dict(self) -> dict[str, Any]:
        facts = self.facts
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "privacy-audit", "version": self.tool_version},
            "lang": self.lang,
            "app": {
                "package": facts.package,
                "category": facts.category,
                "jurisdictions": sorted(facts.jurisdictions),
                "stores": sorted(facts.stores),
                "platforms": sorted(facts.platforms),
                "min_sdk": facts.min_sdk,
                "target_sdk": facts.target_sdk,
            },
            "rule_packs": list(self.rule_packs),
            "inputs": [i.to_dict() for i in facts.inputs],
            "policies": [
                {
                    "path": p.path,
                    "language": p.language,
                    "analysed": p.analysed,
                    "sentences": p.sentences,
                    **({"note": p.note} if p.note else {}),
                }
                for p in facts.policies
            ],
            "permissions": [p.to_dict() for p in facts.permissions],
            "statements": [s.to_dict() for s in facts.statements],
            "declared": facts.declared,
            "findings": [f.to_dict() for f in self.findings],
            "warnings": list(facts.warnings),
            **({"baseline": {
                "file": self.baseline.path,
                "absent": [e.to_dict() for e in self.baseline.absent],
            }} if self.baseline is not None else {}),
            "summary": {
                "by_severity": self.by_severity(),
                "suppressed": self.suppressed(),
                "fail_on": self.fail_on,
                "report_only": self.report_only,
                "failing": len(self.failing()),
                "exit_code": self.exit_code(),
            },
        }
