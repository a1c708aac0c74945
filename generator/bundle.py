"""The distribution bundle of a meeting: `manifest.json` with every file's size and SHA-256,
and a zip of the folder that is byte-identical for identical inputs (fixed member order, times
and attributes, UTF-8 names: what `zipfile` writes; the files are copied into it by the kernel,
with the CRCs the workers computed).

A bundle is built whole in a staging folder beside the previous one, under a lock (a second
run of the same bundle is refused, exit 2), and put in place by renaming (`staging`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from . import __version__
from .errors import OutputError
from .output import FileDigest, digest_of, write_atomic
from .theme import Theme

MANIFEST = "manifest.json"
MAX_ZIP_MEMBERS = 65_535
"""A zip without zip64 holds at most this many members (the bundle's files and manifest)."""


def write_bundle(folder: Path, files: list[Path], *, when: dt.date, plan_file: Path,
                 plan_sha256: str, theme: Theme, meeting,
                 digests: dict[str, FileDigest] | None = None) -> tuple[Path, Path]:
    """Writes `folder/manifest.json` and `folder.zip`; removes files an earlier run of this
    bundle listed that are no longer part of it. Returns (manifest, zip). `digests` holds
    sizes, hashes and CRCs already known (by path), computed when the files were written."""
    check_member_count(len(files) + 1)
    known = dict(digests or {})
    for f in files:
        if str(f) not in known:
            known[str(f)] = digest_of(f)
    entries = [{"path": f.relative_to(folder).as_posix(), "bytes": known[str(f)].size,
                "sha256": known[str(f)].sha256} for f in sorted(files)]
    templates = {p.name: digest_of(p).sha256 for p in sorted({theme.folder / "theme.yaml",
                                                       theme.docx_template, theme.pptx_template})
                 if p.is_file()}
    manifest = {
        "generator": {"name": "plan-briefing", "version": __version__},
        "meeting": {"title": meeting.title, "date": meeting.date.isoformat()},
        "as_of": when.isoformat(),
        "plan": {"file": plan_file.name, "sha256": plan_sha256},
        "templates": templates,
        "files": entries,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    manifest_path = folder / MANIFEST
    write_atomic(manifest_path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    archive = folder.with_name(folder.name + ".zip")
    members = [(f"{folder.name}/{path.relative_to(folder).as_posix()}",
                *((path, known[str(path)]) if path.suffix in _STORED
                  else (text.encode("utf-8") if path == manifest_path else path, None)))
               for path in sorted([*files, manifest_path])]
    from .render.office_zip import zip_files  # imported when the zip is written, at the end

    write_atomic(archive, lambda tmp: zip_files(tmp, members, when))
    return manifest_path, archive


_STORED = {".docx", ".pptx", ".pdf"}
"""Compressed already: stored in the zip as they are (the rest, the manifest, deflated)."""


def check_member_count(count: int) -> None:
    """Refuses a bundle whose zip would hold more members than a zip can count (without
    zip64, which not every unzip tool reads) before anything is written."""
    if count > MAX_ZIP_MEMBERS:
        raise OutputError(f"the bundle would hold {count:,} files; a zip holds at most "
                          f"{MAX_ZIP_MEMBERS:,}: build fewer formats or split the plan")


def ours_in(folder: Path) -> set[str]:
    """Paths (relative, POSIX) that the manifest in `folder` lists and that still hold what
    it says (size and SHA-256): files this tool wrote. A planted or corrupt manifest gives
    nothing or only files identical to what it claims; never anything outside `folder`."""
    from .sources import ReadRefused, read_regular

    try:
        listed = json.loads(read_regular(folder / MANIFEST, 16 << 20)).get("files", [])
    except (OSError, ReadRefused, ValueError, AttributeError):
        return set()
    found = set()
    for entry in listed if isinstance(listed, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            continue
        name = entry["path"]
        parts = name.split("/")
        if any(p in {"", ".", ".."} or "\\" in p or ":" in p for p in parts) or len(parts) > 2:
            continue
        path = folder.joinpath(*parts)
        try:
            if (path.is_symlink() or not path.is_file()
                    or path.stat().st_size != entry.get("bytes")
                    or digest_of(path).sha256 != entry.get("sha256")):
                continue
        except OSError:
            continue
        found.add(name)
    return found


@contextmanager
def staged(folder: Path) -> Iterator[Path]:
    """A staging folder that stands in for the bundle `folder` (same name, inside a hidden
    folder beside it): the caller writes the whole bundle there (`write_bundle` puts the zip
    beside it). When the block ends without an error the bundle replaces the previous one:
    the folder by two renames (the old one aside, the new one in), then the zip by one; files
    of the user's in the old folder are carried over, files the old manifest lists are not.
    On any error or interruption the previous bundle is untouched and the staging is removed.

    A lock beside the bundle makes a second run of the same bundle fail at once with an
    OutputError (exit 2) instead of mixing two runs' files. Leftovers of a killed run are
    put right (or removed) by the next run, under the lock."""
    out = folder.parent
    _check_target(folder)
    tag = hashlib.sha256(folder.name.encode("utf-8")).hexdigest()[:16]
    lock = FileLock(out / f".bundle-{tag}.lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise OutputError(f"{folder}: another run is building this bundle right now; wait for "
                          "it to finish, then run again") from None
    try:
        _recover(out, tag, folder)
        root = out / f".bundle-{tag}.staging-{os.getpid()}"
        os.mkdir(root)
        try:
            stage = root / folder.name
            os.mkdir(stage)
            yield stage
            _swap(root, stage, folder, tag)
        finally:
            _remove_tree(root)
    finally:
        lock.release()


def _check_target(folder: Path) -> None:
    """The bundle's names must be free for it: no file or link where its folder or zip go."""
    archive = folder.with_name(folder.name + ".zip")
    if folder.is_symlink() or (os.path.lexists(folder) and not folder.is_dir()):
        raise OutputError(f"{folder}: a file or link has the bundle's folder name; move it "
                          "away or choose another --out")
    if archive.is_symlink() or archive.is_dir():
        raise OutputError(f"{archive}: a folder or link has the bundle's zip name; move it "
                          "away or choose another --out")


def _swap(root: Path, stage: Path, folder: Path, tag: str) -> None:
    previous = folder.parent / f".bundle-{tag}.previous-{os.getpid()}"
    had_previous = os.path.lexists(folder)
    if had_previous:
        os.rename(folder, previous)
    os.rename(stage, folder)
    os.replace(root / (folder.name + ".zip"), folder.with_name(folder.name + ".zip"))
    if had_previous:
        _carry_over(previous, folder, ours_in(previous) | {MANIFEST}, "")
        _remove_tree(previous)


def _recover(out: Path, tag: str, folder: Path) -> None:
    """After a killed run: a previous bundle moved aside is put back if the new one never got
    in place, or its user files carried over if it did; stale staging folders go."""
    for entry in sorted(out.glob(f".bundle-{tag}.*")):
        if ".previous-" in entry.name and entry.is_dir() and not entry.is_symlink():
            if not os.path.lexists(folder):
                os.rename(entry, folder)
                continue
            _carry_over(entry, folder, ours_in(entry) | {MANIFEST}, "")
            _remove_tree(entry)
        elif ".staging-" in entry.name:
            _remove_tree(entry)


def _carry_over(old: Path, new: Path, ours: set[str], prefix: str) -> None:
    """Moves what is not ours from `old` into `new` where the name is free (folders merged;
    links moved as links, never followed)."""
    try:
        entries = sorted(os.scandir(old), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        rel = prefix + entry.name
        if rel in ours:
            continue
        target = new / entry.name
        if entry.is_dir(follow_symlinks=False) and target.is_dir() and not target.is_symlink():
            _carry_over(Path(entry.path), target, ours, rel + "/")
        elif not os.path.lexists(target):
            os.rename(entry.path, target)


def _remove_tree(path: Path) -> None:
    """Removes a folder of ours (links inside are removed, never followed) or a link."""
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
