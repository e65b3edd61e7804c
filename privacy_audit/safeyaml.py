"""YAML nobody vetted (rule packs, lexicons, privacy-audit.yaml): safe to load, errors on one line.

Only the safe loader is used, so ``!!python/...`` tags are refused. On top of it, anchors and
aliases are refused outright: an alias is a cheap reference to a node, and nine levels of nine
aliases each ("billion laughs") parse in microseconds but expand to 10^9 nodes in whatever walks
the result (schema validation, JSON output). Nothing privacy-audit reads needs them. Nesting is
bounded before anything recursive sees the document. Both are checked on the event stream, which
the parser produces in one pass without building anything.
"""

from __future__ import annotations

from typing import Any

from privacy_audit.limits import MAX_YAML_DEPTH


class YamlProblem(Exception):
    """Why a YAML text was refused, in one line that says where."""


def safe_loader() -> Any:
    """The safe loader, in C where PyYAML has it."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _check_events(text: str, loader: Any) -> None:
    import yaml

    depth = 0
    for event in yaml.parse(text, Loader=loader):  # noqa: S506 - a safe loader
        where = f"line {event.start_mark.line + 1}: " if event.start_mark is not None else ""
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlProblem(f"{where}YAML anchors and aliases (&name, *name) are not accepted")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise YamlProblem(f"{where}YAML nested deeper than {MAX_YAML_DEPTH} levels")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _problem(exc: Exception) -> YamlProblem:
    import yaml

    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}" if mark is not None else ""
        return YamlProblem(f"invalid YAML{where}: {exc.problem or exc.context}")
    if isinstance(exc, yaml.YAMLError):
        # A reader error (a control character, bad UTF-8) spans several lines of text.
        return YamlProblem(f"invalid YAML: {str(exc).splitlines()[0]}")
    # The constructors raise ValueError on an integer of more than 4,300 digits, a bad !!binary ...
    return YamlProblem(f"invalid YAML value: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")


def load(text: str, loader: Any = None, with_node: bool = False) -> tuple[Any, Any]:
    """The document in ``text``, and, with ``with_node``, its composed node tree (for line numbers).
    Raises YamlProblem for anything that is not a safe, plain YAML document.

    PyYAML builds its objects in Python, at about 0.2 MB/s: the caller has bounded the text's size
    first, as it read it (it knows the limit and the flag that raises it)."""
    import yaml

    loader = loader or safe_loader()
    try:
        _check_events(text, loader)
        # What yaml.load does, keeping the node it builds the data from (for line numbers).
        parser = loader(text)
        try:
            node = parser.get_single_node()
            data = parser.construct_document(node) if node is not None else None
        finally:
            parser.dispose()
    except YamlProblem:
        raise
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise _problem(exc) from None
    return data, (node if with_node else None)
