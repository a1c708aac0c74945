"""Reads YAML and JSON plan files into plain data plus a map from field path to line number.

YAML is read with a deliberately small set of rules so that no value changes meaning silently:
no tags, no aliases, no duplicate keys; plain scalars become `null`, `true`/`false`, decimal
integers, decimals, or else text (so `no` stays "no", `012` stays "012", `1:30` stays "1:30").
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import PlanError, Problem

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 40
MAX_INT = 10**15

PathKey = tuple  # ("areas", 2, "tasks", 3, "due")

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+)")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_STANDARD_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_STANDARD_TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq",
                                              "timestamp")}


def format_path(path: PathKey) -> str:
    """`("areas", 2, "due")` → `areas[2].due`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class SourceDocument:
    """Plain data read from a file, with the line of every field path that has one."""

    name: str
    data: object
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line_of(self, path: PathKey) -> int | None:
        """The line of `path`, or of its nearest enclosing field when it has none itself."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def problem(self, path: PathKey, message: str) -> Problem:
        """A Problem at `path` in this document."""
        return Problem(self.name, self.line_of(path), format_path(path), message)


class _NoAliasLoader(yaml.SafeLoader):
    """Composes YAML nodes but refuses aliases (`*ref`): they hide repeated or huge content."""

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark.line + 1, "YAML aliases (*name) are not allowed; "
                           "write the value out in full")
        return super().compose_node(parent, index)


class _Refused(Exception):
    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def read_text(path: Path) -> str:
    """The file's text (UTF-8, an optional BOM removed); a PlanError when that is impossible."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PlanError([Problem(name, None, "", f"file is {size:,} bytes; the limit is "
                                     f"{MAX_FILE_BYTES:,} (split the plan or remove bulk text)")])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PlanError([Problem(name, None, "", "file not found (check the path)")]) from None
    except IsADirectoryError:
        raise PlanError([Problem(name, None, "", "is a folder, not a plan file")]) from None
    except OSError as exc:
        raise PlanError([Problem(name, None, "", f"cannot be read: {exc.strerror}")]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PlanError([Problem(name, line, "", f"not valid UTF-8 (byte {exc.start}); save the "
                                 "file as UTF-8")]) from None


def read_document(path: Path) -> SourceDocument:
    """Reads a `.yaml`/`.yml` or `.json` file; every problem found is raised as one PlanError."""
    suffix = path.suffix.lower()
    if suffix not in {".yaml", ".yml", ".json"}:
        raise PlanError([Problem(str(path), None, "", f"unknown plan format {suffix or '(none)'!r}:"
                                 " use .yaml, .yml or .json")])
    text = read_text(path)
    if suffix == ".json":
        return _read_json(str(path), text)
    return _read_yaml(str(path), text)


def _read_yaml(name: str, text: str) -> SourceDocument:
    try:
        loader = _NoAliasLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except _Refused as exc:
        raise PlanError([Problem(name, exc.line, "", exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise PlanError([Problem(name, line, "", f"YAML syntax: {exc.problem or exc.context}")]
                        ) from None
    except yaml.YAMLError as exc:
        raise PlanError([Problem(name, None, "", f"YAML syntax: {exc}")]) from None
    except RecursionError:
        raise PlanError([Problem(name, None, "", "nested too deeply")]) from None
    if node is None:
        raise PlanError([Problem(name, 1, "", "the file is empty")])
    doc = SourceDocument(name, None)
    problems: list[Problem] = []
    doc.data = _construct(node, (), doc, problems, depth=0)
    if problems:
        raise PlanError(problems)
    return doc


def _construct(node: Node, path: PathKey, doc: SourceDocument, problems: list[Problem],
               depth: int) -> object:
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if depth > MAX_DEPTH:
        problems.append(doc.problem(path, f"nested more than {MAX_DEPTH} levels deep"))
        return None
    tag = node.tag or ""
    if tag not in _ALLOWED_TAGS:
        problems.append(doc.problem(path, f"YAML tag {tag!r} is not allowed; remove it"))
        return None
    if isinstance(node, MappingNode):
        out: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                problems.append(doc.problem(path, "a key must be plain text"))
                continue
            key = key_node.value
            child = (*path, key)
            if key in out:
                first = doc.lines.get(child)
                problems.append(Problem(doc.name, key_node.start_mark.line + 1, format_path(child),
                                        f"duplicate key (first given on line {first}); keep one"))
                continue
            doc.lines[child] = key_node.start_mark.line + 1
            out[key] = _construct(value_node, child, doc, problems, depth + 1)
        return out
    if isinstance(node, SequenceNode):
        return [_construct(item, (*path, i), doc, problems, depth + 1)
                for i, item in enumerate(node.value)]
    return _scalar(node, path, doc, problems)


def _scalar(node: ScalarNode, path: PathKey, doc: SourceDocument, problems: list[Problem]):
    value = node.value
    if node.style is not None:  # quoted or block text is always text
        return value
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.fullmatch(value):
        number = int(value)
        if abs(number) > MAX_INT:
            problems.append(doc.problem(path, f"number {value[:20]}… is too large"))
            return None
        return number
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


def _read_json(name: str, text: str) -> SourceDocument:
    problems: list[Problem] = []

    def refuse_constant(token: str) -> float:
        raise ValueError(f"{token} is not allowed in a plan (use a number or null)")

    try:
        data = json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as exc:
        raise PlanError([Problem(name, exc.lineno, "", f"JSON syntax: {exc.msg} (column "
                                 f"{exc.colno})")]) from None
    except ValueError as exc:
        raise PlanError([Problem(name, None, "", str(exc))]) from None
    except RecursionError:
        raise PlanError([Problem(name, None, "", "nested too deeply")]) from None
    # JSON is (nearly) YAML: reading it again with the YAML rules yields line numbers and
    # catches duplicate keys, which json.loads would silently resolve (last one wins).
    try:
        doc = _read_yaml(name, text)
    except PlanError as exc:
        problems.extend(p for p in exc.problems if "duplicate key" in p.message)
        if problems:
            raise PlanError(problems) from None
        doc = SourceDocument(name, data)
    else:
        doc.data = data
    for path, value in _walk(data, ()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
            problems.append(doc.problem(path, "number is too large"))
        if isinstance(value, float) and not math.isfinite(value):
            problems.append(doc.problem(path, "number is not finite"))
    if problems:
        raise PlanError(problems)
    return doc


def _walk(value: object, path: PathKey) -> Iterator[tuple[PathKey, object]]:
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, (*path, i))
