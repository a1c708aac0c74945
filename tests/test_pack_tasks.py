"""`rendering.pack_tasks`: many unit packs cut into tasks, large first, small at the end."""

from __future__ import annotations

import types
from pathlib import Path

from generator.document import Table
from generator.render.context import FORMATS
from generator.rendering import MAX_CHUNK, pack_tasks


def _work(rows: list[int]):
    reports = [types.SimpleNamespace(name=f"r{i}", sections=[types.SimpleNamespace(
        blocks=[Table(columns=(), rows=((),) * n)])]) for i, n in enumerate(rows)]
    return [(fmt, r, Path(f"{r.name}.{fmt}")) for r in reports for fmt in FORMATS]


def _reports(task):
    return list(dict.fromkeys(r.name for _, r, _ in task))


def test_every_file_is_in_one_task_the_overview_alone_first_and_singles_at_the_end():
    work = _work([10] * 2000 + [1000])

    tasks = pack_tasks(work, 2)

    assert sorted(map(id, (item for task in tasks for item in task))) == sorted(map(id, work))
    assert _reports(tasks[0]) == ["r2000"]  # the 1,000-row overview, alone and first
    sizes = [len(_reports(task)) for task in tasks[1:]]
    assert max(sizes) == MAX_CHUNK and sizes == sorted(sizes, reverse=True)
    assert sizes[-8:] == [1] * 8  # the workers finish together
    assert len(tasks) < 2001 / 8  # a few hundred hand-outs, not thousands
    assert all([fmt for fmt, _, _ in task] == sorted((fmt for fmt, _, _ in task),
                                                      key=FORMATS.index) for task in tasks)


def test_a_few_packs_are_single_tasks():
    tasks = pack_tasks(_work([10] * 7), 2)
    assert [len(_reports(task)) for task in tasks] == [1] * 7
