"""Bringing plans in: drafts from texts and tables, and the status-return round with units."""

from __future__ import annotations

from ..errors import PlanError, Problem


class TableError(PlanError):
    """A table, text or return workbook cannot be read as it is; every Problem names the file
    and the place in it (sheet, row, column), never "the plan"."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems)
        count = len(problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the input:"
        self.args = ("\n".join([head, *(f"  {p}" for p in problems)]),)
