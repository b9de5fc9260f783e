"""Wiring the services to one open ledger; the composition root (app.py, cli.py) calls :func:`open_services`."""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import os
import secrets
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


CHAIN_LABEL = b"reception audit chain v2"
KEY_FILE_SUFFIX = ".auditkey"


def _hkdf(secret: bytes, label: bytes) -> bytes:
    """HKDF-SHA256 (RFC 5869), one 32-byte block, no salt."""
    prk = hmac.digest(b"\0" * 32, secret, "sha256")
    return hmac.digest(prk, label + b"\x01", "sha256")


def key_file(store: Store) -> Path:
    """The per-ledger secret the chain key is derived from until the ledger has a data key: beside a SQLite file
    (``ledger.db.auditkey``); for a PostgreSQL ledger the file ``RECEPTION_AUDIT_KEY_FILE`` names (one file shared
    by the hall's desks), else one per server and database in the user's data folder."""
    if store.path is not None and str(store.path) != ":memory:":
        return store.path.with_name(store.path.name + KEY_FILE_SUFFIX)
    named = os.environ.get("RECEPTION_AUDIT_KEY_FILE", "").strip()
    if named:
        return Path(named)
    from platformdirs import user_data_dir

    from reception.storage.db import redact_url

    tag = hashlib.sha256(redact_url(store.url).encode()).hexdigest()[:16]
    return Path(user_data_dir("reception", appauthor=False)) / f"server-{tag}{KEY_FILE_SUFFIX}"


def chain_key(store: Store, *, data_key: bytes | None = None, ledger: Path | None = None) -> bytes:
    """The audit chain's HMAC key: the ONE place it is derived.

    With the ledger's data key (the key every valid login unwraps), HKDF of it; until then, HKDF of a random
    per-ledger secret kept outside the ledger file (:func:`key_file`, owner-only, created with the ledger).  The
    key file protects against a copy of the ledger file alone (a stolen or copied ``.db``, an archive restored
    elsewhere) being used to extend or rewrite the chain; anyone who can read both files can, which only anchors
    (backups, exports, printed reports) reveal afterwards."""
    if data_key is not None:
        return _hkdf(data_key, CHAIN_LABEL)
    if store.path is not None and str(store.path) == ":memory:":
        return _hkdf(b"in-memory ledger", CHAIN_LABEL)
    # ``ledger``: the path the file will be used at (a restore writes a temporary file that is then renamed).
    path = ledger.with_name(ledger.name + KEY_FILE_SUFFIX) if ledger is not None else key_file(store)
    try:
        secret = path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_bytes(32)
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:  # another desk created it at the same moment: use theirs
            secret = path.read_bytes()
        else:
            with os.fdopen(fd, "wb") as out:
                out.write(secret)
                out.flush()
                os.fsync(out.fileno())
    if len(secret) < 16:
        from reception.storage.db import StorageError

        raise StorageError(f"审计密钥文件 {path} 已损坏")
    return _hkdf(secret, CHAIN_LABEL)


def open_services(url: str | Path, *, calendar_file: Path | None = None, create: bool | None = None) -> Services:
    """The services on the ledger at ``url``; ``create`` as :func:`reception.storage.db.init_db` (False: the ledger
    must exist, True: it must be new)."""
    store = init_db(url, create=create)
    from reception.services.pending_prints import recover

    for note in recover(store):  # prints killed before their rename (services/pending_prints.py)
        log.warning("%s", note)
    audit = AuditService(store, chain_key(store))
    audit.seal_if_pending()
    ledger = LedgerService(store=store, calendar=load_calendar(calendar_file), audit=audit)
    ledger.use_ledger_rules()
    ledger.seed_directory(resource_path("data", "agencies.json"))
    return Services(store=store, ledger=ledger, audit=audit, accounts=AccountService(store, audit))
