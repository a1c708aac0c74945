"""Library hooks set for the length of a `with` block (what `unittest.mock.patch.object` does,
without importing `unittest.mock`, which brings in asyncio: ≈ 20 ms of every start-up)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

_ABSENT = object()


@contextmanager
def patched(target: object, name: str, value: object) -> Iterator[None]:
    """`target.name` is `value` inside the block; afterwards it is what it was: the same
    object, or, when it came from a base class, inherited again."""
    own = vars(target).get(name, _ABSENT)
    setattr(target, name, value)
    try:
        yield
    finally:
        if own is _ABSENT:
            delattr(target, name)
        else:
            setattr(target, name, own)


__all__ = ["patched"]
