"""Report builders: pure functions from a PlanStatus to a format-neutral Report."""

from __future__ import annotations

from .briefing import build_briefing
from .status import build_status_report

BUILDERS = {"briefing": build_briefing, "status": build_status_report}
"""Report kind → builder; each takes (PlanStatus, Labels) and returns a Report."""

__all__ = ["BUILDERS", "build_briefing", "build_status_report"]
