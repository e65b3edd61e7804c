"""Which rule packs an audit runs: ``core`` always; the pack of every market and store the app
ships to (``--jurisdiction``, ``--store`` or privacy-audit.yaml, through ``rules/markets.yaml``);
packs named outright; or every pack.
"""

from __future__ import annotations

from collections.abc import Iterable

from privacy_audit.engine.conditions import market_vocabulary

ALWAYS_ON = ("core",)


def market_packs() -> dict[str, str]:
    """Each market's pack: ``{"cn": "cn", "google-play": "google-play", ...}``."""
    vocabulary = market_vocabulary()
    return {
        entry["pack"]: word
        for section in ("jurisdictions", "stores")
        for word, entry in vocabulary[section].items()
        if entry.get("pack")
    }


def select_packs(
    named: Iterable[str],
    jurisdictions: Iterable[str],
    stores: Iterable[str],
    every_pack: Iterable[str] | None = None,
) -> tuple[list[str], list[str]]:
    """The packs to load, and a warning for each market that has no pack.

    ``every_pack``: all packs there are (``--all-packs``), which are then all loaded.
    """
    vocabulary = market_vocabulary()
    packs = list(ALWAYS_ON) + list(named)
    warnings = []
    for section, words in (("jurisdictions", jurisdictions), ("stores", stores)):
        for word in sorted(set(words)):
            entry = vocabulary[section].get(word)
            if entry is None or not entry.get("pack"):
                known = ", ".join(vocabulary[section])
                warnings.append(f"no rule pack for the {section[:-1]} {word!r} (packs exist for: {known}); its rules are not checked")
                continue
            packs.append(entry["pack"])
    if every_pack is not None:
        packs += list(every_pack)
    return list(dict.fromkeys(packs)), warnings
