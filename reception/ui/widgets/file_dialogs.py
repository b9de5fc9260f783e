"""Every file dialog of the desk is built here, so none of them can cost the ledger its SQLite locks.

POSIX advisory locks belong to the process, not to the file descriptor: any ``open()`` + ``close()`` of the
ledger (or its ``-wal``/``-shm``) elsewhere in the process drops the locks SQLite holds on it.  Another
``reception`` process then believes it is the last connection, checkpoints and deletes the WAL under the running
desk ("disk I/O error", "file is not a database").  Qt's file dialogs did exactly that: listing a folder asks
the icon provider for each file's icon and type, which asks ``QMimeDatabase`` to sniff the file's first bytes
(strace: ``openat("…/ledger.db", O_RDONLY)`` + ``close``).  So the desk's dialogs

* are Qt's own widget dialog (a native GTK/portal dialog sniffs files the same way and cannot be told not to),
  with an icon provider that answers from the file's kind and name alone, never its content;
* never open in the data folder: they start in the last folder used for the same purpose, else the user's
  documents folder, and a remembered folder that is the data folder is forgotten.

Callers keep the house pattern (STYLE.md item 6): a classmethod returning ``(value, accepted)`` built on
:func:`choose`, which tests patch instead of running a dialog.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QFileInfo, QSettings, QStandardPaths
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

__all__ = ["ContentFreeIconProvider", "Mode", "choose", "default_data_dirs", "make_dialog", "start_folder"]

_SETTINGS_GROUP = "file_dialogs"


class Mode(Enum):
    SAVE = "save"
    OPEN = "open"
    FOLDER = "folder"


class ContentFreeIconProvider(QAbstractFileIconProvider):
    """Icons and type names from the file's kind and suffix only: nothing here opens a file."""

    def __init__(self) -> None:
        super().__init__()
        self._generic = QAbstractFileIconProvider()

    def icon(self, what: QAbstractFileIconProvider.IconType | QFileInfo) -> QIcon:  # type: ignore[override]  # the stub has two overloads
        if isinstance(what, QFileInfo):
            kind = (
                QAbstractFileIconProvider.IconType.Folder if what.isDir() else QAbstractFileIconProvider.IconType.File
            )
            return self._generic.icon(kind)
        return self._generic.icon(what)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return QCoreApplication.translate("FileDialogs", "文件夹")
        suffix = info.suffix()
        return (
            QCoreApplication.translate("FileDialogs", "{0} 文件").format(suffix.upper())
            if suffix
            else QCoreApplication.translate("FileDialogs", "文件")
        )


def default_data_dirs() -> list[Path]:
    """The folders that hold a ledger on a default install (the data folder, RECEPTION_DB's folder)."""
    from platformdirs import user_data_dir

    dirs = [Path(user_data_dir("reception", appauthor=False))]
    db = os.environ.get("RECEPTION_DB", "")
    if db and "://" not in db:
        dirs.append(Path(db).expanduser().parent)
    return dirs


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def start_folder(purpose: str, avoid: Iterable[Path | None] = (), settings: QSettings | None = None) -> Path:
    """Where a dialog for ``purpose`` opens: the last folder used for it, else documents, else home; never a
    folder in ``avoid`` (nor the default data folders)."""
    settings = settings if settings is not None else QSettings()
    banned = [p for p in (*avoid, *default_data_dirs()) if p is not None]
    remembered = settings.value(f"{_SETTINGS_GROUP}/{purpose}", "")
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    for candidate in (str(remembered or ""), documents, str(Path.home())):
        if not candidate:
            continue
        folder = Path(candidate)
        if folder.is_dir() and not any(_same_folder(folder, b) for b in banned):
            return folder
    return Path.home()


def make_dialog(
    parent: QWidget | None, title: str, *, mode: Mode, folder: Path, file_name: str = "", filters: str = ""
) -> QFileDialog:
    """A widget (non-native) QFileDialog on ``folder`` whose listing never reads file contents."""
    dialog = QFileDialog(parent, title, str(folder), filters)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setOption(QFileDialog.Option.DontUseCustomDirectoryIcons, True)
    provider = ContentFreeIconProvider()
    dialog.setIconProvider(provider)
    dialog.setProperty("_reception_icon_provider", provider)  # keeps the Python object alive with the dialog
    if mode is Mode.SAVE:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        if file_name:
            dialog.selectFile(file_name)
    elif mode is Mode.OPEN:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    else:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return dialog


def choose(
    parent: QWidget | None,
    title: str,
    *,
    mode: Mode,
    purpose: str,
    file_name: str = "",
    filters: str = "",
    avoid: Iterable[Path | None] = (),
) -> tuple[str, bool]:
    """Run a dialog for ``purpose`` modally; ``(path, accepted)``.  The chosen folder is remembered for next time
    (unless it is a data folder)."""
    settings = QSettings()
    dialog = make_dialog(
        parent,
        title,
        mode=mode,
        folder=start_folder(purpose, avoid, settings),
        file_name=Path(file_name).name if file_name else "",
        filters=filters,
    )
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    files = dialog.selectedFiles()
    dialog.deleteLater()
    path = files[0] if accepted and files else ""
    if path:
        chosen = Path(path) if mode is Mode.FOLDER else Path(path).parent
        settings.setValue(f"{_SETTINGS_GROUP}/{purpose}", str(chosen))
    return path, bool(path)
