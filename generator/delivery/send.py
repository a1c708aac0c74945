"""`send`: the meeting bundle checked against its manifest, each unit's pack as one message."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import GeneratorError
from ..i18n import Labels
from ..loader import LoadedPlan, load_plan
from ..model import Plan, Unit
from ..output import digest_of, safe_name
from .deliver import Outgoing
from .mail import recipients, unit_values

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Bundle:
    """A verified bundle folder: its manifest and the files it lists."""

    folder: Path
    manifest: dict
    files: list[Path]


def read_bundle(folder: Path) -> Bundle:
    """The bundle's manifest, with every listed file checked (present, size, SHA-256); a
    GeneratorError naming each file that differs: the files were changed after the build."""
    path = folder / MANIFEST
    if not folder.is_dir():
        raise GeneratorError(f"{folder}: no such folder; give the bundle folder that "
                             "`plan-briefing build --per unit` wrote")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GeneratorError(f"{folder}: no {MANIFEST}; this is not a meeting bundle (build one "
                             "with `plan-briefing build PLAN --per unit`)") from None
    except (OSError, ValueError) as exc:
        raise GeneratorError(f"{path}: cannot be read ({exc}); rebuild the bundle") from None
    entries = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(entries, list):
        raise GeneratorError(f"{path}: lists no files; rebuild the bundle")
    inner = folder.resolve()
    files, problems = [], []
    for entry in entries:
        name = str(entry.get("path", "")) if isinstance(entry, dict) else ""
        file = (folder / name).resolve()
        if not name or not file.is_relative_to(inner) or file == inner:
            problems.append(f"  {name or entry!r}: not a file inside the bundle")
            continue
        if not file.is_file():
            problems.append(f"  {name}: missing")
            continue
        digest = digest_of(file)
        if digest.sha256 != entry.get("sha256") or digest.size != entry.get("bytes"):
            problems.append(f"  {name}: changed since the build (SHA-256 {digest.sha256[:12]}…, "
                            f"manifest {str(entry.get('sha256'))[:12]}…)")
            continue
        files.append(folder / name)
    if problems:
        raise GeneratorError("\n".join([f"{path}: {len(problems)} file(s) do not match the "
                                        "manifest; nothing was sent:", *problems, "rebuild the "
                                        "bundle (`plan-briefing build PLAN --per unit`) and send "
                                        "again"]))
    return Bundle(folder, manifest, files)


def find_plan(bundle: Bundle, explicit: str | Path | None) -> LoadedPlan:
    """The plan the bundle was built from: `--plan`, or a file of the manifest's plan name in
    the current folder, beside the bundle's output folder or among the samples, whose SHA-256
    matches the manifest's."""
    if explicit:
        return load_plan(explicit)
    from ..build import SAMPLE_PLAN

    info = bundle.manifest.get("plan") or {}
    name, sha = str(info.get("file", "")), info.get("sha256")
    if not name or Path(name).name != name:
        raise GeneratorError(f"{bundle.folder / MANIFEST}: names no plan file; give it with "
                             "--plan PLAN")
    places = [Path.cwd(), bundle.folder.parent, bundle.folder.parent.parent,
              Path(SAMPLE_PLAN).parent]
    for place in places:
        candidate = place / name
        if candidate.is_file():
            loaded = load_plan(candidate)
            if loaded.sha256 == sha:
                return loaded
    raise GeneratorError(f"the plan {name} this bundle was built from was not found unchanged "
                         f"in {', '.join(str(p) for p in places[:3])}; give it with --plan PLAN")


@lru_cache(maxsize=1)
def _converters() -> tuple:
    import opencc

    return tuple(opencc.OpenCC(config).convert for config in ("s2t", "s2twp", "t2s"))


def _name_forms(unit: Unit) -> set[str]:
    """The unit's name as pack file names may carry it: as written, in the other Chinese
    script (a bundle built with --lang), with or without the unit id that breaks a tie."""
    names = {unit.name, *(convert(unit.name) for convert in _converters())}
    forms = set()
    for name in names:
        stem = safe_name(name, fallback=unit.id)
        forms |= {stem, safe_name(f"{stem}-{unit.id}")}
    return forms


def unit_files(bundle: Bundle, plan: Plan, formats: tuple[str, ...]) -> dict[str, list[Path]]:
    """Each unit's pack files in the chosen formats, by unit id. A file under `units/` belongs
    to the unit the manifest names (`unit`), else to the unit whose name ends its file name
    (`<pack label>-<unit name>.<format>`)."""
    listed = {str(e.get("path")): e for e in bundle.manifest.get("files", [])
              if isinstance(e, dict)}
    forms = {unit.id: _name_forms(unit) for unit in plan.units}
    out: dict[str, list[Path]] = {}
    for file in bundle.files:
        relative = file.relative_to(bundle.folder).as_posix()
        if not relative.startswith("units/") or file.suffix.lstrip(".") not in formats:
            continue
        owner = listed.get(relative, {}).get("unit")
        if owner not in forms:
            stem = file.stem
            matches = [(len(n), uid) for uid, names in forms.items() for n in names
                       if stem == n or stem.endswith(f"-{n}")]
            owner = max(matches)[1] if matches else None  # the longest name: `X-Y` before `Y`
        if owner:
            out.setdefault(owner, []).append(file)
    order = {fmt: i for i, fmt in enumerate(formats)}
    return {uid: sorted(files, key=lambda p: order[p.suffix.lstrip(".")])
            for uid, files in out.items()}


def pack_messages(bundle: Bundle, plan: Plan, formats: tuple[str, ...], *,
                  sender_name: str) -> tuple[list[Outgoing], list[str]]:
    """One message per unit with a pack and an address; and a note per unit left out."""
    labels = Labels(plan.language)
    packs = unit_files(bundle, plan, formats)
    outgoing, notes, no_pack = [], [], []
    for unit in plan.units:
        files = packs.get(unit.id)
        to = recipients(unit)
        if not files:
            no_pack.append(unit.id)
            continue
        if not to:
            notes.append(f"{unit.name} ({unit.id}): no contact e-mail in the plan; its pack "
                         "was not sent (add `contacts:` to the unit)")
            continue
        values = {**unit_values(plan, unit, labels, sender_name, _as_of(bundle, plan)),
                  "files": "\n".join(p.name for p in files)}
        outgoing.append(Outgoing(f"pack/{unit.id}", "pack", unit.id, unit.name, to,
                                 tuple(files), values))
    if no_pack:
        notes.append(f"{len(no_pack)} unit(s) have no pack in {','.join(formats)} in the bundle "
                     f"(they lead no task), so nothing to send: {', '.join(no_pack)}")
    return outgoing, notes


def _as_of(bundle: Bundle, plan: Plan) -> dt.date:
    try:
        return dt.date.fromisoformat(str(bundle.manifest.get("as_of")))
    except ValueError:
        return plan.as_of
