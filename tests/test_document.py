"""The document model: equal table cells are one object, also after pickling (the form in
which a meeting build sends reports to its workers)."""

from __future__ import annotations

import pickle

from generator.document import Cell, Column, Table


def test_equal_cells_are_shared_within_and_across_tables():
    first = Table((Column("a"), Column("b")), ((Cell("上海市知识产权局"), Cell("进行中", "warn")),
                                               (Cell("上海市知识产权局"), Cell("进行中", "warn"))))
    second = Table((Column("a"),), ((Cell("进行中", "warn"),),))

    assert first.rows[0][0] is first.rows[1][0]
    assert first.rows[0][1] is first.rows[1][1] is second.rows[0][0]
    assert first.rows[0][1] is not first.rows[0][0]
    assert Cell("进行中") not in (first.rows[0][1],)  # a different tone is a different cell


def test_shared_cells_pickle_once():
    rows = tuple((Cell(f"任务{i}"), Cell("上海市知识产权局"), Cell("2020-12-31"))
                 for i in range(200))
    table = Table((Column("a"), Column("b"), Column("c")), rows)
    unshared = [[Cell(c.text, c.tone) for c in row] for row in table.rows]  # plain copies

    shared_size, copied_size = len(pickle.dumps(table)), len(pickle.dumps(unshared))
    loaded = pickle.loads(pickle.dumps(table))

    assert loaded == table
    assert loaded.rows[0][1] is loaded.rows[199][1]
    assert shared_size < copied_size * 0.7
