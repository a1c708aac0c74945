"""The return round's state per unit (placeholder: replaced by the inputs branch)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class UnitRound:
    """Where one unit stands in a return round."""

    unit_id: str
    unit_name: str
    state: str          # "returned" | "partly" | "refused" | "missing"
    tasks_expected: int
    tasks_returned: int
    detail: str         # plain words: why refused / which tasks are missing
    return_file: Path | None   # the unit's blank return workbook for this round, if written


def round_status(plan_path: Path, date: dt.date, *, due: dt.date | None = None,
                 returns_dir: Path | None = None) -> list[UnitRound]:
    """Placeholder: replaced by the inputs branch."""
    raise NotImplementedError("placeholder: replaced by the inputs branch")
