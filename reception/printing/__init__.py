"""Printing: domain objects in, PDF out (reportlab, embedded TrueType fonts; never queries).

``render(kind, doc, out)`` prints one of :data:`KINDS` — a :class:`PrintJob` for the documents about
one matter, a :class:`LedgerReport` for ``"ledger"`` — to a path or a binary file object and returns
the PDF bytes. The document modules live in :mod:`reception.printing.documents`; their number series
and the states they fit are in :mod:`reception.printing.kinds`.
"""

from __future__ import annotations

import importlib
from typing import Any

from reception.printing.job import COPIES, LedgerReport, PrintJob, qr_payload, query_code
from reception.printing.kinds import KINDS, MATTER_KINDS, KindSpec, kind_char, kind_label, refusal, series

__all__ = [
    "COPIES",
    "KINDS",
    "MATTER_KINDS",
    "KindSpec",
    "LedgerReport",
    "PrintJob",
    "kind_char",
    "kind_label",
    "qr_payload",
    "query_code",
    "refusal",
    "render",
    "series",
]


def render(kind: str, doc: Any, out: Any) -> bytes:
    """Print ``doc`` as document ``kind`` to ``out`` (a path or a binary file object); returns the bytes.

    A character no font can draw (stored before registration refused it) prints as □
    (:mod:`reception.printing.placeholder`). Raises ValueError for an unknown kind.
    """
    try:
        spec = KINDS[kind]
    except KeyError:
        raise ValueError(f"未知的文书种类“{kind}”，可用：{'、'.join(KINDS)}") from None
    module = importlib.import_module(f"reception.printing.documents.{spec.module}")
    from reception.printing.placeholder import printable  # reportlab's fonts load with the first print

    return module.render(printable(doc), out)
