"""Safe output: file names that stay inside the output folder, and atomic writes."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from .errors import OutputError

T = TypeVar("T")

MAX_NAME_BYTES = 200
"""File names are cut to this many UTF-8 bytes (file systems allow 255), whole characters kept."""

_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"/\\|?*]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}


def safe_name(text: str, fallback: str = "plan", max_bytes: int = MAX_NAME_BYTES,
              max_chars: int | None = None) -> str:
    """A file-name stem that is valid on Windows, macOS and Linux and readable in any script.

    Invisible format characters (bidi overrides such as U+202E, which make `gpj.exe` display
    as `exe.jpg`, zero-width spaces and joiners, byte-order marks) are removed; path
    separators, control and reserved characters become `_`; leading dots, trailing dots and
    spaces go; Windows device names get a `_` suffix; the result fits `max_bytes` of UTF-8 and
    `max_chars` UTF-16 code units (what Windows counts in a path), whole characters kept.
    """
    name = unicodedata.normalize("NFC", text)
    name = "".join(c for c in name if unicodedata.category(c) not in {"Cf", "Cs"})
    name = _FORBIDDEN.sub("_", name)
    name = re.sub(r"\.{2,}", "_", name)  # no "..", even without separators
    name = re.sub(r"\s+", " ", name).strip().strip(".").strip()
    name = re.sub(r"_+", "_", name)
    if not name or set(name) <= {"_", " ", "."}:
        # the fallback (an id) is made safe the same way, so the result is stable
        name = safe_name(fallback, "plan") if fallback != "plan" else fallback
    name = _fit(name, max_bytes, max_chars)
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = _fit(name, max_bytes - 1, None if max_chars is None else max_chars - 1) + "_"
    return name


def _fit(name: str, max_bytes: int, max_chars: int | None) -> str:
    encoded = name.encode("utf-8")
    if len(encoded) > max_bytes:
        name = encoded[:max_bytes].decode("utf-8", "ignore")
    if max_chars is not None and utf16_length(name) > max_chars:
        while utf16_length(name) > max_chars:
            name = name[:-1]
    return name.rstrip(" .") or "_"


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units: what Windows' path limits count."""
    return len(text.encode("utf-16-le")) // 2


def name_key(name: str) -> str:
    """What a case-insensitive file system (Windows, macOS) compares: `A.pdf` and `a.PDF`,
    or a name in NFC and NFD, are one file there."""
    return unicodedata.normalize("NFC", name).casefold()


class UniqueNames:
    """File-name stems for one folder that stay distinct on every file system: two texts that
    give the same name (equal names, names equal but for case, long names cut to the same
    bytes) get the tag (e.g. the unit's id) as a suffix that is never cut off, then a
    number."""

    def __init__(self, max_bytes: int = MAX_NAME_BYTES, max_chars: int | None = None):
        self.max_bytes, self.max_chars = max_bytes, max_chars
        self.used: set[str] = set()

    def take(self, text: str, tag: str, fallback: str = "plan") -> str:
        """A stem for `text` not yet taken in this folder (`tag` tells it from another)."""
        name = safe_name(text, fallback, self.max_bytes, self.max_chars)
        number = 1
        while name_key(name) in self.used:
            suffix = "-" + safe_name(tag, "x", 60) + (f"-{number}" if number > 1 else "")
            room_chars = None if self.max_chars is None else self.max_chars - utf16_length(suffix)
            name = safe_name(text, fallback, self.max_bytes - len(suffix.encode("utf-8")),
                             room_chars) + suffix
            number += 1
        self.used.add(name_key(name))
        return name


def inside(folder: Path, name: str) -> Path:
    """`folder/name` (with `folder` resolved), refusing any name that is not one plain path
    component: separators, `.`, `..`, drive letters. Files are replaced by renaming onto the
    name, which never follows a symbolic link there, so the name itself is not resolved (a
    meeting build names ≈ 300 files; resolving each took ≈ 50 µs of file-system lookups)."""
    return named_in(_resolved(os.getcwd(), str(folder)), name)


def named_in(folder: Path, name: str) -> Path:
    """`folder/name`, `folder` as it is (not resolved: a link there is never followed by a
    name made with it), refusing any name that is not one plain path component."""
    if (name in {"", ".", ".."} or "/" in name or "\\" in name or "\0" in name
            or Path(name).name != name or Path(name).drive):
        raise OutputError(f"{name!r} would be written outside {folder}")
    return folder / name


@lru_cache(maxsize=64)
def _resolved(cwd: str, folder: str) -> Path:  # noqa: ARG001 - cwd: a relative folder's key
    return Path(folder).resolve()


@dataclass(frozen=True)
class FileDigest:
    """What the manifest and the zip need to know of a written file, read in one pass."""

    size: int
    sha256: str
    crc32: int


def digest_of(path: Path) -> FileDigest:
    """The file's size, SHA-256 (hex) and CRC-32 (as zip members carry it)."""
    digest, crc, size = hashlib.sha256(), 0, 0
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            crc = zlib.crc32(block, crc)
            size += len(block)
    return FileDigest(size, digest.hexdigest(), crc)


def write_atomic(dest: Path, write: Callable[[Path], T]) -> T:
    """Calls `write(tmp)` on a temporary file beside `dest`, then renames it onto `dest`.

    A failed or killed run leaves the previous `dest` untouched: the rename is the only step
    that changes it, and it is atomic on one file system; the data reaches the disk first.
    """
    with AtomicFiles() as files:
        return files.write(dest, write)


class AtomicFiles:
    """Files written to temporaries beside their destinations, then made durable and renamed
    into place together when the `with` block ends (`write_atomic` is one such file): every
    file is synced to disk before any is renamed. Syncing files written together costs about
    one journal commit for all of them (the first sync carries the others' data): measured
    over 100 unit packs, 0.1 s less than syncing each file as it was finished. Files finished
    before a failure are still put in place; the first failure to put one in place is raised.
    """

    def __enter__(self) -> AtomicFiles:
        self._written: list[tuple[Path, Path]] = []
        return self

    def write(self, dest: Path, write: Callable[[Path], T]) -> T:
        tmp, result = _written_beside(dest, write)
        self._written.append((tmp, dest))
        return result

    def __exit__(self, exc_type, *exc) -> None:
        written, self._written = self._written, []
        try:
            for tmp, _ in written:
                _sync(tmp)
            mode = file_mode()
            for tmp, dest in written:
                os.chmod(tmp, mode)
                os.replace(tmp, dest)
        except BaseException:
            for tmp, _ in written:
                tmp.unlink(missing_ok=True)
            if exc_type is None:
                raise


def _written_beside(dest: Path, write: Callable[[Path], T]) -> tuple[Path, T]:
    """`write(tmp)` on a new temporary file beside `dest` (removed if `write` fails)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.is_dir() and not dest.is_symlink():
        raise OutputError(f"{dest}: a folder has the name of the file to write; move it away or "
                          "choose another --out")
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent,
                                    prefix=f".{dest.stem[:40]}.{TEMP_MARK}-{os.getpid()}.",
                                    suffix=f".tmp{dest.suffix}")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        return tmp, write(tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _sync(path: Path) -> None:
    """The file's data on disk (not only in the page cache)."""
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


TEMP_MARK = "plan-briefing"
"""In every temporary file's name, with the writing process's id: `.<stem>.plan-briefing-<pid>.
<random>.tmp<suffix>`. Only names of this shape are ever cleaned up."""
_TEMP = re.compile(rf"^\..*\.{TEMP_MARK}-(\d+)\.[a-z0-9_]{{8}}\.tmp(\.\w+)?$")


def file_mode() -> int:
    """The mode a new file gets under the user's umask (0o666 with the umask's bits off)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def remove_stale_temps(folder: Path, finished: bool = False) -> int:
    """Removes temporary files that a killed run left in `folder` (ours only: the name
    carries the writing process's id, and that process is gone; with `finished`, every one:
    the caller knows that all writers into `folder` are done, on whatever machine). Returns
    how many."""
    removed = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    for name in names:
        match = _TEMP.match(name)
        if not match or (not finished and _alive(int(match.group(1)))):
            continue
        try:
            (folder / name).unlink()
            removed += 1
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    """Whether the process `pid` still runs. A zombie (ended, not yet reaped: its files are
    finished with) counts as gone where the system says so (Linux's /proc)."""
    if pid == os.getpid() or os.name == "nt":  # Windows: os.kill would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            state = handle.read().rsplit(b")", 1)[1].split()[0]
        return state not in {b"Z", b"X"}
    except (OSError, IndexError):
        return True
