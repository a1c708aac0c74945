"""User-facing errors naming the file, the place and the fix; printed without a traceback.

Exception tree::

    GeneratorError            anything the user can fix; exit code 2
    ├── PlanError             the plan file is unreadable or invalid (carries every Problem)
    ├── TemplateError         a template or theme file is missing, unsafe or malformed
    └── OutputError           the output folder or a file name cannot be used
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, and where.

    Printed as `plan.yaml:41: areas[2].tasks[3].due: not a date`.
    """

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class GeneratorError(Exception):
    """An error the user can fix; the message says what and where."""

    exit_code = 2


class PlanError(GeneratorError):
    """The plan could not be read or is invalid; `problems` lists every finding."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the plan:"
        super().__init__("\n".join([head, *(f"  {p}" for p in problems)]))

    def __reduce__(self):  # pickled whole (from a worker process), problems included
        return type(self), (self.problems,)


class TemplateError(GeneratorError):
    """A template or theme is missing, unsafe or malformed."""


class OutputError(GeneratorError):
    """The output folder or file cannot be written."""
