"""One module per document: each turns a :class:`~reception.printing.job.PrintJob` (or, for the
ledger, a :class:`~reception.printing.job.LedgerReport`) into flowables and has one entry,
``render(doc, out) -> bytes``, taking a path or a binary file object. See :mod:`reception.printing.kinds`."""
