"""Every corpus file imports with the areas, tasks, units and dates a person reads in it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.loader import load_plan

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "importers"
ANSWERS = sorted(CORPUS.rglob("*.answer.yaml"))


def _source(answer: Path) -> Path:
    return answer.with_name(answer.name.removesuffix(".answer.yaml"))


def _as_read(plan) -> list[dict]:
    units = {u.id: u.name for u in plan.units}
    return [{"title": area.title,
             "tasks": [{"id": t.id, "title": t.title, "lead": units[t.lead],
                        "support": [units[s] for s in t.support], "due": t.due,
                        "phase": t.phase.value, "health": t.health.value,
                        "progress": t.progress, "note": t.note or "",
                        "decision": t.decision or "", "tags": list(t.tags)}
                       for t in area.tasks]}
            for area in plan.areas]


@pytest.mark.parametrize("answer", ANSWERS, ids=[str(a.relative_to(CORPUS)).removesuffix(
    ".answer.yaml") for a in ANSWERS])
def test_corpus_file_imports_as_a_person_reads_it(answer, tmp_path, capsys):
    expected = yaml.safe_load(answer.read_text(encoding="utf-8"))
    source = _source(answer)
    out = tmp_path / "draft.yaml"
    command = "import-text" if source.suffix == ".txt" else "import-sheet"

    code = main([command, str(source), "--out", str(out)])

    printed = capsys.readouterr()
    assert code == 0, printed.err
    plan = load_plan(out).plan
    got = _as_read(plan)
    assert [a["title"] for a in got] == [a["title"] for a in expected["areas"]]
    for area, want_area in zip(got, expected["areas"], strict=True):
        assert [t["title"] for t in area["tasks"]] == [t["title"] for t in want_area["tasks"]]
        for task, want in zip(area["tasks"], want_area["tasks"], strict=True):
            for key in ("id", "lead", "support", "phase", "health", "progress", "tags"):
                if key in want:
                    assert task[key] == want[key], (task["title"], key)
            assert task["due"] == want.get("due"), task["title"]
            for key in ("note", "decision"):
                for fragment in want.get(key, []):
                    assert fragment in task[key], (task["title"], key, task[key])
    assert plan.language == expected["language"]
    assert plan.period.start.year == expected["year"]
    if "as_of" in expected:
        assert plan.as_of == expected["as_of"], "the date the title says the figures stand at"
    if "title" in expected:
        assert plan.title == expected["title"]
    if "encoding" in expected:
        assert f"read as {expected['encoding']}" in printed.out + printed.err
    draft = out.read_text(encoding="utf-8")
    for column in expected.get("unknown_columns", []):
        head = draft.split("\ntitle:")[0]
        assert column in head, "unknown columns are listed at the top of the draft"
    if "placeholder_lead" in expected:
        assert expected["placeholder_lead"] in {u.name for u in plan.units}
