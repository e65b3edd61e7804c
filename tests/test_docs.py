"""The documentation's generated parts are current, and the README accounts for every candidate
rule of REFERENCES.md section 11."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, load_script
from privacy_audit.engine.conditions import market_vocabulary
from privacy_audit.engine.rules import builtin_packs, load_rules
from privacy_audit.resources import schema

gen_docs = load_script("tools/gen_docs.py", "gen_docs")


@pytest.mark.parametrize("name", sorted(gen_docs.BLOCKS))
def test_generated_blocks_are_current(name: str) -> None:
    path, make = gen_docs.BLOCKS[name]
    assert gen_docs.committed(name) == make(), f"{path.name}: run python tools/gen_docs.py"


def coverage_rows() -> dict[str, str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Coverage of the candidate rules") :]
    return {m.group(1): m.group(0) for m in re.finditer(r"^\| (R\d+) \|.*$", section, re.MULTILINE)}


def test_readme_accounts_for_every_candidate_rule() -> None:
    rows = coverage_rows()
    assert sorted(rows, key=lambda r: int(r[1:])) == [f"R{n}" for n in range(1, 31)]
    known = {r.id for r in load_rules(builtin_packs())}
    for number, row in rows.items():
        cells = [c.strip() for c in row.strip("|").split("|")]
        covered, not_covered = cells[2], cells[3]
        assert covered or not_covered, f"{number}: neither covered nor said why not"
        for rule_id in re.findall(r"\b(?:PA|CN|AP|HM)\d{3}\b", covered):
            assert rule_id in known, f"{number} names {rule_id}, which no rule has"


def test_readme_lists_every_builtin_rule() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for rule in load_rules(builtin_packs()):
        assert f"| {rule.id} | {rule.pack} | {rule.severity} |" in readme, rule.id


def test_the_committed_pack_table_has_one_described_row_per_pack() -> None:
    rows = {}
    for line in gen_docs.committed("packs").splitlines()[2:]:
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]  # "\|" is a pipe in a cell
        rows[cells[0].strip("`")] = cells
    assert set(rows) == set(builtin_packs())
    for pack, (_, chosen_by, covers, _, not_covered) in rows.items():
        assert chosen_by and not_covered, pack
        # What the pack covers, in words, before the list of its rules in parentheses.
        assert re.sub(r"\s*\([^()]*\)$", "", covers), f"{pack}: the README does not say what it covers"


def test_the_manifest_schema_names_the_markets_and_stores_of_markets_yaml() -> None:
    markets = market_vocabulary()
    app = schema("audit-manifest")["properties"]["app"]["properties"]
    assert app["stores"]["items"]["enum"] == list(markets["stores"])
    assert app["jurisdictions"]["description"].endswith(": " + ", ".join(markets["jurisdictions"]) + ".")
