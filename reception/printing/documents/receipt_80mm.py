"""登记回执 on the 80 mm thermal roll (72 mm printable, as long as the content): see :mod:`.receipt`."""

from __future__ import annotations

from reception.printing.documents import receipt
from reception.printing.job import PrintJob


def render(job: PrintJob, out) -> bytes:
    return receipt.render(job, out, paper="80mm")
