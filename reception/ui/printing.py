"""Sending a finished PDF to a printer from the desk.

Where the system has CUPS (Linux, macOS) the PDF itself goes to the queue with ``lp``, so text stays vector and a
PDF printer keeps it searchable.  Elsewhere (Windows) each page is rendered with QtPdf at the printer's resolution
and painted through ``QPrinter``.  With no printer at all the PDF is saved where the clerk can find it — the
message says where — so nothing is lost.  The printer chosen for each kind of document is remembered: a window's
80 mm receipt roll and its A4 laser are different printers.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSettings, QSize, QSizeF, QStandardPaths
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QWidget

__all__ = [
    "PrintOutcome",
    "PrinterChooser",
    "available_printers",
    "cid_fonts_copy",
    "cups_available",
    "default_save_dir",
    "paper_group",
    "print_pdf",
    "remember_printer",
    "remembered_printer",
    "render_to_printer",
    "save_copy",
    "send_to_cups",
]

SETTINGS_PREFIX = "printing/printer"
SAVE_DIR_KEY = "printing/save_dir"
# Extra options for every CUPS job.  A PostScript queue (a laser's PPD, or a cups-pdf "PDF printer") converts the
# PDF to PostScript; poppler's cairo renderer keeps CID fonts' text there, where Ghostscript (the default) keeps
# only the glyphs — the archived copy of a cups-pdf queue would not be searchable.  Other queues ignore it.
DEFAULT_CUPS_OPTIONS = ("pdftops-renderer=pdftocairo",)


# A plain name pyside6-lupdate recognises with a literal context (a wrapper taking only the text hides the strings).
translate = QCoreApplication.translate


def paper_group(kind: str) -> str:
    """Which physical printer a kind of document normally goes to: the receipt roll or the A4 printer."""
    return "receipt" if kind == "receipt-80mm" else "a4"


def _settings(settings: QSettings | None) -> QSettings:
    return settings if settings is not None else QSettings()


def remembered_printer(kind: str, settings: QSettings | None = None) -> str:
    s = _settings(settings)
    name = s.value(f"{SETTINGS_PREFIX}/{kind}", "", str) or s.value(f"{SETTINGS_PREFIX}/{paper_group(kind)}", "", str)
    return str(name or "")


def remember_printer(kind: str, name: str, settings: QSettings | None = None) -> None:
    s = _settings(settings)
    s.setValue(f"{SETTINGS_PREFIX}/{kind}", name)
    s.setValue(f"{SETTINGS_PREFIX}/{paper_group(kind)}", name)
    s.sync()


def available_printers() -> list[str]:
    return list(QPrinterInfo.availablePrinterNames())


def cups_available() -> bool:
    """True when ``lp`` exists and a CUPS scheduler answers (then jobs go to it as PDF)."""
    if sys.platform.startswith("win") or shutil.which("lp") is None:
        return False
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return True
    try:
        out = subprocess.run(
            [lpstat, "-r"], check=False, capture_output=True, text=True, timeout=5, env={**os.environ, "LC_ALL": "C"}
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return out.returncode == 0 and "not running" not in out.stdout


def default_save_dir(settings: QSettings | None = None) -> Path:
    """Where PDFs go when there is no printer: the user's documents folder, 信访接待台文书."""
    configured = _settings(settings).value(SAVE_DIR_KEY, "", str)
    if configured:
        return Path(str(configured))
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if not docs:
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation) or str(Path.home())
    return Path(docs) / "信访接待台文书"


def save_copy(pdf: str | Path, name: str, settings: QSettings | None = None) -> Path:
    """Copy ``pdf`` into :func:`default_save_dir` as ``name`` (never overwriting an earlier file)."""
    folder = default_save_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r'[\\/:*?"<>|\s]+', "_", Path(name).stem) or "document"
    target = folder / f"{stem}.pdf"
    n = 2
    while target.exists():
        target = folder / f"{stem}-{n}.pdf"
        n += 1
    shutil.copyfile(pdf, target)
    return target


@dataclass
class PrintOutcome:
    ok: bool
    message: str
    printer: str = ""
    job: str = ""  # the CUPS request id ("DeskPDF-7")
    method: str = ""  # "cups" | "render" | "file" | "saved"
    saved_to: str = ""


def cid_fonts_copy(pdf: str | Path, folder: str | Path, *, timeout: float = 30) -> Path | None:
    """The same PDF with its fonts rewritten as CID TrueType by poppler (``pdftocairo -pdf``), or None.

    Why: reportlab embeds each font as 8-bit symbolic TrueType subsets.  A PostScript print queue converts the
    job, and on the way their text is lost (Ghostscript 10's PDF reader drops their ToUnicode maps; poppler turns
    codes below 0x80 into Type 3 outlines), so a cups-pdf archive copy of a receipt has no searchable name.  The
    rewritten file is still vector and prints the same glyphs (checked by rendering both).  Needs poppler-utils,
    which CUPS's filters depend on; without it the original is sent.
    """
    tool = shutil.which("pdftocairo")
    if tool is None:
        return None
    target = Path(folder) / "cups-job.pdf"
    try:
        out = subprocess.run([tool, "-pdf", str(pdf), str(target)], check=False, capture_output=True, timeout=timeout)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0 or not target.exists() or target.stat().st_size == 0:
        return None
    return target


def send_to_cups(
    pdf: str | Path,
    printer: str,
    *,
    title: str = "",
    copies: int = 1,
    options: tuple[str, ...] | None = None,
    normalise: bool = True,
    timeout: float = 30,
) -> str:
    """``lp -d PRINTER file.pdf``; returns the request id. Raises RuntimeError with lp's own message.

    ``normalise``: send :func:`cid_fonts_copy` of the PDF when poppler is there (see why there).
    """
    lp = shutil.which("lp")
    if lp is None:
        raise RuntimeError(translate("printing", "找不到 lp 命令（CUPS 未安装）"))
    with tempfile.TemporaryDirectory(prefix="reception-lp-") as folder:
        job_file = (cid_fonts_copy(pdf, folder) if normalise else None) or Path(pdf)
        args = [lp, "-d", printer, "-n", str(max(1, copies))]
        if title:
            args += ["-t", title]
        for option in DEFAULT_CUPS_OPTIONS if options is None else options:
            args += ["-o", option]
        args.append(str(job_file))
        try:
            # lp hands the file's bytes to the scheduler before it returns, so the temporary copy may go.
            out = subprocess.run(
                args, check=False, capture_output=True, text=True, timeout=timeout, env={**os.environ, "LC_ALL": "C"}
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise RuntimeError(str(exc)) from exc
    if out.returncode != 0:
        raise RuntimeError((out.stderr or out.stdout).strip() or f"lp exit {out.returncode}")
    match = re.search(r"request id is (\S+)", out.stdout)
    return match.group(1) if match else ""


def render_to_printer(pdf: str | Path, printer: QPrinter) -> int:
    """Paint every page of ``pdf`` on ``printer`` at its resolution (the path without CUPS); returns pages."""
    document = QPdfDocument()
    status = document.load(str(pdf))
    if status != QPdfDocument.Error.None_:
        raise RuntimeError(translate("printing", "无法读取 PDF：{0}").format(str(status)))
    pages = document.pageCount()
    if pages == 0:
        raise RuntimeError(translate("printing", "PDF 没有页面"))
    printer.setFullPage(True)
    first = document.pagePointSize(0)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QSizeF(first), QPageSize.Unit.Point), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)
        )
    )
    painter = QPainter()
    if not painter.begin(printer):
        if not printer.printerName():  # what Qt leaves of a printer it cannot use: a PDF engine with no file
            raise RuntimeError(translate("printing", "没有选定打印机，无法开始打印"))
        raise RuntimeError(translate("printing", "打印机 {0} 无法开始打印").format(printer.printerName()))
    try:
        dpi = printer.resolution()
        for page in range(pages):
            size = document.pagePointSize(page)
            if page:
                printer.setPageLayout(
                    QPageLayout(
                        QPageSize(QSizeF(size), QPageSize.Unit.Point),
                        QPageLayout.Orientation.Portrait,
                        QMarginsF(0, 0, 0, 0),
                    )
                )
                printer.newPage()
            pixels = QSize(max(1, round(size.width() / 72 * dpi)), max(1, round(size.height() / 72 * dpi)))
            image = document.render(page, pixels)
            target = QRectF(printer.pageLayout().fullRectPixels(dpi))
            scale = min(target.width() / pixels.width(), target.height() / pixels.height())
            w, h = pixels.width() * scale, pixels.height() * scale
            painter.drawImage(QRectF(target.x(), target.y(), w, h), image)
    finally:
        painter.end()
        document.close()
    return pages


def print_pdf(pdf: str | Path, printer: QPrinter, *, title: str = "", use_cups: bool | None = None) -> PrintOutcome:
    """Dispatch one PDF to the printer the clerk chose (CUPS queue, Qt rendering, or the "print to file" PDF)."""
    name = printer.printerName()
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        target = printer.outputFileName()
        shutil.copyfile(pdf, target)  # the PDF already is the best PDF there is
        return PrintOutcome(True, translate("printing", "已保存到 {0}").format(target), method="file", saved_to=target)
    if use_cups is None:
        use_cups = cups_available()
    copies = max(1, printer.copyCount())
    if use_cups and name:
        job = send_to_cups(pdf, name, title=title, copies=copies)
        return PrintOutcome(
            True,
            translate("printing", "已发送到打印机 {0}（作业 {1}）").format(name, job),
            printer=name,
            job=job,
            method="cups",
        )
    pages = render_to_printer(pdf, printer)
    return PrintOutcome(
        True, translate("printing", "已发送到打印机 {0}（{1} 页）").format(name, pages), printer=name, method="render"
    )


class PrinterChooser:
    """The system print dialog, preselecting the printer last used for this kind of document."""

    @classmethod
    def choose(
        cls, kind: str, parent: QWidget | None = None, settings: QSettings | None = None
    ) -> tuple[QPrinter | None, bool]:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        remembered = remembered_printer(kind, settings)
        if remembered and remembered in available_printers():
            printer.setPrinterName(remembered)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(translate("printing", "打印"))
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen = printer if accepted else None
        if chosen is not None and chosen.printerName() and chosen.outputFormat() != QPrinter.OutputFormat.PdfFormat:
            remember_printer(kind, chosen.printerName(), settings)
        dialog.deleteLater()
        return chosen, accepted
