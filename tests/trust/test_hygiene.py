"""Class 9: files follow the umask; only this tool's temporaries are cleaned up; ids that
differ only by surrounding spaces are duplicates; `progress: true` is refused."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
import yaml

from generator.cli import main
from generator.output import TEMP_MARK, remove_stale_temps, write_atomic

from ..conftest import ENGLISH


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002, 0o027])
def test_files_follow_the_umask(tmp_path, mask):
    previous = os.umask(mask)
    try:
        write_atomic(tmp_path / "f.txt", lambda tmp: tmp.write_text("x"))
    finally:
        os.umask(previous)

    assert (tmp_path / "f.txt").stat().st_mode & 0o777 == 0o666 & ~mask


def test_only_this_tools_temporaries_of_gone_processes_are_removed(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    users = [".minutes.999999.draft.tmp", f".notes.{gone}.abcdefgh.tmp.docx",
             f".x.{TEMP_MARK}-{gone}.short.tmp.pdf", "report.tmp", f".{TEMP_MARK}-{gone}.tmp"]
    ours_gone = f".report.{TEMP_MARK}-{gone}.ab_cd123.tmp.pdf"
    ours_alive = f".report.{TEMP_MARK}-{os.getpid()}.ab_cd123.tmp.pdf"
    for name in [*users, ours_gone, ours_alive]:
        (tmp_path / name).write_text("x")

    assert remove_stale_temps(tmp_path) == 1

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*users, ours_alive])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="zombies seen in /proc")
def test_a_zombies_temporaries_are_removed(tmp_path):
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.time() + 30
    while time.time() < deadline:  # ended but not reaped: a zombie
        with open(f"/proc/{child.pid}/stat", "rb") as handle:
            if handle.read().rsplit(b")", 1)[1].split()[0] == b"Z":
                break
        time.sleep(0.05)
    name = f".report.{TEMP_MARK}-{child.pid}.ab_cd123.tmp.pdf"
    (tmp_path / name).write_text("x")

    try:
        assert remove_stale_temps(tmp_path) == 1
    finally:
        child.wait()


@pytest.mark.parametrize(("where", "value"), [("units", " digital"), ("units", "digital "),
                                              ("tasks", "S1 "), ("areas", "\tservices")])
def test_ids_that_differ_only_by_surrounding_spaces_are_duplicates(tmp_path, capsys, where,
                                                                   value):
    data = yaml.safe_load(ENGLISH.read_text(encoding="utf-8"))
    if where == "units":
        data["units"].append({**data["units"][0], "id": value})
    elif where == "tasks":
        data["areas"][1]["tasks"].append({**data["areas"][0]["tasks"][0], "id": value})
    else:
        data["areas"].append({**data["areas"][0], "id": value, "tasks": []})
    plan = tmp_path / "p.json"
    plan.write_text(__import__("json").dumps(data, default=str), encoding="utf-8")

    assert main(["validate", str(plan)]) == 2
    assert "duplicate" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["true", "false"])
def test_progress_true_or_false_is_refused(tmp_path, capsys, value):
    text = ENGLISH.read_text(encoding="utf-8").replace("progress: 20", f"progress: {value}", 1)
    assert f"progress: {value}" in text
    plan = tmp_path / "p.yaml"
    plan.write_text(text, encoding="utf-8")

    assert main(["validate", str(plan)]) == 2
    assert "not true/false" in capsys.readouterr().err


@pytest.mark.parametrize("split_at", [3, 8, 11, 14])
def test_a_template_error_names_the_real_paragraph_when_word_split_the_tag(tmp_path,
                                                                           sample_status,
                                                                           split_at):
    from docx import Document

    from generator.context import template_context
    from generator.fill_word import check_word_template
    from generator.i18n import Labels

    document = Document()
    document.add_paragraph("Introduction")
    document.add_paragraph("{{ plan.title }} is fine here")
    tag = "{{ plan.titel }}"
    paragraph = document.add_paragraph("Broken: ")
    paragraph.add_run(tag[:split_at])
    paragraph.add_run(tag[split_at:])
    path = tmp_path / "split.docx"
    document.save(path)

    problems = check_word_template(path, template_context(sample_status, Labels("en")))

    assert [p.place for p in problems] == ["paragraph 3: “Broken: {{ plan.titel }}”"]
