"""Class 7: only regular files are read, with a bounded read: FIFOs, devices and folders given
as plan, update, theme, template, logo or manifest are refused at once (never a hang, never a
read until MemoryError)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.theme import DEFAULT_THEME, TEMPLATES_DIR

from ..conftest import ENGLISH, ROOT

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs: POSIX only")


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """The command line in a child process: a hang fails the test instead of blocking it."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, text=True,
                          capture_output=True, timeout=timeout)


def theme_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "theme"
    folder.mkdir()
    for name in ("default.docx", "default.pptx"):
        shutil.copyfile(TEMPLATES_DIR / name, folder / name)
    shutil.copyfile(DEFAULT_THEME, folder / "theme.yaml")
    return folder


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def refused(result: subprocess.CompletedProcess, name: str) -> None:
    assert result.returncode == 2, result.stderr
    assert name in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_fifo_as_plan(tmp_path, suffix):
    plan = fifo(tmp_path / f"plan{suffix}")

    for command in (["validate", str(plan)], ["build", str(plan), "--out", str(tmp_path / "o")]):
        result = run(*command)
        refused(result, str(plan))
        assert "not a regular file" in result.stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_as_plan_or_source_text(tmp_path, device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    link = tmp_path / "plan.yaml"
    link.symlink_to(device)

    result = run("validate", str(link))
    text = run("import-text", device, "--out", str(tmp_path / "d.yaml"))

    refused(result, str(link))
    refused(text, device)
    assert not (tmp_path / "d.yaml").exists()


def test_a_fifo_among_the_plans_updates(tmp_path):
    plan = tmp_path / "plan.yaml"
    shutil.copyfile(ENGLISH, plan)
    (tmp_path / "plan.updates").mkdir()
    update = fifo(tmp_path / "plan.updates" / "2021-07-01.yaml")

    refused(run("validate", str(plan)), str(update))


@pytest.mark.parametrize("what", ["template", "logo", "theme"])
def test_a_fifo_as_theme_template_or_logo(tmp_path, what):
    folder = theme_folder(tmp_path)
    theme, name = folder / "theme.yaml", {"template": "default.docx", "logo": "logo.png",
                                          "theme": "theme.yaml"}[what]
    if what == "logo":
        text = theme.read_text(encoding="utf-8")
        theme.write_text(text.replace("pdf:\n", 'pdf:\n  letterhead: {text: x, logo: logo.png}\n'),
                         encoding="utf-8")
    (folder / name).unlink(missing_ok=True)
    fifo(folder / name)

    result = run("build", str(ENGLISH), "--theme", str(theme), "--format", "docx,pdf",
                 "--out", str(tmp_path / "o"), "--jobs", "1")

    refused(result, name)
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_a_fifo_as_fill_template(tmp_path):
    template = fifo(tmp_path / "t.docx")

    refused(run("check-template", str(template)), "t.docx")
    refused(run("fill", str(template), "--out", str(tmp_path / "o.docx")), "t.docx")
    assert not (tmp_path / "o.docx").exists()


def test_a_fifo_or_device_as_manifest_is_ignored(tmp_path):
    out = tmp_path / "out"
    first = run("build", str(ENGLISH), "--per", "unit", "--format", "pdf", "--out", str(out),
                "--jobs", "1")
    assert first.returncode == 0, first.stderr
    folder = next(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))
    (folder / "manifest.json").unlink()
    fifo(folder / "manifest.json")

    again = run("build", str(ENGLISH), "--per", "unit", "--format", "pdf", "--out", str(out),
                "--jobs", "1")

    assert again.returncode == 0, again.stderr
    assert (folder / "manifest.json").is_file()
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".lock")) == [
        folder.name, folder.name + ".zip"]


def test_a_file_that_claims_a_small_size_is_read_only_up_to_the_limit(tmp_path, monkeypatch):
    from generator import sources
    from generator.errors import PlanError

    path = tmp_path / "grows.yaml"
    path.write_bytes(b"title: x\n" + b"#" * 5000)
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 1000)

    with pytest.raises(PlanError, match="limit is 1,000"):
        sources.read_document(path)


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".csv"])
def test_a_fifo_or_device_as_task_table(tmp_path, suffix):
    table = fifo(tmp_path / f"table{suffix}")
    zero = tmp_path / f"zero{suffix}"
    zero.symlink_to("/dev/zero")

    for source in (table, zero):
        result = run("import-sheet", str(source), "--out", str(tmp_path / "t.yaml"), timeout=30)
        refused(result, str(source))
        assert "not a regular file" in result.stderr
    assert not (tmp_path / "t.yaml").exists()


def test_a_fifo_as_a_unit_return(tmp_path):
    plan = tmp_path / "plan.yaml"
    shutil.copyfile(ENGLISH, plan)
    workbook = fifo(tmp_path / "return.xlsx")

    result = run("read-returns", str(plan), str(workbook), "--date", "2021-07-31", timeout=30)

    refused(result, str(workbook))
    assert "not a regular file" in result.stderr
