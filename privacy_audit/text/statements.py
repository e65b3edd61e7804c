"""Sentences -> statements: which practice a sentence states, with what polarity, and why.

A statement is built, not keyword-spotted (see ../shared/POLICY-READING.md):

    practice  <- data object x action (x recipient / target) x context
    polarity  <- negation, condition and refusal cues in scope
    actor     <- the party named before the verb

The words are data (``rules/lexicons/<lang>.yaml``); this module holds only the grammar: where a
clause ends, which verb governs an object, how far a cue reaches. Every statement keeps the cue
words that produced it so that a reviewer can see why it was reported.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from privacy_audit.model import Evidence, Statement, confidence_rank, polarity_strength
from privacy_audit.text.lexicon import Lexicon, Span
from privacy_audit.text.segment import Sentence

CLAUSE_MARKS = "，,：:；;（）()"
# How far a negation reaches back from its verb, in characters.
NEGATION_REACH = {True: 40, False: 10}
# Actions that are verbs of holding data; "contact" and "delete" verbs are handled apart.
DATA_ACTIONS = ("collect", "upload", "share")


@dataclass(slots=True)
class _Occurrence:
    category: str
    span: Span


@dataclass(slots=True)
class _Draft:
    practice: str
    polarity: str
    confidence: str
    cues: dict[str, list[str]] = field(default_factory=dict)
    actor: str | None = None
    actor_name: str | None = None


class _Sentence:
    """One sentence's matches, computed once, and the scope questions asked of them."""

    def __init__(self, text: str, lexicon: Lexicon) -> None:
        self.text = text
        self.lexicon = lexicon
        norm = lexicon.normalise(text)
        self.norm = norm
        masks = lexicon.not_objects.find(norm)
        found: list[_Occurrence] = []
        for category, matcher in lexicon.objects.items():
            for span in matcher.find(norm):
                if not any(m.start <= span.start and span.end <= m.end for m in masks):
                    found.append(_Occurrence(category, span))
        # Where object terms overlap, the longest wins (紧急联系人 over 联系人).
        found.sort(key=lambda o: (o.span.start, -(o.span.end - o.span.start)))
        self.objects: list[_Occurrence] = []
        for occurrence in found:
            if self.objects and occurrence.span.start < self.objects[-1].span.end:
                continue
            self.objects.append(occurrence)
        self.masks = masks
        taken = [o.span for o in self.objects] + masks
        self.actions = {
            kind: [s for s in matcher.find(norm) if not _inside_any(s, taken)]
            for kind, matcher in lexicon.actions.items()
        }
        self.cues = {kind: matcher.find(norm) for kind, matcher in lexicon.cues.items()}
        blockers = self.cues.get("not_negation", [])
        refusal = self.cues.get("refusal", [])
        self.negations = [
            s for s in self.cues.get("negation", []) if not _overlaps_any(s, blockers) and not _overlaps_any(s, refusal)
        ]
        self.contexts = {kind: matcher.find(norm) for kind, matcher in lexicon.contexts.items()}
        self.parties = {kind: matcher.find(norm) for kind, matcher in lexicon.parties.items()}
        self.breaks = self._clause_breaks()

    def _clause_breaks(self) -> list[int]:
        breaks = [i + 1 for i, ch in enumerate(self.text) if ch in CLAUSE_MARKS]
        breaks += [s.start for s in self.cues.get("exception", [])]
        return sorted(set(breaks))

    def clause(self, position: int) -> int:
        return bisect_right(self.breaks, position)

    def clause_bounds(self, index: int) -> tuple[int, int]:
        start = self.breaks[index - 1] if index > 0 else 0
        end = self.breaks[index] if index < len(self.breaks) else len(self.text)
        return start, end

    def has(self, group: dict[str, list[Span]], kind: str) -> bool:
        return bool(group.get(kind))

    def terms(self, spans: Iterable[Span]) -> list[str]:
        return list(dict.fromkeys(self.text[s.start : s.end] for s in spans))

    def actions_in(self, clause: int, kinds: Sequence[str]) -> list[tuple[str, Span]]:
        return [(k, s) for k in kinds for s in self.actions.get(k, []) if self.clause(s.start) == clause]

    def clause_is_bare(self, clause: int) -> bool:
        """A clause with no verb and no cue: an item of a list governed from elsewhere."""
        start, end = self.clause_bounds(clause)
        for group in (self.actions, self.cues):
            for spans in group.values():
                if any(start <= s.start < end for s in spans):
                    return False
        return True


def _inside_any(span: Span, others: Iterable[Span]) -> bool:
    return any(o.start <= span.start and span.end <= o.end for o in others)


def _overlaps_any(span: Span, others: Iterable[Span]) -> bool:
    return any(span.start < o.end and o.start < span.end for o in others)


class StatementExtractor:
    """Extract statements from sentences of one language."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def extract(self, text: str, heading: str | None = None) -> list[_Draft]:
        if not self.lexicon.trigger.search(self.lexicon.normalise(text)):
            if heading is None or not self.lexicon.trigger.search(self.lexicon.normalise(heading)):
                return []
        sentence = _Sentence(text, self.lexicon)
        drafts: list[_Draft] = []
        objects = list(sentence.objects)
        inherited = False
        if not objects and heading:
            head = _Sentence(heading, self.lexicon)
            objects = [o for o in head.objects if o.category in ("address_book", "call_log", "sms")]
            inherited = bool(objects)
        for occurrence in objects:
            drafts.extend(self._object_statements(sentence, occurrence, inherited))
        drafts.extend(self._collection_statements(sentence))
        drafts.extend(self._rights_statements(sentence))
        return _merge(drafts)

    # -- objects: address book, emergency contacts, call log, SMS ---------------------------

    def _object_statements(self, s: _Sentence, occurrence: _Occurrence, inherited: bool) -> list[_Draft]:
        category = occurrence.category
        if category == "contact_person":
            category = self._resolve_contact_person(s)
            if category is None:
                return []
            ambiguous = True
        else:
            ambiguous = False
        if category not in ("address_book", "emergency_contact", "call_log", "sms"):
            return []
        governing, how = self._governing_actions(s, occurrence, category)
        confidence = "high"
        if ambiguous or how != "clause":
            confidence = "medium"
        if inherited:
            confidence = "low"
            governing = [(k, sp) for k, sp in governing if k in DATA_ACTIONS]
        drafts: list[_Draft] = []
        for kind, action in governing:
            collection_context = self._collection_near(s, action, kind)
            polarity, cue_words = self._polarity(s, action)
            actor, actor_name = self._actor(s, action)
            cues = {
                "object": [s.text[occurrence.span.start : occurrence.span.end]],
                "action": [s.text[action.start : action.end]],
                **cue_words,
            }
            for practice in self._practices(category, kind, actor, collection_context):
                drafts.append(_Draft(practice, polarity, confidence, dict(cues), actor, actor_name))
        if category == "emergency_contact" and s.has(s.cues, "contact_consent"):
            drafts.append(
                _Draft(
                    "emergency_contact.consent_of_contact",
                    "affirmed",
                    "medium",
                    {"object": [s.text[occurrence.span.start : occurrence.span.end]],
                     "cue": s.terms(s.cues["contact_consent"])},
                )
            )
        return drafts

    def _collection_near(self, s: _Sentence, action: Span, kind: str) -> bool:
        """Debt collection in the verb's clause or the purpose clause after it.

        Contacting someone is "for collection" wherever the sentence mentions collection; holding
        the address book is only when collection is the stated use, next to the verb.
        """
        contexts = s.contexts.get("collection", [])
        if kind == "contact":
            return bool(contexts)
        clause = s.clause(action.start)
        return any(clause <= s.clause(c.start) <= clause + 1 for c in contexts)

    def _resolve_contact_person(self, s: _Sentence) -> str | None:
        """联系人 / "contacts": typed-in contacts in a loan flow, the address book elsewhere."""
        if s.has(s.contexts, "loan") or s.has(s.contexts, "collection"):
            return "emergency_contact"
        if s.has(s.actions, "upload") or s.has(s.contexts, "picker"):
            return "address_book"
        return None

    def _governing_actions(
        self, s: _Sentence, occurrence: _Occurrence, category: str
    ) -> tuple[list[tuple[str, Span]], str]:
        kinds = DATA_ACTIONS + (("contact",) if category == "emergency_contact" or category == "address_book" else ())
        clause = s.clause(occurrence.span.start)
        same = s.actions_in(clause, kinds)
        if same:
            return same, "clause"
        # An object term that names an access ("读取联系人", "contacts permission") is its own verb.
        term = s.norm[occurrence.span.start : occurrence.span.end]
        if s.lexicon.actions["collect"].search(term):
            return [("collect", occurrence.span)], "clause"
        # "通讯录：用于…": a short labelled item whose verb follows the colon.
        following = s.actions_in(clause + 1, kinds)
        start, end = s.clause_bounds(clause)
        if following and end < len(s.text) and s.text[end - 1] in "：:" :
            return following, "next"
        # A bare list item: the verb is the nearest one before it in the sentence.
        if s.clause_is_bare(clause):
            for previous in range(clause - 1, -1, -1):
                earlier = s.actions_in(previous, kinds)
                if earlier:
                    return earlier[-1:], "list"
                if not s.clause_is_bare(previous):
                    break
        return [], "none"

    def _practices(self, category: str, kind: str, actor: str | None, collection_context: bool) -> list[str]:
        third = actor == "third_party"
        if category == "address_book":
            if kind == "contact":
                out = ["contacts.message_contacts"]
                if collection_context:
                    out.append("contacts.use_for_collection")
                return out
            out = []
            if kind in ("collect", "upload") or (kind == "share" and actor != "user"):
                out.append("contacts.collect")
            if kind == "upload":
                out.append("contacts.upload")
            if kind == "share" or (third and kind in ("collect", "upload")):
                out.append("contacts.share")
            if collection_context:
                out.append("contacts.use_for_collection")
            return out
        if category == "emergency_contact":
            if kind == "contact":
                out = ["emergency_contact.contact"]
                if collection_context:
                    out.append("emergency_contact.contact_for_collection")
                return out
            return ["emergency_contact.collect"]
        if kind == "contact":
            return []
        return [f"{category}.collect"]

    # -- polarity, actor --------------------------------------------------------------------

    def _polarity(self, s: _Sentence, action: Span) -> tuple[str, dict[str, list[str]]]:
        cues: dict[str, list[str]] = {}
        refusal = s.cues.get("refusal", [])
        if refusal:
            cues["refusal"] = s.terms(refusal)
            if s.cues.get("required") and not s.cues.get("optional"):
                cues["required"] = s.terms(s.cues["required"])
                return "affirmed", cues
            return "conditional", cues
        clause = s.clause(action.start)
        reach = NEGATION_REACH[self.lexicon.spaced]
        negations = [
            n for n in s.negations
            if s.clause(n.start) == clause and n.end <= action.start and action.start - n.end <= reach
        ]
        conditions = [c for c in s.cues.get("condition", []) if self._condition_scopes(s, c, clause)]
        pickers = s.contexts.get("picker", [])
        if negations:
            cues["negation"] = s.terms(negations)
        if conditions or pickers:
            cues["condition"] = s.terms(conditions + pickers)
            return "conditional", cues
        if negations:
            return "negated", cues
        return "affirmed", cues

    def _condition_scopes(self, s: _Sentence, condition: Span, clause: int) -> bool:
        where = s.clause(condition.start)
        if where <= clause:
            return True
        # A later clause gates this verb only when it has no verb of its own ("…, with your consent").
        start, end = s.clause_bounds(where)
        return not any(
            start <= sp.start < end and not _overlaps_any(sp, [condition])
            for kind in DATA_ACTIONS + ("contact",)
            for sp in s.actions.get(kind, [])
        )

    def _actor(self, s: _Sentence, action: Span) -> tuple[str | None, str | None]:
        best: tuple[int, str, str] | None = None
        for kind, spans in s.parties.items():
            role = "third_party" if kind == "collector" else kind
            for span in spans:
                if span.end > action.start:
                    continue
                if role == "user" and s.text[span.end : span.end + 1] in ("的", "r"):
                    continue  # 您的 / your: a possessive, not the one who acts
                if best is None or span.start > best[0]:
                    best = (span.start, role, s.text[span.start : span.end])
        if best is None:
            return None, None
        _, role, name = best
        return role, (name if role == "third_party" else None)

    # -- collection agencies, debt disclosure ------------------------------------------------

    def _collection_statements(self, s: _Sentence) -> list[_Draft]:
        drafts: list[_Draft] = []
        collectors = s.parties.get("collector", [])
        if collectors and s.has(s.contexts, "collection"):
            span = collectors[0]
            polarity, cues = self._polarity(s, span)
            polarity = "negated" if any(
                n.end <= span.start and span.start - n.end <= NEGATION_REACH[self.lexicon.spaced]
                for n in s.negations
            ) else ("affirmed" if polarity == "negated" else polarity)
            drafts.append(
                _Draft(
                    "collection.outsourced",
                    polarity,
                    "high",
                    {"party": s.terms(collectors), "context": s.terms(s.contexts["collection"]), **cues},
                    "third_party",
                    s.text[span.start : span.end],
                )
            )
        debts = [o for o in s.objects if o.category == "debt_info"]
        disclosures = s.actions.get("disclose", [])
        if debts and disclosures:
            for action in disclosures:
                polarity, cues = self._polarity(s, action)
                if polarity == "negated":
                    drafts.append(
                        _Draft(
                            "collection.no_third_party_disclosure",
                            "affirmed",
                            "medium",
                            {"object": s.terms(o.span for o in debts), "action": s.terms([action]), **cues},
                        )
                    )
                    break
        return drafts

    # -- rights: withdraw consent, delete data -----------------------------------------------

    def _rights_statements(self, s: _Sentence) -> list[_Draft]:
        drafts: list[_Draft] = []
        user_cues = s.cues.get("user_initiated", [])
        for practice, kind, objects in (
            ("consent.withdraw", "withdraw", ("consent",)),
            ("data.deletion", "delete", ("personal_data", "address_book", "contact_person")),
        ):
            actions = s.actions.get(kind, [])
            if not actions:
                continue
            has_object = any(o.category in objects for o in s.objects) or kind == "withdraw"
            if not has_object or not user_cues:
                continue
            action = actions[0]
            clause = s.clause(action.start)
            reach = NEGATION_REACH[self.lexicon.spaced]
            negated = any(
                n.end <= action.start and action.start - n.end <= reach and s.clause(n.start) == clause
                for n in s.negations
            )
            drafts.append(
                _Draft(
                    practice,
                    "negated" if negated else "affirmed",
                    "high" if s.clause(user_cues[0].start) == clause else "medium",
                    {"action": s.terms(actions), "cue": s.terms(user_cues)},
                    "user",
                )
            )
        return drafts


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    """One statement per practice a sentence: conditional > affirmed > negated, best confidence."""
    merged: dict[str, _Draft] = {}
    order = {"conditional": 3, "affirmed": 2, "negated": 1}
    for draft in drafts:
        current = merged.get(draft.practice)
        if current is None:
            merged[draft.practice] = draft
            continue
        if order[draft.polarity] > order[current.polarity]:
            current.polarity = draft.polarity
        if confidence_rank(draft.confidence) > confidence_rank(current.confidence):
            current.confidence = draft.confidence
        for key, words in draft.cues.items():
            current.cues[key] = list(dict.fromkeys(current.cues.get(key, []) + words))
        current.actor = current.actor or draft.actor
        current.actor_name = current.actor_name or draft.actor_name
    return list(merged.values())


def purposes(text: str, lexicon: Lexicon) -> list[str]:
    norm = lexicon.normalise(text)
    return [name for name, matcher in lexicon.purposes.items() if matcher.search(norm)]


def extract_statements(
    sentences: Iterable[Sentence], extractor_for: Callable[[str], StatementExtractor | None], path: str
) -> list[Statement]:
    statements: list[Statement] = []
    for sentence in sentences:
        extractor = extractor_for(sentence.text)
        if extractor is None or sentence.is_heading:
            continue
        drafts = extractor.extract(sentence.text, sentence.heading)
        if not drafts:
            continue
        found_purposes = purposes(sentence.text, extractor.lexicon)
        evidence = Evidence(path, sentence.line, sentence.text)
        for draft in drafts:
            statements.append(
                Statement(
                    practice=draft.practice,
                    polarity=draft.polarity,
                    confidence=draft.confidence,
                    evidence=evidence,
                    actor=draft.actor,
                    actor_name=draft.actor_name,
                    purposes=found_purposes,
                    cues=draft.cues,
                )
            )
    return statements


def strongest(polarities: Iterable[str]) -> str | None:
    """Document level: affirmed > conditional > negated."""
    best = None
    for polarity in polarities:
        if best is None or polarity_strength(polarity) > polarity_strength(best):
            best = polarity
    return best


def builtin_extractor(lang: str) -> StatementExtractor:
    """The extractor for one language with the built-in lexicon."""
    from privacy_audit.text.lexicon import builtin_lexicon

    return StatementExtractor(builtin_lexicon(lang))
