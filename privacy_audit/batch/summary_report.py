"""A Summary as a table for people, JSON for programs, or CSV for spreadsheets.

The CSV is one tidy table, ``section,key,label,measure,value``, so that every section fits one
file and a pivot table rebuilds any view; sections and rows keep the order of the table.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator

from privacy_audit.batch.summary import Summary
from privacy_audit.model import SEVERITIES
from privacy_audit.report.text_table import text_table

CSV_COLUMNS = ("section", "key", "label", "measure", "value")


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def render_table(summary: Summary) -> str:
    data = summary.to_dict()
    apps = data["apps"]
    errors = ", ".join(f"{n} {kind}" for kind, n in apps["errors_by_kind"].items())
    parts = [
        f"{summary.path}: {apps['total']} apps, {apps['audited']} audited, "
        f"{apps['failing']} ({_share(apps['failing'], apps['audited'])}) with findings at {summary.fail_on} or above, "
        f"{apps['not_audited']} not audited" + (f" ({errors})" if errors else ""),
    ]
    audited = apps["audited"]
    sections: list[tuple[str, list[str], list[list[object]]]] = [
        ("By severity", ["severity", "findings", "apps", "share"],
         [[r["severity"], r["findings"], r["apps"], _share(r["apps"], audited)] for r in data["by_severity"]]),
        ("By rule", ["rule", "severity", "apps", "share", "title"],
         [[r["rule_id"], r["severity"], r["apps"], _share(r["apps"], audited), r["title"]] for r in data["by_rule"]]),
        ("By capability (declared or implied)", ["capability", "apps", "share"],
         [[r["capability"], r["apps"], _share(r["apps"], audited)] for r in data["by_capability"]]),
        ("By jurisdiction", ["jurisdiction", "apps", "failing"],
         [[r["jurisdiction"], r["apps"], r["failing"]] for r in data["by_jurisdiction"]]),
        ("Most at risk", ["app", "package", *SEVERITIES, "rules"],
         [[r["app"], r["package"] or "", *r["by_severity"].values(), " ".join(r["rules"])] for r in data["most_at_risk"]]),
    ]
    for title, headers, rows in sections:
        parts.append(f"\n{title}\n" + (text_table(rows, headers) if rows else "(none)"))
    return "\n".join(parts) + "\n"


def render_json(summary: Summary) -> str:
    return json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _csv_rows(summary: Summary) -> Iterator[tuple[object, ...]]:
    data = summary.to_dict()
    for measure, value in data["apps"].items():
        if measure == "errors_by_kind":
            for kind, n in value.items():
                yield "apps", "not_audited", kind, "apps", n
        else:
            yield "apps", measure, "", "apps", value
    for row in data["by_severity"]:
        yield "severity", row["severity"], "", "findings", row["findings"]
        yield "severity", row["severity"], "", "apps", row["apps"]
    for row in data["by_rule"]:
        yield "rule", row["rule_id"], row["title"], "apps", row["apps"]
    for row in data["by_capability"]:
        yield "capability", row["capability"], "", "apps", row["apps"]
    for row in data["by_jurisdiction"]:
        yield "jurisdiction", row["jurisdiction"], "", "apps", row["apps"]
        yield "jurisdiction", row["jurisdiction"], "", "failing", row["failing"]
    for row in data["most_at_risk"]:
        for severity, n in row["by_severity"].items():
            yield "most_at_risk", row["app"], row["package"] or "", severity, n


def render_csv(summary: Summary) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_csv_rows(summary))
    return buffer.getvalue()


FORMATS: dict[str, Callable[[Summary], str]] = {"table": render_table, "json": render_json, "csv": render_csv}
