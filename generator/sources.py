"""Reads YAML and JSON plan files into plain data plus a map from field path to line number.

YAML is read with a deliberately small set of rules so that no value changes meaning silently:
no tags, no aliases, no duplicate keys; plain scalars become `null`, `true`/`false`, decimal
integers, decimals, or else text (so `no` stays "no", `012` stays "012", `1:30` stays "1:30").
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
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
    """Plain data read from a file, with the line of every field path that has one.

    For JSON the line map is built only when a problem needs it (`locate`): reading a large
    file twice on the happy path would double its load time.
    """

    name: str
    data: object
    _lines: dict[PathKey, int] | None = field(default_factory=dict)
    locate: Callable[[], dict[PathKey, int]] | None = None
    raw: bytes = b""
    """The file's bytes as read (the plan's hash is taken of these, not of a second read)."""

    @property
    def lines(self) -> dict[PathKey, int]:
        """Field path → line number."""
        if self._lines is None or (not self._lines and self.locate is not None):
            self._lines = self.locate() if self.locate else {}
            self.locate = None
        return self._lines

    def line_of(self, path: PathKey) -> int | None:
        """The line of `path`, or of its nearest enclosing field when it has none itself."""
        lines = self.lines
        path = tuple(path)
        while path:
            if path in lines:
                return lines[path]
            path = path[:-1]
        return lines.get((), None)

    def problem(self, path: PathKey, message: str) -> Problem:
        """A Problem at `path` in this document."""
        return Problem(self.name, self.line_of(path), format_path(path), message)


_Loader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
"""libyaml's composer when PyYAML has it (≈ 6× faster); the rules below apply either way."""


class ReadRefused(Exception):
    """A file that is not read: not a regular file, or larger than the limit (the message
    says which, and what to do)."""


def check_regular(path: Path, limit: int) -> None:
    """Refuses (ReadRefused) what a library would open itself and hang on or read without end:
    anything but a regular file (a FIFO, a device, a socket), or a file over `limit` bytes.
    OSError (missing, no permission) is left to the caller."""
    _refuse_unless_regular(os.stat(path), path, limit)


def _refuse_unless_regular(info: os.stat_result, path: Path, limit: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(21, "is a folder", str(path))
    if not stat.S_ISREG(info.st_mode):
        raise ReadRefused("not a regular file (a pipe, device or socket); give a file")
    if info.st_size > limit:
        raise ReadRefused(f"file is {info.st_size:,} bytes; the limit is {limit:,}")


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of `path`, which must be a regular file of at most `limit` bytes.

    A FIFO, a device (`/dev/zero`, `/dev/urandom`), a socket or a folder is refused without
    waiting for it (opened non-blocking, checked with `fstat` on the opened file); the read
    stops after `limit` + 1 bytes whatever the size the file claims (a file growing while it
    is read is refused too). OSError (missing, no permission) is left to the caller."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        _refuse_unless_regular(os.fstat(fd), path, limit)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise ReadRefused(f"file is larger than the limit of {limit:,} bytes")
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text(path: Path) -> str:
    """The file's text (UTF-8, an optional BOM removed); a PlanError when that is impossible."""
    return decode_text(path, read_plan_bytes(path))


def read_plan_bytes(path: Path) -> bytes:
    """The bytes of a plan-sized file (at most MAX_FILE_BYTES, a regular file); a PlanError
    naming the file and the fix when that is impossible."""
    try:
        return read_regular(path, MAX_FILE_BYTES)
    except (ReadRefused, OSError) as exc:
        message = unreadable(exc, "plan file")
        if isinstance(exc, ReadRefused) and "limit" in message:
            message += " (split the plan or remove bulk text)"
        raise PlanError([Problem(str(path), None, "", message)]) from None


def unreadable(exc: Exception, kind: str = "file") -> str:
    """Why `read_regular` could not read a file, as the error message says it (a `kind` of
    file: "plan file", "file"), with the fix where there is one."""
    if isinstance(exc, FileNotFoundError):
        return "file not found (check the path)"
    if isinstance(exc, IsADirectoryError):
        return f"is a folder, not a {kind}"
    if isinstance(exc, OSError):
        return f"cannot be read: {exc.strerror}"
    return str(exc)


def decode_text(path: Path, raw: bytes) -> str:
    """`raw` as UTF-8 text (a BOM removed); a PlanError with the line of the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PlanError([Problem(str(path), line, "", f"not valid UTF-8 (byte {exc.start}); "
                                 "save the file as UTF-8")]) from None


def read_document(path: Path) -> SourceDocument:
    """Reads a `.yaml`/`.yml` or `.json` file; every problem found is raised as one PlanError."""
    if path.is_dir():
        raise PlanError([Problem(str(path), None, "", "is a folder, not a plan file; name the "
                                 ".yaml or .json file in it")])
    suffix = path.suffix.lower()
    if suffix not in {".yaml", ".yml", ".json"}:
        raise PlanError([Problem(str(path), None, "", f"unknown plan format {suffix or '(none)'!r}:"
                                 " use .yaml, .yml or .json")])
    raw = read_plan_bytes(path)
    text = decode_text(path, raw)
    doc = _read_json(str(path), text) if suffix == ".json" else _read_yaml(str(path), text)
    doc.raw = raw
    return doc


def _read_yaml(name: str, text: str) -> SourceDocument:
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise PlanError([Problem(name, line, "", f"YAML syntax: {exc.problem or exc.context}")]
                        ) from None
    except yaml.reader.ReaderError as exc:
        # libyaml counts bytes of UTF-8, PyYAML's own reader counts characters.
        before = (text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
                  if _Loader is not yaml.SafeLoader else text[: exc.position])
        line = before.count("\n") + 1
        raise PlanError([Problem(name, line, "", f"the character U+{exc.character:04X} is not "
                                 "allowed in YAML; delete it")]) from None
    except yaml.YAMLError as exc:
        raise PlanError([Problem(name, None, "", f"YAML syntax: {exc}")]) from None
    except RecursionError:
        raise PlanError([Problem(name, None, "", "nested too deeply")]) from None
    if node is None:
        raise PlanError([Problem(name, 1, "", "the file is empty")])
    doc = SourceDocument(name, None)
    problems: list[Problem] = []
    doc.data = _construct(node, (), doc, problems, depth=0, seen=set())
    if problems:
        raise PlanError(problems)
    return doc


def _construct(node: Node, path: PathKey, doc: SourceDocument, problems: list[Problem],
               depth: int, seen: set[int]) -> object:
    lines = doc._lines
    lines.setdefault(path, node.start_mark.line + 1)
    # The composer resolves an alias (`*name`) to the very node its anchor named: meeting a
    # node twice means an alias. They are refused: they hide repeated or exponential content.
    if id(node) in seen:
        problems.append(doc.problem(path, "YAML aliases (*name) are not allowed; write the "
                                    "value out in full"))
        return None
    seen.add(id(node))
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
                first = lines.get(child)
                problems.append(Problem(doc.name, key_node.start_mark.line + 1, format_path(child),
                                        f"duplicate key (first given on line {first}); keep one"))
                continue
            lines[child] = key_node.start_mark.line + 1
            out[key] = _construct(value_node, child, doc, problems, depth + 1, seen)
        return out
    if isinstance(node, SequenceNode):
        return [_construct(item, (*path, i), doc, problems, depth + 1, seen)
                for i, item in enumerate(node.value)]
    return _scalar(node, path, doc, problems)


def _scalar(node: ScalarNode, path: PathKey, doc: SourceDocument, problems: list[Problem]):
    value = node.value
    if node.style:  # quoted or block text is always text (plain: None, or "" from libyaml)
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
    duplicates: list[str] = []

    def refuse_constant(token: str) -> float:
        raise ValueError(f"{token} is not allowed in a plan (use a number or null)")

    def pairs(items: list[tuple[str, object]]) -> dict:
        out = dict(items)
        if len(out) != len(items):
            duplicates.extend(k for k in out if sum(1 for key, _ in items if key == k) > 1)
        return out

    try:
        data = json.loads(text, parse_constant=refuse_constant, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise PlanError([Problem(name, exc.lineno, "", f"JSON syntax: {exc.msg} (column "
                                 f"{exc.colno})")]) from None
    except ValueError as exc:
        raise PlanError([Problem(name, None, "", str(exc))]) from None
    except RecursionError:
        raise PlanError([Problem(name, None, "", "nested too deeply")]) from None
    if duplicates:
        # json.loads keeps the last of two equal keys; the YAML reading of the same text
        # says where each duplicate is.
        try:
            _read_yaml(name, text)
        except PlanError as exc:
            found = [p for p in exc.problems if "duplicate key" in p.message]
            if found:
                raise PlanError(found) from None
        raise PlanError([Problem(name, None, "", f"duplicate key {duplicates[0]!r}; keep one")])
    doc = SourceDocument(name, data, None, locate=lambda: _json_lines(name, text))
    problems = []
    for path, value in _walk(data, ()):
        if len(path) > MAX_DEPTH:
            problems.append(doc.problem(path[:MAX_DEPTH], f"nested more than {MAX_DEPTH} "
                                        "levels deep"))
            break
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
            problems.append(doc.problem(path, "number is too large"))
        if isinstance(value, float) and not math.isfinite(value):
            problems.append(doc.problem(path, "number is not finite"))
    if problems:
        raise PlanError(problems)
    return doc


def _json_lines(name: str, text: str) -> dict[PathKey, int]:
    """Line numbers for a JSON text, from reading it as YAML (JSON is, for this, YAML)."""
    try:
        return _read_yaml(name, text)._lines
    except PlanError:
        return {}


def _walk(value: object, path: PathKey) -> Iterator[tuple[PathKey, object]]:
    """Every (path, value) in `value`, depth first, without recursion (a plan nested beyond
    the interpreter's recursion limit is reported, not a RecursionError on any version)."""
    stack = [(path, value)]
    while stack:
        path, value = stack.pop()
        yield path, value
        if len(path) > MAX_DEPTH:
            continue  # reported by the caller; its contents are not walked
        if isinstance(value, dict):
            stack.extend(((*path, key), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in reversed(list(enumerate(value))))
