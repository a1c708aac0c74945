"""Every DOCX and PPTX passes the OOXML schema validator (openxml-audit)."""

from __future__ import annotations

import shutil
import subprocess

import pytest


@pytest.mark.parametrize("name", ["shanghai-ip-2020-briefing.docx", "shanghai-ip-2020-status.docx",
                                  "shanghai-ip-2020-briefing.pptx", "shanghai-ip-2020-status.pptx"])
def test_ooxml_is_schema_valid(sample_out, name):
    exe = shutil.which("openxml-audit")
    assert exe, "openxml-audit is not installed (pip install -e '.[test]')"

    result = subprocess.run([exe, str(sample_out / name)], capture_output=True, text=True)

    assert result.returncode == 0 and "Errors: 0" in result.stdout, result.stdout[-2000:]
