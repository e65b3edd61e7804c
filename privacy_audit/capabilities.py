"""The permission -> capability table (``rules/capabilities.yaml``), as lookups."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from privacy_audit.resources import builtin_yaml


@dataclass(frozen=True, slots=True)
class Implication:
    implies: str
    by: str | None
    target_sdk_below: int | None


@dataclass(frozen=True, slots=True)
class PlatformTable:
    prefix: str
    permissions: dict[str, str | None]
    implied: tuple[Implication, ...]

    def full_name(self, name: str) -> str:
        """``READ_CONTACTS`` -> ``android.permission.READ_CONTACTS``; other names unchanged."""
        if self.prefix and "." not in name and name in self.permissions:
            return self.prefix + name
        return name

    def short_name(self, name: str) -> str:
        if self.prefix and name.startswith(self.prefix):
            return name[len(self.prefix) :]
        return name

    def capability(self, name: str) -> str | None:
        return self.permissions.get(self.short_name(name))


@functools.cache
def vocabulary() -> dict[str, str]:
    """Every capability id with its one-line description."""
    table: dict[str, str] = builtin_yaml("capabilities.yaml")["capabilities"]
    return dict(table)


@functools.cache
def platform(name: str) -> PlatformTable:
    """The table of one platform: ``android``, ``ios`` or ``harmonyos``."""
    data = builtin_yaml("capabilities.yaml")[name]
    implied = tuple(
        Implication(item["implies"], item.get("by"), item.get("target_sdk_below"))
        for item in data.get("implied", ())
    )
    return PlatformTable(data.get("prefix", ""), dict(data["permissions"]), implied)
