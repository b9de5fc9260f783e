"""Printing from the desk: the preview of the real PDF, printer choice per kind, no printer, and a real CUPS queue."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import glob
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog

from reception.ui import printing
from reception.ui.dialogs.print_preview import PrintPreviewDialog, SaveAsChooser
from reception.ui.pages.detail import MatterDetail
from tests.actors import admin

ACTOR = "王警官"
VISITOR = "欧阳明"


@pytest.fixture(autouse=True)
def settings(tmp_path: Path, qapp: Any) -> Iterator[QSettings]:
    """Printer choices and the save folder in the test's own settings file, never the user's."""
    QCoreApplication.setOrganizationName("reception-tests")
    QCoreApplication.setApplicationName("desk-printing")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    s = QSettings()
    s.clear()
    s.setValue(printing.SAVE_DIR_KEY, str(tmp_path / "saved"))
    s.sync()
    yield s
    s.clear()


@pytest.fixture
def matter(services: Any, sample_registration: Callable[..., dict[str, Any]]) -> str:
    return services.ledger.register(sample_registration(name=VISITOR), actor=admin(ACTOR)).number


@pytest.fixture
def receipt(services: Any, matter: str, tmp_path: Path) -> Path:
    """The receipt exactly as the documents service writes it."""
    path = tmp_path / "receipt.pdf"
    services.documents.print_document(matter, "receipt", str(path), actor=admin(ACTOR))
    return path


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def pdf_page_sizes_mm(path: Path) -> list[tuple[float, float]]:
    from pypdf import PdfReader

    return [
        (round(float(p.mediabox.width) / 72 * 25.4), round(float(p.mediabox.height) / 72 * 25.4))
        for p in PdfReader(str(path)).pages
    ]


def open_preview(qtbot: Any, path: Path, kind: str = "receipt") -> PrintPreviewDialog:
    dialog = PrintPreviewDialog(path, kind=kind, title="登记回执", file_stem="2026-01-000001-登记回执")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


# -- the preview ----------------------------------------------------------------------------------------------------


def test_preview_shows_the_real_pdf(qtbot: Any, receipt: Path) -> None:
    dialog = open_preview(qtbot, receipt)
    from PySide6.QtPdf import QPdfDocument

    assert dialog.document.status() == QPdfDocument.Status.Ready
    assert dialog.document.pageCount() == len(pdf_page_sizes_mm(receipt)) >= 1
    assert dialog.view.document() is dialog.document
    assert dialog.pages_label.text() == f"共 {dialog.document.pageCount()} 页"
    image = dialog.first_page_rendered()
    assert not image.isNull()
    # Something is printed on the page: not every sampled pixel is white.
    dark = sum(
        1
        for x in range(0, image.width(), 7)
        for y in range(0, image.height(), 7)
        if QColor(image.pixel(x, y)).lightness() < 128
    )
    assert dark > 50
    assert dialog.print_button.isEnabled() and not dialog.message_text()


def test_preview_of_a_broken_file_says_so(qtbot: Any, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf")
    dialog = open_preview(qtbot, broken)
    assert "无法显示" in dialog.message_text() and not dialog.print_button.isEnabled()


def test_save_as_copies_the_pdf(qtbot: Any, receipt: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out" / "回执副本"
    monkeypatch.setattr(SaveAsChooser, "choose", classmethod(lambda cls, suggested, parent=None: (str(target), True)))
    dialog = open_preview(qtbot, receipt)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)  # Ctrl+S is a window shortcut
    with qtbot.waitSignal(dialog.finished_printing, timeout=3000) as outcome:
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = Path(str(target) + ".pdf")
    assert saved.read_bytes() == receipt.read_bytes()
    assert outcome.args[0].saved_to == str(saved) and str(saved) in dialog.message_text()


def test_no_printer_saves_the_pdf_and_says_where(
    qtbot: Any, receipt: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(printing, "available_printers", list)
    chooser_used = []
    monkeypatch.setattr(
        printing.PrinterChooser, "choose", classmethod(lambda cls, *a, **k: chooser_used.append(1) or (None, False))
    )
    dialog = open_preview(qtbot, receipt)
    with qtbot.waitSignal(dialog.finished_printing, timeout=3000) as outcome:
        dialog.print_button.click()
    result = outcome.args[0]
    saved = Path(result.saved_to)
    assert result.ok and result.method == "saved" and not chooser_used
    assert saved.parent == tmp_path / "saved" and saved.name == "2026-01-000001-登记回执.pdf"
    assert saved.read_bytes() == receipt.read_bytes()  # nothing lost
    assert "没有可用的打印机" in dialog.message_text() and str(saved) in dialog.message_text()
    with qtbot.waitSignal(dialog.finished_printing, timeout=3000) as again:
        dialog.print_button.click()
    assert again.args[0].saved_to.endswith("登记回执-2.pdf")  # never overwrites the first copy


def test_default_save_dir_is_in_the_users_documents(settings: QSettings) -> None:
    settings.remove(printing.SAVE_DIR_KEY)
    folder = printing.default_save_dir()
    assert folder.name == "信访接待台文书"


def test_printer_is_remembered_per_kind(settings: QSettings) -> None:
    printing.remember_printer("receipt-80mm", "RollPrinter")
    printing.remember_printer("acceptance", "LaserA4")
    assert printing.remembered_printer("receipt-80mm") == "RollPrinter"
    assert printing.remembered_printer("acceptance") == "LaserA4"
    assert printing.remembered_printer("rejection") == "LaserA4"  # same A4 printer until told otherwise
    printing.remember_printer("rejection", "OtherLaser")
    assert printing.remembered_printer("rejection") == "OtherLaser"
    assert printing.remembered_printer("receipt-80mm") == "RollPrinter"
    assert QSettings().value("printing/printer/receipt-80mm") == "RollPrinter"  # in QSettings, across restarts


def test_print_dialog_preselects_and_remembers(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    names = printing.available_printers()
    if not names:
        pytest.skip("no printer queue on this machine to preselect (CUPS DeskPDF queue not configured)")
    name = names[0]
    printing.remember_printer("receipt-80mm", name)
    seen: list[str] = []

    def fake_exec(dialog: QPrintDialog) -> int:
        seen.append(dialog.printer().printerName())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    printer, accepted = printing.PrinterChooser.choose("receipt-80mm")
    assert accepted and seen == [name] and printer.printerName() == name


def test_chosen_printer_is_saved_for_that_kind(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_exec(dialog: QPrintDialog) -> int:
        dialog.printer().setPrinterName("DeskPDF")
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.NativeFormat)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    printer, accepted = printing.PrinterChooser.choose("receipt-80mm")
    assert accepted and printer is not None
    if printer.printerName() != "DeskPDF":
        pytest.skip("Qt keeps only installed printer names; DeskPDF is not installed here")
    assert printing.remembered_printer("receipt-80mm") == "DeskPDF"


def test_cancelled_print_dialog_prints_nothing(qtbot: Any, receipt: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(printing, "available_printers", lambda: ["Any"])
    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    sent = []
    monkeypatch.setattr(printing, "send_to_cups", lambda *a, **k: sent.append(a))
    dialog = open_preview(qtbot, receipt)
    dialog.print_button.click()
    assert not sent and dialog.last_outcome is None


# -- the two ways to a printer ---------------------------------------------------------------------------------------


def test_without_cups_pages_are_rendered_through_qprinter(receipt: Path, tmp_path: Path, qapp: Any) -> None:
    """The Windows path: QPdfDocument.render at the printer's resolution, painted page by page."""
    out = tmp_path / "rendered.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(150)
    pages = printing.render_to_printer(receipt, printer)
    assert pages == len(pdf_page_sizes_mm(receipt))
    assert pdf_page_sizes_mm(out) == pdf_page_sizes_mm(receipt)  # same paper, full page, no margins


def test_print_to_file_keeps_the_vector_pdf(receipt: Path, tmp_path: Path, qapp: Any) -> None:
    out = tmp_path / "to-file.pdf"
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    outcome = printing.print_pdf(receipt, printer, title="x")
    assert outcome.method == "file" and out.read_bytes() == receipt.read_bytes()
    assert VISITOR in pdf_text(out)


def test_cups_jobs_send_the_pdf_itself(receipt: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []

    class Done:
        returncode = 0
        stdout = "request id is Roll-42 (1 file(s))\n"
        stderr = ""

    monkeypatch.setattr(printing.shutil, "which", lambda name: None if name == "pdftocairo" else f"/usr/bin/{name}")
    monkeypatch.setattr(printing.subprocess, "run", lambda args, **kw: calls.append(args) or Done())
    job = printing.send_to_cups(receipt, "Roll", title="回执", copies=2)
    assert job == "Roll-42"
    args = calls[0]
    assert args[:5] == ["/usr/bin/lp", "-d", "Roll", "-n", "2"]
    assert args[-1] == str(receipt) and "pdftops-renderer=pdftocairo" in args


def test_cups_copy_has_cid_fonts_with_the_same_text(receipt: Path, tmp_path: Path) -> None:
    if shutil.which("pdftocairo") is None:
        pytest.skip("poppler-utils (pdftocairo) is not installed")
    copy = printing.cid_fonts_copy(receipt, tmp_path)
    assert copy is not None and copy != receipt
    assert pdf_page_sizes_mm(copy) == pdf_page_sizes_mm(receipt)
    assert VISITOR in pdf_text(copy)
    assert "".join(pdf_text(copy).split()) == "".join(pdf_text(receipt).split())  # the same text, only re-laid
    from pypdf import PdfReader

    subtypes = {
        f.get_object()["/Subtype"] for p in PdfReader(str(copy)).pages for f in p["/Resources"]["/Font"].values()
    }
    assert "/Type0" in subtypes  # CID-keyed: keeps its text through a PostScript queue


def _choose_printer(monkeypatch: pytest.MonkeyPatch, printer: QPrinter) -> None:
    def choose(cls: Any, kind: str, parent: Any = None, settings: Any = None) -> tuple[QPrinter, bool]:
        return printer, True

    monkeypatch.setattr(printing.PrinterChooser, "choose", classmethod(choose))


def test_a_failed_queue_job_keeps_the_pdf_and_says_why(
    qtbot: Any, receipt: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CUPS queue that refuses the job (Linux with a scheduler): lp's own words, and the PDF kept."""
    queues = QPrinterInfo.availablePrinterNames()
    if not queues:
        pytest.skip("no printer queue on this machine (Qt keeps only installed printer names)")
    printer = QPrinter()
    printer.setPrinterName(queues[0])
    monkeypatch.setattr(printing, "available_printers", lambda: queues)
    monkeypatch.setattr(printing, "cups_available", lambda: True)

    def broken(*args: Any, **kwargs: Any) -> str:
        raise RuntimeError("lp: The printer or class does not exist.")

    _choose_printer(monkeypatch, printer)
    monkeypatch.setattr(printing, "send_to_cups", broken)
    dialog = open_preview(qtbot, receipt)
    assert dialog.print_button.isEnabled(), "preview refused a valid PDF"
    with qtbot.waitSignal(dialog.finished_printing, timeout=5000) as outcome:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    result = outcome.args[0]
    assert result.method == "saved" and not result.ok and "does not exist" in result.message
    assert Path(result.saved_to).read_bytes() == receipt.read_bytes()


def test_a_printer_that_cannot_start_keeps_the_pdf_and_says_why(
    qtbot: Any, receipt: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The path without CUPS (Windows, or Linux with no scheduler): Qt renders the pages itself.

    Qt turns a printer it cannot use into a PDF engine with no file, on which printing cannot start: the clerk is
    told so in words (no empty printer name) and the PDF is kept.
    """
    monkeypatch.setattr(printing, "available_printers", lambda: ["Jammed"])
    monkeypatch.setattr(printing, "cups_available", lambda: False)
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # and no output file: begin() fails
    _choose_printer(monkeypatch, printer)
    dialog = open_preview(qtbot, receipt)
    with qtbot.waitSignal(dialog.finished_printing, timeout=5000) as outcome:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    result = outcome.args[0]
    assert not result.ok and result.method == "saved"
    assert "没有选定打印机，无法开始打印" in result.message and "打印机  " not in result.message
    assert Path(result.saved_to).read_bytes() == receipt.read_bytes()


# -- a real print queue -----------------------------------------------------------------------------------------------


def _cups_pdf_dirs() -> list[Path]:
    """Where cups-pdf writes: its ``Out`` setting (per user, ${HOME}/PDF by default) and the anonymous spool."""
    out = "${HOME}/PDF"
    conf = Path("/etc/cups/cups-pdf.conf")
    if conf.exists():
        for line in conf.read_text(errors="replace").splitlines():
            match = re.match(r"\s*Out\s+(\S+)", line)
            if match:
                out = match.group(1)
    home = str(Path.home())
    dirs = [Path(out.replace("${HOME}", home).replace("${USER}", os.environ.get("USER", "root")))]
    dirs += [Path(p) for p in glob.glob("/var/spool/cups-pdf/*") if not p.endswith("SPOOL")]
    return dirs


def _deskpdf_ready() -> None:
    if shutil.which("lpstat") is None or shutil.which("lp") is None:
        pytest.skip("CUPS is not installed (no lp/lpstat): nothing to print to")
    scheduler = subprocess.run(
        ["lpstat", "-r"], check=False, capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"}
    )
    queue = subprocess.run(
        ["lpstat", "-p", "DeskPDF"], check=False, capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"}
    )
    if "is running" not in scheduler.stdout or queue.returncode != 0:
        pytest.fail(
            "CUPS is installed but the DeskPDF queue is not ready. Set it up with:\n"
            "  cupsd   # as root\n"
            "  lpadmin -p DeskPDF -E -v cups-pdf:/ -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd\n"
            f"(lpstat -r: {scheduler.stdout.strip() or scheduler.stderr.strip()}; "
            f"lpstat -p DeskPDF: {queue.stdout.strip() or queue.stderr.strip()})"
        )


@pytest.mark.cups
def test_receipt_printed_from_the_desk_through_cups(
    qtbot: Any, services: Any, matter: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _deskpdf_ready()
    assert printing.cups_available() and "DeskPDF" in printing.available_printers()
    started = time.time()

    def choose_deskpdf(dialog: QPrintDialog) -> int:  # the clerk picks DeskPDF in the system print dialog
        dialog.printer().setPrinterName("DeskPDF")
        return QDialog.DialogCode.Accepted

    outcomes: list[Any] = []

    def preview_exec(preview: PrintPreviewDialog) -> int:  # the clerk presses 打印 in the preview
        preview.show()
        with qtbot.waitSignal(preview.finished_printing, timeout=30_000) as sent:
            preview.print_button.click()
        outcomes.append(sent.args[0])
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", choose_deskpdf)
    monkeypatch.setattr(PrintPreviewDialog, "exec", preview_exec)
    detail = MatterDetail(services, admin(ACTOR))
    qtbot.addWidget(detail)
    detail.show_matter(matter)
    with qtbot.waitSignal(detail.printed, timeout=30_000):
        detail.print_documents(("receipt",))
    outcome = outcomes[0]
    assert outcome.ok and outcome.method == "cups", outcome.message
    assert outcome.job.startswith("DeskPDF-")
    assert printing.remembered_printer("receipt") == "DeskPDF"
    job_no = outcome.job.rsplit("-", 1)[1]

    def written() -> list[Path]:
        found = []
        for folder in _cups_pdf_dirs():
            for pdf in folder.glob("*.pdf"):
                if pdf.stat().st_mtime >= started - 1 and pdf.stem.endswith(f"job_{job_no}"):
                    found.append(pdf)
        return found

    deadline = time.time() + 60
    while not written() and time.time() < deadline:
        qtbot.wait(250)
    files = written()
    assert files, f"cups-pdf wrote nothing for job {outcome.job} in {[str(d) for d in _cups_pdf_dirs()]}"
    time.sleep(0.5)  # let cups-pdf finish writing
    text = pdf_text(files[0])
    assert VISITOR in text, text[:500]
    assert matter in text
