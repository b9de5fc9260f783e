"""The ledger as xlsx and CSV: streamed, masked unless ``full``, a header, frozen panes, widths; CSV with a BOM."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import stat
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from reception.domain.ledger import LedgerFilter
from reception.domain.roles import Forbidden, Principal, Role
from reception.services import export as ex
from reception.services.backup import Cancelled
from reception.services.context import open_services
from reception.services.demo import generate
from reception.storage.ledger import LedgerQuery
from tests.actors import ADMIN, AS_ADMIN, admin, seed_accounts

N = 20_000
MASKED_ID = re.compile(r"^(\d{6}\*{8}[\dX]{4}|[^\d]*\*+.*)$")
FULL_ID = re.compile(r"\d{17}[\dX]")
HEADERS = [name for name, _width in ex.COLUMNS]


@pytest.fixture(scope="module")
def demo20k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo20k") / "ledger.db"
    generate(str(path), N, seed=1)
    seed_accounts(path)  # the command logs in (tests/actors.py)
    return path


@pytest.fixture(scope="module")
def svc20k(demo20k: Path) -> Any:
    svc = open_services(demo20k)
    yield svc
    svc.close()


@pytest.fixture(scope="module")
def xlsx20k(svc20k: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    path = tmp_path_factory.mktemp("xlsx") / "ledger.xlsx"
    calls: list[tuple[int, int]] = []
    result = svc20k.export.export(path, progress=lambda done, total: calls.append((done, total)), actor=ADMIN)
    return path, (result, calls)


def test_xlsx_of_20000_rows_opens_with_header_frozen_pane_and_masks(xlsx20k: tuple[Path, Any]) -> None:
    path, (result, calls) = xlsx20k
    assert result.rows == N and result.format == "xlsx" and not result.full
    assert calls[-1] == (N, N) and len(calls) >= N // 1000
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    wb = openpyxl.load_workbook(path, read_only=True)
    assert wb.sheetnames == ["台账"]
    rows = wb["台账"].iter_rows(values_only=True)
    assert list(next(rows)) == HEADERS
    id_col, phone_col = HEADERS.index("证件号码"), HEADERS.index("联系电话")
    count = 0
    numbers = []
    for row in rows:
        count += 1
        numbers.append(row[0])
        assert row[id_col] is None or MASKED_ID.match(row[id_col]), row[id_col]
        assert row[phone_col] is None or "****" in row[phone_col] or "*" in row[phone_col], row[phone_col]
        assert not any(isinstance(v, str) and FULL_ID.search(v) for v in row)
    wb.close()
    assert count == N and len(set(numbers)) == N
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")[:4000].decode()
    assert 'topLeftCell="A2"' in sheet and 'state="frozen"' in sheet and 'ySplit="1"' in sheet
    assert "<cols>" in sheet and 'width="60"' in sheet


def test_filtered_xlsx_full_mode_widths_and_filter(svc20k: Any, demo20k: Path, tmp_path: Path) -> None:
    f = LedgerFilter(statuses=("closed", "accepted"), date_from=date(2025, 1, 1), date_to=date(2025, 6, 30))
    expected = svc20k.export.count(f)
    assert 0 < expected < N
    path = tmp_path / "full.xlsx"
    result = svc20k.export.export(path, f, full=True, actor=admin("管理员"))
    assert result.rows == expected and result.full
    wb = openpyxl.load_workbook(path)  # the normal (not read-only) reader sees panes, widths and the filter
    ws = wb["台账"]
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["O"].width == 60
    assert ws.auto_filter.ref == f"A1:AA{expected + 1}"
    assert [c.value for c in ws[1]] == [*HEADERS, "被反映对象"]
    assert all(c.font.b for c in ws[1])
    ids = [r[5] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert any(v and FULL_ID.fullmatch(v) for v in ids)
    statuses = {r[16] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert statuses <= {"已办结", "已受理"}
    dates = [r[1] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert min(dates) >= "2025-01-01" and max(dates) < "2025-07-01"
    conn = sqlite3.connect(demo20k)
    ids_in_order = [
        r[0]
        for r in conn.execute(
            "SELECT number FROM matter WHERE status IN ('closed', 'accepted') AND received_at >= '2025-01-01' "
            "AND received_at < '2025-07-01' ORDER BY id"
        )
    ]
    conn.close()
    assert [r[0] for r in ws.iter_rows(min_row=2, values_only=True)] == ids_in_order
    entry = svc20k.audit.entries(limit=1)[0]
    assert entry.action == "export" and entry.actor == "管理员"
    detail = entry.detail if isinstance(entry.detail, dict) else json.loads(entry.detail)
    assert detail["full"] is True and detail["rows"] == expected


def test_csv_has_bom_and_masks(svc20k: Any, tmp_path: Path) -> None:
    path = tmp_path / "ledger.csv"
    result = svc20k.export.export(path, actor=ADMIN)
    assert result.format == "csv" and result.rows == N
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    # The columns are unchanged; the last line is the audit chain's anchor, a line of its own (issue 17).
    assert rows[0] == HEADERS and len(rows) == N + 2
    assert len(rows[-1]) == 1 and rows[-1][0].startswith("# reception-audit-head ")
    assert not FULL_ID.search(raw.decode("utf-8-sig"))
    assert all(not r[5] or MASKED_ID.match(r[5]) for r in rows[1:-1])


def test_format_by_flag_or_extension(svc20k: Any, tmp_path: Path) -> None:
    f = LedgerFilter(date_from=date(2025, 3, 1), date_to=date(2025, 3, 3))
    assert svc20k.export.export(tmp_path / "a.csv", f, actor=ADMIN).format == "csv"
    assert svc20k.export.export(tmp_path / "a.xlsx", f, actor=ADMIN).format == "xlsx"
    assert svc20k.export.export(tmp_path / "a.dat", f, default_format="csv", actor=ADMIN).format == "csv"
    forced = svc20k.export.export(tmp_path / "b.dat", f, fmt="xlsx", actor=ADMIN)
    assert forced.format == "xlsx" and zipfile.is_zipfile(tmp_path / "b.dat")
    with pytest.raises(ex.InvalidInput):
        svc20k.export.export(tmp_path / "c.pdf", f, fmt="pdf", actor=ADMIN)


def test_keyset_pages_cover_every_row_once(svc20k: Any) -> None:
    query = LedgerQuery(svc20k.store)
    f = LedgerFilter(channels=("letter",))
    ids = [r[0] for r in query.scan(f, ("id", "number"), svc20k.export.clock(), batch=97)]
    assert ids == sorted(set(ids)) and len(ids) == svc20k.export.count(f)


class _PageCountingStore:
    """The real store, noting how many rows each keyset page query returned."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self.pages: list[int] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def execute(self, sql: str, params: Any = ()) -> Any:
        cursor = self._store.execute(sql, params)
        if "ORDER BY m.id LIMIT" not in sql:
            return cursor
        rows = cursor.fetchall()
        self.pages.append(len(rows))
        return _Rows(rows)


class _Rows:
    def __init__(self, rows: list[Any]) -> None:
        self.rows = rows

    def fetchall(self) -> list[Any]:
        return self.rows


def test_rows_are_read_in_pages_not_all_at_once(svc20k: Any, tmp_path: Path) -> None:
    """Streaming: no query ever returns more than one page, whatever the size of the ledger."""
    store = _PageCountingStore(svc20k.store)
    result = ex.ExportService(store=store).export(tmp_path / "paged.csv", actor=ADMIN)  # type: ignore[arg-type]
    assert result.rows == N
    assert max(store.pages) == ex.BATCH and len(store.pages) == N // ex.BATCH + 1


def test_sheets_continue_past_excel_row_limit(svc20k: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ex, "XLSX_MAX_ROWS", 101)  # 100 data rows per sheet
    f = LedgerFilter(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31))
    total = svc20k.export.count(f)
    assert total > 200
    path = tmp_path / "many.xlsx"
    assert svc20k.export.export(path, f, actor=ADMIN).rows == total
    wb = openpyxl.load_workbook(path, read_only=True)
    assert wb.sheetnames[:3] == ["台账", "台账 (2)", "台账 (3)"]
    data_rows = 0
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        assert list(rows[0]) == HEADERS and len(rows) <= 101
        data_rows += len(rows) - 1
    assert data_rows == total


def test_visitor_text_is_never_a_formula(tmp_path: Path, sample_registration: Any) -> None:
    svc = open_services(tmp_path / "f.db")
    try:
        svc.ledger.register(
            sample_registration(summary='=HYPERLINK("http://x","点我")', demands="+1-2", location="@here"),
            actor=admin("李四"),
        )
        svc.export.export(tmp_path / "f.xlsx", actor=ADMIN)
        svc.export.export(tmp_path / "f.csv", actor=ADMIN)
    finally:
        svc.close()
    wb = openpyxl.load_workbook(tmp_path / "f.xlsx")
    cell = wb["台账"]["O2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    rows = list(csv.reader(io.StringIO((tmp_path / "f.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert rows[1][14].startswith("'=") and rows[1][15] == "'+1-2" and rows[1][13] == "'@here"


def test_full_needs_an_authorised_role(svc20k: Any, tmp_path: Path) -> None:
    f = LedgerFilter(date_from=date(2025, 3, 1), date_to=date(2025, 3, 1))
    with pytest.raises(Forbidden):
        svc20k.export.export(tmp_path / "x.xlsx", f, full=True, actor=Principal("李四", Role.CLERK))
    assert not (tmp_path / "x.xlsx").exists()
    svc20k.export.export(tmp_path / "x.xlsx", f, actor=Principal("李四", Role.CLERK))  # masked: any clerk
    svc20k.export.export(tmp_path / "y.xlsx", f, full=True, actor=Principal("科长", Role.SUPERVISOR))


@pytest.mark.no_env_ledger
def test_cancel_removes_the_partial_file(svc20k: Any, tmp_path: Path) -> None:
    def stop(done: int, total: int) -> None:
        if done >= 3000:
            raise Cancelled()

    for name in ("c.xlsx", "c.csv"):
        with pytest.raises(Cancelled):
            svc20k.export.export(tmp_path / name, progress=stop, actor=ADMIN)
    assert list(tmp_path.iterdir()) == []


def _cli(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The command as the administrator of tests/actors.py (password: the ``cli_login`` fixture's)."""
    from reception.cli import main

    try:
        code = main([*AS_ADMIN, *argv])
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_export(
    demo20k: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], cli_login: Path, copy_ledger: Any
) -> None:
    db = tmp_path / "copy.db"
    copy_ledger(demo20k, db)
    out = tmp_path / "out.xlsx"
    code, stdout, err = _cli(
        "--db",
        str(db),
        "export-xlsx",
        "-o",
        str(out),
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--status",
        "closed",
        "accepted",
        "--status",
        "referred",
        "--json",
        capsys=capsys,
    )
    assert code == 0, err
    doc = json.loads(stdout)
    conn = sqlite3.connect(db)
    expected = conn.execute(
        "SELECT COUNT(*) FROM matter WHERE status IN ('closed','accepted','referred') AND "
        "received_at >= '2025-01-01' AND received_at < '2026-01-01'"
    ).fetchone()[0]
    conn.close()
    assert doc["rows"] == expected and doc["format"] == "xlsx" and not doc["full"]
    code, stdout, err = _cli(
        "--db", str(db), "export-csv", "-o", str(tmp_path / "out.csv"), "--full", "--channel", "letter", capsys=capsys
    )
    assert code == 0, err
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert FULL_ID.search((tmp_path / "out.csv").read_text(encoding="utf-8-sig"))
    for bad in (
        ("--from", "2025-13-01"),
        ("--status", "nonsense"),
        ("--from", "2025-02-01", "--to", "2025-01-01"),
        ("--format", "pdf"),
    ):
        code, stdout, err = _cli("--db", str(db), "export-xlsx", "-o", str(tmp_path / "bad.xlsx"), *bad, capsys=capsys)
        assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err, (bad, err)
    assert not (tmp_path / "bad.xlsx").exists()


def test_complainant_withheld_from_a_clerks_export(services: Any, tmp_path: Path) -> None:
    """检举控告: a clerk's export never names the complainant; a supervisor's shows them (masked)."""
    import csv

    from reception.domain.roles import Principal, Role

    data = {
        "channel": "visit",
        "clerk": "王警官",
        "purpose": "complaint",
        "summary": "反映某民警违规办案",
        "accused": "××派出所某民警",
        "persons": [{"name": "举报人甲", "id_number": "11010519491231002X", "phone": "13807130001"}],
    }
    services.ledger.register(data, actor=ADMIN)
    clerk = Principal("王警官", Role.CLERK)
    boss = Principal("赵科长", Role.SUPERVISOR)
    for who, path in ((clerk, tmp_path / "clerk.csv"), (boss, tmp_path / "boss.csv")):
        services.export.export(path, actor=who)
    clerk_lines = (tmp_path / "clerk.csv").read_text(encoding="utf-8-sig").splitlines()
    # Only the data rows: the last line is the audit chain's anchor, whose hex may hold any digits (issue 17).
    assert clerk_lines[-1].startswith("# reception-audit-head ")
    clerk_text = "\n".join(clerk_lines[:-1])
    boss_rows = list(csv.reader((tmp_path / "boss.csv").open(encoding="utf-8-sig")))
    assert "举报人甲" not in clerk_text and "110105" not in clerk_text and "138" not in clerk_text
    assert "信访人信息保密" in clerk_text
    assert "举报人甲" in boss_rows[1] and "110105********002X" in boss_rows[1]
