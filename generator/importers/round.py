"""A collection round: units' returns taken or refused one by one, late returns merged, and
the round's state per unit (returned, partly, refused, missing) for the reminder step.

`take_returns` reads the workbooks of one round (dated), writes the status update
`PLAN.updates/<date>.yaml` with what it took (merged with what earlier reads of the same round
took: the newer value wins per field) and records per unit what was taken or refused in
`PLAN.rounds/<date>.json`, which `round_status` reads later.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GeneratorError
from .returns import UnitReturn, read_return, return_name, write_returns

RECORD_VERSION = 1


@dataclass(frozen=True)
class UnitRound:
    """One lead unit's part in a round."""

    unit_id: str
    unit_name: str
    state: str          # "returned" | "partly" | "refused" | "missing"
    tasks_expected: int
    tasks_returned: int
    detail: str         # plain words: why refused / which tasks are missing
    return_file: Path | None   # the unit's blank return workbook for this round, if written


@dataclass
class RoundRead:
    """What one `read-returns` run did."""

    update_path: Path | None
    record_path: Path
    taken: list[UnitReturn] = field(default_factory=list)
    refused: list[UnitReturn] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)  # "task 1.2 progress: 60 → 70 (…)"
    report: list[str] = field(default_factory=list)


def rounds_folder(plan_path: Path) -> Path:
    """`plan.yaml` → `plan.rounds/` (beside `plan.updates/`; not read as updates)."""
    return plan_path.with_name(f"{plan_path.stem}.rounds")


def record_path(plan_path: Path, date: dt.date) -> Path:
    return rounds_folder(plan_path) / f"{date.isoformat()}.json"


def read_record(plan_path: Path, date: dt.date) -> dict:
    """The round's record: {"date", "units": {unit id: {...}}}; empty when none was written."""
    path = record_path(plan_path, date)
    if not path.is_file():
        return {"version": RECORD_VERSION, "date": date.isoformat(), "units": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise GeneratorError(f"{path}: the round's record cannot be read; delete it and read "
                             "the returns again") from None
    if not isinstance(data, dict) or not isinstance(data.get("units"), dict):
        raise GeneratorError(f"{path}: not a round record; delete it and read the returns "
                             "again")
    return data


_WILDCARDS = frozenset("*?[")


def return_files(paths: list[Path]) -> list[Path]:
    """The return files named: wildcard patterns expanded here (Windows shells pass `*.xlsx`
    through as it is, and so does bash when nothing matches), duplicates dropped. A name or
    pattern that finds no file is an error before anything is read or recorded."""
    import glob

    found: list[Path] = []
    for path in paths:
        text = str(path)
        if Path(text).exists() or not _WILDCARDS & set(text):
            if not Path(text).exists():
                raise GeneratorError(f"{text}: no such return file; check the name, or give a "
                                     "pattern such as returns/*.xlsx")
            found.append(Path(text))
            continue
        matches = sorted(glob.glob(text))
        if not matches:
            raise GeneratorError(f"{text}: no file matches this pattern; check the folder "
                                 "(plan-briefing round PLAN --date DATE lists the returns due)")
        found.extend(Path(m) for m in matches)
    unique = {p.resolve(): p for p in found}
    return list(unique.values())


def take_returns(plan_path: Path, paths: list[Path], date: dt.date, title: str = ""
                 ) -> RoundRead:
    """Reads each unit's workbook; takes the good ones (even when others are refused), merges
    them into the round's update and records the round. Writes nothing if nothing is taken."""
    import yaml

    from ..loader import load_plan, updates_folder
    from ..output import write_atomic

    paths = return_files(paths)
    plan = load_plan(plan_path).plan
    update_file = updates_folder(plan_path) / f"{date.isoformat()}.yaml"
    if any(u.date == date for u in plan.updates) and not update_file.is_file():
        raise GeneratorError(f"{plan_path}: an update dated {date} is written in the plan file "
                             "itself; read the returns with another --date, or move that "
                             f"update to {update_file}")
    result = RoundRead(None, record_path(plan_path, date))
    for path in paths:
        unit = read_return(plan, Path(path), date)
        (result.taken if unit.taken else result.refused).append(unit)
    record = read_record(plan_path, date)
    sequence = 1 + max((u.get("sequence", 0) for u in record["units"].values()), default=0)
    for unit in result.refused:
        key = unit.unit_id or f"file:{unit.path.name}"
        previous = record["units"].get(key, {})
        record["units"][key] = {
            "unit_name": unit.unit_name, "file": unit.path.name, "sequence": sequence,
            "state": "taken" if previous.get("state") == "taken" else "refused",
            "answered": previous.get("answered", []),
            "problems": [str(p) for p in unit.problems]}
        result.report.append(f"{unit.path.name}: refused ({unit.unit_name}): "
                             f"{len(unit.problems)} problem(s), nothing taken from it")
    changes: dict[str, dict] = {}
    for unit in result.taken:
        changes.update(unit.changes)
        previous = record["units"].get(unit.unit_id, {})
        answered = sorted(set(previous.get("answered", [])) | set(unit.answered))
        record["units"][unit.unit_id] = {
            "unit_name": unit.unit_name, "file": unit.path.name, "sequence": sequence,
            "state": "taken", "answered": answered, "problems": []}
        result.report.append(f"{unit.path.name}: {len(unit.changes)} task(s) updated by "
                             f"{unit.unit_name}")
    if changes:
        update = _merge(update_file, changes, date, title, result.merged)
        text = yaml.safe_dump(update, allow_unicode=True, sort_keys=False, width=1000)
        backup = update_file.read_bytes() if update_file.is_file() else None
        write_atomic(update_file, lambda tmp: tmp.write_text(text, encoding="utf-8"))
        try:
            load_plan(plan_path)
        except Exception:
            if backup is None:
                update_file.unlink()
            else:
                write_atomic(update_file, lambda tmp: tmp.write_bytes(backup))
            raise
        result.update_path = update_file
    record_text = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True)
    write_atomic(result.record_path, lambda tmp: tmp.write_text(record_text, encoding="utf-8"))
    return result


def _merge(update_file: Path, changes: dict[str, dict], date: dt.date, title: str,
           merged: list[str]) -> dict:
    """The round's update with `changes` merged in: the newer value wins per field."""
    from ..sources import read_document

    update: dict = {"date": date.isoformat(), "tasks": {}}
    if update_file.is_file():
        data = read_document(update_file).data
        if isinstance(data, dict):
            update = {**data, "date": date.isoformat()}
            update["tasks"] = dict(update.get("tasks") or {})
    if title:
        update["title"] = title
    for task_id, change in changes.items():
        old = dict(update["tasks"].get(task_id) or {})
        for key, value in change.items():
            if key in old and old[key] != value:
                merged.append(f"task {task_id} {key}: {old[key]!s} → {value!s} (the later return "
                              "wins)")
            old[key] = value
        update["tasks"][task_id] = old
    return update


def newest_round(plan_path: Path, on_or_before: dt.date) -> dt.date | None:
    """The date of the newest round recorded beside the plan on or before a date, if any."""
    folder = rounds_folder(Path(plan_path))
    dates = []
    for path in folder.glob("*.json") if folder.is_dir() else ():
        try:
            dates.append(dt.date.fromisoformat(path.stem))
        except ValueError:
            continue  # not a round's record
    return max((d for d in dates if d <= on_or_before), default=None)


def round_status(plan_path: Path, date: dt.date, *, due: dt.date | None = None,
                 returns_dir: Path | None = None, plan=None) -> list[UnitRound]:
    """Each lead unit's state in the round of `date`: returned (every task answered), partly,
    refused (its last workbook refused, with why), missing. With `returns_dir`, a fresh blank
    return (as of `date`) is written there for every unit not fully returned. `plan`: the plan
    already loaded from `plan_path` (else it is loaded)."""
    from ..indicators import analyse
    from ..loader import load_plan

    plan_path = Path(plan_path)
    plan = plan if plan is not None else load_plan(plan_path).plan
    record = read_record(plan_path, date)["units"]
    status = analyse(plan, as_of=date)
    rounds = []
    late = due is not None and date > due
    for unit in status.units:
        if not unit.lead:
            continue
        expected = [s.task.id for s in unit.lead]
        entry = record.get(unit.unit.id)
        answered = [t for t in expected if entry and t in entry.get("answered", [])]
        missing = [t for t in expected if t not in answered]
        if entry is None:
            state = "missing"
            detail = "no return read yet"
            if late:
                detail += f"; {(date - due).days} day(s) past the deadline"
        elif entry.get("state") == "refused":
            state = "refused"
            detail = f"{entry.get('file')} refused: " + "; ".join(entry.get("problems", []))
        elif not answered:
            state = "missing"
            detail = f"its workbook {entry.get('file')} had nothing filled in"
        elif missing:
            state = "partly"
            detail = "no answer for task(s) " + ", ".join(missing)
        else:
            state = "returned"
            detail = f"all {len(expected)} task(s) answered"
        if entry is not None and entry.get("state") == "taken" and entry.get("problems"):
            detail += (f"; a later workbook ({entry.get('file')}) was refused: "
                       + "; ".join(entry["problems"]))
        rounds.append(UnitRound(unit.unit.id, unit.unit.name, state, len(expected),
                                len(answered), detail, None))
    if returns_dir is not None:
        wanted = {r.unit_id for r in rounds if r.state != "returned"}
        write_returns(status, Path(returns_dir), units=wanted)
        rounds = [UnitRound(r.unit_id, r.unit_name, r.state, r.tasks_expected,
                            r.tasks_returned, r.detail,
                            Path(returns_dir) / return_name(plan, r.unit_id, r.unit_name)
                            if r.unit_id in wanted else None) for r in rounds]
    return rounds
