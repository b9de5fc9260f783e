"""Encrypted, verified backups of the ledger, and restoring them.

``archive`` is the file format (encryption, chunked zstd, the manifest, reading back and verifying), ``files``
the file handling around it (private files, renames that never replace, swapping a restored ledger in), and
``service`` the use cases with the desk's :class:`BackupService`; SQLite and the tables stay in
:mod:`reception.storage.backup_io`.  The names below are the package's public face: import them from here.
"""

from __future__ import annotations

from reception.services.backup.archive import (
    CHUNK_SIZE,
    COMPRESS_LEVEL,
    DIGEST_PLACEHOLDER,
    FINAL,
    FORMAT_VERSION,
    KDF_DEFAULT,
    KDF_MAX_MEMORY,
    KEY_CHECK_LABEL,
    MAGIC,
    MAX_HEADER,
    READ_VERSIONS,
    SUFFIX,
    TAG,
    ArchiveError,
    BackupError,
    Cancelled,
    Keys,
    Manifest,
    Progress,
    archive_name,
    new_keys,
    read_manifest,
    verify_archive,
    write_archive,
)
from reception.services.backup.files import (
    aside_name,
    create_private_file,
    free_space,
    read_passphrase_file,
    replace_ledger,
    swap_in,
)
from reception.services.backup.service import (
    FULL_CHECK_MAX,
    MIN_PASSPHRASE,
    BackupResult,
    BackupService,
    RestoreResult,
    create_backup,
    record_restore,
    restore_archive,
)

__all__ = [
    "CHUNK_SIZE",
    "COMPRESS_LEVEL",
    "DIGEST_PLACEHOLDER",
    "FINAL",
    "FORMAT_VERSION",
    "FULL_CHECK_MAX",
    "KDF_DEFAULT",
    "KDF_MAX_MEMORY",
    "KEY_CHECK_LABEL",
    "MAGIC",
    "MAX_HEADER",
    "MIN_PASSPHRASE",
    "READ_VERSIONS",
    "SUFFIX",
    "TAG",
    "ArchiveError",
    "BackupError",
    "BackupResult",
    "BackupService",
    "Cancelled",
    "Keys",
    "Manifest",
    "Progress",
    "RestoreResult",
    "archive_name",
    "aside_name",
    "create_backup",
    "create_private_file",
    "free_space",
    "new_keys",
    "read_manifest",
    "read_passphrase_file",
    "record_restore",
    "replace_ledger",
    "restore_archive",
    "swap_in",
    "verify_archive",
    "write_archive",
]
