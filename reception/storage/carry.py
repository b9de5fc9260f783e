"""What a restore over a newer ledger carries over from it: its number series' high-water marks.

A restored archive is older than the ledger it replaces whenever matters were registered (or documents printed)
after the backup.  Those numbers were handed out, and may be on paper in a visitor's hand: the restored ledger
must never issue them again.  So each sequence of the restored ledger (matter numbers, document numbers, per
year) is raised to the replaced ledger's value where that is higher, and the matters and documents the restore
loses are named for the operator.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

# The audit trail's sequence is the chain's own: the restored trail continues from its last entry.
_NOT_CARRIED = ("audit",)


@dataclass(frozen=True)
class Reserved:
    """Numbers of one series the replaced ledger had issued beyond the archive's: never issued again."""

    series: str
    year: int
    first: int
    last: int


@dataclass(frozen=True)
class CarriedOver:
    lost_matters: tuple[str, ...]  # numbers of the replaced ledger's matters the archive does not have
    lost_documents: int  # documents printed after the archive
    reserved: tuple[Reserved, ...]


def carry_over(restored: Path, replaced: Path) -> CarriedOver:
    """Raise ``restored``'s sequences to ``replaced``'s high-water marks (one transaction) and list what is lost.

    Both files are SQLite ledgers no one else has open (the caller holds them exclusively)."""
    con = sqlite3.connect(str(restored), isolation_level=None)
    try:
        con.execute("ATTACH DATABASE ? AS old", (str(replaced),))
        old_tables = {r[0] for r in con.execute("SELECT name FROM old.sqlite_master WHERE type = 'table'")}
        if not {"counter", "matter", "document"} <= old_tables:
            return CarriedOver((), 0, ())
        con.execute("BEGIN IMMEDIATE")
        reserved: list[Reserved] = []
        rows = con.execute(
            "SELECT o.name, o.year, o.value, COALESCE(n.value, 0) FROM old.counter o "
            "LEFT JOIN main.counter n ON n.name = o.name AND n.year = o.year "
            f"WHERE o.name NOT IN ({', '.join('?' for _ in _NOT_CARRIED)}) AND o.value > COALESCE(n.value, 0) "
            "ORDER BY o.name, o.year",
            _NOT_CARRIED,
        ).fetchall()
        for name, year, high, mine in rows:
            con.execute(
                "INSERT INTO main.counter (name, year, value) VALUES (?, ?, ?) "
                "ON CONFLICT (name, year) DO UPDATE SET value = excluded.value",
                (name, year, high),
            )
            reserved.append(Reserved(str(name), int(year), int(mine) + 1, int(high)))
        lost = tuple(
            str(r[0])
            for r in con.execute(
                "SELECT number FROM old.matter WHERE uuid NOT IN (SELECT uuid FROM main.matter) ORDER BY id"
            )
        )
        lost_docs = con.execute(
            "SELECT COUNT(*) FROM old.document d JOIN old.matter m ON m.id = d.matter_id "
            "WHERE NOT EXISTS (SELECT 1 FROM main.document nd JOIN main.matter nm ON nm.id = nd.matter_id "
            "WHERE nm.uuid = m.uuid AND nd.kind = d.kind AND nd.number = d.number AND nd.copy = d.copy)"
        ).fetchone()[0]
        con.execute("COMMIT")
        con.execute("DETACH DATABASE old")
        return CarriedOver(lost, int(lost_docs), tuple(reserved))
    finally:
        con.close()
