"""Class 8: conditions that crashed with exit 1 end with a clear error (exit 2) naming the
file and the fix, with nothing in the output folder lost or half-written; or they work."""

from __future__ import annotations

import errno
import json
import os
import zipfile
from pathlib import Path

import pytest
import yaml

from generator import cli
from generator.cli import main

from ..conftest import ENGLISH


def built(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")}


def user_error(capsys, *names: str) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    for name in names:
        assert name in err, err
    return err


def test_out_is_a_file(tmp_path, capsys):
    out = tmp_path / "out"
    out.write_text("mine")

    for extra in ([], ["--per", "unit"]):
        assert main(["build", str(ENGLISH), "--out", str(out), "--format", "pdf", "--jobs", "1",
                     *extra]) == 2
        assert "a file is in the way" in user_error(capsys, str(out))
    assert out.read_text() == "mine"


def test_a_folder_at_a_target_name(tmp_path, capsys):
    out = tmp_path / "out"
    (out / "riverside-digital-2021-briefing.pdf").mkdir(parents=True)

    assert main(["build", str(ENGLISH), "--out", str(out), "--format", "pdf", "--jobs", "1",
                 "--report", "briefing"]) == 2

    user_error(capsys, "riverside-digital-2021-briefing.pdf", "a folder has the name")
    assert (out / "riverside-digital-2021-briefing.pdf").is_dir()
    assert [p.name for p in out.iterdir()] == ["riverside-digital-2021-briefing.pdf"]


@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS, errno.EPERM])
def test_a_read_only_or_foreign_output_folder(tmp_path, capsys, monkeypatch, code):
    import tempfile

    def refuse(*args, dir=None, **kwargs):  # noqa: A002 - mkstemp's name
        raise PermissionError(code, os.strerror(code), str(dir))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # root ignores a read-only folder

    assert main(["build", str(ENGLISH), "--out", str(tmp_path / "out"), "--format", "pdf",
                 "--jobs", "1"]) == 2
    user_error(capsys, str(tmp_path / "out"))


def full_disk_after(monkeypatch, module, name: str, written: bytes = b"partial"):
    """`module.name` writes some bytes to its target, then fails as a full disk does."""
    def fail(*args, **kwargs):
        target = next((a for a in args if isinstance(a, Path)), None)
        if target is not None:
            target.write_bytes(written)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr(module, name, fail)


def test_a_full_disk_in_a_build_keeps_the_previous_files(tmp_path, capsys, monkeypatch):
    from generator.render import pdf

    out = tmp_path / "out"
    assert main(["build", str(ENGLISH), "--out", str(out), "--format", "pdf", "--jobs", "1"]) == 0
    before = built(out)
    full_disk_after(monkeypatch, pdf, "render")

    assert main(["build", str(ENGLISH), "--out", str(out), "--format", "pdf", "--jobs", "1"]) == 2

    assert "the disk is full" in user_error(capsys)
    assert built(out) == before


def test_a_full_disk_in_a_bundle_keeps_the_previous_bundle(tmp_path, capsys, monkeypatch):
    from generator.render import office_zip

    out = tmp_path / "out"
    args = ["build", str(ENGLISH), "--per", "unit", "--out", str(out), "--format", "pdf",
            "--jobs", "1"]
    assert main(args) == 0
    before = built(out)
    full_disk_after(monkeypatch, office_zip, "zip_files")

    assert main(args) == 2

    assert "the disk is full" in user_error(capsys)
    assert built(out) == before
    assert not [p for p in out.iterdir() if ".staging-" in p.name or ".previous-" in p.name]


def test_an_unreadable_updates_folder(tmp_path, capsys, monkeypatch):
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(ENGLISH.read_bytes())
    folder = tmp_path / "plan.updates"
    folder.mkdir()
    real = Path.iterdir

    def iterdir(self):
        if self == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)

    assert main(["validate", str(plan)]) == 2
    user_error(capsys, "plan.updates", "cannot be read")


@pytest.mark.parametrize(("command", "suffix"), [
    (["fill", "{examples}/briefing-fill.docx"], ".docx"),
    (["fill", "{examples}/briefing-fill.pptx"], ".pptx"),
    (["convert", str(ENGLISH), "--to", "zh-Hant"], ".yaml"),
    (["import-text", "{text}"], ".yaml"),
])
def test_out_a_folder_or_the_wrong_kind_for_a_file_writing_command(tmp_path, capsys, command,
                                                                     suffix):
    from generator.theme import TEMPLATES_DIR

    text = tmp_path / "notice.txt"
    text.write_text("一、加强保护\n（一）完善制度。\n", encoding="utf-8")
    command = [c.format(examples=TEMPLATES_DIR / "examples", text=text) for c in command]
    folder = tmp_path / "folder"
    folder.mkdir()
    notes = tmp_path / "notes.txt"
    notes.write_text("mine")

    assert main([*command, "--out", str(folder)]) == 2
    assert "is a folder" in user_error(capsys, str(folder))
    for wrong in (notes, tmp_path / "x.pdf"):
        assert main([*command, "--out", str(wrong)]) == 2
        assert f"must end in {suffix}" in user_error(capsys, str(wrong))
    assert list(folder.iterdir()) == [] and notes.read_text() == "mine"
    assert not (tmp_path / "x.pdf").exists()


def test_convert_never_replaces_a_file_with_a_plan_it_refuses(tmp_path, capsys, monkeypatch):
    from generator.errors import PlanError, Problem

    target = tmp_path / "kept.yaml"
    target.write_text("mine: true\n")
    real = cli.checked_plan

    def refusing(tmp, text, out):
        real(tmp, text, out)
        raise PlanError([Problem(str(out), 1, "", "refused")])

    monkeypatch.setattr(cli, "checked_plan", refusing)

    assert main(["convert", str(ENGLISH), "--to", "zh-Hant", "--out", str(target)]) == 2
    user_error(capsys, "kept.yaml")
    assert target.read_text() == "mine: true\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.yaml"]


@pytest.mark.parametrize("year", [2107, 2108, 2200, 9000])
def test_dates_after_2107_build_a_bundle_with_a_valid_zip(tmp_path, year):
    data = yaml.safe_load(ENGLISH.read_text(encoding="utf-8"))
    shift = year - 2021
    data["as_of"] = data["as_of"].replace(year=year)
    data["period"] = {k: v.replace(year=v.year + shift) for k, v in data["period"].items()}
    data["next_meeting"]["date"] = data["next_meeting"]["date"].replace(year=year)
    for area in data["areas"]:
        for task in area["tasks"]:
            for key in ("start", "due"):
                if key in task:
                    task[key] = task[key].replace(year=task[key].year + shift)
            for milestone in task.get("milestones", []):
                milestone["due"] = milestone["due"].replace(year=milestone["due"].year + shift)
    for update in data.get("updates", []):
        update["date"] = update["date"].replace(year=update["date"].year + shift)
        for change in update["tasks"].values():
            if "due" in change:
                change["due"] = change["due"].replace(year=change["due"].year + shift)
    plan = tmp_path / "future.json"
    plan.write_text(json.dumps(data, default=str), encoding="utf-8")

    assert main(["build", str(plan), "--per", "unit", "--out", str(tmp_path / "o"),
                 "--jobs", "1"]) == 0

    archive = next((tmp_path / "o").glob("*.zip"))
    with zipfile.ZipFile(archive) as opened:
        assert opened.testzip() is None
        assert {info.date_time[0] for info in opened.infolist()} == {min(year, 2107)}
    for path in (tmp_path / "o").rglob("*.docx"):
        with zipfile.ZipFile(path) as opened:
            assert opened.testzip() is None


def test_more_members_than_a_zip_counts_are_refused_before_anything_is_written(
        tmp_path, capsys, monkeypatch):
    from generator import bundle

    monkeypatch.setattr(bundle, "MAX_ZIP_MEMBERS", 5)

    assert main(["build", str(ENGLISH), "--per", "unit", "--out", str(tmp_path / "o"),
                 "--jobs", "1"]) == 2

    assert "a zip holds at most 5" in user_error(capsys)
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_the_real_zip_member_limit_is_what_a_zip_without_zip64_counts():
    from generator.bundle import MAX_ZIP_MEMBERS, check_member_count
    from generator.errors import OutputError

    check_member_count(65_535)
    with pytest.raises(OutputError, match="65,536 files"):
        check_member_count(65_536)
    assert MAX_ZIP_MEMBERS == 0xFFFF


def test_paragraphs_of_every_height_around_a_page_lay_out(tmp_path):
    """A paragraph of n lines for every n from 1 to three pages' worth, at the top of a page
    and after other text: never a LayoutError (the 'identify' crash), every line drawn."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    from generator.render.pdf_cells import TextFlow
    from generator.render.pdf_text import register_fonts

    regular, _ = register_fonts("noto-sans-sc")
    import pypdf

    for n in range(1, 140, 1):
        text = "\n".join(f"L{i:03d}" for i in range(n))
        lead = TextFlow("lead line", regular, 10, 14, "#000000")
        path = tmp_path / f"p{n}.pdf"
        doc = SimpleDocTemplate(str(path), pagesize=A4)
        doc.build([lead, TextFlow(text, regular, 10, 14, "#000000")])
        drawn = "".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
        assert all(f"L{i:03d}" in drawn for i in range(n)), n


def test_ctrl_c_during_start_up_prints_one_line(monkeypatch, capsys):
    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "make_parser", interrupted)

    assert main(["build"]) == 130

    err = capsys.readouterr().err
    assert err.startswith("interrupted") and "Traceback" not in err
    assert "replaced only once it is complete" in err


@pytest.mark.parametrize("depth", [41, 500, 990, 5000, 100_000])
@pytest.mark.parametrize("kind", ["json-list", "json-object", "yaml-flow", "yaml-block"])
def test_deep_nesting_is_a_clear_error(tmp_path, capsys, depth, kind):
    if kind == "json-list":
        text, suffix = '{"title": ' + "[" * depth + "]" * depth + "}", ".json"
    elif kind == "json-object":
        text, suffix = '{"a": ' * depth + "1" + "}" * depth, ".json"
    elif kind == "yaml-flow":
        text, suffix = "title: " + "[" * depth + "]" * depth + "\n", ".yaml"
    else:
        if depth > 3000:
            pytest.skip("block YAML this deep is larger than the file limit")
        text = "".join(f"{'  ' * i}k{i}:\n" for i in range(depth)) + "  " * depth + "v\n"
        suffix = ".yaml"
    plan = tmp_path / f"deep{suffix}"
    plan.write_text(text, encoding="utf-8")

    assert main(["validate", str(plan)]) == 2

    err = user_error(capsys, "deep" + suffix)
    assert "nested" in err or "YAML syntax" in err, err
