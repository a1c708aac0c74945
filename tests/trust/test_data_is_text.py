"""Class 1 (this engineer's part): plan text never becomes a Word field in a themed running
footer, and terminal escape sequences from a plan never reach the terminal raw."""

from __future__ import annotations

import html
import re
import shutil
import zipfile

import pytest
import yaml

from generator.cli import main, printable
from generator.theme import DEFAULT_THEME, TEMPLATES_DIR

from ..conftest import ENGLISH

FIELD_TEXTS = ["{pages}", "{page}", "{page} of {pages}", "{{pages}}", "{title}", "{0}",
               "{pages!r}", "{page:>10}", "PAGE", "{ pages }"]


def themed(tmp_path, footer: str):
    folder = tmp_path / "theme"
    folder.mkdir()
    for name in ("default.docx", "default.pptx"):
        shutil.copyfile(TEMPLATES_DIR / name, folder / name)
    text = DEFAULT_THEME.read_text(encoding="utf-8").replace(
        "pdf:\n", f"pdf:\n  footer: {footer!r}\n", 1)
    (folder / "theme.yaml").write_text(text, encoding="utf-8")
    return folder / "theme.yaml"


@pytest.mark.parametrize("title", FIELD_TEXTS)
def test_plan_text_in_a_themed_footer_stays_text_in_docx(tmp_path, title):
    data = yaml.safe_load(ENGLISH.read_text(encoding="utf-8"))
    data["title"] = f"Plan {title}"
    data["organisation"] = f"Org {title}"
    plan = tmp_path / "p.yaml"
    plan.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    theme = themed(tmp_path, "{title} | {organisation} | {page} / {pages}")

    assert main(["build", str(plan), "--theme", str(theme), "--format", "docx,pdf",
                 "--report", "briefing", "--out", str(tmp_path / "o"), "--jobs", "1"]) == 0

    with zipfile.ZipFile(tmp_path / "o" / "p-briefing.docx") as archive:
        footers = [archive.read(n).decode() for n in archive.namelist()
                   if re.fullmatch(r"word/footer\d*\.xml", n)]
    footer = max(footers, key=len)
    instructions = re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", footer)
    assert [i.strip() for i in instructions] == ["PAGE", "NUMPAGES"]
    shown = html.unescape("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", footer)))
    assert f"Plan {title}" in shown and f"Org {title}" in shown


ESCAPES = ["\x1b[31mred", "\x1b]0;title\x07", "\x9b31m", "\x1b[2J\x1b[H", "\x07bell",
           "\x1bP+q\x1b\\", "\u202eevil"]


@pytest.mark.parametrize("escape", ESCAPES, ids=range(len(ESCAPES)))
def test_escapes_in_yaml_keys_and_values_never_reach_stderr_raw(tmp_path, capsys, escape):
    plan = tmp_path / "p.yaml"
    text = ENGLISH.read_text(encoding="utf-8")
    quoted = escape.encode("unicode_escape").decode().replace('"', '\\"')
    plan.write_text(text + f'"{quoted}": 1\nextra_{len(escape)}: "{quoted}"\n', encoding="utf-8")

    code = main(["validate", str(plan)])

    err = capsys.readouterr().err
    assert code == 2
    assert not any(c in err for c in "\x1b\x9b\x07"), repr(err)
    assert "unknown field" in err


def test_printable_keeps_text_and_line_breaks():
    assert printable("名称\tok\nnext") == "名称\tok\nnext"
    assert printable("a\x1b[31mb") == "a\\x1b[31mb"
    assert printable("\x9b") == "\\x9b"
