"""Render contexts: a deck depends on its own theme and language only, whatever was rendered
before it in the same process (issue 16's cross-theme bug)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from generator.i18n import Labels
from generator.indicators import analyse
from generator.render import pptx as pptx_render
from generator.reports import build_briefing, build_status_report
from generator.reports.unit_pack import build_unit_pack
from generator.script_convert import to_script
from generator.theme import TEMPLATES_DIR, load_theme


def _parts(path: Path) -> dict[str, bytes]:
    """The package's XML parts (slides, presentation, properties), by name."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()
                if name.endswith(".xml") or name.endswith(".rels")}


def _reports(status, labels) -> list:
    unit = max(status.units, key=lambda u: len(u.lead))
    return [build_briefing(status, labels), build_status_report(status, labels),
            build_unit_pack(status, labels, unit)]


@pytest.fixture(scope="module")
def hant_status(sample_status):
    return analyse(to_script(sample_status.plan, "zh-Hant"), sample_status.as_of)


def test_another_theme_rendered_first_changes_nothing(sample_status, zh, tmp_path):
    default, official = load_theme(), load_theme(TEMPLATES_DIR / "official.yaml")
    reports = _reports(sample_status, zh)
    for i, report in enumerate(reports):
        pptx_render.render(report, pptx_render.preload(default), tmp_path / f"alone-{i}.pptx")
    contexts = {"default": pptx_render.preload(default),
                "official": pptx_render.preload(official)}

    for i, report in enumerate(reports):
        pptx_render.render(report, contexts["official"], tmp_path / f"official-{i}.pptx")
        pptx_render.render(report, contexts["default"], tmp_path / f"after-{i}.pptx")

    for i in range(len(reports)):
        alone, after = _parts(tmp_path / f"alone-{i}.pptx"), _parts(tmp_path / f"after-{i}.pptx")
        assert alone == after
        assert alone != _parts(tmp_path / f"official-{i}.pptx")


@pytest.mark.parametrize("first", ["zh-Hant", "zh-Hans"], ids=["hant-then-hans",
                                                              "hans-then-hant"])
def test_the_other_script_rendered_first_changes_nothing(sample_status, zh, hant_status,
                                                         tmp_path, first):
    theme = load_theme()
    reports = {"zh-Hans": _reports(sample_status, zh),
               "zh-Hant": _reports(hant_status, Labels("zh-Hant"))}
    second = "zh-Hans" if first == "zh-Hant" else "zh-Hant"
    for i, report in enumerate(reports[second]):
        pptx_render.render(report, pptx_render.preload(theme), tmp_path / f"alone-{i}.pptx")
    context = pptx_render.preload(theme)

    for i, (before, report) in enumerate(zip(reports[first], reports[second], strict=True)):
        pptx_render.render(before, context, tmp_path / f"first-{i}.pptx")
        pptx_render.render(report, context, tmp_path / f"second-{i}.pptx")

    for i in range(len(reports[second])):
        assert _parts(tmp_path / f"alone-{i}.pptx") == _parts(tmp_path / f"second-{i}.pptx")
        hant = tmp_path / (f"first-{i}.pptx" if first == "zh-Hant" else f"second-{i}.pptx")
        hant_xml = b"".join(_parts(hant).values())
        assert b'lang="zh-TW"' in hant_xml and b'lang="zh-CN"' not in hant_xml


def test_a_theme_renders_without_a_context_as_with_one(sample_status, zh, tmp_path):
    report = _reports(sample_status, zh)[2]
    theme = load_theme()

    pptx_render.render(report, theme, tmp_path / "theme.pptx")
    pptx_render.render(report, pptx_render.preload(theme), tmp_path / "context.pptx")

    assert (tmp_path / "theme.pptx").read_bytes() == (tmp_path / "context.pptx").read_bytes()
