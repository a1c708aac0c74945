"""Atomic writes: a file appears whole or not at all, also when several are committed
together (all synced to disk, then all renamed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import OutputError
from generator.output import AtomicFiles, write_atomic


def _files(folder):
    return sorted(p.name for p in folder.iterdir())


def test_files_are_all_in_place_when_the_block_ends(tmp_path):
    with AtomicFiles() as files:
        for i in range(20):
            assert files.write(tmp_path / f"{i}.txt", lambda tmp, i=i: tmp.write_text(str(i))
                               ) == len(str(i))

    assert _files(tmp_path) == sorted(f"{i}.txt" for i in range(20))  # no temporary left
    assert [(tmp_path / f"{i}.txt").read_text() for i in range(20)] == [str(i) for i in range(20)]
    assert oct((tmp_path / "0.txt").stat().st_mode & 0o777) == oct(0o644)


def test_a_failed_write_keeps_the_previous_file_and_leaves_no_temporary(tmp_path):
    (tmp_path / "report.pdf").write_text("previous")

    def fail(tmp):
        tmp.write_text("half")
        raise RuntimeError("renderer failed")

    with pytest.raises(RuntimeError), AtomicFiles() as files:
        files.write(tmp_path / "done.pdf", lambda tmp: tmp.write_text("whole"))
        files.write(tmp_path / "report.pdf", fail)

    assert _files(tmp_path) == ["done.pdf", "report.pdf"]
    assert (tmp_path / "report.pdf").read_text() == "previous"
    assert (tmp_path / "done.pdf").read_text() == "whole"  # finished before the failure


def test_a_commit_that_fails_is_raised_when_the_block_ends(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "inside").write_text("x")  # a non-empty folder cannot be replaced

    with pytest.raises((OSError, OutputError)), AtomicFiles() as files:
        files.write(tmp_path / "taken", lambda tmp: tmp.write_text("file"))

    assert _files(tmp_path) == ["taken"]  # the temporary is gone


def test_every_file_is_on_disk_before_any_is_renamed(tmp_path, monkeypatch):
    import os

    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: events.append("sync") or real_fsync(fd))
    monkeypatch.setattr(os, "replace", lambda a, b: events.append("rename") or real_replace(a, b))

    with AtomicFiles() as files:
        for i in range(3):
            files.write(tmp_path / f"{i}.txt", lambda tmp: tmp.write_text("x"))
        assert events == [] and _files(tmp_path)[0].startswith(".")  # nothing in place yet

    assert events == ["sync"] * 3 + ["rename"] * 3
    assert _files(tmp_path) == ["0.txt", "1.txt", "2.txt"]


def test_write_atomic_replaces_in_one_step(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old")

    write_atomic(target, lambda tmp: tmp.write_text("new"))

    assert target.read_text() == "new" and _files(tmp_path) == ["a.txt"]


@pytest.mark.parametrize("name", ["../escape.pdf", "..", ".", "", "a/b.pdf", "a\\b.pdf",
                                  "/etc/passwd", "nul\0.pdf"])
def test_inside_refuses_anything_but_one_plain_name(tmp_path, name):
    from generator.errors import OutputError
    from generator.output import inside

    with pytest.raises(OutputError, match="outside"):
        inside(tmp_path, name)


def test_inside_gives_the_name_in_the_resolved_folder(tmp_path, monkeypatch):
    from generator.output import inside

    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    monkeypatch.chdir(tmp_path)

    assert inside(tmp_path / "link", "会议-简报.pdf") == (tmp_path / "real" / "会议-简报.pdf"
                                                          ).resolve()
    assert inside(Path("real"), "a.pdf") == (tmp_path / "real" / "a.pdf").resolve()
