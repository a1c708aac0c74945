"""The distribution bundle of a meeting: `manifest.json` with every file's size and SHA-256,
and a zip of the folder that is byte-identical for identical inputs (fixed member order, times
and attributes, UTF-8 names: what `zipfile` writes; the files are copied into it by the kernel,
with the CRCs the workers computed)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from . import __version__
from .output import FileDigest, digest_of, write_atomic
from .theme import Theme

MANIFEST = "manifest.json"


def write_bundle(folder: Path, files: list[Path], *, when: dt.date, plan_file: Path,
                 plan_sha256: str, theme: Theme, meeting,
                 digests: dict[str, FileDigest] | None = None) -> tuple[Path, Path]:
    """Writes `folder/manifest.json` and `folder.zip`; removes files an earlier run of this
    bundle listed that are no longer part of it. Returns (manifest, zip). `digests` holds
    sizes, hashes and CRCs already known (by path), computed when the files were written."""
    _remove_stale(folder, files)
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
    from .render.office_zip import zip_files  # not before the workers fork (unittest.mock)

    write_atomic(archive, lambda tmp: zip_files(tmp, members, when))
    return manifest_path, archive


_STORED = {".docx", ".pptx", ".pdf"}
"""Compressed already: stored in the zip as they are (the rest, the manifest, deflated)."""


def _remove_stale(folder: Path, files: list[Path]) -> None:
    manifest = folder / MANIFEST
    try:
        listed = json.loads(manifest.read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        return
    keep = {f.relative_to(folder).as_posix() for f in files}
    inner = folder.resolve()
    for entry in listed:
        name = str(entry.get("path", "")) if isinstance(entry, dict) else ""
        if name in keep:
            continue  # the common case: a file of this run too (no path resolving needed)
        path = (folder / name).resolve()
        if path.is_relative_to(inner) and path != inner and path.is_file():
            path.unlink()
