"""The statement benchmark: a floor on the shared dev set, the lending fixtures, document level."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, SHARED_DATA, load_script

DEV = SHARED_DATA / "policy-sentences" / "dev.jsonl"
FIXTURES = ROOT / "tests" / "fixtures" / "lending-statements.jsonl"
FLOOR = 0.90

bench = load_script("benchmarks/statements.py", "statement_benchmark")


def sentence_micro_f1(path: Path) -> float:
    rows = bench.load(path)
    return bench.sentence_score(rows, bench.predict(rows), bench.scored_practices(rows)).micro_f1()


@pytest.mark.skipif(not DEV.is_file(), reason="../shared/data/policy-sentences/dev.jsonl is not present")
def test_dev_set_stays_above_the_floor() -> None:
    assert sentence_micro_f1(DEV) >= FLOOR


def test_lending_fixtures() -> None:
    # Sentences written for the practices the dev set lacks; every practice id is labelled there.
    rows = bench.load(FIXTURES)
    assert {label["practice"] for row in rows for label in row["labels"]} >= {
        "contacts.use_for_collection",
        "contacts.message_contacts",
        "contacts.upload",
        "emergency_contact.contact_for_collection",
        "emergency_contact.consent_of_contact",
        "collection.outsourced",
        "collection.no_third_party_disclosure",
    }
    assert sentence_micro_f1(FIXTURES) >= 0.95


def test_document_level_takes_the_strongest_polarity(tmp_path: Path) -> None:
    rows = [
        {"id": "a", "lang": "zh", "source": "doc-1", "text": "我们不会收集您的通讯录。", "labels": [{"practice": "contacts.collect", "polarity": "negated"}]},
        {"id": "b", "lang": "zh", "source": "doc-1", "text": "经您授权后，我们会读取您的通讯录。", "labels": [{"practice": "contacts.collect", "polarity": "conditional"}]},
        {"id": "c", "lang": "en", "source": "doc-2", "text": "We never access your contacts.", "labels": [{"practice": "contacts.collect", "polarity": "negated"}]},
    ]
    assert bench.document_labels([{"x": "negated"}, {"x": "conditional"}]) == {"x": "conditional"}
    score = bench.document_score(rows, bench.predict(rows), bench.scored_practices(rows))
    assert score.counts[("zh", "contacts.collect")]["tp"] == 1
    assert score.counts[("en", "contacts.collect")]["fp"] == 0
    path = tmp_path / "tiny.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert bench.main([str(path), "--no-speed", "--min-f1", "0.9"]) == 0


def test_only_practices_the_file_labels_are_scored() -> None:
    rows = [{"id": "a", "lang": "zh", "source": "d", "text": "我们会读取您的通讯录并上传。", "labels": [{"practice": "contacts.collect", "polarity": "affirmed"}]}]
    scope = bench.scored_practices(rows)
    assert "contacts.upload" not in scope  # the shared set leaves it unlabelled
    assert "data.deletion" in scope


def test_folds_split_whole_documents() -> None:
    rows = [{"source": f"doc-{i % 7}", "id": str(i)} for i in range(40)]
    one, two = bench.select_fold(rows, (1, 2)), bench.select_fold(rows, (2, 2))
    assert len(one) + len(two) == 40
    assert not {r["source"] for r in one} & {r["source"] for r in two}


def test_the_floor_fails_the_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    row = {"id": "a", "lang": "en", "source": "d", "text": "Nothing here.", "labels": [{"practice": "contacts.collect", "polarity": "affirmed"}]}
    path = tmp_path / "miss.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    assert bench.main([str(path), "--no-speed", "--min-f1", "0.9", "--errors"]) == 1
    out = capsys.readouterr()
    assert "FN" in out.out and "below the floor" in out.err


def test_a_confidence_floor_drops_low_statements() -> None:
    rows = [{"id": "a", "lang": "zh", "source": "d", "text": "我们会收集您的联系人。", "labels": []}]
    assert bench.predict(rows) == [{"contacts.collect": "affirmed"}]
    assert bench.predict(rows, "medium") == [{}]
