"""Same inputs, same bytes: DOCX, PPTX and PDF are byte-identical on a rerun at another time."""

from __future__ import annotations

import time
import zipfile
from unittest import mock

from generator.build import build

from .conftest import SAMPLE


def test_a_rerun_a_day_later_gives_identical_files(tmp_path):
    first = build(SAMPLE, out_dir=tmp_path / "a", jobs=1)
    later = time.time() + 86400 + 3
    with mock.patch("time.time", return_value=later):
        second = build(SAMPLE, out_dir=tmp_path / "b", jobs=1)

    for a, b in zip(first.files, second.files, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_zip_entries_carry_the_as_of_date(sample_out):
    with zipfile.ZipFile(sample_out / "shanghai-ip-2020-briefing.docx") as archive:
        stamps = {info.date_time for info in archive.infolist()}

    assert stamps == {(2020, 9, 30, 0, 0, 0)}
