"""The YAML/JSON reader: no silent type changes, no aliases or tags, duplicate keys refused."""

from __future__ import annotations

import pytest

from generator.errors import PlanError
from generator.sources import format_path, read_document


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_plain_scalars_keep_their_text(tmp_path):
    path = write(tmp_path, "p.yaml", "a: no\nb: 012\nc: 1:30\nd: true\ne: 3\nf: 2.5\ng: ~\n")

    doc = read_document(path)

    assert doc.data == {"a": "no", "b": "012", "c": "1:30", "d": True, "e": 3, "f": 2.5,
                        "g": None}


def test_lines_are_recorded_per_field_path(tmp_path):
    text = "areas:\n  - id: x\n    tasks:\n      - id: t\n        due: 1\n"
    path = write(tmp_path, "p.yaml", text)

    doc = read_document(path)

    assert doc.line_of(("areas", 0, "tasks", 0, "due")) == 5
    assert doc.line_of(("areas", 0, "tasks", 0, "missing")) == 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\na: 2\n", "p.yaml:2: a: duplicate key (first given on line 1)"),
        ("a: &x [1]\nb: *x\n", "p.yaml:2: b: YAML aliases"),
        ("a: !!python/object:os.system x\n", "p.yaml:1: a: YAML tag"),
        ("a: [1,\n", "p.yaml:2: YAML syntax"),
        ("", "p.yaml:1: the file is empty"),
        ("a: 99999999999999999999\n", "p.yaml:1: a: number"),
    ],
    ids=["duplicate-key", "alias", "python-tag", "syntax", "empty", "huge-number"],
)
def test_bad_yaml_is_reported_with_its_line(tmp_path, text, expected):
    path = write(tmp_path, "p.yaml", text)

    with pytest.raises(PlanError) as caught:
        read_document(path)

    assert str(caught.value.problems[0]).replace(str(tmp_path) + "/", "").startswith(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1, "a": 2}', "duplicate key"),
        ('{"a": NaN}', "NaN is not allowed"),
        ('{"a": [1,}', "JSON syntax"),
    ],
    ids=["duplicate-key", "nan", "syntax"],
)
def test_bad_json_is_refused(tmp_path, text, expected):
    path = write(tmp_path, "p.json", text)

    with pytest.raises(PlanError) as caught:
        read_document(path)

    assert expected in str(caught.value)


def test_invalid_utf8_and_bom(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: 1\nb: \xff\xfe\n")
    bom = tmp_path / "bom.yaml"
    bom.write_bytes("\ufeffa: 标题\n".encode())

    with pytest.raises(PlanError, match=r"bad.yaml:2: not valid UTF-8"):
        read_document(bad)
    assert read_document(bom).data == {"a": "标题"}


def test_unknown_extension_and_missing_file(tmp_path):
    with pytest.raises(PlanError, match="unknown plan format '.txt'"):
        read_document(write(tmp_path, "p.txt", "a: 1"))
    with pytest.raises(PlanError, match="file not found"):
        read_document(tmp_path / "nope.yaml")


def test_format_path():
    assert format_path(("areas", 2, "tasks", 3, "due")) == "areas[2].tasks[3].due"
