"""Template evaluation in a child process with a wall-clock and a memory limit.

Jinja's sandbox bounds what a template may touch, not how long it runs or how much memory it
takes: a loop without end, a constant-folded `7 ** 10**9`, `'x' * 10**10` or a slow path inside
lxml (where no signal handler runs) are stopped only from outside. Every fill and template
check therefore runs in a fresh child Python process (`subprocess`: the same on Linux, macOS
and Windows; no fork, no helper process left behind), killed when the wall-clock limit passes,
with its address space capped by `resource.RLIMIT_AS` where the platform has it (Linux; macOS
where it accepts the limit; Windows has only the time limit). The answer comes back as JSON.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .errors import GeneratorError, OutputError, TemplateError

T = TypeVar("T")

TEMPLATE_SECONDS = 120
"""Wall-clock limit of one template evaluation (`PLAN_BRIEFING_TEMPLATE_SECONDS` overrides)."""
TEMPLATE_MEMORY_MB = 2048
"""Address-space limit of the child, in MiB (`PLAN_BRIEFING_TEMPLATE_MEMORY_MB` overrides)."""


def limits() -> tuple[float, int]:
    """(seconds, MiB): the defaults, or the environment's overrides when they are numbers."""
    def number(name: str, default: float) -> float:
        try:
            value = float(os.environ.get(name, default))
        except ValueError:
            return default
        return value if value > 0 else default

    return (number("PLAN_BRIEFING_TEMPLATE_SECONDS", TEMPLATE_SECONDS),
            int(number("PLAN_BRIEFING_TEMPLATE_MEMORY_MB", TEMPLATE_MEMORY_MB)))


def run_limited(func: Callable[..., T], *args, template: Path, seconds: float | None = None,
                memory_mb: int | None = None) -> T:
    """`func(*args)` in a fresh child Python process; its result, or its GeneratorError raised
    here. Killed after `seconds` (a TemplateError naming `template` and the limit); a child
    that runs out of memory (MemoryError under the cap, or killed by the system) is a
    TemplateError too. `func` must be a module-level function, `args` picklable; the result is
    sent back as JSON (None, text, or lists of text and TemplateProblem), so that nothing a
    template did in the child can run code in this process."""
    default_seconds, default_memory = limits()
    seconds = default_seconds if seconds is None else seconds
    memory_mb = default_memory if memory_mb is None else memory_mb
    code = _CHILD.format(paths=[p for p in sys.path if p])
    payload = pickle.dumps((func, args, memory_mb), pickle.HIGHEST_PROTOCOL)
    with subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as child:
        try:
            output, _ = child.communicate(payload, timeout=seconds)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            raise TemplateError(f"{template}: the template took longer than {seconds:g} s "
                                f"(a loop without end?); the limit is {seconds:g} s") from None
        except BaseException:  # Ctrl-C: the child goes too
            child.kill()
            raise
    try:
        answer = json.loads(output)
        kind = answer["kind"]
    except (ValueError, KeyError, TypeError):
        raise TemplateError(f"{template}: the template stopped the process evaluating it "
                            f"(exit {child.returncode}; more than {memory_mb:,} MiB of "
                            "memory?); simplify the template") from None
    if kind == "ok":
        return _decoded(answer["value"])
    if kind == "memory":
        raise TemplateError(f"{template}: the template needs more than {memory_mb:,} MiB of "
                            f"memory (a huge repeated text?); the limit is {memory_mb:,} MiB")
    raise _ERRORS.get(answer.get("type"), TemplateError)(str(answer.get("message")))


_CHILD = ("import sys; sys.path[:0] = {paths!r}; "
          "from generator.template_limits import child_main; child_main()")
_ERRORS = {"TemplateError": TemplateError, "OutputError": OutputError,
           "GeneratorError": GeneratorError}


def child_main() -> None:
    """The child's side: read (function, arguments, memory cap) from stdin, cap the address
    space, run, write the answer as JSON to stdout."""
    func, args, memory_mb = pickle.loads(sys.stdin.buffer.read())
    _cap_memory(memory_mb)
    try:
        answer = {"kind": "ok", "value": _encoded(func(*args))}
    except MemoryError:
        answer = {"kind": "memory"}
    except GeneratorError as exc:
        kind = type(exc).__name__ if type(exc).__name__ in _ERRORS else "GeneratorError"
        answer = {"kind": "error", "type": kind, "message": str(exc)}
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as text
        answer = {"kind": "error", "type": "TemplateError",
                  "message": f"{type(exc).__name__}: {exc}"}
    try:
        text = json.dumps(answer)
    except MemoryError:
        text = json.dumps({"kind": "memory"})
    sys.stdout.write(text)
    sys.stdout.flush()


def _encoded(value):
    from .fill_word import TemplateProblem

    if isinstance(value, list):
        return [_encoded(v) for v in value]
    if isinstance(value, TemplateProblem):
        return {"problem": [value.template, value.place, value.message]}
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"cannot send {type(value).__name__} back")


def _decoded(value):
    from .fill_word import TemplateProblem

    if isinstance(value, list):
        return [_decoded(v) for v in value]
    if isinstance(value, dict):
        return TemplateProblem(*(str(part) for part in value["problem"]))
    return value


def _cap_memory(memory_mb: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: the wall-clock limit only
        return
    limit = memory_mb * 1024 * 1024
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError, AttributeError):  # not supported here (some macOS versions)
        pass
