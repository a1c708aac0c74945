"""The font metrics cache file: JSON with the bulk tables as base64 arrays; never code.

A cache file is data only (no pickle: whoever can write the cache folder must not run code
as its users), checked as a whole before use: format and version, the font it describes
(path, size, modification time and reportlab's version), each value's type, the tables'
lengths against the glyph count, and a SHA-256 of the content. Anything else is a miss:
the metrics are read from the font again and the file rewritten.
"""

from __future__ import annotations

import base64
import gc
import hashlib
import json
import os
import tempfile
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFNameBytes

from ..fonts import cache_dir

FORMAT = "plan-briefing font metrics"
VERSION = 3
MAX_CACHE_BYTES = 64 * 1024 * 1024
_INT_MAPS = ("charToGlyph", "charWidths")
"""dict[int, int] tables, stored as two arrays (keys, values)."""
_LISTS = ("glyphToChar",)
"""dict[int, list[int]] tables, stored as (glyph, char) pairs."""


class CacheMiss(Exception):
    """The cache file is missing, unreadable or does not describe this font exactly."""


def encode(state: dict, key: str) -> bytes | None:
    """The cache file's bytes for `state` (the attributes reportlab's `extractInfo` set), or
    None when a value is of a kind this format does not hold (then nothing is cached)."""
    scalars, arrays = {}, {}
    try:
        for name, value in state.items():
            if name in _INT_MAPS:
                arrays[f"{name}.keys"] = _b64(array("q", value.keys()))
                arrays[f"{name}.values"] = _b64(_numbers(value.values()))
            elif name in _LISTS:
                pairs = array("q")
                for glyph, chars in value.items():
                    for char in chars:
                        pairs.extend((glyph, char))
                arrays[name] = _b64(pairs)
            elif name == "hmetrics":
                arrays[name] = _b64(_numbers([n for pair in value for n in pair]))
            elif name == "glyphPos":
                arrays[name] = _b64(_numbers(value))
            else:
                scalars[name] = _scalar(value)
    except (TypeError, OverflowError, ValueError):
        return None
    body = {"scalars": scalars, "arrays": arrays}
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    return json.dumps({"format": FORMAT, "version": VERSION, "key": key, "sha256": digest,
                       **body}, sort_keys=True).encode()


def decode(data: bytes, key: str) -> tuple[dict, dict]:
    """(attributes, tables loaded later) from a cache file's bytes; CacheMiss unless the file
    is whole, of this format and version, for `key`, and consistent."""
    try:
        document = json.loads(data)
        if (not isinstance(document, dict) or document.get("format") != FORMAT
                or document.get("version") != VERSION or document.get("key") != key):
            raise CacheMiss("another format, version or font")
        body = {"scalars": document["scalars"], "arrays": document["arrays"]}
        if hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest() \
                != document["sha256"]:
            raise CacheMiss("content does not match its checksum")
        state = {name: _from_scalar(value) for name, value in body["scalars"].items()}
        arrays = {name: _array(text) for name, text in body["arrays"].items()}
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
        state["hmetrics"] = list(zip(metrics[::2], metrics[1::2], strict=True))
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
    """Whole numbers as 64-bit integers, else doubles (the types reportlab set are kept)."""
    values = list(values)
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return array("q", values)
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values) \
            and not any(isinstance(v, int) for v in values):
        return array("d", values)
    raise TypeError("mixed or non-numeric values")


def _b64(values: array) -> str:
    return f"{values.typecode}:" + base64.b64encode(values.tobytes()).decode("ascii")


def _array(text: str) -> array:
    typecode, _, data = text.partition(":")
    if typecode not in {"q", "d"}:
        raise ValueError("unknown array type")
    values = array(typecode)
    values.frombytes(base64.b64decode(data.encode("ascii"), validate=True))
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
    return cache_dir() / "metrics" / f"{font.stem}-{digest}.json", key


class BytesSlices:
    """A read-only view of a font table whose slices are bytes: reportlab's `makeSubset`
    reads glyphs as slices of the glyph table and splices new component numbers into them."""

    def __init__(self, view: memoryview):
        self.view = view

    def __getitem__(self, index: slice) -> bytes:
        return self.view[index].tobytes()

    def __len__(self) -> int:
        return len(self.view)
