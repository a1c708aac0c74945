"""The meeting bundle: overview + one pack per lead unit, manifest with hashes, reproducible zip."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from generator.build import build_meeting
from generator.errors import PlanError
from generator.indicators import analyse
from generator.loader import load_plan

from .conftest import SAMPLE

FOLDER = "2020-09-30 2020年上海市知识产权联席会议第三季度工作推进会"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle")
    result = build_meeting(SAMPLE, out_dir=out)
    return out, result


def test_one_pack_per_lead_unit_plus_overview(bundle):
    out, result = bundle
    folder = out / FOLDER
    lead_units = [u for u in analyse(load_plan(SAMPLE).plan).units if u.lead or u.support]

    packs = sorted(p.name for p in (folder / "units").iterdir())
    assert len(packs) == 3 * len(lead_units)
    assert "单位任务清单-上海市知识产权局.pdf" in packs
    assert (folder / "总览-会议简报.docx").is_file()
    assert (folder / "总览-工作推进情况报告.pdf").is_file()
    assert "单位任务清单-中华人民共和国上海海关.pptx" in packs  # supports only: a pack too


def test_manifest_lists_every_file_with_its_hash(bundle):
    out, result = bundle
    folder = out / FOLDER
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))

    listed = {entry["path"]: entry for entry in manifest["files"]}
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*")
               if p.is_file() and p.name != "manifest.json"}
    assert set(listed) == on_disk
    for path, entry in listed.items():
        data = (folder / path).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert manifest["plan"]["sha256"] == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    assert manifest["as_of"] == "2020-09-30"
    assert {"theme.yaml", "default.docx", "default.pptx"} <= set(manifest["templates"])


def test_zip_holds_the_folder_and_a_rerun_is_byte_identical(bundle, tmp_path):
    out, result = bundle
    archive = out / f"{FOLDER}.zip"
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
    assert names == sorted(names)
    assert f"{FOLDER}/manifest.json" in names
    assert all(name.startswith(f"{FOLDER}/") for name in names)

    again = build_meeting(SAMPLE, out_dir=tmp_path, jobs=1)

    assert (tmp_path / f"{FOLDER}.zip").read_bytes() == archive.read_bytes()
    assert len(again.files) == len(result.files)


def test_unit_pack_marks_supported_tasks(bundle):
    import pypdf

    out, _ = bundle
    pack = out / FOLDER / "units" / "单位任务清单-上海市知识产权局.pdf"
    text = "".join(page.extract_text() for page in pypdf.PdfReader(pack).pages)

    assert "配合任务" in text and "本单位配合" in text
    assert "上海市知识产权局" in text


def test_no_area_heading_ends_a_page_in_any_pack(bundle):
    import re

    import pdfplumber

    out, _ = bundle
    heading = re.compile(r"^[一二三四五六七八九十]+、")
    checked = 0
    for pack in sorted((out / FOLDER / "units").glob("*.pdf")):
        with pdfplumber.open(pack) as pdf:
            for page in pdf.pages:
                lines = [line for line in (page.extract_text() or "").splitlines() if line]
                body = lines[1:-1]  # without the running header and the page footer
                for i, line in enumerate(body):
                    if heading.match(line):
                        checked += 1
                        assert any("序号" in later for later in body[i + 1:]), (pack.name, line)
    assert checked >= 10


def test_no_words_collide_in_any_pdf_of_the_bundle(bundle):
    from .conftest import overlapping_words

    out, _ = bundle
    pdfs = sorted((out / FOLDER).rglob("*.pdf"))
    assert len(pdfs) >= 10
    for pdf in pdfs:
        assert overlapping_words(pdf) == [], pdf.name


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_bad_plan_stops_the_bundle_with_every_problem_named(tmp_path, jobs):
    # With two jobs the plan is read in a child process: its error must arrive the same.
    bad = Path(__file__).parent / "fixtures" / "bad" / "due-before-start.json"

    with pytest.raises(PlanError) as caught:
        build_meeting(bad, out_dir=tmp_path, jobs=jobs)

    assert caught.value.problems and all(p.file.endswith("due-before-start.json")
                                         for p in caught.value.problems)
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_unknown_format_or_language_is_a_user_error(tmp_path, jobs):
    from generator.errors import GeneratorError

    with pytest.raises(GeneratorError, match="unknown format 'odt'"):
        build_meeting(SAMPLE, out_dir=tmp_path, formats=("pdf", "odt"), jobs=jobs)
    with pytest.raises(GeneratorError, match="unknown language 'fr'"):
        build_meeting(SAMPLE, out_dir=tmp_path, language="fr", jobs=jobs)


def test_the_report_kinds_named_for_the_command_line_are_the_builders():
    from generator.build import REPORTS
    from generator.reports import BUILDERS

    assert REPORTS == tuple(BUILDERS)


def test_a_rebuild_removes_files_its_last_run_wrote_and_nothing_else(tmp_path):
    build_meeting(SAMPLE, out_dir=tmp_path, formats=("pdf",), jobs=1)
    folder = tmp_path / FOLDER
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    gone = folder / "units" / "单位任务清单-已撤销单位.pdf"  # a pack of a unit no longer leading
    gone.write_bytes(b"%PDF old")
    users_own = folder / "units" / "notes.txt"  # never listed: not ours to remove
    users_own.write_text("mine")
    outside = tmp_path / "outside.txt"
    outside.write_text("keep")
    planted = folder / "units" / "planted.pdf"  # listed, but not with its real hash: not ours
    planted.write_bytes(b"%PDF user's")
    manifest["files"] += [{"path": "units/单位任务清单-已撤销单位.pdf", "bytes": 8,
                           "sha256": hashlib.sha256(b"%PDF old").hexdigest()},
                          {"path": "units/planted.pdf", "bytes": 11, "sha256": "0" * 64},
                          {"path": "../outside.txt"}, "not an entry"]
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")

    build_meeting(SAMPLE, out_dir=tmp_path, formats=("pdf",), jobs=1)

    assert not gone.exists()
    assert users_own.read_text() == "mine" and outside.read_text() == "keep"
    assert planted.read_bytes() == b"%PDF user's"
    listed = json.loads(manifest_path.read_text(encoding="utf-8"))["files"]
    assert all(entry["path"] != "units/单位任务清单-已撤销单位.pdf" for entry in listed)
