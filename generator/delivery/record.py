"""The delivery record (`delivery.json`): every message sent, rewritten atomically after each."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..errors import GeneratorError
from ..output import write_atomic

RECORD = "delivery.json"
PENDING, SENT, REFUSED = "pending", "sent", "refused"
"""Entry states: handed to the server with no answer recorded yet; accepted; refused."""


class DeliveryRecord:
    """Messages by key (`pack/<unit>`, `remind/<round date>/<kind>/<unit>`): recipients, files
    with SHA-256, Message-ID, time, the server's reply and state. Each change is written to
    disk (temporary file, sync, rename) before the next message goes out, so a run killed at
    any point leaves a whole record that says what went out."""

    def __init__(self, path: Path, data: dict | None = None):
        self.path = path
        self.data = data or {"version": 1, "messages": {}}

    @classmethod
    def load(cls, path: Path) -> DeliveryRecord:
        """The record at `path`, or an empty one when there is none yet."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path)
        except OSError as exc:
            raise GeneratorError(f"{path}: cannot be read ({exc.strerror})") from None
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise GeneratorError(f"{path}: not a delivery record ({exc}); move it away to "
                                 "start a new one") from None
        if not isinstance(data, dict) or not isinstance(data.get("messages"), dict):
            raise GeneratorError(f"{path}: not a delivery record (no `messages`); move it away "
                                 "to start a new one")
        return cls(path, data)

    @property
    def messages(self) -> dict[str, dict]:
        return self.data["messages"]

    def get(self, key: str) -> dict | None:
        """The entry of `key`, if any."""
        entry = self.messages.get(key)
        return entry if isinstance(entry, dict) else None

    def put(self, key: str, entry: dict) -> None:
        """Sets the entry of `key` and writes the whole record to disk atomically."""
        self.messages[key] = entry
        text = json.dumps(self.data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        write_atomic(self.path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def now_utc() -> dt.datetime:
    """The current time in UTC, to the second."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
