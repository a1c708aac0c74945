"""Text files as offices save them: UTF-8 (with or without BOM), UTF-16, GB18030/GBK, Big5."""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem
from . import TableError

MAX_TEXT_BYTES = 20 * 1024 * 1024
# What a detector may call a Chinese Windows code page: read them all as the superset GB18030.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936", "euc_cn"}


def read_bytes(path: Path) -> bytes:
    """The file's bytes (at most 20 MB); a PlanError naming the file otherwise."""
    from ..sources import ReadRefused, read_regular, unreadable

    name = str(path)
    try:
        return read_regular(path, MAX_TEXT_BYTES)  # a regular file, bounded (no FIFO, /dev/zero)
    except (ReadRefused, OSError) as exc:
        raise TableError([Problem(name, None, "", unreadable(exc))]) from None


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """(text, encoding used): UTF-8 and byte-order marks first, then charset-normalizer's best
    guess; line ends as written."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf_16"
    try:
        return raw.decode("utf-8-sig"), "utf_8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise TableError([Problem(name, None, "", "the text encoding cannot be told (not UTF-8, "
                                 "UTF-16, GB18030 or Big5); save the file as UTF-8")])
    encoding = "gb18030" if best.encoding in _GB_FAMILY else best.encoding
    try:
        return raw.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        raise TableError([Problem(name, None, "", f"looks like {encoding} but does not decode "
                                 "as it; save the file as UTF-8")]) from None


def read_text_file(path: Path) -> tuple[str, str]:
    """(text, encoding) of a text or CSV file in any encoding an office saves."""
    return decode(read_bytes(path), str(path))
