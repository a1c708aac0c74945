"""Loads and validates a plan in one step; every problem comes with file, line and path."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .errors import PlanError, Problem
from .model import Phase, Plan, StatusUpdate
from .sources import PathKey, SourceDocument, read_document

_MESSAGES = {
    "missing": "required field is missing",
    "extra_forbidden": "unknown field (check the spelling against the README's plan format)",
    "date_from_datetime_parsing": "not a date (write it as YYYY-MM-DD)",
    "date_parsing": "not a date (write it as YYYY-MM-DD)",
    "date_type": "not a date (write it as YYYY-MM-DD)",
    "date_from_datetime_inexact": "not a date (write it as YYYY-MM-DD, without a time)",
    "string_too_short": "must not be empty",
    "list_type": "must be a list",
    "dict_type": "must be a mapping of names to values",
    "model_type": "must be a mapping of field names to values",
    "int_parsing": "not a whole number",
    "int_from_float": "not a whole number",
    "string_unicode": "contains a lone surrogate (half of an emoji or a broken character); "
                      "retype the text",
}


@dataclass(frozen=True)
class LoadedPlan:
    """A validated plan with where it came from and the warnings worth showing."""

    plan: Plan
    path: Path
    sha256: str
    warnings: list[str] = field(default_factory=list)


def updates_folder(path: Path) -> Path:
    """Where status updates may live beside a plan: `<plan name>.updates/`, one file each."""
    return path.with_name(f"{path.stem}.updates")


def load_plan(path: str | Path) -> LoadedPlan:
    """Reads and validates a plan file, with the status updates in the folder beside it
    (see `updates_folder`); raises PlanError listing every problem found."""
    path = Path(path)
    doc = read_document(path)
    digest = hashlib.sha256(doc.raw)
    folder = updates_folder(path)
    if folder.is_dir():
        try:
            files = sorted(p for p in folder.iterdir()
                           if p.suffix.lower() in {".yaml", ".yml", ".json"} and not p.is_dir())
        except OSError as exc:
            raise PlanError([Problem(str(folder), None, "", f"the plan's updates folder cannot "
                                     f"be read ({exc.strerror}); fix its permissions or move "
                                     "it away")]) from None
        updates = [read_document(f) for f in files]
        _merge_update_files(doc, updates)
        for update in updates:
            digest.update(update.raw)
    plan, warnings = validate(doc)
    return LoadedPlan(plan, path, digest.hexdigest(), warnings)


def _merge_update_files(doc: SourceDocument, updates: list[SourceDocument]) -> None:
    """Checks each update file on its own (so that problems name that file and line), then
    appends them to the plan's `updates`."""
    data = doc.data if isinstance(doc.data, dict) else {}
    task_ids = {t.get("id") for _, a in _items(data, "areas") for _, t in _items(a, "tasks")}
    dates = {u.get("date") for _, u in _items(data, "updates")}
    problems: list[Problem] = []
    for update in updates:
        try:
            parsed = StatusUpdate.model_validate(update.data)
        except ValidationError as exc:
            problems.extend(_from_pydantic(update, exc))
            continue
        for task_id in parsed.tasks:
            if task_id not in task_ids:
                problems.append(update.problem(("tasks", task_id),
                                               f"no task of {doc.name} has the id {task_id!r}"))
        if update.data.get("date") in dates or parsed.date.isoformat() in {str(d) for d in dates}:
            problems.append(update.problem(("date",), f"another update is dated {parsed.date}; "
                                           "merge the two"))
        dates.add(update.data.get("date"))
    if problems:
        raise PlanError(problems)
    if updates and isinstance(doc.data, dict):
        doc.data = {**doc.data, "updates": [*(doc.data.get("updates") or []),
                                            *(u.data for u in updates)]}


def validate(doc: SourceDocument) -> tuple[Plan, list[str]]:
    """Validates plain data against the plan model and the cross-references between its parts."""
    problems = _reference_problems(doc)
    plan = None
    try:
        plan = Plan.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(_from_pydantic(doc, exc))
    if plan is not None:
        problems.extend(_consistency_problems(doc, plan))
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.path))
        raise PlanError(problems)
    return plan, _warnings(plan)


def _from_pydantic(doc: SourceDocument, exc: ValidationError) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(part for part in err["loc"] if not str(part).startswith("function-"))
        kind = err["type"]
        message = _MESSAGES.get(kind, err["msg"])
        if kind == "enum":
            allowed = err.get("ctx", {}).get("expected", "")
            message = f"{err['input']!r} is not allowed; use one of {allowed}"
        elif kind == "string_pattern_mismatch" and loc and loc[-1] == "language":
            message = "must be zh-Hans, zh-Hant or en"
        elif kind == "string_pattern_mismatch":
            message = "may hold only letters, digits, '_', '.' and '-'"
        elif kind in {"less_than_equal", "greater_than_equal"} and loc[-1] == "progress":
            message = f"progress {err['input']} is outside 0-100"
        elif kind == "value_error":
            message = str(err.get("ctx", {}).get("error", err["msg"]))
        elif kind == "string_too_long":
            message = f"too long: the limit is {err['ctx']['max_length']:,} characters"
        out.append(doc.problem(loc, message))
    return out


def _items(value: object, key: str) -> list[tuple[int, dict]]:
    items = value.get(key) if isinstance(value, dict) else None
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def _reference_problems(doc: SourceDocument) -> list[Problem]:
    """Duplicate ids and unknown unit/task references, checked on the raw data so that they
    are reported together with type errors."""
    data = doc.data
    if not isinstance(data, dict):
        return [doc.problem((), "the plan must be a mapping of field names to values")]
    problems: list[Problem] = []

    def unique(entries: list[tuple[PathKey, object]], what: str) -> set:
        seen: dict[object, PathKey] = {}
        for path, value in entries:
            if not isinstance(value, str):
                continue
            value = value.strip()  # " a" and "a" would name the same thing in every report
            if value in seen:
                first = doc.line_of(seen[value])
                problems.append(doc.problem(path, f"duplicate {what} id {value!r} (first on line "
                                            f"{first}); give each {what} its own id"))
            else:
                seen[value] = path
        return set(seen)

    unit_ids = unique([(("units", i, "id"), u.get("id")) for i, u in _items(data, "units")], "unit")
    unique([(("areas", i, "id"), a.get("id")) for i, a in _items(data, "areas")], "area")
    task_entries = [(("areas", i, "tasks", j, "id"), t.get("id"))
                    for i, area in _items(data, "areas") for j, t in _items(area, "tasks")]
    task_ids = unique(task_entries, "task")

    for i, area in _items(data, "areas"):
        for j, task in _items(area, "tasks"):
            base = ("areas", i, "tasks", j)
            if isinstance(task.get("progress"), bool):
                problems.append(doc.problem((*base, "progress"), "progress must be a whole "
                                            "number 0-100, not true/false"))
            lead = task.get("lead")
            if isinstance(lead, str) and lead.strip() not in unit_ids:
                problems.append(doc.problem((*base, "lead"), _unknown_unit(lead, unit_ids)))
            support = task.get("support")
            for k, unit in enumerate(support if isinstance(support, list) else []):
                if isinstance(unit, str) and unit.strip() not in unit_ids:
                    problems.append(doc.problem((*base, "support", k),
                                                _unknown_unit(unit, unit_ids)))
                elif unit == lead:
                    problems.append(doc.problem((*base, "support", k), "the lead unit is also "
                                                "listed as supporting; remove it from support"))
    dates: dict[object, int] = {}
    for i, update in _items(data, "updates"):
        date = update.get("date")
        if date in dates:
            problems.append(doc.problem(("updates", i, "date"), f"two updates are dated {date}; "
                                        "merge them into one"))
        dates.setdefault(date, i)
        tasks = update.get("tasks")
        for task_id in tasks if isinstance(tasks, dict) else {}:
            change = tasks[task_id]
            if isinstance(change, dict) and isinstance(change.get("progress"), bool):
                problems.append(doc.problem(("updates", i, "tasks", task_id, "progress"),
                                            "progress must be a whole number 0-100, not "
                                            "true/false"))
            if task_id.strip() not in task_ids:
                problems.append(doc.problem(("updates", i, "tasks", task_id),
                                            f"no task has the id {task_id!r}"))
    return problems


def _unknown_unit(unit: str, known: set) -> str:
    """The message for a unit id not in the register: the closest ids first (a typo), then the
    others, at most 12 named and the rest counted."""
    import difflib

    if not known:
        return f"unknown unit {unit!r}; add it to `units` (the register is empty)"
    close = difflib.get_close_matches(unit, sorted(known), n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
    shown = sorted(known)[:12]
    more = f" and {len(known) - len(shown)} more" if len(known) > len(shown) else ""
    return (f"unknown unit {unit!r}; {hint}add it to `units` or use one of: "
            + ", ".join(shown) + more)


def _consistency_problems(doc: SourceDocument, plan: Plan) -> list[Problem]:
    """Checks that need typed values: date order and phase/progress agreement."""
    problems = []
    if plan.period.end < plan.period.start:
        problems.append(doc.problem(("period", "end"), "the period ends before it starts"))
    for i, area in enumerate(plan.areas):
        for j, task in enumerate(area.tasks):
            base = ("areas", i, "tasks", j)
            if task.start and task.due and task.due < task.start:
                problems.append(doc.problem((*base, "due"), f"due {task.due} is before start "
                                            f"{task.start}"))
            if task.phase is Phase.DONE and task.progress < 100:
                problems.append(doc.problem((*base, "progress"), f"the task is done but progress "
                                            f"is {task.progress}; set progress to 100"))
    state = {task.id: (task.phase, task.progress) for _, task in plan.tasks()}
    for i, update in sorted(enumerate(plan.updates), key=lambda item: item[1].date):
        for task_id, change in update.tasks.items():
            if task_id not in state:
                continue  # reported by the reference check
            phase, progress = state[task_id]
            phase = change.phase or phase
            progress = change.progress if change.progress is not None else progress
            state[task_id] = (phase, progress)
            if phase is Phase.DONE and progress < 100:
                problems.append(doc.problem(("updates", i, "tasks", task_id), f"the task is done "
                                            f"but progress is {progress}; set progress: 100"))
    return problems


def _warnings(plan: Plan) -> list[str]:  # noqa: ARG001 - kept for the loader's shape
    # Warnings that depend on the as-of date (updates not shown, a meeting before the data
    # date) are computed from the as-of a build actually uses: `checks.status_warnings`.
    return []
