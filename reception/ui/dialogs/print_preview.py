"""The preview of a document the desk printed: the very PDF the documents service wrote, shown with QtPdf.

The clerk sees what the visitor will be handed, then prints it (the printer chosen for this kind of document is
preselected) or saves it as PDF.  Messages — sent, saved, no printer — appear in the dialog's own line, never in a
second modal box.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QPointF, QSettings, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reception.services.output_paths import OutputRefused, check_output, write_atomically
from reception.ui import printing
from reception.ui.widgets.common import FieldMessage
from reception.ui.widgets.file_dialogs import Mode, choose
from reception.ui.workers import run_in_background

__all__ = ["PrintPreviewDialog", "SaveAsChooser", "ledger_of"]


def ledger_of(services: Any) -> Path | None:
    """The open ledger's file (None for PostgreSQL or a stand-in), which 另存为 must never overwrite."""
    return getattr(getattr(services, "store", None), "path", None)


class SaveAsChooser:
    """Where to save a copy; a classmethod returning (path, accepted) so tests patch it, not a file dialog."""

    @classmethod
    def choose(cls, suggested: Path, parent: QWidget | None = None) -> tuple[str, bool]:
        return choose(
            parent,
            QCoreApplication.translate("PrintPreviewDialog", "另存为 PDF"),
            mode=Mode.SAVE,
            purpose="pdf",
            file_name=suggested.name,
            filters="PDF (*.pdf)",
            avoid=[suggested.parent],
        )


class PrintPreviewDialog(QDialog):
    """Preview + 打印 (Ctrl+P) + 另存为 PDF (Ctrl+S) for one PDF file."""

    #: a PrintOutcome after each print or save (the detail view logs it; tests wait on it)
    finished_printing = Signal(object)

    def __init__(
        self,
        pdf_path: str | Path,
        *,
        kind: str,
        title: str,
        file_stem: str = "",
        settings: QSettings | None = None,
        ledger: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.pdf_path = Path(pdf_path)
        self.ledger = ledger
        self.kind = kind
        self.file_stem = file_stem or self.pdf_path.stem
        self._settings = settings
        self.last_outcome: printing.PrintOutcome | None = None
        self.setWindowTitle(self.tr("打印预览 — {0}").format(title))
        self.resize(820, 720)

        self.document = QPdfDocument(self)
        self.document.load(str(self.pdf_path))
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)

        heading = QLabel(title, self)
        heading.setProperty("role", "page-title")
        pages = self.document.pageCount()
        self.pages_label = QLabel(self.tr("共 {0} 页").format(pages), self)
        self.pages_label.setProperty("role", "hint")
        self.message = FieldMessage(self)
        self.print_button = QPushButton(self.tr("打印…（Ctrl+P）"), self)
        self.print_button.setProperty("primary", True)
        self.print_button.setDefault(True)
        self.save_button = QPushButton(self.tr("另存为 PDF…（Ctrl+S）"), self)
        self.close_button = QPushButton(self.tr("关闭（Esc）"), self)
        self.close_button.setAutoDefault(False)
        if self.document.status() != QPdfDocument.Status.Ready or pages == 0:
            self._say(self.tr("无法显示这个 PDF：{0}").format(self.pdf_path), error=True)
            self.print_button.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.pages_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

        self._print_shortcut = QShortcut(QKeySequence.StandardKey.Print, self)
        self._save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)

        self.print_button.clicked.connect(self._on_print)
        self.save_button.clicked.connect(self._on_save)
        self.close_button.clicked.connect(self.accept)
        self._print_shortcut.activated.connect(self._on_print)
        self._save_shortcut.activated.connect(self._on_save)

    # -- messages ----------------------------------------------------------------------------------------------

    def _say(self, text: str, *, error: bool = False) -> None:
        (self.message.show_error if error else self.message.show_ok)(text)

    def message_text(self) -> str:
        return "" if self.message.isHidden() else self.message.text()

    def _done(self, outcome: printing.PrintOutcome) -> None:
        self.last_outcome = outcome
        self._say(outcome.message, error=not outcome.ok)
        self.print_button.setEnabled(True)
        self.finished_printing.emit(outcome)

    # -- print -------------------------------------------------------------------------------------------------

    @Slot()
    def _on_print(self) -> None:
        if not self.print_button.isEnabled():
            return
        if not printing.available_printers():
            self._save_without_printer()
            return
        printer, accepted = printing.PrinterChooser.choose(self.kind, self, self._settings)
        if not accepted or printer is None:
            return
        use_cups = (
            printer.outputFormat() != printer.OutputFormat.PdfFormat
            and bool(printer.printerName())
            and printing.cups_available()
        )
        if use_cups:
            # lp can take a moment (the scheduler converts the job); the window stays responsive meanwhile.
            self.print_button.setEnabled(False)
            self._say(self.tr("正在发送到打印机 {0}…").format(printer.printerName()))
            pdf, name, title = self.pdf_path, printer.printerName(), self.file_stem
            copies = max(1, printer.copyCount())
            sent = self.tr("已发送到打印机 {0}（作业 {1}）")

            def work() -> printing.PrintOutcome:  # worker thread: no widgets, no self
                job = printing.send_to_cups(pdf, name, title=title, copies=copies)
                return printing.PrintOutcome(True, sent.format(name, job), printer=name, job=job, method="cups")

            run_in_background(self, work, self._done, self._on_print_failed)
            return
        try:
            outcome = printing.print_pdf(self.pdf_path, printer, title=self.file_stem, use_cups=False)
        except (RuntimeError, OSError) as exc:
            self._on_print_failed(exc)
            return
        self._done(outcome)

    def _save_without_printer(self) -> None:
        try:
            saved = printing.save_copy(self.pdf_path, self.file_stem, self._settings)
        except OSError as exc:
            self._done(
                printing.PrintOutcome(False, self.tr("本机没有可用的打印机，保存 PDF 也失败了：{0}").format(exc))
            )
            return
        self._done(
            printing.PrintOutcome(
                True,
                self.tr("本机没有可用的打印机。文书已保存为 PDF：{0}（可拷贝到有打印机的电脑打印）").format(saved),
                method="saved",
                saved_to=str(saved),
            )
        )

    def _on_print_failed(self, exc: BaseException) -> None:
        saved = ""
        with contextlib.suppress(OSError):
            saved = str(printing.save_copy(self.pdf_path, self.file_stem, self._settings))
        text = self.tr("打印失败：{0}").format(exc)
        if saved:
            text += self.tr("。文书已保存为 PDF：{0}").format(saved)
        self._done(printing.PrintOutcome(False, text, method="saved" if saved else "", saved_to=saved))

    # -- save --------------------------------------------------------------------------------------------------

    @Slot()
    def _on_save(self) -> None:
        suggested = printing.default_save_dir(self._settings) / f"{self.file_stem}.pdf"
        path, accepted = SaveAsChooser.choose(suggested, self)
        if not accepted or not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            target = check_output(path, ledger=self.ledger, force=True)  # the dialog asked before replacing a file
            write_atomically(target, lambda tmp: shutil.copyfile(self.pdf_path, tmp))
        except OutputRefused as exc:
            self._done(printing.PrintOutcome(False, self.tr("不能保存到这里：{0}").format(exc.message)))
            return
        except OSError as exc:
            self._done(printing.PrintOutcome(False, self.tr("保存失败：{0}").format(exc)))
            return
        self._done(printing.PrintOutcome(True, self.tr("已保存到 {0}").format(path), method="file", saved_to=path))

    def first_page_rendered(self) -> Any:
        """The first page as an image (tests check the preview shows a real page)."""
        size = self.document.pagePointSize(0).toSize()
        return self.document.render(0, size)

    def scroll_to_top(self) -> None:
        self.view.pageNavigator().jump(0, QPointF(), self.view.zoomFactor())

    @classmethod
    def preview(
        cls,
        pdf_path: str | Path,
        *,
        kind: str,
        title: str,
        file_stem: str = "",
        ledger: Path | None = None,
        parent: QWidget | None = None,
    ) -> tuple[printing.PrintOutcome | None, bool]:
        """Show the preview until closed; (the last print/save outcome, accepted)."""
        dialog = cls(pdf_path, kind=kind, title=title, file_stem=file_stem, ledger=ledger, parent=parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        outcome = dialog.last_outcome
        dialog.deleteLater()
        return outcome, accepted
