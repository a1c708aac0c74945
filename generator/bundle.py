"""The distribution bundle of a meeting: `manifest.json` with every file's size and SHA-256,
and a zip of the folder that is byte-identical for identical inputs."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

from . import __version__
from .output import sha256_of, write_atomic
from .theme import Theme

MANIFEST = "manifest.json"


def write_bundle(folder: Path, files: list[Path], *, when: dt.date, plan_file: Path,
                 plan_sha256: str, theme: Theme, meeting,
                 sha256: dict[str, str] | None = None) -> tuple[Path, Path]:
    """Writes `folder/manifest.json` and `folder.zip`; removes files an earlier run of this
    bundle listed that are no longer part of it. Returns (manifest, zip). `sha256` holds
    hashes already known (by path), computed when the files were written."""
    _remove_stale(folder, files)
    known = sha256 or {}
    entries = [{"path": f.relative_to(folder).as_posix(), "bytes": f.stat().st_size,
                "sha256": known.get(str(f)) or sha256_of(f)} for f in sorted(files)]
    templates = {p.name: sha256_of(p) for p in sorted({theme.folder / "theme.yaml",
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
    members = sorted([*files, manifest_path])
    write_atomic(archive, lambda tmp: _zip(tmp, folder, members, when))
    return manifest_path, archive


def _zip(target: Path, folder: Path, members: list[Path], when: dt.date) -> None:
    """A zip with fixed member order, times and attributes, and UTF-8 names."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in members:
            name = f"{folder.name}/{path.relative_to(folder).as_posix()}"
            info = zipfile.ZipInfo(name, date_time=stamp)
            # DOCX, PPTX and PDF are compressed already: stored as they are.
            info.compress_type = (zipfile.ZIP_STORED if path.suffix in {".docx", ".pptx", ".pdf"}
                                  else zipfile.ZIP_DEFLATED)
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, path.read_bytes())


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
