"""`remind`: which units of a return round to chase (催办), and their messages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..i18n import Labels
from ..importers.round import UnitRound
from ..model import Plan
from .deliver import Outgoing
from .mail import recipients, unit_values

RETURNED = "returned"


@dataclass(frozen=True)
class Reminder:
    """A unit to remind: `early` (the deadline is `days` ahead), `late` (`days` past it) or
    `chase` (no deadline given)."""

    unit: UnitRound
    kind: str
    days: int


def choose_reminders(rounds: list[UnitRound], *, today: dt.date, due: dt.date | None,
                     before: int = 0) -> tuple[list[Reminder], list[str]]:
    """The units to remind on `today`, and a note for each unit left alone and why.

    Units whose return is in (`returned`) are never reminded. With a deadline, the others get
    an `early` reminder from `before` days ahead of it up to the day itself, and a `late` one
    after it; without a deadline, a `chase`. Pure: no files, no mail."""
    chosen, notes = [], []
    for unit in rounds:
        if unit.state == RETURNED:
            notes.append(f"{unit.unit_name}: returned ({unit.tasks_returned}/"
                         f"{unit.tasks_expected}); no reminder")
        elif due is None:
            chosen.append(Reminder(unit, "chase", 0))
        elif today > due:
            chosen.append(Reminder(unit, "late", (today - due).days))
        elif (due - today).days <= before:
            chosen.append(Reminder(unit, "early", (due - today).days))
        else:
            start = due - dt.timedelta(days=before)
            notes.append(f"{unit.unit_name}: {unit.state}, due {due}; no reminder before "
                         f"{start} (--before {before})")
    return chosen, notes


def reminder_messages(reminders: list[Reminder], plan: Plan, *, round_date: dt.date,
                      due: dt.date | None, workbooks: dict[str, Path],
                      sender_name: str) -> tuple[list[Outgoing], list[str]]:
    """One message per reminder whose unit has an address and a workbook; a note for the
    others. Keyed by round, kind and unit: each unit gets each kind once per round."""
    labels = Labels(plan.language)
    outgoing, notes = [], []
    for reminder in reminders:
        state = reminder.unit
        unit = plan.units_by_id.get(state.unit_id)
        to = recipients(unit) if unit else ()
        if not to:
            notes.append(f"{state.unit_name} ({state.unit_id}): {state.state}, but no contact "
                         "e-mail in the plan; remind them another way")
            continue
        workbook = workbooks.get(state.unit_id)
        if workbook is None:
            notes.append(f"{state.unit_name} ({state.unit_id}): no return workbook; not "
                         "reminded")
            continue
        values = {
            **unit_values(plan, unit, labels, sender_name, plan.as_of),
            "round_date": labels.date(round_date),
            "due": labels.date(due), "days": str(reminder.days),
            "tasks_expected": str(state.tasks_expected),
            "tasks_returned": str(state.tasks_returned), "detail": state.detail,
            "files": workbook.name,
        }
        key = f"remind/{round_date.isoformat()}/{reminder.kind}/{unit.id}"
        outgoing.append(Outgoing(key, reminder.kind, unit.id, unit.name, to, (workbook,),
                                 values, same_files_only=False))
    return outgoing, notes


def return_workbooks(rounds: list[UnitRound], plan: Plan, folder: Path) -> dict[str, Path]:
    """Each unit's return workbook: the round's own when it wrote one, else a blank one made
    now by `plan-briefing returns` into `folder/blank/` (so that no workbook of the folder is
    replaced), found by the unit id in its hidden sheet."""
    found = {r.unit_id: r.return_file for r in rounds
             if r.return_file is not None and Path(r.return_file).is_file()}
    if all(r.unit_id in found for r in rounds if r.state != RETURNED):
        return found
    from openpyxl import load_workbook

    from ..importers.returns import META, write_returns
    from ..indicators import analyse

    for path in write_returns(analyse(plan), folder / "blank"):
        book = load_workbook(path, read_only=True)
        try:
            meta = {row[0]: row[1] for row in book[META].iter_rows(values_only=True) if row}
        finally:
            book.close()
        found.setdefault(str(meta.get("unit")), path)
    return found
