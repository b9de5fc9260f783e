"""The ledger (台账) as an Excel workbook or a CSV file, for the office that compiles statistics.

Streaming end to end, because a station's ledger reaches a million matters: rows come from the database in
keyset pages ordered by id (``id > last`` … ``LIMIT n``; on SQLite ``NOT INDEXED`` keeps the planner on the
rowid order, so a date or status filter never turns into a sort of the whole table), and go straight into
openpyxl's write-only workbook (inline strings, nothing kept per row) or the CSV writer.  Memory stays flat
whatever the row count; past Excel's 1,048,576 rows a sheet continues on the next one ("台账 (2)").

Identity numbers and phones are masked (DOMAIN.md: first 6 + last 4, ``138****1234``) and the confidential
被反映对象 column is left out unless ``full=True``.  ``full`` belongs to an authorised role; until accounts exist
the caller decides, and every export goes through the ``audit`` hook (who, what filter, how many rows, where).

Texts written by visitors may start with ``=``, ``+``, ``-`` or ``@``: in CSV they get a leading apostrophe and in
xlsx they are stored as text, so a spreadsheet never evaluates them as formulas.  The CSV is UTF-8 with a BOM:
without it Excel on a Chinese Windows reads the file as GBK and shows mojibake.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reception.domain.clocks import CLOCK_LABELS, WARNING_LABELS, WarningLevel
from reception.domain.codes import (
    CATEGORY_LABELS,
    CHANNEL_LABELS,
    PURPOSE_LABELS,
    SATISFACTION_LABELS,
    SOURCE_LABELS,
    STATUS_LABELS,
)
from reception.domain.confidentiality import is_confidential, may_match_complainant, redact_identity
from reception.domain.identity import mask_id, mask_phone
from reception.domain.ledger import LedgerFilter
from reception.domain.matter import InvalidInput
from reception.domain.roles import Principal, require
from reception.services.backup import Cancelled  # noqa: F401  (the one cancel exception; re-exported)
from reception.services.output_paths import check_output
from reception.storage.db import Store
from reception.storage.ledger import LedgerQuery

if TYPE_CHECKING:
    from reception.services.audit import AuditService

XLSX_MAX_ROWS = 1_048_576  # Excel's limit per sheet, header included
BATCH = 2000
FORMATS = ("xlsx", "csv")

Progress = Callable[[int, int], None]

_SQL_COLUMNS = (
    "id",
    "number",
    "received_at",
    "channel",
    "source_kind",
    "petitioner_name",
    "petitioner_id",
    "petitioner_phone",
    "headcount",
    "collective",
    "is_repeat",
    "purpose",
    "category",
    "content_category",
    "location",
    "summary",
    "demands",
    "status",
    "handling_unit",
    "clock_kind",
    "clock_due",
    "level_warn_at",
    "level_alert_at",
    "level_severe_at",
    "level_overdue_at",
    "clerk",
    "window",
    "accepted_at",
    "closed_at",
    "satisfaction",
    "accused",
    "party_names",
)
_I = {name: i for i, name in enumerate(_SQL_COLUMNS)}

# (header, width in characters); the order of the values built in ``_values``.
COLUMNS: tuple[tuple[str, int], ...] = (
    ("信访编号", 20),
    ("登记时间", 17),
    ("信访形式", 8),
    ("来源", 9),
    ("信访人", 10),
    ("证件号码", 21),
    ("联系电话", 14),
    ("人数", 6),
    ("集体访", 7),
    ("重件", 6),
    ("信访目的", 9),
    ("类别", 11),
    ("内容分类", 18),
    ("问题属地", 14),
    ("主要事实/摘要", 60),
    ("主要诉求", 30),
    ("状态", 9),
    ("承办单位", 24),
    ("当前时限", 13),
    ("到期日", 11),
    ("预警", 9),
    ("接待人", 10),
    ("窗口", 6),
    ("受理时间", 17),
    ("办结时间", 17),
    ("满意度", 9),
)
ACCUSED_COLUMN = ("被反映对象", 20)

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ExportResult:
    path: Path
    format: str
    rows: int
    full: bool
    seconds: float


def _label(table: dict[Any, str], code: Any) -> str:
    if code is None or code == "":
        return ""
    return table.get(code, str(code))


def _stamp(value: Any, length: int = 16) -> str:
    if value is None or value == "":
        return ""
    return str(value)[:length].replace("T", " ")


def _format_for(path: Path, fmt: str | None, default: str) -> str:
    if fmt:
        fmt = fmt.lower().lstrip(".")
        if fmt not in FORMATS:
            raise InvalidInput(f"不支持的导出格式 {fmt}（xlsx 或 csv）", "format")
        return fmt
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else default


@dataclass
class ExportService:
    store: Store
    # The audit trail (services.audit.AuditService): every export is one entry (who, filter, rows, where).
    audit: AuditService | None = None
    clock: Callable[[], datetime] = field(default=lambda: datetime.now().replace(microsecond=0))

    def count(self, f: LedgerFilter, *, complainants: bool = False) -> int:
        return LedgerQuery(self.store).count(f, self.clock(), complainants=complainants)

    def export(
        self,
        path: str | os.PathLike[str],
        f: LedgerFilter | None = None,
        *,
        full: bool = False,
        fmt: str | None = None,
        default_format: str = "xlsx",
        progress: Progress | None = None,
        actor: Principal,
        force: bool = True,
    ) -> ExportResult:
        """Write the filtered ledger to ``path`` (format from ``fmt``, else the extension, else ``default_format``).

        ``full=True`` writes complete ID and phone numbers and the 被反映对象 column: only for a role with
        ``export_full`` (科长 and above, at the desk and on the command line alike).
        ``path`` must pass :func:`~reception.services.output_paths.check_output` (``force``: replace a file).
        """
        principal = actor
        require(principal, "search")
        if full:
            require(principal, "export_full")
        started = time.perf_counter()
        path = Path(path)
        f = f or LedgerFilter()
        kind = _format_for(path, fmt, default_format)
        if path.is_dir():
            raise InvalidInput(f"{path} 是文件夹，请给出文件名", "output")
        if not path.parent.exists():
            raise InvalidInput(f"文件夹 {path.parent} 不存在", "output")
        path = check_output(path, ledger=self.store.path, force=force)
        now = self.clock()
        # 条例 art 30: below a supervisor the filter's text never finds a 检举控告 by its complainant, and the
        # complainant is withheld from the rows (the same rule as the ledger's own list).
        privileged = may_match_complainant(principal)
        total = self.count(f, complainants=privileged)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.partial")
        rows = self._rows(f, now, full, show_complainants=privileged)
        try:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o600)
            os.close(fd)
            writer = self._write_xlsx if kind == "xlsx" else self._write_csv
            # The audit chain's head, as an anchor outside the PC (issue 17): the xlsx keywords, the CSV's last line.
            anchor = self.audit.head().token if self.audit is not None else ""
            count = writer(tmp, rows, full, total, progress, anchor)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        result = ExportResult(path, kind, count, full, time.perf_counter() - started)
        if self.audit is not None:
            self.audit.record(
                principal.name,
                "export",
                detail={"path": str(path), "format": kind, "rows": count, "full": full, "filter": _describe_filter(f)},
            )
        return result

    # -- rows ------------------------------------------------------------------------------------------------------

    def headers(self, full: bool) -> list[tuple[str, int]]:
        return [*COLUMNS, ACCUSED_COLUMN] if full else list(COLUMNS)

    def _rows(
        self, f: LedgerFilter, now: datetime, full: bool, *, show_complainants: bool = False
    ) -> Iterator[list[Any]]:
        """Export rows; below a supervisor a 检举控告 matter's complainant is withheld (条例 art 30)."""
        stamp = now.isoformat(sep=" ")
        i = _I
        for r in LedgerQuery(self.store).scan(f, _SQL_COLUMNS, now, batch=BATCH, complainants=show_complainants):
            level = ""
            if r[i["clock_due"]]:
                level = WARNING_LABELS[WarningLevel.NORMAL]
                for column, lv in (
                    ("level_overdue_at", WarningLevel.OVERDUE),
                    ("level_severe_at", WarningLevel.SEVERE),
                    ("level_alert_at", WarningLevel.ALERT),
                    ("level_warn_at", WarningLevel.WARN),
                ):
                    at = r[i[column]]
                    if at is not None and str(at).replace("T", " ")[:19] <= stamp:
                        level = WARNING_LABELS[lv]
                        break
            pid, phone = r[i["petitioner_id"]] or "", r[i["petitioner_phone"]] or ""
            name = r[i["petitioner_name"]]
            summary, demands = r[i["summary"]], r[i["demands"]]
            if is_confidential(r[i["category"]], r[i["purpose"]]) and not show_complainants:
                who = {"names": [name, *r[i["party_names"]].split()], "id_numbers": [pid], "phones": [phone]}
                summary, demands = redact_identity(summary, **who), redact_identity(demands, **who)
                name, pid, phone = "（信访人信息保密）", "", ""
            values = [
                r[i["number"]],
                _stamp(r[i["received_at"]]),
                _label(CHANNEL_LABELS, r[i["channel"]]),
                _label(SOURCE_LABELS, r[i["source_kind"]]),
                name,
                pid if full else mask_id(pid),
                phone if full else mask_phone(phone),
                r[i["headcount"]],
                "是" if r[i["collective"]] else "否",
                "是" if r[i["is_repeat"]] else "否",
                _label(PURPOSE_LABELS, r[i["purpose"]]),
                _label(CATEGORY_LABELS, r[i["category"]]),
                r[i["content_category"]],
                r[i["location"]],
                summary,
                demands,
                _label(STATUS_LABELS, r[i["status"]]),
                r[i["handling_unit"]],
                _label(CLOCK_LABELS, r[i["clock_kind"]]),
                _stamp(r[i["clock_due"]], 10),
                level,
                r[i["clerk"]],
                r[i["window"]],
                _stamp(r[i["accepted_at"]]),
                _stamp(r[i["closed_at"]]),
                _label(SATISFACTION_LABELS, r[i["satisfaction"]]),
            ]
            if full:
                values.append(r[i["accused"]])
            yield values

    # -- writers ---------------------------------------------------------------------------------------------------

    def _write_xlsx(
        self, path: Path, rows: Iterator[list[Any]], full: bool, total: int, progress: Progress | None, anchor: str = ""
    ) -> int:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        headers = self.headers(full)
        last_col = get_column_letter(len(headers))
        wb = Workbook(write_only=True)
        if anchor:
            wb.properties.keywords = anchor
        bold = Font(bold=True)
        sheets: list[Any] = []

        def new_sheet() -> Any:
            title = "台账" if not sheets else f"台账 ({len(sheets) + 1})"
            ws = wb.create_sheet(title)
            for n, (_name, width) in enumerate(headers, 1):
                ws.column_dimensions[get_column_letter(n)].width = width
            ws.freeze_panes = "A2"
            header_cells = []
            for name, _width in headers:
                cell = WriteOnlyCell(ws, value=name)
                cell.font = bold
                header_cells.append(cell)
            ws.append(header_cells)
            sheets.append(ws)
            return ws

        def text_cell(ws: Any, value: str) -> Any:
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"
            return cell

        try:
            return self._fill_xlsx(wb, path, rows, total, progress, new_sheet, text_cell, last_col)
        except BaseException:
            # openpyxl spools each write-only sheet to a private temporary file (0600) and deletes it on save;
            # on failure or cancel it must go now, not at exit: it holds the rows in plain text.
            for ws in sheets:
                with contextlib.suppress(Exception):
                    ws._rows.close()
                with contextlib.suppress(Exception):
                    ws._writer.close()
                with contextlib.suppress(Exception):
                    ws._writer.cleanup()
            raise

    @staticmethod
    def _fill_xlsx(
        wb: Any,
        path: Path,
        rows: Iterator[list[Any]],
        total: int,
        progress: Progress | None,
        new_sheet: Callable[[], Any],
        text_cell: Callable[[Any, str], Any],
        last_col: str,
    ) -> int:
        from openpyxl.cell.cell import ERROR_CODES

        ws = new_sheet()
        in_sheet = 0
        count = 0
        for values in rows:
            if in_sheet == XLSX_MAX_ROWS - 1:
                ws.auto_filter.ref = f"A1:{last_col}{in_sheet + 1}"
                ws = new_sheet()
                in_sheet = 0
            out: list[Any] = []
            for value in values:
                v = value
                if v == "":
                    v = None  # openpyxl writes no cell at all for None: a quarter of the cells are empty
                elif isinstance(v, str):
                    if _ILLEGAL.search(v):
                        v = _ILLEGAL.sub(" ", v)
                    if len(v) > 32_767:
                        v = v[:32_766] + "…"
                    if v.startswith("=") or v in ERROR_CODES:
                        out.append(text_cell(ws, v))
                        continue
                out.append(v)
            ws.append(out)
            in_sheet += 1
            count += 1
            if progress is not None and count % 1000 == 0:
                progress(count, max(total, count))
        ws.auto_filter.ref = f"A1:{last_col}{in_sheet + 1}"
        wb.save(path)
        if progress is not None:
            progress(count, max(total, count))
        return count

    def _write_csv(
        self, path: Path, rows: Iterator[list[Any]], full: bool, total: int, progress: Progress | None, anchor: str = ""
    ) -> int:
        """The columns stay those of :meth:`headers`; the anchor is one last line of its own, starting with ``#``
        (outside tooling that reads the columns skips a row whose first field starts with ``#``)."""
        count = 0
        with open(path, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow([name for name, _width in self.headers(full)])
            for values in rows:
                writer.writerow(
                    [
                        ("'" + v if v.startswith(_FORMULA_START) else v) if isinstance(v, str) and v else v
                        for v in values
                    ]
                )
                count += 1
                if progress is not None and count % 1000 == 0:
                    progress(count, max(total, count))
            if anchor:
                out.write(f"# {anchor}\r\n")
        if progress is not None:
            progress(count, max(total, count))
        return count


def _describe_filter(f: LedgerFilter) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in vars(f).items():
        if key == "drill":
            if not f.drill.is_empty():
                out["extra"] = f.drill.as_dict()
        elif isinstance(value, date):
            out[key] = value.isoformat()
        elif value:
            out[key] = value
    return out
