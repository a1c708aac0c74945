"""Template evaluation in a child process with a wall-clock and a memory limit.

Jinja's sandbox bounds what a template may touch, not how long it runs or how much memory it
takes: a loop without end, a constant-folded `10**10**8`, `'x' * 10**10` or a slow path inside
lxml (where no signal handler runs) are stopped only from outside. Every fill and template
check therefore runs in a fresh child process (`multiprocessing`'s "spawn" start method: the
same on Linux, macOS and Windows), which is killed when the wall-clock limit passes, and whose
address space is capped with `resource.RLIMIT_AS` where the platform has it (Linux, macOS;
Windows has only the time limit).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .errors import GeneratorError, TemplateError

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
    """`func(*args)` in a spawned child process; its result, or its GeneratorError raised
    here. Killed after `seconds` (a TemplateError naming `template` and the limit); a child
    that runs out of memory (MemoryError under the cap, or killed by the system) is a
    TemplateError too. `func` and `args` must be picklable (a module-level function)."""
    default_seconds, default_memory = limits()
    seconds = default_seconds if seconds is None else seconds
    memory_mb = default_memory if memory_mb is None else memory_mb
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, func, args, memory_mb), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise TemplateError(f"{template}: the template took longer than {seconds:g} s "
                                f"(a loop without end?); the limit is {seconds:g} s")
        try:
            kind, value = receive.recv()
        except EOFError:  # the child died without a word: killed (out of memory?) or crashed
            child.join(5)
            raise TemplateError(f"{template}: the template stopped the process evaluating it "
                                f"(exit {child.exitcode}; more than {memory_mb:,} MiB of "
                                "memory?); simplify the template") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receive.close()
    if kind == "ok":
        return value
    if kind == "memory":
        raise TemplateError(f"{template}: the template needs more than {memory_mb:,} MiB of "
                            "memory (a huge repeated text?); the limit is "
                            f"{memory_mb:,} MiB")
    if isinstance(value, GeneratorError):
        raise value
    raise TemplateError(f"{template}: {value}")


def _child(send, func, args, memory_mb: int) -> None:
    """In the child: cap the address space, run, send ("ok", result) or the failure."""
    _cap_memory(memory_mb)
    try:
        result = ("ok", func(*args))
    except MemoryError:
        result = ("memory", None)
    except GeneratorError as exc:
        result = ("error", exc)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as text
        result = ("error", f"{type(exc).__name__}: {exc}")
    try:
        send.send(result)
    except MemoryError:
        send.send(("memory", None))
    except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable error: its text instead
        send.send(("error", f"{type(exc).__name__}: {exc}"))
    send.close()


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
