"""The font metrics cache file: a JSON header line, then the bulk tables as raw arrays; never code.

A cache file is data only (no pickle: whoever can write the cache folder must not run code
as its users), checked as a whole before use: format and version, the font it describes
(path, size, modification time and reportlab's version), the machine's byte order, each
value's type, the tables' lengths against the glyph count, and a SHA-256 of the header and
the tables. Anything else is a miss: the metrics are read from the font again and the file
rewritten. The tables are stored as the bytes of Python arrays (not base64 in JSON): a worker
loads a CJK face's metrics without decoding text.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import sys
import tempfile
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFNameBytes

from ..fonts import cache_dir

FORMAT = "plan-briefing font metrics"
VERSION = 4
SUFFIX = ".metrics"
MAX_CACHE_BYTES = 64 * 1024 * 1024
_INT_MAPS = ("charToGlyph", "charWidths")
"""dict[int, int] tables, stored as two arrays (keys, values)."""
_LISTS = ("glyphToChar",)
"""dict[int, list[int]] tables, stored as (glyph, char) pairs."""
_TYPECODES = {"i": 4, "q": 8, "d": 8}
"""Array types a file may hold, with their item sizes (checked: `array` sizes are the C
types', 4 and 8 bytes on every platform Python supports)."""


class CacheMiss(Exception):
    """The cache file is missing, unreadable or does not describe this font exactly."""


def encode(state: dict, key: str) -> bytes | None:
    """The cache file's bytes for `state` (the attributes reportlab's `extractInfo` set), or
    None when a value is of a kind this format does not hold (then nothing is cached)."""
    scalars: dict = {}
    tables: dict[str, array] = {}
    try:
        for name, value in state.items():
            if name in _INT_MAPS:
                tables[f"{name}.keys"] = _numbers(value.keys())
                tables[f"{name}.values"] = _numbers(value.values())
            elif name in _LISTS:
                tables[name] = _numbers(n for glyph, chars in value.items()
                                        for char in chars for n in (glyph, char))
            elif name == "hmetrics":
                tables[name] = _numbers(n for pair in value for n in pair)
            elif name == "glyphPos":
                tables[name] = _numbers(value)
            else:
                scalars[name] = _scalar(value)
    except (TypeError, OverflowError, ValueError):
        return None
    layout, offset = {}, 0
    for name in sorted(tables):
        table = tables[name]
        layout[name] = [table.typecode, offset, len(table)]
        offset += len(table) * table.itemsize
    header = json.dumps({"format": FORMAT, "version": VERSION, "key": key,
                         "byteorder": sys.byteorder, "scalars": scalars, "arrays": layout},
                        sort_keys=True).encode()
    body = b"".join(tables[name].tobytes() for name in sorted(tables))
    digest = hashlib.sha256(header + body).hexdigest().encode()
    return header + b"\n" + digest + b"\n" + body


def decode(data: bytes, key: str) -> tuple[dict, dict]:
    """(attributes, tables loaded later) from a cache file's bytes; CacheMiss unless the file
    is whole, of this format and version, for `key`, and consistent."""
    try:
        head_end = data.index(b"\n")
        body_start = data.index(b"\n", head_end + 1) + 1
        head, digest = data[:head_end], data[head_end + 1:body_start - 1]
        document = json.loads(head)
        if (not isinstance(document, dict) or document.get("format") != FORMAT
                or document.get("version") != VERSION or document.get("key") != key
                or document.get("byteorder") != sys.byteorder):
            raise CacheMiss("another format, version, font or machine")
        body = memoryview(data)[body_start:]
        check = hashlib.sha256(head)
        check.update(body)
        if check.hexdigest().encode() != digest:
            raise CacheMiss("content does not match its checksum")
        state = {name: _from_scalar(value) for name, value in document["scalars"].items()}
        arrays = {name: _array(body, *spec) for name, spec in document["arrays"].items()}
        for name in _INT_MAPS:
            keys, values = arrays[f"{name}.keys"], arrays[f"{name}.values"]
            if len(keys) != len(values):
                raise CacheMiss(f"{name}: keys and values differ in number")
            state[name] = dict(zip(keys, values, strict=True))
        count = state["numGlyphs"]
        metrics = arrays["hmetrics"]
        if not isinstance(count, int) or len(metrics) != 2 * count \
                or len(arrays["glyphPos"]) != count + 1:
            raise CacheMiss("table lengths do not match the glyph count")
        state["hmetrics"] = Pairs(metrics)
        state["glyphPos"] = arrays["glyphPos"]
        later = {name: arrays[name] for name in _LISTS if name in arrays}
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CacheMiss(f"malformed ({type(exc).__name__})") from None
    return state, later


def glyph_to_chars(pairs: array) -> dict[int, list[int]]:
    """A `glyphToChar` table from its stored (glyph, char) pairs."""
    table: dict[int, list[int]] = {}
    for glyph, char in zip(pairs[::2], pairs[1::2], strict=True):
        table.setdefault(glyph, []).append(char)
    return table


def read(path: Path, key: str) -> tuple[dict, dict]:
    """The cache file at `path` decoded (`decode`); CacheMiss when it cannot be used. Only a
    regular file of sane size is read."""
    from ..sources import ReadRefused, read_regular

    try:
        return decode(read_regular(path, MAX_CACHE_BYTES), key)
    except (OSError, ReadRefused) as exc:
        raise CacheMiss(str(exc)) from None


def write(path: Path, data: bytes) -> None:
    """Writes the cache file atomically (a temporary file renamed); a cache folder that
    cannot be written only costs time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass


def _numbers(values) -> array:
    """Whole numbers as 32-bit integers (64-bit when one needs it), else doubles (the types
    reportlab set are kept)."""
    values = list(values)
    if all(type(v) is int for v in values):
        small = all(-(2 ** 31) <= v < 2 ** 31 for v in values)
        return array("i" if small and array("i").itemsize == 4 else "q", values)
    if all(type(v) is float for v in values):
        return array("d", values)
    raise TypeError("mixed or non-numeric values")


def _array(body: memoryview, typecode: str, offset: int, count: int) -> array:
    """The table stored at `offset` (`count` items of `typecode`) in a file's body."""
    size = _TYPECODES.get(typecode)
    if size is None or not isinstance(offset, int) or not isinstance(count, int) \
            or offset < 0 or count < 0 or offset + count * size > len(body):
        raise ValueError("a table outside the file or of an unknown type")
    values = array(typecode)
    if values.itemsize != size:
        raise ValueError("this machine's array sizes differ")
    values.frombytes(body[offset:offset + count * size])
    return values


def _scalar(value):
    if isinstance(value, TTFNameBytes):
        return {"name_bytes": bytes(value).hex()}
    if isinstance(value, bytes):
        return {"bytes": value.hex()}
    if isinstance(value, tuple):
        return {"tuple": [_scalar(v) for v in value]}
    if isinstance(value, list):
        return [_scalar(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(type(value).__name__)


def _from_scalar(value):
    if isinstance(value, dict):
        if set(value) == {"name_bytes"}:
            return TTFNameBytes(bytes.fromhex(value["name_bytes"]))
        if set(value) == {"bytes"}:
            return bytes.fromhex(value["bytes"])
        if set(value) == {"tuple"}:
            return tuple(_from_scalar(v) for v in value["tuple"])
        raise ValueError("unknown value kind")
    if isinstance(value, list):
        return [_from_scalar(v) for v in value]
    return value


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for the block (used by the cached face in
    `library_hooks`): building ~100,000 small objects with it running takes several times longer."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def metrics_cache_path(font: Path) -> tuple[Path, str]:
    """The cache file of a font and the key it must carry (the font's path, size, time and
    reportlab's version: any change is a miss)."""
    import reportlab

    stat = font.stat()
    key = f"{font.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{reportlab.Version}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return cache_dir() / "metrics" / f"{font.stem}-{digest}{SUFFIX}", key


class BytesSlices:
    """A read-only view of a font table whose slices are bytes: reportlab's `makeSubset`
    reads glyphs as slices of the glyph table and splices new component numbers into them."""

    def __init__(self, view: memoryview):
        self.view = view

    def __getitem__(self, index: slice) -> bytes:
        return self.view[index].tobytes()

    def __len__(self) -> int:
        return len(self.view)


class Pairs:
    """A read-only list of (advance, side bearing) pairs over one flat array: a face's
    `hmetrics`, which reportlab reads only for the glyphs of a subset (making 65,000 tuples for
    a CJK face took ≈ 7 ms in each worker)."""

    def __init__(self, flat: array):
        self.flat = flat

    def __getitem__(self, index: int) -> tuple:
        # Negative and out-of-range indexes work as a list's: 2i and 2i + 1 count from the end
        # for i < 0, and the array raises IndexError past either end.
        flat, at = self.flat, 2 * index
        return flat[at], flat[at + 1]

    def __len__(self) -> int:
        return len(self.flat) // 2

    def __iter__(self):
        flat = self.flat
        return zip(flat[::2], flat[1::2], strict=True)

    def __eq__(self, other) -> bool:
        try:
            return list(self) == list(other)
        except TypeError:
            return NotImplemented

    __hash__ = None  # type: ignore[assignment] - a list-like value
