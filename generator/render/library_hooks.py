"""Every touch of a library's private names and every run-time patch, in one place.

Each hook says which library versions it was checked against (see constraints.txt for the tested
versions) and why the public API is not enough; `tests/render/test_library_hooks*.py` test each
hook's behaviour, so an upgrade that breaks one fails there first. No patch outlives the call
that needs it.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# python-docx (checked against 1.1.2 and 1.2.0)
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# python-pptx (checked against 1.0.2)
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# reportlab (checked against the versions in constraints.txt)
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# zipfile / Office packages
# ---------------------------------------------------------------------------------------------
