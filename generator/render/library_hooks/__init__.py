"""Every touch of a library's private names and every run-time patch, in one place: this
package, one module per library (`docx_hooks`, `pptx_hooks`, `reportlab_hooks`, `zip_hooks`).

Each hook says which library versions it was checked against (see constraints.txt for the tested
versions), why the public API is not enough and what it buys (measured against the public way
in the same run); `tests/render/test_library_hooks*.py` test each hook's behaviour, so an
upgrade that breaks one fails there first. No patch outlives the call that needs it. Import
hooks from here (`from .library_hooks import element_of`).
"""

from __future__ import annotations

from .docx_hooks import defer_rows, deferred_xml, element_of, serialised_once
from .pptx_hooks import add_relationship, content_types_by, rels_xml_by
from .reportlab_hooks import (
    cached_face_class,
    cached_ttfont,
    kept_together,
    memo_text,
    page_size,
    pdf_writing,
    platypus,
    start_page,
)
from .zip_hooks import zip_members_diverted

__all__ = ["add_relationship", "cached_face_class", "cached_ttfont", "content_types_by",
           "defer_rows", "deferred_xml", "element_of", "kept_together", "memo_text", "page_size",
           "pdf_writing", "platypus", "rels_xml_by", "serialised_once", "start_page",
           "zip_members_diverted"]
