"""登记回执 on the 80 mm thermal roll (72 mm printable, as long as the content): see :mod:`.receipt`."""

from __future__ import annotations

from reception.printing.documents import receipt
from reception.printing.job import PrintJob
from reception.printing.layout import Output


def render(job: PrintJob, out: Output) -> bytes:
    """Print the receipt of ``job`` on the 80 mm roll (see :func:`.receipt.render`)."""
    return receipt.render(job, out, paper="80mm")
