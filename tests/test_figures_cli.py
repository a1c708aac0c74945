"""The command line around the figures: drafts warned and refused with --strict, and the
as-of date after `read-returns` (the newest update by default, warnings from the date used)."""

from __future__ import annotations

import shutil

import yaml

from generator.cli import main

from .conftest import FIXTURES, SAMPLE

DRAFT = FIXTURES / "figures" / "draft-plan.yaml"


def test_a_draft_builds_with_warnings_naming_the_placeholders(tmp_path, capsys):
    code = main(["build", str(DRAFT), "--out", str(tmp_path), "--format", "pdf", "--jobs", "1"])

    err = capsys.readouterr().err
    assert code == 0
    assert "draft: 3 placeholder(s) left from an import" in err
    assert "organisation: '（请填写）'" in err and "units[0].name" in err


def test_strict_refuses_a_draft_and_writes_nothing(tmp_path, capsys):
    code = main(["build", str(DRAFT), "--out", str(tmp_path / "out"), "--strict"])

    err = capsys.readouterr().err
    assert code == 2
    assert f"{DRAFT}: a draft, not a report (--strict)" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_strict_refuses_a_plan_with_no_tasks(tmp_path, capsys):
    plan = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    plan["areas"] = [{"id": "a", "title": "空领域"}]
    plan["updates"] = []
    path = tmp_path / "empty.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")

    assert main(["build", str(path), "--out", str(tmp_path / "out"), "--strict"]) == 2
    assert "the plan has 0 tasks" in capsys.readouterr().err


def test_after_read_returns_the_build_uses_the_newest_update(tmp_path, capsys):
    plan = tmp_path / "plan.yaml"
    shutil.copy(SAMPLE, plan)
    updates = tmp_path / "plan.updates"
    updates.mkdir()
    (updates / "2020-10-14.yaml").write_text(
        "date: 2020-10-14\ntasks:\n  '1.1': {progress: 90}\n", encoding="utf-8")

    code = main(["build", str(plan), "--out", str(tmp_path / "out"), "--report", "briefing",
                 "--format", "pdf", "--jobs", "1"])

    err = capsys.readouterr().err
    assert code == 0
    assert "reporting as of 2020-10-14, the newest status update" in err
    assert "--as-of 2020-09-30" in err
    assert "not shown" not in err and "ignored" not in err

    main(["build", str(plan), "--out", str(tmp_path / "out"), "--report", "briefing",
          "--format", "pdf", "--jobs", "1", "--as-of", "2020-10-14"])
    err = capsys.readouterr().err
    assert "not shown" not in err and "ignored" not in err and "reporting as of" not in err


def test_a_meeting_before_the_data_date_is_warned(tmp_path, capsys):
    main(["build", str(SAMPLE), "--out", str(tmp_path), "--report", "briefing", "--format",
          "pdf", "--jobs", "1", "--as-of", "2020-10-20"])

    assert ("the meeting date 2020-10-15 (next_meeting.date) is before the data date "
            "2020-10-20") in capsys.readouterr().err
