"""plan-briefing: turns a structured work plan into meeting briefings and status reports."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
