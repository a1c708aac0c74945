"""Class 4: every unit gets its own file on every platform, and a name never hides its real
extension (collisions by cutting, equal names, case, Unicode normalisation, invisible
characters; Windows path lengths and device names)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
import yaml
from docx import Document

from generator.build import build_meeting
from generator.cli import main
from generator.output import MAX_NAME_BYTES, UniqueNames, name_key, safe_name, utf16_length

from ..conftest import ENGLISH

LONG = "Directorate of " + "Very Long Departmental Names " * 12
UNIT_NAMES = [
    LONG + "North", LONG + "South",                 # cut to the same 200 bytes
    "Finance", "Finance",                           # equal names
    "Legal", "LEGAL", "legal",                      # equal but for case
    unicodedata.normalize("NFC", "Café"), unicodedata.normalize("NFD", "Café"),  # NFC / NFD
    "Audit\u200b", "Audit",                         # equal once invisible characters go
    "Report\u202egnp.exe", "CON", "nul.txt", "Ops. ", "Ops",  # bidi, devices, trailing dot
    "单位" * 120,                                    # CJK past the byte limit
]


def plan_with_units(tmp_path: Path) -> Path:
    data = yaml.safe_load(ENGLISH.read_text(encoding="utf-8"))
    data["units"] = [{"id": f"u{i}", "name": name} for i, name in enumerate(UNIT_NAMES)]
    tasks = data["areas"][0]["tasks"]
    template = tasks[0]
    data["areas"][0]["tasks"] = [{**template, "id": f"T{i}", "lead": f"u{i}", "support": []}
                                 for i in range(len(UNIT_NAMES))]
    for area in data["areas"][1:]:
        for task in area["tasks"]:
            task["lead"], task["support"] = "u0", []
    data["updates"] = []
    path = tmp_path / "names.json"
    path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    return path


def check_distinct(files: list[Path]) -> None:
    keys = [name_key(f.name) for f in files]
    assert len(set(keys)) == len(keys), sorted(keys)
    for f in files:
        assert all(unicodedata.category(c) != "Cf" for c in f.name), f.name
        assert len(f.name.encode("utf-8")) <= 255
        assert f.suffix in {".docx", ".pptx", ".pdf", ".xlsx"}
        assert not f.stem.endswith((".", " ")) and f.stem.split(".")[0].upper() not in {
            "CON", "NUL", "PRN", "AUX"}


@pytest.mark.slow
def test_every_unit_gets_its_own_pack(tmp_path):
    plan = plan_with_units(tmp_path)

    result = build_meeting(plan, out_dir=tmp_path / "out", formats=("docx",), jobs=1)

    packs = [f for f in result.files if f.parent.name == "units"]
    assert len(packs) == len(UNIT_NAMES)
    check_distinct(packs)
    assert all(pack.is_file() for pack in packs)
    shown = {" ".join(p.text for p in Document(f).paragraphs) for f in packs}
    for name in UNIT_NAMES:
        visible = unicodedata.normalize("NFC", name).strip()
        assert any(visible[:40] in text for text in map(
            lambda t: unicodedata.normalize("NFC", t), shown)), name
    for path in (tmp_path / "out").rglob("*"):
        relative = path.relative_to(tmp_path / "out").as_posix()
        assert utf16_length(relative) <= 192, relative


def test_every_unit_gets_its_own_return_workbook(tmp_path, capsys):
    plan = plan_with_units(tmp_path)

    assert main(["returns", str(plan), "--out", str(tmp_path / "returns")]) == 0

    files = [Path(line) for line in capsys.readouterr().out.split("\n") if line]
    assert len(files) == len(UNIT_NAMES)
    check_distinct(files)
    assert all(f.is_file() for f in files)


@pytest.mark.parametrize("text", [
    "photo\u202egnp.exe", "a\u200bb", "a\u200db", "\ufeffname", "x\u2066y\u2069", "r\u200fl",
])
def test_invisible_and_bidi_characters_are_removed(text):
    name = safe_name(text)

    assert all(unicodedata.category(c) != "Cf" for c in name)
    assert name == "".join(c for c in text if unicodedata.category(c) != "Cf")


def test_a_suffix_that_tells_names_apart_is_never_cut_off():
    names = UniqueNames()

    first = names.take("x" * 300, "alpha")
    second = names.take("x" * 300, "beta")
    third = names.take("X" * 300, "beta")

    assert len({name_key(n) for n in (first, second, third)}) == 3
    assert second.endswith("-beta") and third.endswith("-beta-2")
    assert all(len(n.encode("utf-8")) <= MAX_NAME_BYTES for n in (first, second, third))


def test_windows_path_budget_in_utf16_units():
    assert utf16_length(safe_name("𠀀" * 200, max_chars=100)) <= 100  # astral: 2 units each
    assert utf16_length(safe_name("a" * 300, max_chars=100)) == 100
