"""The validated plan model: what a plan file holds once the loader has checked it."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from functools import cached_property
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def _no_control_characters(value: str) -> str:
    """Text may hold line breaks and tabs, but no other control characters: Office files
    cannot carry them, and they are almost always debris from copying."""
    found = _CONTROL.search(value)
    if found:
        raise ValueError(f"contains the control character U+{ord(found.group()):04X} at "
                         f"position {found.start() + 1}; delete it")
    return value


Id = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[\w.\-]+$"),
]
"""An identifier: letters (any script), digits, `_`, `.` and `-`; at most 64 characters."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
                 AfterValidator(_no_control_characters)]
"""A one-line text such as a title: 1 to 2,000 characters."""

LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20000),
                     AfterValidator(_no_control_characters)]
"""A note or summary: at most 20,000 characters."""


class Phase(str, Enum):
    """Where a task stands in its life cycle."""

    NOT_STARTED = "not_started"
    PLANNING = "planning"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class Health(str, Enum):
    """Whether a task is on course to finish on time."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    DELAYED = "delayed"


# Spellings accepted in plan files besides the canonical keys (labels as people type them).
_PHASE_ALIASES = {
    "not started": "not_started", "未启动": "not_started", "未開始": "not_started",
    "未开始": "not_started", "未啟動": "not_started",
    "planning": "planning", "筹备中": "planning", "籌備中": "planning", "谋划中": "planning",
    "in progress": "in_progress", "进行中": "in_progress", "進行中": "in_progress",
    "推进中": "in_progress", "推進中": "in_progress",
    "done": "done", "completed": "done", "complete": "done", "已完成": "done", "完成": "done",
}
_HEALTH_ALIASES = {
    "on track": "on_track", "正常": "on_track", "正常推进": "on_track", "正常推進": "on_track",
    "at risk": "at_risk", "有风险": "at_risk", "有風險": "at_risk", "风险": "at_risk",
    "風險": "at_risk",
    "delayed": "delayed", "滞后": "delayed", "滯後": "delayed", "延误": "delayed",
    "延誤": "delayed",
}


def _canonical(value: object, aliases: dict[str, str]) -> object:
    if isinstance(value, str):
        key = value.strip().lower().replace("-", " ").replace("_", " ")
        return aliases.get(key, aliases.get(value.strip(), value.strip()))
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Period(_Strict):
    """The span the plan covers."""

    start: dt.date
    end: dt.date


class Meeting(_Strict):
    """The meeting the documents are prepared for."""

    title: Text
    date: dt.date
    location: Text | None = None


_DOMAIN_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")


def check_address(value: str) -> str:
    """An e-mail address as RFC 5322 writes one (`name@example.org`, no display name),
    checked with the standard library's parser; the domain in ASCII (IDNs as `xn--…`)."""
    from email.errors import HeaderParseError, MessageDefect
    from email.headerregistry import Address

    value = value.strip()
    try:
        address = Address(addr_spec=value)
    except (HeaderParseError, MessageDefect, ValueError, IndexError) as exc:
        raise ValueError(f"{value!r} is not an e-mail address ({exc}); write it as "
                         "name@example.org") from None
    labels = address.domain.split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL.match(label) for label in labels):
        raise ValueError(f"{value!r}: the domain {address.domain!r} is not a mail domain; write "
                         "it as example.org (an international domain in its xn-- form)")
    return value


Email = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=254),
                  AfterValidator(check_address)]
"""An e-mail address (RFC 5322 addr-spec, ASCII)."""


class Contact(_Strict):
    """A person at a unit who receives its pack and reminders."""

    name: Text
    email: Email | None = None
    phone: Text | None = None


class Unit(_Strict):
    """A responsible unit (department, bureau, office) in the plan's register."""

    id: Id
    name: Text
    short_name: Text | None = Field(None, description="Shorter name used in tables.")
    contact: Text | None = None
    contacts: list[Contact] = Field(default_factory=list,
                                    description="Who receives the unit's pack and reminders.")

    @property
    def label(self) -> str:
        """The name to print in tight places: the short name when there is one."""
        return self.short_name or self.name


class Milestone(_Strict):
    """A dated step inside a task."""

    title: Text
    due: dt.date
    done: bool = False


class _StatusFields(_Strict):
    @field_validator("phase", mode="before", check_fields=False)
    @classmethod
    def _phase_alias(cls, value: object) -> object:
        return _canonical(value, _PHASE_ALIASES)

    @field_validator("health", mode="before", check_fields=False)
    @classmethod
    def _health_alias(cls, value: object) -> object:
        return _canonical(value, _HEALTH_ALIASES)


class Task(_StatusFields):
    """A concrete task with an owner, a deadline and a status."""

    id: Id
    title: Text
    lead: Id = Field(description="Id of the lead unit (from `units`).")
    support: list[Id] = Field(default_factory=list, description="Ids of supporting units.")
    start: dt.date | None = None
    due: dt.date | None = None
    phase: Phase = Phase.NOT_STARTED
    health: Health = Health.ON_TRACK
    progress: int = Field(0, ge=0, le=100, description="Per cent complete, 0-100.")
    milestones: list[Milestone] = Field(default_factory=list)
    note: LongText | None = Field(None, description="Latest progress note.")
    decision: LongText | None = Field(
        None, description="A question the meeting must decide; lists the task under decisions."
    )
    tags: list[Text] = Field(default_factory=list, description="Regions, campaigns, themes.")


class Area(_Strict):
    """A key area of the plan: a heading with its tasks."""

    id: Id
    title: Text
    summary: LongText | None = None
    tasks: list[Task] = Field(default_factory=list)


class TaskUpdate(_StatusFields):
    """What one status return says about one task; omitted fields keep their value."""

    phase: Phase | None = None
    health: Health | None = None
    progress: int | None = Field(None, ge=0, le=100)
    note: LongText | None = None
    due: dt.date | None = Field(None, description="A moved deadline.")
    decision: LongText | None = None


class StatusUpdate(_Strict):
    """A dated round of status returns, keyed by task id."""

    date: dt.date
    title: Text | None = None
    tasks: dict[Id, TaskUpdate] = Field(default_factory=dict)


class Plan(_Strict):
    """A whole work plan: metadata, the unit register, areas with tasks, and status updates."""

    title: Text
    organisation: Text
    period: Period
    as_of: dt.date = Field(description="The date the reports describe.")
    next_meeting: Meeting
    language: str = Field("zh-Hans", pattern=r"^(zh-Hans|zh-Hant|en)$")
    marking: Text | None = Field(None, description="Confidentiality marking, e.g. 内部资料.")
    subtitle: Text | None = None
    goals: list[Text] = Field(default_factory=list)
    next_steps: list[Text] = Field(default_factory=list)
    units: list[Unit]
    areas: list[Area] = Field(min_length=1)
    updates: list[StatusUpdate] = Field(default_factory=list)

    @cached_property
    def units_by_id(self) -> dict[str, Unit]:
        """The unit register keyed by id (the validator guarantees every reference resolves)."""
        return {u.id: u for u in self.units}

    def tasks(self) -> list[tuple[Area, Task]]:
        """Every task with its area, in plan order."""
        return [(area, task) for area in self.areas for task in area.tasks]
