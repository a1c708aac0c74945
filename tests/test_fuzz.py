"""Property-based: any generated plan gives either a clear PlanError or three files that read
back and pass the OOXML validator. The example budget is fixed so that CI time is bounded."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
import pptx
import pypdf
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.errors import PlanError

CLEAN = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
TEXT = CLEAN
RAW = st.text(min_size=1, max_size=40)  # anything, control characters included
IDS = st.from_regex(r"[a-z][a-z0-9_.-]{0,8}", fullmatch=True)


@st.composite
def plans(draw):
    units = draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
    areas = []
    for a in range(draw(st.integers(1, 3))):
        tasks = []
        for t in range(draw(st.integers(0, 4))):
            tasks.append({
                "id": f"t{a}-{t}", "title": draw(TEXT), "lead": draw(st.sampled_from(units)),
                "phase": draw(st.sampled_from(["not_started", "planning", "in_progress",
                                               "done"])),
                "health": draw(st.sampled_from(["on_track", "at_risk", "delayed"])),
                "progress": draw(st.one_of(st.integers(0, 100), st.integers(-5, 105))),
                "due": draw(st.dates().map(str)),
                "note": draw(st.one_of(st.none(), st.text(max_size=300))),
            })
        for task in tasks:
            if task["phase"] == "done" and draw(st.booleans()):
                task["progress"] = 100
        areas.append({"id": f"a{a}", "title": draw(TEXT), "tasks": tasks})
    return {
        "title": draw(TEXT), "organisation": draw(RAW),
        "period": {"start": "2020-01-01", "end": "2020-12-31"}, "as_of": "2020-09-30",
        "next_meeting": {"title": draw(TEXT), "date": "2020-10-15"},
        "language": draw(st.sampled_from(["zh-Hans", "zh-Hant", "en"])),
        "marking": draw(st.one_of(st.none(), TEXT)),
        "units": [{"id": u, "name": draw(TEXT)} for u in units],
        "areas": areas,
    }


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(plans())
def test_any_plan_gives_a_clear_error_or_valid_files(plan):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.json"
        path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
        try:
            result = build(path, out_dir=Path(folder) / "out", jobs=1)
        except PlanError as exc:
            assert exc.problems and all(str(p).startswith(str(path)) for p in exc.problems)
            event("refused with a PlanError")
            return
        event("built")
        files = {f.suffix: f for f in result.files if "status" in f.name}
        docx.Document(files[".docx"])
        pptx.Presentation(files[".pptx"])
        assert len(pypdf.PdfReader(files[".pdf"]).pages) >= 2
        audit = shutil.which("openxml-audit")
        for suffix in (".docx", ".pptx"):
            run = subprocess.run([audit, str(files[suffix])], capture_output=True, text=True)
            assert run.returncode == 0, run.stdout[-1500:]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(RAW, IDS), min_size=1, max_size=12))
def test_unique_names_are_distinct_valid_and_never_hide_an_extension(units):
    import unicodedata

    from generator.output import UniqueNames, name_key, safe_name

    names = UniqueNames(max_chars=100)

    taken = [names.take(text, tag, fallback=tag) for text, tag in units]

    assert len({name_key(n) for n in taken}) == len(taken)
    for name in taken:
        assert name == safe_name(name, max_chars=100)  # stable: already a safe name
        assert 0 < len(name.encode("utf-8")) <= 200
        assert not any(unicodedata.category(c) in {"Cf", "Cc"} for c in name)
        assert not name.endswith((".", " ")) and "/" not in name and "\\" not in name


@settings(max_examples=300, deadline=None)
@given(RAW)
def test_printable_text_carries_no_control_characters(text):
    from generator.cli import printable

    shown = printable(text)

    assert not any(ord(c) < 32 and c not in "\n\t" or 0x7f <= ord(c) < 0xa0 for c in shown)
    assert "\x1b" not in shown and "\x9b" not in shown
