"""Sentences -> statements: which practice a sentence states, with what polarity, and why.

A statement is built, not keyword-spotted (see ../shared/POLICY-READING.md):

    practice  <- data object x action (x recipient / target) x context
    polarity  <- negation, condition, exception and refusal cues in scope
    actor     <- the party named before the verb

The words are data (``rules/lexicons/<lang>.yaml``); this module holds only the grammar: where a
clause ends, which verb governs an object, how far a cue reaches. Every statement keeps the cue
words that produced it so that a reviewer can see why it was reported, and a confidence that says
how direct the match was: ``high`` (object and a strong verb in one clause), ``medium`` (a weak
verb, a verb borrowed from a neighbouring clause, an object told by context), ``low`` (the object
comes from the section heading, or the polarity cues contradict each other).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from privacy_audit.model import Evidence, Statement, confidence_rank, polarity_strength
from privacy_audit.text.hours import ANY, complement, find_hours
from privacy_audit.text.lexicon import Lexicon, Matcher, Span, builtin_lexicon
from privacy_audit.text.segment import Sentence

CLAUSE_MARKS = frozenset("，,：:；;")
OPENING, CLOSING = frozenset("（(【[「"), frozenset("）)】]」")
# Where clause breaks may be: a sentence is walked from one of these characters to the next.
_CLAUSE_PUNCTUATION = re.compile("[" + re.escape("".join(sorted(CLAUSE_MARKS | OPENING | CLOSING))) + "]")
# How far a negation reaches forward to its verb, in characters (English text is longer).
NEGATION_REACH = {True: 40, False: 24}
# Verbs that state holding data; "use" verbs are weak (a reference to data, not its collection).
STRONG_DATA = ("collect", "upload", "share")
DATA_ACTIONS = STRONG_DATA + ("use",)
PEOPLE_ACTIONS = ("contact", "send")
OBJECT_CATEGORIES = (
    "address_book", "address_book_people", "emergency_contact", "contact_person", "contact_details", "call_log", "sms"
)
# Verb kinds that compete for the same words (the others are separate questions: withdraw, delete).
VERB_KINDS = ("collect", "use", "upload", "share", "contact", "send")
# Cues that make a clause a statement of its own (a clause with none of them and no verb is a list item).
POLARITY_CUES = ("negation", "condition", "refusal", "required", "optional", "exception")
# The longest Chinese relative clause between a marker and its object ("通过|您预留的|联系人").
RELATIVE_REACH = 8
# How far after an English object a participle may stand and still govern it.
ENGLISH_POSTVERB_REACH = 40
# How many clauses after its object a pronoun may take it up ("…, however, we collect it only if…").
PRONOUN_REACH = 4
# How many verbless clauses a list item may stand away from its verb.
LIST_REACH = 12
# Each object mention of a sentence is paired with each verb and compared with the other objects,
# so the work grows with the product of their counts: a run stuffed with terms ("通讯录收集通讯录
# 收集…") would take seconds a sentence. Real policies stay far below (at most 7 objects, and a
# product of at most 306, in the 44,000 sentences of CAPP-130, the lending policies and the
# labelled set), so a sentence is read up to where it passes either bound.
MAX_OBJECTS = 32
MAX_OBJECT_VERB_PAIRS = 1024
# Data a phone permission gives, which no lending service needs: refusing service to a user who
# withholds it is refusing service over a non-necessary permission.
PERMISSION_OBJECTS = ("address_book", "call_log", "sms")


@dataclass(slots=True)
class _Occurrence:
    category: str
    span: Span
    # The address book named as people (通讯录联系人, "people in your phonebook"): they can be contacted.
    people: bool = False
    resolved: bool = True


@dataclass(slots=True)
class _Draft:
    practice: str
    polarity: str
    confidence: str
    cues: dict[str, list[str]] = field(default_factory=dict)
    actor: str | None = None
    actor_name: str | None = None
    strong: bool = True
    hours: str | None = None


class _Matches:
    """The spans of one lexicon section's categories, each found on first use: a sentence asks
    about few of them, and matching all would cost more than the rest of the extraction."""

    __slots__ = ("_matchers", "_text", "_found")

    def __init__(self, matchers: Mapping[str, Matcher], text: str) -> None:
        self._matchers = matchers
        self._text = text
        self._found: dict[str, list[Span]] = {}

    def get(self, kind: str, default: list[Span] | None = None) -> list[Span]:
        found = self._found.get(kind)
        if found is None:
            matcher = self._matchers.get(kind)
            found = self._found[kind] = matcher.find(self._text) if matcher is not None else []
        return found

    def items(self) -> list[tuple[str, list[Span]]]:
        return [(kind, self.get(kind)) for kind in self._matchers]

    def values(self) -> list[list[Span]]:
        return [self.get(kind) for kind in self._matchers]


def _term_budget_cut(objects: Mapping[str, list[Span]], actions: Mapping[str, list[Span]]) -> int | None:
    """Where a sentence's object and verb mentions pass ``MAX_OBJECTS`` or
    ``MAX_OBJECT_VERB_PAIRS``, or None (no real sentence comes near: the bound is for hostile text)."""
    found = [(sp.start, True) for kind, spans in objects.items() if kind in OBJECT_CATEGORIES for sp in spans]
    verbs = [(sp.start, False) for kind, spans in actions.items() if kind in VERB_KINDS for sp in spans]
    if len(found) <= MAX_OBJECTS and len(found) * len(verbs) <= MAX_OBJECT_VERB_PAIRS:
        return None
    counts = [0, 0]  # verbs, objects
    for start, is_object in sorted(found + verbs):
        counts[is_object] += 1
        if counts[1] > MAX_OBJECTS or counts[0] * counts[1] > MAX_OBJECT_VERB_PAIRS:
            return start
    return None


def _inside_any(span: Span, others: Iterable[Span]) -> bool:
    return any(o.start <= span.start and span.end <= o.end for o in others)


def _overlaps_any(span: Span, others: Iterable[Span]) -> bool:
    return any(span.start < o.end and o.start < span.end for o in others)


class _Sentence:
    """One sentence's matches, computed once, and the scope questions asked of them."""

    def __init__(self, text: str, lexicon: Lexicon, norm: str | None = None) -> None:
        norm = lexicon.normalise(text) if norm is None else norm
        object_spans = {kind: m.find(norm) for kind, m in lexicon.objects.items()}
        action_spans = {kind: m.find(norm) for kind, m in lexicon.actions.items()}
        cut = _term_budget_cut(object_spans, action_spans)
        if cut is not None:
            text, norm = text[:cut], norm[:cut]
            object_spans = {kind: m.find(norm) for kind, m in lexicon.objects.items()}
            action_spans = {kind: m.find(norm) for kind, m in lexicon.actions.items()}
        self.text = text
        self.lexicon = lexicon
        self.spaced = lexicon.spaced
        self.norm = norm
        self.masks = lexicon.not_objects.find(norm)
        self.cues = _Matches(lexicon.cues, norm)
        self.contexts = _Matches(lexicon.contexts, norm)
        self.parties = _Matches(lexicon.parties, norm)
        self.objects = self._objects(object_spans)
        # A verb inside an object term or a look-alike is part of its name (联系 in 紧急联系人 or
        # 联系方式 is no "contact"); a collecting verb inside a sharing one is the sharing ("向其提供").
        taken = [o.span for o in self.objects if o.category in OBJECT_CATEGORIES] + self.masks
        actions = {kind: [s for s in spans if not _inside_any(s, taken)] for kind, spans in action_spans.items()}
        # Across kinds the longest verb wins ("访问权限" is a mention, not "访问"; "向其提供" shares).
        verbs = [s for kind in VERB_KINDS for s in actions.get(kind, [])]
        for kind in VERB_KINDS:
            actions[kind] = [
                s for s in actions.get(kind, [])
                if not any(o.start <= s.start and s.end <= o.end and o.end - o.start > s.end - s.start for o in verbs)
            ]
        self.actions = actions
        # "无法联系到您" is a fallback condition, "如您不同意" a refusal: neither denies the practice.
        blockers = self.cues.get("not_negation", []) + self.cues.get("refusal", []) + self.cues.get("condition", [])
        self.negations = [s for s in self.cues.get("negation", []) if not _overlaps_any(s, blockers)]
        self.breaks = self._clause_breaks()

    def _objects(self, spans_by_category: Mapping[str, list[Span]]) -> list[_Occurrence]:
        found: list[_Occurrence] = []
        for category, spans in spans_by_category.items():
            for span in spans:
                # A look-alike hides contact objects, not the data it is ("delete your contact information").
                if category == "personal_data" or not _inside_any(span, self.masks):
                    found.append(_Occurrence(category, span))
        # Where object terms overlap, the longest wins (紧急联系人 over 联系人).
        found.sort(key=lambda o: (o.span.start, -(o.span.end - o.span.start)))
        kept: list[_Occurrence] = []
        for occurrence in found:
            last = next((k for k in reversed(kept) if k.category in OBJECT_CATEGORIES), None)
            if occurrence.category in OBJECT_CATEGORIES and last and occurrence.span.start < last.span.end:
                continue
            kept.append(occurrence)
        for occurrence in kept:
            if occurrence.category == "address_book_people":
                occurrence.category, occurrence.people = "address_book", True
        return kept

    def _clause_breaks(self) -> list[int]:
        """Clause ends: punctuation outside brackets (a parenthesis belongs to its clause), exceptions."""
        breaks = []
        depth = 0
        for found in _CLAUSE_PUNCTUATION.finditer(self.text):
            index, char = found.start(), found.group()
            if char in OPENING:
                depth += 1
            elif char in CLOSING:
                depth = max(depth - 1, 0)
            elif char in CLAUSE_MARKS and depth == 0:
                breaks.append(index + 1)
        breaks += [s.start for s in self.exceptions("exception")]
        return sorted(set(breaks))

    def exceptions(self, kind: str) -> list[Span]:
        """Exception words that are words: "除非" inside "删除非…" is the end of a verb."""
        verbs = [s for spans in self.actions.values() for s in spans]
        return [s for s in self.cues.get(kind, []) if not _overlaps_any(s, verbs)]

    def clause(self, position: int) -> int:
        return bisect_right(self.breaks, position)

    def clause_bounds(self, index: int) -> tuple[int, int]:
        start = self.breaks[index - 1] if index > 0 else 0
        end = self.breaks[index] if index < len(self.breaks) else len(self.text)
        return start, end

    @property
    def clause_count(self) -> int:
        return len(self.breaks) + 1

    def terms(self, spans: Iterable[Span]) -> list[str]:
        return list(dict.fromkeys(self.text[s.start : s.end] for s in spans))

    def word(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def in_clause(self, spans: Iterable[Span], clause: int) -> list[Span]:
        return [s for s in spans if self.clause(s.start) == clause]

    def actions_in(self, clause: int, kinds: Sequence[str]) -> list[tuple[str, Span]]:
        found = [(k, s) for k in kinds for s in self.actions.get(k, []) if self.clause(s.start) == clause]
        return sorted(found, key=lambda item: item[1].start)

    def objects_in(self, clause: int) -> list[_Occurrence]:
        return [o for o in self.objects if o.category in OBJECT_CATEGORIES and self.clause(o.span.start) == clause]

    def clause_is_bare(self, clause: int) -> bool:
        """A clause with no verb and no polarity cue: an item of a list governed from elsewhere."""
        start, end = self.clause_bounds(clause)
        groups = [spans for kind, spans in self.actions.items() if kind != "include"]
        groups += [self.cues.get(kind, []) for kind in POLARITY_CUES]
        return not any(start <= s.start < end for spans in groups for s in spans)

    def starts_with_verb(self, clause: int) -> bool:
        """A clause that goes on with the previous one's object: "…, read or collected", "并上传"."""
        start, end = self.clause_bounds(clause)
        head = self.norm[start:end].lstrip()
        offset = end - start - len(head)
        for conjunction in self.cues.get("conjunction", []):
            if conjunction.start == start + offset:
                offset = conjunction.end - start
                head = self.norm[conjunction.end : end].lstrip()
                offset += len(self.norm[conjunction.end : end]) - len(head)
                break
        first = start + offset
        return any(s.start == first for kind in DATA_ACTIONS for s in self.actions.get(kind, []))

    def has(self, group: _Matches | dict[str, list[Span]], kind: str) -> bool:
        return bool(group.get(kind))

    def before(self, spans: Iterable[Span], position: int, reach: int) -> list[Span]:
        """Spans ending at most ``reach`` characters before ``position``, in its clause."""
        clause = self.clause(position)
        return [s for s in spans if s.end <= position and position - s.end <= reach and self.clause(s.start) == clause]

    def negations_before(self, position: int, reach: int) -> list[Span]:
        """Negations whose scope reaches ``position``: same clause, near, no new predicate between."""
        ends = self.cues.get("scope_end", [])
        return [
            n for n in self.before(self.negations, position, reach)
            if not any(n.end <= e.start and e.end <= position for e in ends)
        ]

    def adjacent(self, spans: Iterable[Span], position: int) -> bool:
        """A span right before ``position`` with at most possessives between ("with your", "向您的"),
        or in Chinese a short relative clause ("通过您预留的紧急联系人")."""
        possessives = self.cues.get("possessive", [])
        for span in spans:
            if span.end > position or position - span.end > 24:
                continue
            gap = self.norm[span.end : position]
            if not self.spaced and gap.endswith("的") and len(gap) <= RELATIVE_REACH and not any(
                span.end <= p.start and p.end <= position for spans in self.parties.values() for p in spans if p.term != "您"
            ):
                return True
            for word in possessives:
                if span.end <= word.start and word.end <= position:
                    gap = gap.replace(self.norm[word.start : word.end], " ", 1)
            if not gap.strip():
                return True
        return False


class StatementExtractor:
    """Extract statements from sentences of one language."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.reach = NEGATION_REACH[lexicon.spaced]
        # Every sentence under a heading asks about it: read each heading once.
        self._heading_has_trigger = functools.lru_cache(maxsize=256)(self._has_trigger)
        self._heading_objects = functools.lru_cache(maxsize=256)(self._objects_named_in)

    def _has_trigger(self, text: str) -> bool:
        return self.lexicon.trigger.search(self.lexicon.normalise(text))

    def _objects_named_in(self, heading: str) -> tuple[_Occurrence, ...]:
        """The data a heading names, which a sentence under it with a verb but no object is about."""
        head = _Sentence(heading, self.lexicon)
        return tuple(o for o in head.objects if o.category in ("address_book", "call_log", "sms"))

    def extract(self, text: str, heading: str | None = None) -> list[_Draft]:
        lexicon = self.lexicon
        norm = lexicon.normalise(text)
        if not lexicon.trigger.search(norm):
            # Only a verb of collection can take its object from the heading ("通讯录" > "我们会读取").
            if heading is None or not self._heading_has_trigger(heading):
                return []
            if not any(lexicon.actions[kind].search(norm) for kind in STRONG_DATA if kind in lexicon.actions):
                return []
        sentence = _Sentence(text, lexicon, norm)
        if sentence.has(sentence.cues, "definition"):
            return []
        drafts: list[_Draft] = []
        objects = [o for o in sentence.objects if o.category in OBJECT_CATEGORIES]
        inherited = False
        if not objects and heading:
            objects = list(self._heading_objects(heading))
            inherited = bool(objects)
        for occurrence in objects:
            drafts.extend(self._object_statements(sentence, occurrence, inherited))
        drafts.extend(self._collection_statements(sentence))
        drafts.extend(self._contact_hours(sentence))
        drafts.extend(self._rights_statements(sentence))
        return _merge(drafts)

    def carried_consent(self, text: str) -> _Draft | None:
        """"填写前，请您确保已征得其本人同意" right after a sentence about contact persons: the
        pronoun refers back to them, so the sentence states their consent (medium: by reference)."""
        matcher = self.lexicon.cues.get("contact_consent")
        if matcher is None:
            return None
        found = matcher.find(self.lexicon.normalise(text))
        if not found:
            return None
        sentence = _Sentence(text, self.lexicon)
        negated = bool(sentence.negations_before(found[0].start, self.reach))
        return _Draft(
            "emergency_contact.consent_of_contact",
            "negated" if negated else "affirmed",
            "medium",
            {"cue": sentence.terms(found), "refers_to": ["the contact persons of the previous sentence"]},
        )

    # -- objects: address book, emergency contacts, call log, SMS ---------------------------

    def _resolve(self, s: _Sentence, occurrence: _Occurrence) -> str | None:
        """联系人 / "contacts" / 联系人信息: the borrower's contact persons in a loan flow, else the book.

        A loan or debt context makes them the typed-in (or picked) contact persons; an address
        book named in the sentence, a picker or an upload verb makes them its entries.
        """
        if occurrence.category not in ("contact_person", "contact_details"):
            return occurrence.category
        occurrence.resolved = False
        debt = s.has(s.contexts, "loan") or s.has(s.contexts, "collection") or s.has(s.contexts, "default")
        book = any(o.category == "address_book" for o in s.objects)
        if self._explains_book(s, occurrence):
            return "address_book"  # "通讯录（联系人姓名及电话）": what the book holds
        # Typed in ("填写联系人信息"): the borrower's own entries; "避免您手动输入" says the opposite.
        clause = s.clause(occurrence.span.start)
        typed = any(
            t.end <= occurrence.span.start and not s.negations_before(t.start, 4)
            for t in s.in_clause(s.cues.get("typed", []), clause)
        )
        if debt or typed or (occurrence.category == "contact_details" and not book):
            return "emergency_contact"
        if book or s.has(s.contexts, "picker") or s.has(s.contexts, "device") or s.has(s.actions, "upload"):
            return "address_book"
        # "access your contacts", "同步联系人": a verb that only a device list takes.
        verbs = [v for v in s.in_clause(s.cues.get("device_verb", []), clause) if v.end <= occurrence.span.start]
        return "address_book" if verbs and occurrence.span.start - verbs[-1].end <= 12 else None

    def _ambiguous(self, s: _Sentence, occurrence: _Occurrence) -> list[_Draft]:
        """联系人 / "contacts" that nothing in the sentence tells apart: the address book or the
        contact persons? Reported as the address book at low confidence, with the doubt in the cues,
        so that a rule can ask for more and a reviewer sees why."""
        if s.spaced and not s.adjacent(s.cues.get("possessive", []), occurrence.span.start):
            return []  # "contacts us", "substantive contacts receive": a verb or someone else's
        governing, how = self._governing(s, occurrence)
        drafts = []
        for kind, action, anchor in governing:
            if kind not in STRONG_DATA or how != "clause" or action.end > occurrence.span.start:
                continue  # only a verb of collection that takes it as its object
            polarity, cues = self._polarity(s, occurrence, anchor)
            cues = {
                "object": [s.word(occurrence.span)],
                "action": [s.word(action)],
                "ambiguous": ["contact persons or address book"],
                **cues,
            }
            drafts.append(_Draft("contacts.collect", polarity, "low", cues, *self._actor(s, action)))
        return drafts

    def _explains_book(self, s: _Sentence, occurrence: _Occurrence) -> bool:
        """The object stands in brackets that open right after an address-book term."""
        before = s.text[: occurrence.span.start]
        opening = max(before.rfind(c) for c in OPENING)
        if opening < 0 or max(before.rfind(c) for c in CLOSING) > opening:
            return False
        return any(o.category == "address_book" and opening - o.span.end <= 1 <= opening - o.span.start for o in s.objects)

    def _object_statements(self, s: _Sentence, occurrence: _Occurrence, inherited: bool) -> list[_Draft]:
        category = self._resolve(s, occurrence)
        if category is None:
            return self._ambiguous(s, occurrence)
        if category == "address_book" and not occurrence.resolved and any(o.category == "address_book" for o in s.objects):
            # "通讯录中的联系人姓名", "联系人信息（包括通讯录…）": the book named beside them speaks for them.
            return self._contact_statements(s, occurrence, category) if self._is_recipient(s, occurrence) else []
        if category == "sms" and self._governed_by_send(s, occurrence):
            return []  # sending a text message is not reading one
        if category == "call_log" and s.has(s.contexts, "customer_service"):
            return []  # records of calls with the company's own support
        recipient = self._is_recipient(s, occurrence)
        drafts: list[_Draft] = []
        if not recipient:
            drafts += self._data_statements(s, occurrence, category, inherited)
        if category == "emergency_contact" or (category == "address_book" and (occurrence.people or recipient)):
            drafts += self._contact_statements(s, occurrence, category)
        if category == "emergency_contact" and s.has(s.cues, "contact_consent"):
            drafts.append(
                _Draft(
                    "emergency_contact.consent_of_contact",
                    "affirmed",
                    "medium",
                    {"object": [s.word(occurrence.span)], "cue": s.terms(s.cues.get("contact_consent"))},
                )
            )
        return drafts

    def _data_statements(self, s: _Sentence, occurrence: _Occurrence, category: str, inherited: bool) -> list[_Draft]:
        governing, how = self._governing(s, occurrence)
        if inherited:
            governing = [(k, sp, a) for k, sp, a in governing if k in STRONG_DATA]
        drafts: list[_Draft] = []
        for kind, action, anchor in governing:
            polarity, cues = self._polarity(s, occurrence, anchor)
            actor, actor_name = self._actor(s, action)
            confidence = self._confidence(occurrence, kind, how, inherited, cues)
            base = {"object": [s.word(occurrence.span)], "action": [s.word(action)], **cues}
            for practice in self._data_practices(s, category, kind, action, actor, polarity):
                drafts.append(_Draft(practice, polarity, confidence, dict(base), actor, actor_name, kind != "use"))
            refused = self._service_refusal(s, category, cues)
            if refused is not None:
                drafts.append(_Draft("service.refused_without_permission", refused, confidence, dict(base)))
        return drafts

    def _service_refusal(self, s: _Sentence, category: str, cues: Mapping[str, list[str]]) -> str | None:
        """"如您拒绝授权通讯录，将无法使用借款服务": the service refused to a user who withholds data
        a permission gives (affirmed); "…，不影响您使用其他功能" or "…，仅该功能无法使用": not refused
        (negated)."""
        if category not in PERMISSION_OBJECTS or "refusal" not in cues:
            return None
        if "required" in cues and not s.cues.get("feature_only"):
            return "affirmed"
        # Losing only the feature that needs the data is no refusal of the service.
        return "negated" if s.cues.get("optional") or s.cues.get("feature_only") else None

    def _confidence(self, occurrence: _Occurrence, kind: str, how: str, inherited: bool, cues: dict) -> str:
        if inherited or "conflict" in cues:
            return "low"
        if kind == "use" or how != "clause" or not occurrence.resolved:
            return "medium"
        return "high"

    def _data_practices(
        self, s: _Sentence, category: str, kind: str, action: Span, actor: str | None, polarity: str
    ) -> list[str]:
        if category == "address_book":
            to_us = self._shared_with_us(s, action)
            third = actor == "third_party" or s.has(s.parties, "sdk")
            by_user = actor == "user"
            # Sharing presupposes holding the book; not sharing says nothing about holding it.
            presupposed = not by_user and polarity != "negated"
            out = ["contacts.collect"] if kind != "share" or to_us or presupposed else []
            if kind == "upload":
                out.append("contacts.upload")
            # The user sharing from the book ("share content with people from your contacts") gives
            # it to no one unless a third party is named as the receiver.
            given = kind == "share" and not to_us and (not by_user or s.has(s.parties, "third_party"))
            if given or (third and kind in ("collect", "upload", "use")):
                out.append("contacts.share")
            if self._collection_purpose(s, action):
                out.append("contacts.use_for_collection")
            return out
        if category == "emergency_contact":
            return ["emergency_contact.collect"]
        return [f"{category}.collect"]

    def _governing(self, s: _Sentence, occurrence: _Occurrence) -> tuple[list[tuple[str, Span, Span]], str]:
        """The verbs that act on an object, each with the verb its polarity is read from, and how found."""
        clause = s.clause(occurrence.span.start)
        withdrawals = s.in_clause(s.actions.get("withdraw", []) + s.actions.get("withdraw_access", []), clause)
        if any(w.end <= occurrence.span.start for w in withdrawals):
            return [], "none"  # "关闭…通讯录权限", "revoke access to your contacts": what is withdrawn
        found, how = self._governing_verbs(s, occurrence, clause)
        return found + self._pronoun_clauses(s, clause), how

    def _governing_verbs(self, s: _Sentence, occurrence: _Occurrence, clause: int) -> tuple[list[tuple[str, Span, Span]], str]:
        same = self._clause_verbs(s, clause, occurrence)
        if same:
            following = self._continuations(s, clause, same[0][1])
            return [(k, sp, sp) for k, sp in same] + following, "clause"
        # "如您拒绝授权通讯录权限", "if you refuse the contacts permission": what is refused is asked for.
        refusals = s.in_clause(s.cues.get("refusal", []), clause)
        if refusals:
            return [("collect", refusals[0], refusals[0])], "clause"
        # An object term that names an access ("读取联系人", "contacts permission") is its own verb.
        withdrawals = s.in_clause(s.actions.get("withdraw", []), clause)
        own_verb = s.lexicon.actions["collect"].search(s.norm[occurrence.span.start : occurrence.span.end])
        if own_verb and not any(w.end <= occurrence.span.start for w in withdrawals):
            return [("collect", occurrence.span, occurrence.span)], "clause"
        start, end = s.clause_bounds(clause)
        # "通讯录：用于…": a short labelled item whose verb follows the colon.
        following = self._clause_verbs(s, clause + 1)
        if following and end < len(s.text) and s.text[end - 1] in "：:":
            # A labelled row states the practice; its polarity is the label's, not the reason's.
            return [(k, sp, occurrence.span) for k, sp in following], "next"
        if s.clause_is_bare(clause):
            # A bare list item: the verb is the nearest one before it in the sentence ...
            for previous in range(clause - 1, max(clause - 1 - LIST_REACH, -1), -1):
                earlier = self._clause_verbs(s, previous, occurrence)
                if earlier:
                    return [(k, sp, sp) for k, sp in earlier[-1:]], "list"
                if s.objects_in(previous) and not s.clause_is_bare(previous):
                    break
            # ... or, for a topic put first ("通讯录权限，均不会默认开启"), the verb of a clause after it.
            # English fronts a topic only as a heading-like first fragment ("* Your address book, if …").
            if s.spaced and (clause > 0 or any(s.in_clause(p, clause) for p in s.parties.values())):
                return [], "none"
            for later in range(clause + 1, min(clause + 1 + LIST_REACH, s.clause_count)):
                verbs = self._clause_verbs(s, later)
                if verbs:
                    return [(k, sp, sp) for k, sp in verbs], "topic"
                if not s.clause_is_bare(later) or s.objects_in(later):
                    break
        return [], "none"

    def _clause_verbs(self, s: _Sentence, clause: int, occurrence: _Occurrence | None = None) -> list[tuple[str, Span]]:
        """Data verbs of a clause, less those that are the object of a withdrawal ("关闭…访问权限").

        A list verb (包括, include) governs only the object named before it ("紧急联系人信息包括姓名");
        an object listed after it is an example of a category, which states nothing by itself.
        """
        verbs = s.actions_in(clause, DATA_ACTIONS)
        if occurrence is not None:
            verbs += [
                ("use", sp) for sp in s.in_clause(s.actions.get("include", []), clause)
                if sp.start >= occurrence.span.end or self._lists_what_is_held(s, sp)
            ]
        withdrawals = s.in_clause(s.actions.get("withdraw", []) + s.actions.get("withdraw_access", []), clause)
        verbs = [(k, sp) for k, sp in verbs if not any(w.start <= sp.start for w in withdrawals)]
        if occurrence is not None and s.spaced:
            verbs = [(k, sp) for k, sp in verbs if self._governs_in_english(s, occurrence, sp)]
        elif occurrence is not None:
            # "基于通讯录信息提供的服务": a verb before 的 qualifies the noun after it, not an object before.
            verbs = [(k, sp) for k, sp in verbs if not (sp.start > occurrence.span.start and s.text[sp.end : sp.end + 1] == "的")]
        return verbs

    def _governs_in_english(self, s: _Sentence, occurrence: _Occurrence, verb: Span) -> bool:
        """English puts the verb before its object; one after it governs only as a participle
        right behind it ("contacts stored on", "contacts you uploaded") or a passive ("are read")."""
        if verb.end <= occurrence.span.start:
            return True
        if verb.start - occurrence.span.end > ENGLISH_POSTVERB_REACH:
            return False
        if s.norm[max(verb.start - 3, 0) : verb.start] == "to ":
            return False  # "use SMS to access support": an infinitive takes the object after it
        # Another subject between ("users who have you in their contacts … the name they saved"); the
        # user may stand there as the subject of a relative clause ("contacts you uploaded").
        subjects = s.parties.get("first_party", []) + s.parties.get("third_party", []) + s.cues.get("pronoun", [])
        return not any(occurrence.span.end <= sp.start and sp.end <= verb.start for sp in subjects)

    def _pronoun_clauses(self, s: _Sentence, clause: int) -> list[tuple[str, Span, Span]]:
        """Later clauses whose verb takes the object up by a pronoun ("…, we will upload them")."""
        out: list[tuple[str, Span, Span]] = []
        for later in range(clause + 1, min(clause + 1 + PRONOUN_REACH, s.clause_count)):
            if s.objects_in(later):
                break
            verbs = self._clause_verbs(s, later)
            pronouns = s.in_clause(s.cues.get("pronoun", []), later)
            # "upload them" (after the verb), "将其上传" (before it, in Chinese).
            out += [(k, sp, sp) for k, sp in verbs if any(p.start >= sp.end or sp.start - p.end <= 3 for p in pronouns)]
        return out

    def _lists_what_is_held(self, s: _Sentence, include: Span) -> bool:
        """"我们收集的信息包括…", "the data we collect includes…": a list of what a party holds.

        Without a party or a verb of collection before it, "包括 / includes" spells out a category
        ("个人信息包括…", "联系人信息（包括通讯录…）"), which states no practice.
        """
        before = s.text[: include.start]
        if max(before.rfind(c) for c in OPENING) > max(before.rfind(c) for c in CLOSING):
            return False  # inside brackets: a category spelled out
        parties = any(p.end <= include.start for kind in ("first_party", "third_party", "sdk") for p in s.parties.get(kind, []))
        verbs = any(v.end <= include.start for kind in STRONG_DATA for v in s.actions.get(kind, []))
        return parties or verbs

    def _continuations(self, s: _Sentence, clause: int, anchor: Span) -> list[tuple[str, Span, Span]]:
        """Verbs of the clauses that go on with this one's object ("…deleted, read or collected")."""
        out: list[tuple[str, Span, Span]] = []
        for following in range(clause + 1, s.clause_count):
            if s.objects_in(following) or not s.starts_with_verb(following):
                break
            out += [(k, sp, anchor) for k, sp in self._clause_verbs(s, following)]
        return out

    def _is_recipient(self, s: _Sentence, occurrence: _Occurrence, emergency: bool = False) -> bool:
        """"share … with your contacts", "向通讯录联系人发送": the people receive, they are not the data."""
        if occurrence.category not in ("address_book", "contact_person") and not emergency:
            return False
        clause = s.clause(occurrence.span.start)
        markers = [m for m in s.in_clause(s.cues.get("recipient", []), clause) if self._after_giving_verb(s, m)]
        return s.adjacent(markers, occurrence.span.start)

    def _after_giving_verb(self, s: _Sentence, marker: Span) -> bool:
        """"share … with", "send … to", "向…发送": the marker names a recipient, not an access ("access to")."""
        clause = s.clause(marker.start)
        if not s.spaced:
            return True  # 向 / 给 before a noun always mark the receiving side
        verbs = [(sp.start, kind) for kind in DATA_ACTIONS + PEOPLE_ACTIONS for sp in s.in_clause(s.actions.get(kind, []), clause)
                 if sp.end <= marker.start]
        return bool(verbs) and max(verbs)[1] in ("share", "send", "contact")

    def _governed_by_send(self, s: _Sentence, occurrence: _Occurrence) -> bool:
        """Text messages as a channel: the nearest verb before them sends ("send you text messages"),
        or the clause sends and collects nothing ("通过电话、短信…向您发送通知")."""
        clause = s.clause(occurrence.span.start)
        verbs = [(sp.start, kind) for kind in STRONG_DATA + ("use", "send") for sp in s.actions.get(kind, [])
                 if s.clause(sp.start) == clause]
        before = [v for v in verbs if v[0] < occurrence.span.start]
        if before and max(before)[1] == "send":
            return True
        kinds = {kind for _, kind in verbs}
        sends_next = bool(s.in_clause(s.actions.get("send", []), clause + 1))
        return ("send" in kinds or sends_next) and not kinds & set(STRONG_DATA)

    def _shared_with_us(self, s: _Sentence, action: Span) -> bool:
        """"share their contact lists with us", "向我们提供": given to the first party is collection."""
        clause = s.clause(action.start)
        return any(s.clause(r.start) == clause for r in s.parties.get("to_us", []))

    def _collection_purpose(self, s: _Sentence, action: Span) -> bool:
        """Debt collection named in the verb's clause or the purpose clause right after it."""
        clause = s.clause(action.start)
        spans = s.contexts.get("collection", []) + s.contexts.get("default", [])
        return any(clause <= s.clause(c.start) <= clause + 1 for c in spans)

    # -- contacting people ------------------------------------------------------------------

    def _contact_statements(self, s: _Sentence, occurrence: _Occurrence, category: str) -> list[_Draft]:
        drafts: list[_Draft] = []
        debt = s.has(s.contexts, "collection") or s.has(s.contexts, "default")
        for action in self._contact_verbs(s, occurrence):
            polarity, cues = self._polarity(s, occurrence, action)
            actor, actor_name = self._actor(s, action)
            if actor == "user":
                continue  # "您可以发短信给通讯录联系人": the user writes to friends, the app does not
            confidence = "high" if occurrence.resolved else "medium"
            base = {"object": [s.word(occurrence.span)], "action": [s.word(action)], **cues}
            if debt:
                base["context"] = s.terms(s.contexts.get("collection", []) + s.contexts.get("default", []))
            if category == "emergency_contact":
                practices = ["emergency_contact.contact", "emergency_contact.collect"]
                practices += ["emergency_contact.contact_for_collection"] if debt else []
            else:
                practices = ["contacts.message_contacts"] + (["contacts.use_for_collection"] if debt else [])
                if polarity != "negated" and occurrence.people:
                    practices.append("contacts.collect")  # messaging the book's people presupposes reading it
            for practice in practices:
                drafts.append(_Draft(practice, polarity, confidence, dict(base), actor, actor_name))
        return drafts

    def _contact_verbs(self, s: _Sentence, occurrence: _Occurrence) -> list[Span]:
        """Contact verbs aimed at the people: the verb before them in the clause ("contact your
        references"), or after them when a marker makes them the target or the means ("向联系人发送",
        "通过联系人与您联系", "your references may be contacted")."""
        clause = s.clause(occurrence.span.start)
        kinds = PEOPLE_ACTIONS + (("share",) if self._is_recipient(s, occurrence, emergency=True) else ())
        verbs = [sp for kind in kinds for sp in s.in_clause(s.actions.get(kind, []), clause)]
        before = [v for v in verbs if v.end <= occurrence.span.start]
        if before:
            return before[-1:]
        markers = s.in_clause(s.cues.get("recipient", []) + s.cues.get("means", []), clause)
        marked = s.adjacent(markers, occurrence.span.start)
        passive = [v for v in verbs if v.start > occurrence.span.end and s.before(s.cues.get("passive", []), v.start, 8)]
        after = [v for v in verbs if v.start >= occurrence.span.end]
        if passive:
            return passive[:1]
        if marked and after:
            return after[:1]
        return []

    # -- polarity, actor --------------------------------------------------------------------

    def _polarity(self, s: _Sentence, occurrence: _Occurrence, anchor: Span) -> tuple[str, dict[str, list[str]]]:
        cues: dict[str, list[str]] = {}
        object_clause = s.clause(occurrence.span.start)
        clause = s.clause(anchor.start)
        negations = s.negations_before(anchor.start, self.reach)
        if negations:
            cues["negation"] = s.terms(negations)
        refusals = s.cues.get("refusal", [])
        if refusals:
            refused = any(s.clause(r.start) == object_clause for r in refusals)
            cues["refusal"] = s.terms(refusals)
            if refused:
                required = s.cues.get("required", [])
                if required and not s.cues.get("optional"):
                    cues["required"] = s.terms(required)
                    return "affirmed", cues
                return "conditional", cues
            if negations:
                return "conditional", cues  # "如您拒绝，我们将不读取…": done only with consent
        conditions = [c for c in s.cues.get("condition", []) if self._condition_scopes(s, c, clause, negations)]
        pickers = [p for p in s.contexts.get("picker", []) if s.clause(p.start) in (clause, object_clause)]
        if negations and self._situation(s, clause):
            cues["condition"] = s.terms(negations)
            return "conditional", cues  # "在我们无法联系到您时": a fallback, not a denial
        if negations:
            exceptions = self._exceptions_with_gate(s, clause)
            if exceptions:
                cues["exception"] = s.terms(exceptions)
                return "conditional", cues
            if conditions and any(c.start > n.end for c in conditions for n in negations):
                cues["conflict"] = s.terms(conditions)  # a gate after the negation it does not escape
            return "negated", cues
        if conditions or pickers:
            cues["condition"] = s.terms(conditions + pickers)
            return "conditional", cues
        return "affirmed", cues

    def _situation(self, s: _Sentence, clause: int) -> bool:
        """A time clause ("在…时", "当…后"): what it denies sets the scene for the main clause."""
        if clause + 1 >= s.clause_count:
            return False  # the last clause is a main clause
        start, end = s.clause_bounds(clause)
        body = s.norm[start:end].rstrip("，,：:；; ")
        return any(a.end == start + len(body) for a in s.cues.get("after", [])) and bool(
            s.in_clause(s.cues.get("situation", []), clause)
        )

    def _condition_scopes(self, s: _Sentence, condition: Span, clause: int, negations: list[Span]) -> bool:
        if s.negations_before(condition.start, self.reach):
            return False  # "并不申请…权限": the request itself is denied
        where = s.clause(condition.start)
        if where <= clause:
            return True
        # A later clause gates this verb only when it has no verb of its own ("…, with your consent").
        start, end = s.clause_bounds(where)
        return not any(
            start <= sp.start < end and not _overlaps_any(sp, [condition])
            for kind in DATA_ACTIONS + PEOPLE_ACTIONS
            for sp in s.actions.get(kind, [])
        )

    def _exceptions_with_gate(self, s: _Sentence, clause: int) -> list[Span]:
        """"除非您手动备份，否则…不再读取", "unless you allow it": a denial with a way in is conditional.

        An exception for the law ("法律另有规定的除外") is no gate the user holds: it needs a condition
        cue or a verb of its own in the exception clause.
        """
        found = s.exceptions("unless")
        for exception in s.exceptions("exception"):
            where = s.clause(exception.start)
            start, end = s.clause_bounds(where)
            gates = [c for c in s.cues.get("condition", []) if start <= c.start < end]
            if where != clause and any(not s.negations_before(c.start, self.reach) for c in gates):
                found.append(exception)
        return found

    def _actor(self, s: _Sentence, action: Span) -> tuple[str | None, str | None]:
        """The party named last before the verb: in its clause, else a company named earlier."""
        clause = s.clause(action.start)
        best: tuple[int, str, str] | None = None
        for kind, spans in s.parties.items():
            if kind not in ("first_party", "third_party", "collector", "sdk", "user"):
                continue
            role = "third_party" if kind in ("collector", "sdk") else kind
            for span in spans:
                if span.end > action.start or (role == "user" and s.clause(span.start) != clause):
                    continue
                if s.norm[span.end : span.end + 1] in ("的", "'"):
                    continue  # 您的 / 我们的 / partner's: a possessive, not the one who acts
                if any(p.end == span.start for p in s.cues.get("preposition", [])):
                    continue  # "与您联系", "to you": the one reached, not the one who acts
                if not s.spaced and "的" in s.norm[span.end : min(span.end + RELATIVE_REACH // 2, action.start)]:
                    continue  # "您预留的紧急联系人": the subject of a relative clause
                if best is None or span.start > best[0]:
                    best = (span.start, role, s.word(span))
        if best is None:
            return None, None
        _, role, name = best
        return role, (name if role == "third_party" else None)

    # -- collection agencies, debt disclosure ------------------------------------------------

    def _collection_statements(self, s: _Sentence) -> list[_Draft]:
        drafts: list[_Draft] = []
        outsourced = self._outsourcing(s)
        if outsourced is not None:
            span, cues = outsourced
            # "We do not share your data with collection agencies": the negation is on the verb.
            verbs = [v for _, v in s.actions_in(s.clause(span.start), tuple(s.actions.keys())) if v.end <= span.start]
            negated = any(s.negations_before(at.start, self.reach) for at in (span, *verbs))
            drafts.append(
                _Draft("collection.outsourced", "negated" if negated else "affirmed", "high" if "party" in cues else "medium",
                       cues, "third_party", s.word(span))
            )
        drafts.extend(self._debt_disclosure(s))
        return drafts

    def _outsourcing(self, s: _Sentence) -> tuple[Span, dict[str, list[str]]] | None:
        """A collection agency named, or a third party engaged for debt collection."""
        activity = s.contexts.get("collection", [])
        collectors = s.parties.get("collector", [])
        if collectors:
            return collectors[0], {"party": s.terms(collectors), "context": s.terms(activity)}
        if not activity:
            return None
        delegations = s.actions.get("delegate", [])
        thirds = s.parties.get("third_party", [])
        for third in thirds:
            clause = s.clause(third.start)
            near_activity = any(s.clause(a.start) == clause for a in activity)
            if delegations or near_activity:
                return third, {"third_party": [s.word(third)], "context": s.terms(activity),
                               **({"action": s.terms(delegations)} if delegations else {})}
        return None

    def _debt_disclosure(self, s: _Sentence) -> list[_Draft]:
        """"我们不会向您的联系人透露您的欠款信息": the debt is kept from third parties."""
        debts = [o for o in s.objects if o.category == "debt_info"]
        for action in s.actions.get("disclose", []) if debts else []:
            negations = s.negations_before(action.start, self.reach)
            cues = {"object": s.terms(o.span for o in debts), "action": [s.word(action)]}
            if negations:
                cues["negation"] = s.terms(negations)
                return [_Draft("collection.no_third_party_disclosure", "affirmed", "high", cues)]
            recipients = [o for o in s.objects if o.category in ("address_book", "emergency_contact", "contact_person")]
            if recipients or s.has(s.parties, "third_party"):
                return [_Draft("collection.no_third_party_disclosure", "negated", "medium", cues)]
        return []

    def _contact_hours(self, s: _Sentence) -> list[_Draft]:
        """"催收人员仅在8:00至21:00联系您", "we may call you at any time": when collectors call.
        Only in a sentence about collection or default, so that service hours are not taken."""
        about = s.contexts.get("collection", []) + s.contexts.get("default", []) + s.parties.get("collector", [])
        if not about or s.has(s.contexts, "customer_service"):
            return []
        found = find_hours(s.text, s.lexicon.language)
        if found is None:
            return []
        if found.hours == ANY and not any(s.actions.get(kind) for kind in PEOPLE_ACTIONS):
            return []  # "at any time after a default, we may…": a remedy, not a call
        hours = found.hours
        negations = s.negations_before(found.start, self.reach)
        if negations and found.invertible:
            hours = complement(hours)  # "不会在22:00至次日8:00催收": the other hours
        elif negations and hours == ANY:
            return []  # "never at any time": no hours stated
        cues = {"hours": [s.text[found.start : found.end]], "context": s.terms(about)}
        if negations:
            cues["negation"] = s.terms(negations)
        return [_Draft("collection.contact_hours", "affirmed", "high", cues, hours=hours)]

    # -- rights: withdraw consent, delete data, separate consent -----------------------------

    def _rights_statements(self, s: _Sentence) -> list[_Draft]:
        drafts: list[_Draft] = []
        withdraw = self._withdrawal(s)
        if withdraw:
            drafts.append(withdraw)
        deletion = self._deletion(s)
        if deletion:
            drafts.append(deletion)
        separate = self._separate_consent(s)
        if separate:
            drafts.append(separate)
        return drafts

    def _separate_consent(self, s: _Sentence) -> _Draft | None:
        """"向第三方提供前，我们会征得您的单独同意", "we will ask for your separate consent"."""
        found = s.cues.get("separate_consent", [])
        if not found:
            return None
        negations = s.negations_before(found[0].start, self.reach)
        cues = {"cue": s.terms(found), **({"negation": s.terms(negations)} if negations else {})}
        return _Draft("consent.separate", "negated" if negations else "affirmed", "high", cues, "first_party")

    def _effect_only(self, s: _Sentence, verb: Span) -> bool:
        """"如您撤回同意，…不影响…", "once you withdraw, we will stop": the effect of a right, not the right."""
        if not s.has(s.cues, "user_initiated") and any(o.start > verb.start for o in s.cues.get("optional", [])):
            return True
        subordinators = s.before(s.cues.get("subordinator", []), verb.start, self.reach)
        wishes = s.before(s.cues.get("wish", []), verb.start, self.reach)
        return bool(subordinators) and not wishes

    def _subordinate(self, s: _Sentence, verb: Span) -> bool:
        """A verb in a time or condition clause: "when you delete…", "删除后"."""
        if s.before(s.cues.get("subordinator", []) + s.cues.get("retention", []), verb.start, self.reach):
            return True
        return any(a.start >= verb.end and a.start - verb.end <= 6 and s.clause(a.start) == s.clause(verb.start)
                   for a in s.cues.get("after", []))

    def _deletion_effect_only(self, s: _Sentence, verb: Span, verbs: list[Span]) -> bool:
        """"If you ask us to delete your account, your progress will be lost": what follows a
        deletion, not a way to have one. A wish ("if you want us to delete"), a deletion in the main
        clause ("once you delete it, we remove it") or a retention ("…, we keep it") still speak."""
        if not self._subordinate(s, verb) or s.has(s.cues, "retention"):
            return False
        if s.before(s.cues.get("wish", []), verb.start, self.reach):
            return False
        return all(self._subordinate(s, other) for other in verbs)

    def _withdrawal(self, s: _Sentence) -> _Draft | None:
        consents = [o.span for o in s.objects if o.category == "consent"]
        conditions = s.cues.get("condition", [])
        verbs = [(v, False) for v in s.actions.get("withdraw", [])] + [(v, True) for v in s.actions.get("withdraw_access", [])]
        for verb, named in sorted(verbs, key=lambda item: item[0].start):
            clause = s.clause(verb.start)
            # "如您拒绝提供该项权限，您可以在设置中关闭": the permission named in the clause before.
            objects = [verb] if named else [c for c in consents if clause - 1 <= s.clause(c.start) <= clause]
            if self._effect_only(s, verb):
                return None  # the sentence tells what a withdrawal does, not that one can withdraw
            if not objects or _overlaps_any(verb, conditions):
                continue  # "默认关闭" is a default, not a withdrawal
            negations = s.negations_before(verb.start, self.reach) + [
                n for n in s.cues.get("irrevocable", []) if s.clause(n.start) == clause
            ]
            return _Draft(
                "consent.withdraw",
                "negated" if negations else "affirmed",
                "high" if s.in_clause(s.cues.get("user_initiated", []), clause) else "medium",
                {"action": [s.word(verb)], "object": s.terms(objects), **({"negation": s.terms(negations)} if negations else {})},
                "user",
            )
        return None

    def _deletion(self, s: _Sentence) -> _Draft | None:
        """Deletion the user can have: asked for, done by the user, or following the user's closure."""
        data = [o.span for o in s.objects if o.category in ("personal_data", "address_book")]
        if not data or s.has(s.contexts, "cookies"):
            return None
        user_cues = s.cues.get("user_initiated", []) + s.contexts.get("account_closure", [])
        verbs = s.actions.get("delete", [])
        # The verb with data in its own clause speaks ("删除手机银行App时…信息不会删除": the second).
        with_data = [v for v in verbs if any(s.clause(d.start) == s.clause(v.start) for d in data)]
        for verb in with_data or verbs:
            actor, _ = self._actor(s, verb)
            clause = s.clause(verb.start)
            direct = actor == "user" or any(s.clause(c.start) == clause for c in user_cues)
            if not (user_cues or actor == "user"):
                continue
            own = [c for c in s.cues.get("own_deletion", []) if clause - 1 <= s.clause(c.start) <= clause]
            if own and not direct:
                continue  # deletion at the end of a retention period or of the service
            if self._deletion_effect_only(s, verb, verbs):
                continue
            negations = s.negations_before(verb.start, self.reach)
            if self._subordinate(s, verb):
                negations += s.cues.get("retention", [])  # "when you delete it, we keep…"
            cues = {"action": [s.word(verb)], "cue": s.terms(user_cues)}
            if negations:
                cues["negation"] = s.terms(negations)
            return _Draft("data.deletion", "negated" if negations else "affirmed", "high" if direct else "medium", cues, "user")
        return None


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    """One statement per practice a sentence.

    Conditional > affirmed > negated, except that a denial with a strong verb outweighs a weak
    mention ("可以调用通讯录选择联系人，…并不会收集您的通讯录" denies collection).
    """
    merged: dict[str, _Draft] = {}
    order = {"conditional": 3, "affirmed": 2, "negated": 1}
    for draft in drafts:
        current = merged.get(draft.practice)
        if current is None:
            merged[draft.practice] = draft
            continue
        stronger_denial = draft.polarity == "negated" and draft.strong and not current.strong
        weaker_mention = current.polarity == "negated" and current.strong and not draft.strong
        if stronger_denial or (order[draft.polarity] > order[current.polarity] and not weaker_mention):
            current.polarity = draft.polarity
            current.strong = draft.strong
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
    about_contact_persons = False
    for sentence in sentences:
        extractor = extractor_for(sentence.text)
        if extractor is None or sentence.is_heading:
            continue
        drafts = extractor.extract(sentence.text, sentence.heading)
        if not drafts and not about_contact_persons:
            continue  # most sentences: nothing stated, and nothing carried over from the one before
        practices = {d.practice for d in drafts}
        if about_contact_persons and not any(p.startswith("emergency_contact.") for p in practices):
            carried = extractor.carried_consent(sentence.text)
            drafts += [carried] if carried else []
        about_contact_persons = any(p.startswith("emergency_contact.") for p in practices)
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
                    hours=draft.hours,
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
    return StatementExtractor(builtin_lexicon(lang))
