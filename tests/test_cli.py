"""The command line, in-process: exit codes, messages without tracebacks, atomic output."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from generator.cli import main, make_parser

from .conftest import ENGLISH, SAMPLE


def test_build_writes_the_requested_files(tmp_path, capsys):
    code = main(["build", str(ENGLISH), "--out", str(tmp_path), "--report", "briefing",
                 "--format", "pdf,docx"])

    printed = capsys.readouterr().out.split()
    assert code == 0
    assert sorted(p.rsplit("/", 1)[1] for p in printed) == [
        "riverside-digital-2021-briefing.docx", "riverside-digital-2021-briefing.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "riverside-digital-2021-briefing.docx", "riverside-digital-2021-briefing.pdf"]


def test_lang_override_changes_labels(tmp_path):
    import pypdf

    main(["build", str(SAMPLE), "--out", str(tmp_path), "--report", "briefing", "--format", "pdf",
          "--lang", "en"])

    text = pypdf.PdfReader(tmp_path / "shanghai-ip-2020-briefing.pdf").pages[0].extract_text()
    assert "Key messages" in text and "30 Sep 2020" in text


def test_bad_plan_exits_2_with_place_and_no_traceback(tmp_path, capsys):
    bad = tmp_path / "plan.yaml"
    bad.write_text(SAMPLE.read_text(encoding="utf-8").replace("progress: 55", "progress: 555", 1),
                   encoding="utf-8")

    code = main(["build", str(bad), "--out", str(tmp_path / "out")])

    err = capsys.readouterr().err
    assert code == 2
    assert "plan.yaml:" in err
    assert "areas[0].tasks[0].progress: progress 555 is outside 0-100" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_validate_and_schema(capsys):
    assert main(["validate", str(SAMPLE), str(ENGLISH)]) == 0
    assert "ok (5 areas, 30 tasks" in capsys.readouterr().out

    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Plan" and "areas" in schema["required"]


def test_a_failing_render_keeps_the_previous_file(tmp_path, monkeypatch):
    main(["build", str(ENGLISH), "--out", str(tmp_path), "--report", "briefing", "--format", "pdf"])
    target = tmp_path / "riverside-digital-2021-briefing.pdf"
    before = target.read_bytes()

    def broken(report, theme, dest):
        dest.write_bytes(b"half a file")
        raise RuntimeError("disk full")

    monkeypatch.setattr("generator.render.context.renderer",
                        lambda fmt: SimpleNamespace(preload=lambda theme: None, render=broken))
    code = main(["build", str(ENGLISH), "--out", str(tmp_path), "--report", "briefing",
                 "--format", "pdf"])

    assert code == 1
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["riverside-digital-2021-briefing.pdf"]


def test_every_command_has_help_and_is_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    parser = make_parser()
    commands = parser._subparsers._group_actions[0].choices

    for name, sub in commands.items():
        assert sub.description, name
        assert f"plan-briefing {name}" in readme, name


@pytest.mark.parametrize("argv", [["build", "--format", "odt"], ["build", "--report", "x"]],
                         ids=["format", "report"])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        main(argv)

    assert caught.value.code == 2
    assert "choose from" in capsys.readouterr().err


def test_an_unwritable_font_cache_is_a_clear_error(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("PLAN_BRIEFING_FONT_DIR", str(blocker / "fonts"))

    assert main(["fonts"]) == 2
    assert "set PLAN_BRIEFING_FONT_DIR to a writable folder" in capsys.readouterr().err
