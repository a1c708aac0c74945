"""The PDF look from the theme file: letterhead, running header and footer, safe placeholders."""

from __future__ import annotations

import shutil

import pypdf
import pytest

from generator.cli import main
from generator.errors import TemplateError
from generator.theme import DEFAULT_THEME, TEMPLATES_DIR, load_theme

from .conftest import ENGLISH


def custom_theme(tmp_path, extra: str):
    for name in ("default.docx", "default.pptx"):
        shutil.copyfile(TEMPLATES_DIR / name, tmp_path / name)
    text = DEFAULT_THEME.read_text(encoding="utf-8").replace("pdf:\n", "pdf:\n" + extra, 1)
    path = tmp_path / "theme.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_letterhead_header_and_footer_come_from_the_theme(tmp_path):
    from PIL import Image

    Image.new("RGB", (300, 100), "#C8102E").save(tmp_path / "logo.png")
    theme = custom_theme(tmp_path, '  letterhead: { text: "Riverside Council", logo: "logo.png" }\n'
                                   '  header: "{organisation} | {meeting}"\n'
                                   '  footer: "{marking} — {page}/{pages}"\n')

    code = main(["build", str(ENGLISH), "--theme", str(theme), "--format", "pdf",
                 "--report", "status", "--out", str(tmp_path / "out"), "--jobs", "1"])

    reader = pypdf.PdfReader(next((tmp_path / "out").glob("*.pdf")))
    pages = len(reader.pages)
    assert code == 0
    assert "Riverside Council" in reader.pages[0].extract_text()
    assert reader.pages[0].images, "the logo is drawn"
    second = reader.pages[1].extract_text()
    assert "Riverside City Council, Digital Office | Digital Board, July 2021" in second
    assert f"OFFICIAL-SENSITIVE — 2/{pages}" in second


@pytest.mark.parametrize("field", ["{title.__class__}", "{secret}", "{page!r}", "{pages:>10}"])
def test_only_plain_known_placeholders_are_allowed(tmp_path, field):
    theme = custom_theme(tmp_path, f'  footer: "x {field}"\n')

    with pytest.raises(TemplateError, match=r"theme.yaml:\d+: pdf.footer: .* is not allowed"):
        load_theme(theme)


def test_a_logo_outside_the_theme_folder_is_refused(tmp_path):
    theme = custom_theme(tmp_path, '  letterhead: { logo: "../../etc/passwd" }\n')

    with pytest.raises(TemplateError, match="must name a file inside"):
        load_theme(theme)
