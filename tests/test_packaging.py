"""The package as a user gets it: sdist and wheel hold the templates, examples and sample plans;
the wheel installed in a fresh virtual environment builds the sample in an empty folder."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow

RUNTIME_FILES = ["generator/templates/theme.yaml", "generator/templates/default.docx",
                 "generator/templates/default.pptx", "generator/templates/official.yaml",
                 "generator/templates/official.docx",
                 "generator/templates/examples/briefing-fill.docx",
                 "generator/templates/examples/briefing-fill.pptx",
                 "generator/data/shanghai-ip-2020.yaml",
                 "generator/data/riverside-digital-2021.yaml"]


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The sdist and wheel made by `python -m build` from a copy-free build of the checkout."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    return out


def _bin(venv: Path, name: str) -> Path:
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    return scripts / (name + (".exe" if os.name == "nt" else ""))


def test_sdist_and_wheel_hold_what_the_tool_reads_at_run_time(dist):
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
    with tarfile.open(sdist) as archive:
        in_sdist = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}

    assert not [f for f in RUNTIME_FILES if f not in in_wheel]
    assert not [f for f in RUNTIME_FILES if f not in in_sdist]
    assert "generator/render/pdf.py" in in_wheel and "generator/cli.py" in in_wheel


def test_the_installed_wheel_builds_the_sample_in_an_empty_folder(dist, tmp_path):
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        meta = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        headers = Parser().parsestr(archive.read(meta).decode())
    needs = [r for r in headers.get_all("Requires-Dist") or [] if "extra ==" not in r]
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip = [str(_bin(venv, "python")), "-m", "pip", "install", "-q",
           "--disable-pip-version-check"]
    subprocess.run([*pip, "--no-deps", str(wheel)], check=True, timeout=600)
    subprocess.run([*pip, *needs], check=True, timeout=1200)
    empty = tmp_path / "meeting"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}

    run = subprocess.run([str(_bin(venv, "plan-briefing")), "build"], cwd=empty, env=env,
                         capture_output=True, text=True, timeout=600)

    assert run.returncode == 0, run.stderr
    made = sorted(p.name for p in (empty / "out").iterdir())
    assert made == sorted(f"shanghai-ip-2020-{r}.{f}" for r in ("briefing", "status")
                          for f in ("docx", "pdf", "pptx"))
    assert all((empty / "out" / name).stat().st_size > 5000 for name in made)

    official = subprocess.run([str(_bin(venv, "plan-briefing")), "build", "--theme", "official",
                               "--report", "status", "--format", "docx", "--out", "gbt"],
                              cwd=empty, env=env, capture_output=True, text=True, timeout=600)

    assert official.returncode == 0, official.stderr
    import docx

    section = docx.Document(empty / "gbt" / "shanghai-ip-2020-status.docx").sections[0]
    assert round(section.top_margin.mm) == 37  # the GB/T 9704 margins, not the default theme's
