"""The reportlab platypus classes the PDF renderer uses, loaded through `library_hooks.platypus`."""

from __future__ import annotations

import re

from .library_hooks import platypus


class DeferredPattern:
    """A regular expression compiled when first used: reads as the compiled pattern."""

    def __init__(self, pattern: str, flags: int):
        self.pattern, self.flags = pattern, flags
        self._compiled: re.Pattern | None = None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return getattr(self._compiled, name)


# Before any other module imports reportlab.platypus: its unused URL pattern compiled later.
_platypus = platypus(DeferredPattern)

BaseDocTemplate = _platypus.BaseDocTemplate
CondPageBreak = _platypus.CondPageBreak
Flowable = _platypus.Flowable
Frame = _platypus.Frame
KeepTogether = _platypus.KeepTogether
NextPageTemplate = _platypus.NextPageTemplate
PageBreak = _platypus.PageBreak
PageTemplate = _platypus.PageTemplate
Spacer = _platypus.Spacer

__all__ = ["BaseDocTemplate", "CondPageBreak", "DeferredPattern", "Flowable", "Frame",
           "KeepTogether", "NextPageTemplate", "PageBreak", "PageTemplate", "Spacer"]
