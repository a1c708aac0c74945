"""Shared fixtures: the sample plans, the seed's task sentences, and built outputs (built once)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.build import build
from generator.i18n import Labels
from generator.indicators import analyse
from generator.loader import load_plan

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "generator" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = DATA / "shanghai-ip-2020.yaml"
ENGLISH = DATA / "riverside-digital-2021.yaml"
SEED = ROOT.parent / "shared" / "seeds" / "000_cf0c78710edc0858.txt"

# A pinyin annotation: Latin letters with tone marks in ASCII parentheses, e.g. `識(shí)`.
PINYIN = re.compile(r"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def normalise(text: str) -> str:
    """For comparing texts across formats: no white space, ASCII punctuation as full-width."""
    text = re.sub(r"\s+", "", text)
    return text.replace(",", "，").replace("(", "（").replace(")", "）").replace(";", "；")


def seed_task_sentences() -> list[str]:
    """Every task sentence of the seed, in Simplified Chinese, pinyin removed, normalised."""
    import opencc

    text = opencc.OpenCC("t2s").convert(PINYIN.sub("", SEED.read_text(encoding="utf-8")))
    tasks = []
    for para in text.split("\n"):
        para = para.strip()
        if not re.match(r"^[一二三四五]是", para):
            continue
        _, rest = para.split("。", 1)
        tasks += [normalise(s) for s in re.split(r"[。;；]", rest) if s.strip()]
    return tasks


@pytest.fixture(scope="session")
def seed_tasks() -> list[str]:
    if not SEED.is_file():
        pytest.fail(f"the seed document is missing: {SEED}")
    return seed_task_sentences()


@pytest.fixture(scope="session")
def sample_status():
    return analyse(load_plan(SAMPLE).plan)


@pytest.fixture(scope="session")
def english_status():
    return analyse(load_plan(ENGLISH).plan)


@pytest.fixture(scope="session")
def zh() -> Labels:
    return Labels("zh-Hans")


@pytest.fixture(scope="session")
def en() -> Labels:
    return Labels("en")


@pytest.fixture(scope="session")
def sample_out(tmp_path_factory) -> Path:
    """The six sample files (2 reports × 3 formats) for the Chinese plan."""
    out = tmp_path_factory.mktemp("sample")
    result = build(SAMPLE, out_dir=out)
    assert len(result.files) == 6
    return out


@pytest.fixture(scope="session")
def english_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("english")
    build(ENGLISH, out_dir=out)
    return out


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def overlapping_words(pdf_path) -> list[tuple[int, str, str]]:
    """Pairs of words drawn over each other, and words running off the page, in a PDF: what a
    reader sees as collided labels (chart axes under legends, text over text)."""
    import pdfplumber

    found = []
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            words = page.extract_words()
            for i, a in enumerate(words):
                if a["x1"] > page.width + 0.5 or a["x0"] < -0.5:
                    found.append((number, a["text"], "(off the page)"))
                for b in words[i + 1:]:
                    if (a["x0"] < b["x1"] - 0.5 and b["x0"] < a["x1"] - 0.5
                            and a["top"] < b["bottom"] - 0.5 and b["top"] < a["bottom"] - 0.5):
                        found.append((number, a["text"], b["text"]))
    return found
