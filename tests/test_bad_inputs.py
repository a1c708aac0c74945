"""The bad-input corpus: every case exits 2 with file and place, no traceback, no output."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from generator.cli import main
from generator.output import safe_name

from .conftest import ENGLISH, FIXTURES

CASES = json.loads((FIXTURES / "bad-cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(CASES), ids=sorted(CASES))
def test_bad_plan_is_refused_clearly(name, tmp_path, capsys):
    out = tmp_path / "out"

    code = main(["build", str(FIXTURES / "bad" / name), "--out", str(out)])

    err = capsys.readouterr().err
    assert code == 2, err
    assert name in err
    assert CASES[name] in err, err
    assert "Traceback" not in err
    assert not out.exists()


def test_a_folder_and_a_huge_file_are_refused(tmp_path, capsys):
    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as handle:
        handle.truncate(21 * 1024 * 1024)

    assert main(["build", str(tmp_path), "--out", str(tmp_path / "o")]) == 2
    assert main(["build", str(huge), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "is a folder" in err and "the limit is 20,971,520" in err


# -- templates -------------------------------------------------------------------------------

def theme_with(tmp_path: Path, docx_bytes: bytes, name: str = "t.docx") -> Path:
    from generator.theme import DEFAULT_THEME, TEMPLATES_DIR

    (tmp_path / name).write_bytes(docx_bytes)
    (tmp_path / "default.pptx").write_bytes((TEMPLATES_DIR / "default.pptx").read_bytes())
    text = DEFAULT_THEME.read_text(encoding="utf-8").replace('docx: "default.docx"',
                                                             f'docx: "{name}"')
    theme = tmp_path / "theme.yaml"
    theme.write_text(text, encoding="utf-8")
    return theme


def rezip(replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
          transform=None) -> bytes:
    import io

    from generator.theme import TEMPLATES_DIR

    source = zipfile.ZipFile(TEMPLATES_DIR / "default.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = (replace or {}).get(info.filename, source.read(info))
            if transform:
                data = transform(info.filename, data)
            target.writestr(info.filename, data)
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def _doctype(name: str, data: bytes) -> bytes:
    if name == "word/document.xml":
        return data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
                            1)
    return data


def _macro(name: str, data: bytes) -> bytes:
    if name == "[Content_Types].xml":
        return data.replace(b"document.main+xml", b"document.macroEnabled.main+xml")
    return data


def _template_type(name: str, data: bytes) -> bytes:
    if name == "[Content_Types].xml":
        return data.replace(b"wordprocessingml.document.main+xml",
                            b"wordprocessingml.template.main+xml")
    return data


TEMPLATE_CASES = {
    "not-a-zip": (b"this is not a docx", "not a .docx file"),
    "zip-bomb": (rezip(add={"word/media/bomb.bin": b"\0" * 60_000_000}), "zip bomb"),
    "doctype": (rezip(transform=_doctype), "declares a DOCTYPE"),
    "macro-enabled": (rezip(transform=_macro), "macro-enabled"),
    "vba-project": (rezip(add={"word/vbaProject.bin": b"x"}), "VBA macro project"),
    "dotx-template": (rezip(transform=_template_type), "an Office template"),
}


@pytest.mark.parametrize("case", sorted(TEMPLATE_CASES), ids=sorted(TEMPLATE_CASES))
def test_hostile_word_template_is_refused(case, tmp_path, capsys):
    data, message = TEMPLATE_CASES[case]
    theme = theme_with(tmp_path, data)

    code = main(["build", str(ENGLISH), "--theme", str(theme), "--format", "docx",
                 "--out", str(tmp_path / "out"), "--jobs", "1"])

    err = capsys.readouterr().err
    assert code == 2, err
    assert message in err and "t.docx" in err
    assert "Traceback" not in err
    assert not any((tmp_path / "out").glob("*.docx"))


def test_a_pptx_named_docx_is_refused(tmp_path, capsys):
    from generator.theme import TEMPLATES_DIR

    theme = theme_with(tmp_path, (TEMPLATES_DIR / "default.pptx").read_bytes())

    assert main(["build", str(ENGLISH), "--theme", str(theme), "--format", "docx",
                 "--out", str(tmp_path / "out"), "--jobs", "1"]) == 2
    assert "not a .docx document" in capsys.readouterr().err


def test_external_relationships_of_a_template_are_dropped(tmp_path):
    import docx

    from generator.theme import TEMPLATES_DIR

    template = docx.Document(TEMPLATES_DIR / "default.docx")
    template.part.relate_to("file:///etc/passwd", docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK,
                            is_external=True)
    path = tmp_path / "ext.docx"
    template.save(path)
    theme = theme_with(tmp_path, path.read_bytes(), "ext2.docx")

    assert main(["build", str(ENGLISH), "--theme", str(theme), "--format", "docx",
                 "--out", str(tmp_path / "out"), "--jobs", "1"]) == 0
    output = next((tmp_path / "out").glob("*.docx"))
    with zipfile.ZipFile(output) as archive:
        rels = "".join(archive.read(n).decode() for n in archive.namelist()
                       if n.endswith(".rels"))
    assert "etc/passwd" not in rels and 'TargetMode="External"' not in rels


# -- file names from data ---------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [("../../x", "_x"), ("/abs/path", "_abs_path"), ("CON", "CON_"), ("nul.txt", "nul.txt_"),
     ("a\x00b", "a_b"), ("  .hidden. ", "hidden"), ("", "plan"), ("..", "plan"),
     ('a<b>c:d"e|f?g*h', "a_b_c_d_e_f_g_h")],
    ids=["parent", "absolute", "device", "device-ext", "nul", "dots", "empty", "dotdot",
         "reserved"],
)
def test_safe_names(text, expected):
    assert safe_name(text) == expected


def test_long_cjk_names_fit_the_byte_limit():
    name = safe_name("单" * 300)

    assert len(name.encode("utf-8")) <= 200
    assert name == "单" * 66


# -- text inside the data ---------------------------------------------------------------------

def test_tall_rows_rtl_text_and_markup_build_in_every_format(tmp_path):
    import yaml

    data = yaml.safe_load(ENGLISH.read_text(encoding="utf-8"))
    task = data["areas"][0]["tasks"][0]
    task["note"] = ("很长的进展说明，" * 1200)[:19000]
    task["title"] = "<b>bold</b> & <img src='/etc/passwd'/> שלום עולם مرحبا"
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")

    code = main(["build", str(path), "--out", str(tmp_path / "out"), "--jobs", "1"])

    assert code == 0
    assert len(list((tmp_path / "out").glob("odd-*"))) == 6
