"""A function run in a forked child, its result sent back pickled through a pipe.

A bare fork (≈ 2 ms) rather than a process pool (≈ 40 ms of set-up, and every argument
pickled): the child starts with everything the parent holds. What the child raises comes back
as the same exception when it is a user error (`GeneratorError`), and as a RuntimeError naming
it otherwise; a child that dies without answering is reported as such.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from .errors import GeneratorError

T = TypeVar("T")


class Child(Generic[T]):
    """A forked child computing a value; `result()` waits for it."""

    def __init__(self, pid: int, pipe: int):
        self.pid, self._pipe = pid, pipe

    def result(self) -> T:
        """The child's return value, or its exception raised here.

        A child that has answered is not waited for: its exit (the kernel freeing a few hundred
        MB of memory, ≈ 10-20 ms) is reaped on a helper thread."""
        with os.fdopen(self._pipe, "rb") as pipe:
            data = pipe.read()
        try:
            answer = pickle.loads(data)
        except Exception:  # noqa: BLE001 - no answer, or a cut-off one: the child died
            _, status = os.waitpid(self.pid, 0)
            raise RuntimeError(f"a worker process ended abnormally (status {status})") from None
        _reap_later(self.pid)
        return outcome(*answer)

    def discard(self) -> None:
        """Waits for the child to end and drops what it sends (used when the parent fails)."""
        try:
            with os.fdopen(self._pipe, "rb") as pipe:
                pipe.read()
        finally:
            os.waitpid(self.pid, 0)


def _reap_later(pid: int) -> None:
    """The child's exit status collected now if it has gone, else by a daemon thread."""
    try:
        gone, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return
    if not gone:
        threading.Thread(target=_reap, args=(pid,), daemon=True, name=f"reap-{pid}").start()


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:  # already collected elsewhere
        pass


def fork_call(function: Callable[[], T], close: Iterable[int] = ()) -> Child[T]:
    """Runs `function()` in a forked child (which first closes the descriptors `close`)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, answer, and leave without running the parent's code
        code = 0
        try:
            os.close(read_end)
            for fd in close:
                os.close(fd)
            answer = guarded(function)
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump(answer, pipe, pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - nothing may escape a forked child
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    return Child(pid, read_end)


def run_beside(task: Callable[[], T], meanwhile: Callable[[], None]) -> T:
    """`task()` computed in a forked child while this process runs `meanwhile()`."""
    child = fork_call(task)
    try:
        meanwhile()
    except BaseException:
        child.discard()
        raise
    return child.result()


def guarded(function: Callable[[], T]) -> tuple[str, object]:
    """(status, payload) of calling `function`, ready to pickle: ("ok", value),
    ("user-error", the GeneratorError) or ("error", its description)."""
    try:
        return "ok", function()
    except GeneratorError as exc:
        try:
            pickle.dumps(exc)
        except Exception:  # noqa: BLE001 - an exception that cannot travel: its message does
            exc = GeneratorError(str(exc))
        return "user-error", exc
    except Exception as exc:  # noqa: BLE001 - reported by the parent as an internal error
        return "error", f"{type(exc).__name__}: {exc}"


def outcome(status: str, payload):
    """The value of a `guarded` call made elsewhere, or its failure raised here."""
    if status == "user-error":
        raise payload
    if status == "error":
        raise RuntimeError(payload)
    return payload


__all__ = ["Child", "fork_call", "guarded", "outcome", "run_beside"]
