"""Wiring the services to one open ledger; the composition root (app.py, cli.py) calls :func:`open_services`."""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reception.resources import resource_path
from reception.services.accounts import AccountService
from reception.services.audit import AuditService
from reception.services.ledger import LedgerService, load_calendar
from reception.storage.db import Store, init_db

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from reception.services.backup import BackupService
    from reception.services.documents import DocumentService
    from reception.services.export import ExportService
    from reception.services.leaders import LeaderService
    from reception.services.statistics import StatisticsService
    from reception.services.supervision import SupervisionService


@dataclass
class Services:
    store: Store
    ledger: LedgerService
    audit: AuditService
    accounts: AccountService

    @functools.cached_property
    def documents(self) -> DocumentService:
        """Printing and its records; built on first use, so commands that print nothing never import reportlab."""
        from reception.services.documents import DocumentService

        return DocumentService(store=self.store, ledger=self.ledger)

    @functools.cached_property
    def backup(self) -> BackupService:
        """Encrypted, verified backups and restore (services/backup.py); cryptography is imported on first use."""
        from reception.services.backup import BackupService

        return BackupService(store=self.store, settings=self.ledger.setting, audit=self.audit)

    @functools.cached_property
    def export(self) -> ExportService:
        """The ledger as xlsx/CSV (services/export.py); openpyxl is imported on first use."""
        from reception.services.export import ExportService

        return ExportService(store=self.store, audit=self.audit)

    @functools.cached_property
    def stats(self) -> StatisticsService:
        """Statistics with 同比/环比 (services/statistics.py: the definitions)."""
        from reception.services.statistics import StatisticsService

        return StatisticsService(store=self.store, ledger=self.ledger)

    @functools.cached_property
    def leaders(self) -> LeaderService:
        """领导接访日, 领导接访, 包案 and 批示 (services/leaders.py)."""
        from reception.services.leaders import LeaderService

        return LeaderService(store=self.store, ledger=self.ledger, audit=self.audit)

    @functools.cached_property
    def supervision(self) -> SupervisionService:
        """The supervision board's lists (services/supervision.py)."""
        from reception.services.supervision import SupervisionService

        return SupervisionService(store=self.store, ledger=self.ledger)

    def close(self) -> None:
        self.store.close()


def open_services(url: str | Path, *, calendar_file: Path | None = None, create: bool | None = None) -> Services:
    """The services on the ledger at ``url``; ``create`` as :func:`reception.storage.db.init_db` (False: the ledger
    must exist, True: it must be new)."""
    store = init_db(url, create=create)
    from reception.services.pending_prints import recover

    for note in recover(store):  # prints killed before their rename (services/pending_prints.py)
        log.warning("%s", note)
    audit = AuditService(store)
    ledger = LedgerService(store=store, calendar=load_calendar(calendar_file), audit=audit)
    ledger.use_ledger_rules()
    ledger.seed_directory(resource_path("data", "agencies.json"))
    return Services(store=store, ledger=ledger, audit=audit, accounts=AccountService(store, audit))
