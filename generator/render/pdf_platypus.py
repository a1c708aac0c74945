"""The reportlab platypus classes the PDF renderer uses, loaded through `library_hooks.platypus`."""

from __future__ import annotations

from .library_hooks import platypus

_platypus = platypus()  # before any other module imports reportlab.platypus (see its docstring)

BaseDocTemplate = _platypus.BaseDocTemplate
CondPageBreak = _platypus.CondPageBreak
Flowable = _platypus.Flowable
Frame = _platypus.Frame
KeepTogether = _platypus.KeepTogether
NextPageTemplate = _platypus.NextPageTemplate
PageBreak = _platypus.PageBreak
PageTemplate = _platypus.PageTemplate
Spacer = _platypus.Spacer

__all__ = ["BaseDocTemplate", "CondPageBreak", "Flowable", "Frame", "KeepTogether",
           "NextPageTemplate", "PageBreak", "PageTemplate", "Spacer"]
