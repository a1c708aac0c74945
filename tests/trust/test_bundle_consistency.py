"""Classes 5 and 6: a bundle is consistent as a set. It is built in a staging folder and put
in place by renaming, under a lock (a second run is refused with exit 2); a run killed at any
step leaves a usable bundle that the next run completes; links are never followed out of the
output folder."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

import pytest
from filelock import FileLock

from generator.build import build_meeting
from generator.cli import main

from ..conftest import ENGLISH
from ..test_crash_safety import killed_at

ARGS = ["--per", "unit", "--format", "docx,pdf", "--jobs", "1"]


def bundle_of(out: Path) -> tuple[Path, Path]:
    folder = next(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))
    return folder, folder.with_name(folder.name + ".zip")


def consistent(folder: Path, archive: Path) -> dict:
    """Asserts that the folder matches its manifest and the zip matches its own manifest;
    returns the folder's manifest."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = {e["path"]: e["sha256"] for e in manifest["files"]}
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert on_disk == set(listed) | {"manifest.json"}
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    with zipfile.ZipFile(archive) as opened:
        assert opened.testzip() is None
        inner = json.loads(opened.read(f"{folder.name}/manifest.json"))
        for entry in inner["files"]:
            data = opened.read(f"{folder.name}/{entry['path']}")
            assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    return manifest


def no_litter(out: Path) -> None:
    assert not [p.name for p in out.iterdir()
                if p.name.startswith(".") and not p.name.endswith(".lock")]


def plan_copy(tmp_path: Path, note: str) -> Path:
    """The English sample with one note changed: a build of it differs from the sample's."""
    text = ENGLISH.read_text(encoding="utf-8")
    path = tmp_path / ENGLISH.name
    path.write_text(text.replace("Supplier quotes", f"{note} Supplier quotes", 1),
                    encoding="utf-8")
    return path


def test_a_second_run_of_the_same_bundle_is_refused_while_one_runs(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(ENGLISH), "--out", str(out), *ARGS]) == 0
    folder, archive = bundle_of(out)
    before = consistent(folder, archive)
    lock = next(out.glob(".bundle-*.lock"))

    with FileLock(lock, timeout=0):  # another run holds the bundle
        code = main(["build", str(plan_copy(tmp_path, "Changed.")), "--out", str(out), *ARGS])

    err = capsys.readouterr().err
    assert code == 2 and "another run is building this bundle" in err
    assert consistent(folder, archive) == before


KILL_POINTS = [("rename", 1), ("rename", 2), ("rename", 3), ("replace", 1), ("replace", 3),
               ("replace", 6)]


@pytest.mark.slow
@pytest.mark.parametrize(("call", "at"), KILL_POINTS, ids=[f"{c}-{n}" for c, n in KILL_POINTS])
def test_a_bundle_killed_at_any_step_stays_usable_and_the_next_run_completes_it(
        tmp_path, call, at):
    out = tmp_path / "out"
    assert main(["build", str(ENGLISH), "--out", str(out), *ARGS]) == 0
    folder, archive = bundle_of(out)
    mine = folder / "minutes.txt"  # carried over by the third rename
    mine.write_text("mine")
    before = consistent_but(folder, archive, mine)
    changed = plan_copy(tmp_path, "Changed.")

    status = killed_at(call, at, ["build", str(changed), "--out", str(out), *ARGS])

    assert status == -9
    if folder.exists():
        state = consistent_but(folder, archive, mine)  # old or new, but whole
        assert state["plan"]["sha256"] in {before["plan"]["sha256"],
                                           hashlib.sha256(changed.read_bytes()).hexdigest()}
    assert main(["build", str(changed), "--out", str(out), *ARGS]) == 0
    assert mine.read_text() == "mine"
    after = consistent_but(folder, archive, mine)
    assert after["plan"]["sha256"] == hashlib.sha256(changed.read_bytes()).hexdigest()
    no_litter(out)


def consistent_but(folder: Path, archive: Path, users: Path) -> dict:
    """`consistent`, with the user's own file (not in the bundle) set aside while checking."""
    if not users.exists():
        return consistent(folder, archive)
    data = users.read_bytes()
    users.unlink()
    try:
        return consistent(folder, archive)
    finally:
        users.write_bytes(data)


def test_user_files_in_the_bundle_folder_survive_a_rebuild(tmp_path):
    out = tmp_path / "out"
    build_meeting(ENGLISH, out_dir=out, formats=("pdf",), jobs=1)
    folder, archive = bundle_of(out)
    (folder / "minutes.txt").write_text("mine")
    (folder / "units" / "notes.txt").write_text("also mine")
    (folder / "extra").mkdir()
    (folder / "extra" / "a.txt").write_text("a")

    build_meeting(plan_copy(tmp_path, "Again."), out_dir=out, formats=("pdf",), jobs=1)

    assert (folder / "minutes.txt").read_text() == "mine"
    assert (folder / "units" / "notes.txt").read_text() == "also mine"
    assert (folder / "extra" / "a.txt").read_text() == "a"
    no_litter(out)


def test_a_planted_or_corrupt_manifest_never_deletes_user_files(tmp_path):
    out = tmp_path / "out"
    build_meeting(ENGLISH, out_dir=out, formats=("pdf",), jobs=1)
    folder, _ = bundle_of(out)
    mine = folder / "units" / "mine.pdf"
    mine.write_bytes(b"%PDF mine")
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"%PDF outside")
    manifests = [
        {"files": [{"path": "units/mine.pdf", "bytes": 9, "sha256": "0" * 64},
                   {"path": "../outside.pdf"}, {"path": "/etc/passwd"},
                   {"path": "units/../../outside.pdf"}, {"path": "C:\\x"}, 7, None]},
        "not json {", [1, 2], {"files": "all"}, {"files": [{"path": ["units"]}]},
    ]
    for manifest in manifests:
        text = manifest if isinstance(manifest, str) else json.dumps(manifest)
        (folder / "manifest.json").write_text(text, encoding="utf-8")

        build_meeting(ENGLISH, out_dir=out, formats=("pdf",), jobs=1)

        assert mine.read_bytes() == b"%PDF mine" and outside.read_bytes() == b"%PDF outside"


def test_a_linked_bundle_folder_or_zip_is_refused_and_never_followed(tmp_path, capsys):
    out = tmp_path / "out"
    build_meeting(ENGLISH, out_dir=out, formats=("pdf",), jobs=1)
    folder, archive = bundle_of(out)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for linked in (folder, archive):
        saved = tmp_path / "saved"
        os.rename(linked, saved)
        linked.symlink_to(elsewhere, target_is_directory=True)

        code = main(["build", str(ENGLISH), "--out", str(out), *ARGS])

        assert code == 2 and "link" in capsys.readouterr().err
        assert list(elsewhere.iterdir()) == []
        linked.unlink()
        os.rename(saved, linked)


def test_a_linked_units_folder_is_never_written_through(tmp_path):
    out = tmp_path / "out"
    build_meeting(ENGLISH, out_dir=out, formats=("pdf",), jobs=1)
    folder, archive = bundle_of(out)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep")
    for path in (folder / "units").iterdir():
        path.unlink()
    (folder / "units").rmdir()
    (folder / "units").symlink_to(elsewhere, target_is_directory=True)

    build_meeting(ENGLISH, out_dir=out, formats=("pdf",), jobs=1)

    assert sorted(p.name for p in elsewhere.iterdir()) == ["keep.txt"]
    assert (folder / "units").is_dir() and not (folder / "units").is_symlink()
    consistent(folder, archive)


def test_a_linked_file_in_the_output_folder_is_replaced_not_followed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = tmp_path / "target.pdf"
    target.write_bytes(b"%PDF precious")
    (out / "riverside-digital-2021-briefing.pdf").symlink_to(target)

    assert main(["build", str(ENGLISH), "--out", str(out), "--format", "pdf", "--jobs", "1"]) == 0

    assert target.read_bytes() == b"%PDF precious"
    assert not (out / "riverside-digital-2021-briefing.pdf").is_symlink()
