"""``reception selftest``: the whole desk once, on a throw-away ledger, as an installer's smoke test.

It runs where the desk will run — also inside the PyInstaller bundle, on an offline PC — and checks what a missing
file or module in the bundle would break: the bundled resources, a new ledger, a registration with a rare
character (王𠈌, CJK Extension B), a receipt and an acceptance notice as PDFs with embedded fonts, an encrypted
backup read back and verified, and the main window opened and closed without a display (``offscreen``).

Nothing outside a temporary folder is touched: not the per-user ledger, not the desk's preferences.  Each check
prints one line (``ok  registered 2026-01-000001 …``); the first failing check prints ``FAIL  NAME: reason``
and ends the run with exit code 1 — never a traceback.  ``--json`` prints one JSON document instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from reception.domain.roles import Principal, Role

__all__ = ["REQUIRED_RESOURCES", "Check", "run_selftest"]

ACTOR = Principal("自检", Role.ADMINISTRATOR, via="cli")  # the administrator of its own temporary ledger
RARE_NAME = "王𠈌"  # 𠈌 U+2020C: Extension B, outside the BMP — only the bundled UMing subset has it

# Files the desk cannot work without (resources/ in a checkout, <bundle>/resources in the bundle).
REQUIRED_RESOURCES: dict[str, tuple[str, ...]] = {
    "fonts": ("fonts/wqy-microhei.ttc", "fonts/uming-cn-ext-subset.ttf"),
    "holidays": ("data/holidays.json",),
    "agencies": ("data/agencies.json",),
    "categories": ("data/content_categories.json",),
    "translations": ("i18n/reception_en.qm",),
    "icons": ("icons/chevron-down.svg", "icons/chevron-up.svg", "icons/check.svg"),
}


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    seconds: float = 0.0

    def line(self) -> str:
        return f"ok  {self.detail}" if self.ok else f"FAIL  {self.name}: {self.detail}"


class SelftestError(Exception):
    """A check found a problem (its message is the one line printed)."""


@dataclass
class _Run:
    root: Path
    services: Any = None
    number: str = ""
    passphrase: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    checks: list[Check] = field(default_factory=list)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    message = text[0] if text else ""
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _check_pdf(path: Path, what: str) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SelftestError(f"{what} 未写出：{exc.strerror or exc}") from None
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise SelftestError(f"{what} 不是完整的 PDF（{len(data)} 字节）")
    if b"/FontFile2" not in data:
        raise SelftestError(f"{what} 没有嵌入 TrueType 字体（/FontFile2）")
    if b"/Page" not in data:
        raise SelftestError(f"{what} 没有页面")
    return f"{len(data) // 1024} KiB PDF, fonts embedded"


# -- the checks, in order; each returns the text after "ok  " ---------------------------------------------------


def check_resources(run: _Run) -> str:
    from reception.resources import resource_path

    root = resource_path()
    missing = [
        rel
        for rels in REQUIRED_RESOURCES.values()
        for rel in rels
        if not resource_path(*rel.split("/")).is_file() or resource_path(*rel.split("/")).stat().st_size == 0
    ]
    if missing:
        raise SelftestError(f"{root} 中缺少 {', '.join(missing)}")
    for rel in ("data/holidays.json", "data/agencies.json", "data/content_categories.json"):
        try:
            json.loads(resource_path(*rel.split("/")).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SelftestError(f"{rel} 无法读取：{_one_line(exc)}") from None
    return f"resources {', '.join(REQUIRED_RESOURCES)} in {root}"


# Modules the desk imports only when a page, a dialog or a document is first used: a bundle that lacks one
# starts fine and fails in front of the visitor, so the selftest imports them all up front.
LAZY_MODULES = (
    "reception.services.documents",
    "reception.services.backup",
    "reception.services.export",
    "reception.services.statistics",
    "reception.services.leaders",
    "reception.services.supervision",
    "reception.services.demo",
    "reception.ui.pages.ledger",
    "reception.ui.pages.supervision",
    "reception.ui.pages.dashboard",
    "reception.ui.pages.leaders",
    "reception.ui.pages.detail",
    "reception.ui.dialogs.backup",
    "reception.ui.dialogs.print_preview",
    "reception.ui.printing",
    "reception.ui.dialogs.settings",
    "reception.ui.dialogs.login",
    "reception.ui.dialogs.actions",
)


def check_modules(run: _Run) -> str:
    import importlib

    from reception.printing.kinds import KINDS

    names = list(LAZY_MODULES)
    names += sorted({f"reception.printing.documents.{spec.module}" for spec in KINDS.values()})
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:
            raise SelftestError(f"{name} 无法导入：{_one_line(exc)}") from None
    return f"modules {len(names)} imported (pages, dialogs, {len(KINDS)} document kinds, charts, PDF view)"


def check_ledger(run: _Run) -> str:
    from reception.services.context import open_services

    (run.root / "data").mkdir(exist_ok=True)
    run.services = open_services(run.root / "selftest.db", calendar_file=run.root / "data" / "holidays.json")
    agencies = len(run.services.ledger.agencies()) if hasattr(run.services.ledger, "agencies") else None
    return "ledger created" + (f" ({agencies} agencies in the directory)" if agencies else "")


def _registration() -> dict[str, Any]:
    from reception.domain.identity import check_digit

    first17 = "11010119800101001"
    received = (datetime.now() - timedelta(minutes=5)).replace(second=0, microsecond=0)
    return {
        "channel": "visit",
        "received_at": received.isoformat(),
        "source": {"kind": "own"},
        "persons": [
            {
                "name": RARE_NAME,
                "id_number": first17 + check_digit(first17),
                "phone": "13900000000",
                "address": "××市××区人民路1号",
                "role": "petitioner",
            }
        ],
        "headcount": 1,
        "purpose": "demand",
        "category": "grievance",
        "content_category": "劳动社保",
        "location": "××区",
        "summary": "自检：反映单位拖欠工资三个月，要求依法处理。",
        "demands": "要求支付拖欠工资",
        "clerk": ACTOR.name,
    }


def check_register(run: _Run) -> str:
    matter = run.services.ledger.register(_registration(), actor=ACTOR)
    run.number = matter.number
    found = run.services.ledger.search(RARE_NAME[1:], 5)
    if not any(row.number == matter.number for row in found):
        raise SelftestError(f"登记的 {matter.number} 按姓名中的“{RARE_NAME[1:]}”查不到")
    return f"registered {matter.number} {RARE_NAME}"


def check_receipt(run: _Run) -> str:
    out = run.root / "receipt.pdf"
    run.services.documents.print_document(run.number, "receipt", out, actor=ACTOR)
    return f"receipt {_check_pdf(out, '回执')}"


def check_accept(run: _Run) -> str:
    matter = run.services.ledger.act(run.number, "accept", {}, actor=ACTOR)
    return f"accepted {matter.number} → {matter.status.value}"


def check_notice(run: _Run) -> str:
    out = run.root / "acceptance.pdf"
    result = run.services.documents.print_document(run.number, "acceptance", out, actor=ACTOR)
    number = result.number
    return f"acceptance notice {number + ' ' if number else ''}{_check_pdf(out, '受理告知书')}".replace("  ", " ")


def check_backup(run: _Run) -> str:
    from reception.services.backup import BackupError, verify_archive

    target = run.root / "backups"
    target.mkdir()
    result = run.services.backup.backup(target, run.passphrase, actor=ACTOR)
    manifest = verify_archive(result.path, run.passphrase)
    if manifest.counts.get("matter", 0) < 1:
        raise SelftestError(f"备份 {result.path.name} 中没有事项")
    try:
        verify_archive(result.path, run.passphrase + "x")
        wrong_passphrase_accepted = True
    except BackupError:
        wrong_passphrase_accepted = False
    if wrong_passphrase_accepted:
        raise SelftestError("错误的口令也通过了校验")
    return f"backup {result.path.name} ({result.size // 1024} KiB) written and verified"


def check_window(run: _Run) -> str:
    from reception.app import build_main_window, prepare_application
    from reception.ui.workers import wait_for_background

    app = prepare_application()
    window = build_main_window(run.services, actor=ACTOR, data_dir=run.root / "data")
    try:
        window.resize(1366, 740)
        window.show()
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        wait_for_background()
        app.processEvents()
        title = window.windowTitle()
        if not window.isVisible():
            raise SelftestError("主窗口没有显示")
        pages = _tour_pages(app, window, run.number)
        if not window.close():
            raise SelftestError("主窗口拒绝关闭")
    finally:
        window.close()
        wait_for_background()
        window.deleteLater()
        app.processEvents()
    platform = app.platformName()
    return f"main window opened, {pages} shown, closed ({platform}{', ' + title if title else ''})"


# Each page as the clerk reaches it: its key, the page it shows, and what shows it is ready.
_PAGE_KEYS = (("F3", "ledger"), ("F4", "supervise"), ("F5", "stats"), ("F7", "leaders"), ("F2", "register"))


def _tour_pages(app: Any, window: Any, number: str) -> str:
    """Go to each page by its key's action (F3 台账 … F2 登记) and open the registered matter; each must show.

    The statistics page must also have computed its first report and drawn its charts (QtCharts).
    """
    from PySide6.QtGui import QKeySequence

    def settle(ready: Callable[[], bool], what: str, seconds: float = 15.0) -> None:
        deadline = time.monotonic() + seconds
        while not ready():
            if time.monotonic() > deadline:
                raise SelftestError(f"{what}没有在 {seconds:.0f} 秒内显示")
            app.processEvents()
            time.sleep(0.01)

    window.activateWindow()
    shown: list[str] = []
    for key, page in _PAGE_KEYS:
        action = window.page_actions.get(page)  # the menu action that owns the key (QtTest is not in the bundle)
        if action is None or action.shortcut() != QKeySequence(key):
            raise SelftestError(f"{key} 没有对应的页面")
        action.trigger()
        settle(lambda page=page: window.current_page() == page and window.page_built(page), f"{key} 的页面")
        if page == "stats":
            settle(lambda: window.dashboard.report is not None, "统计结果")
        shown.append(page)
    window.open_matter(number)
    settle(lambda: window.current_page() == "detail", f"事项 {number}")
    shown.append("detail")
    return f"{len(shown)} pages ({', '.join(shown)})"


CHECKS: tuple[tuple[str, Callable[[_Run], str]], ...] = (
    ("resources", check_resources),
    ("modules", check_modules),
    ("ledger", check_ledger),
    ("register", check_register),
    ("receipt", check_receipt),
    ("accept", check_accept),
    ("acceptance notice", check_notice),
    ("backup", check_backup),
    ("main window", check_window),
)


def run_selftest(emit: Callable[[Check], None] | None = None) -> list[Check]:
    """Run every check on a temporary ledger until the first failure; ``emit`` sees each result as it comes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    checks: list[Check] = []
    with tempfile.TemporaryDirectory(prefix="reception-selftest-", ignore_cleanup_errors=True) as tmp:
        run = _Run(root=Path(tmp))
        try:
            for name, function in CHECKS:
                started = time.perf_counter()
                try:
                    detail, ok = function(run), True
                except SelftestError as exc:
                    detail, ok = str(exc), False
                except Exception as exc:
                    detail, ok = _one_line(exc), False
                check = Check(name, ok, detail, round(time.perf_counter() - started, 3))
                checks.append(check)
                if emit is not None:
                    emit(check)
                if not ok:
                    break
        finally:
            if run.services is not None:
                with contextlib.suppress(Exception):
                    run.services.close()
    return checks


def startup_figures(runs: int = 3) -> list[dict[str, Any]]:
    """The clerk's start as ``reception bench`` reports it, measured here with this installation's own executable
    (the bundle's too) on a small temporary ledger with one account: start → login dialog ready for keystrokes and
    start → main window shown, each beside a bare QWidget started the same way, and password accepted →
    registration form ready for the ID.  A figure, never a check: a slow PC does not fail the selftest."""
    from reception import startprobe
    from reception.bench import clerk_start_figures, figure

    try:
        with tempfile.TemporaryDirectory(prefix="reception-selftest-start-", ignore_cleanup_errors=True) as tmp:
            from reception.services.context import open_services

            ledger = Path(tmp) / "start.db"
            services = open_services(str(ledger))
            try:
                services.ledger.register(_registration(), actor=ACTOR)
                services.accounts.create_first_admin(startprobe.USER, "自检管理员", startprobe.PASSWORD)
            finally:
                services.close()
            login = clerk_start_figures(startprobe.clerk_start(ledger, Path(tmp), runs))
            desk = startprobe.desk_start(ledger, runs)
    except Exception as exc:  # reported, never raised: the checks have passed
        return [figure("start-up", None, None, "", False, error=_one_line(exc))]
    shown, floor = statistics.median(desk["shown"]), statistics.median(desk["floor"])
    window = figure(
        "start → main window shown with the ledger's first page",
        shown,
        floor,
        "≤ 1.5× floor",
        shown <= 1.5 * floor,
        floor_is="a bare QWidget shown (QApplication + one widget)",
        runs_ms=[round(v, 1) for v in desk["shown"]],
        floor_runs_ms=[round(v, 1) for v in desk["floor"]],
    )
    return [*login, window]


def main(as_json: bool = False) -> int:
    """The ``reception selftest`` command: 0 when every check passed, 1 naming the first that failed."""

    def show(check: Check) -> None:
        print(check.line(), flush=True)

    checks = run_selftest(None if as_json else show)
    failed = next((c for c in checks if not c.ok), None)
    if as_json:
        print(
            json.dumps(
                {
                    "ok": failed is None,
                    "failed": failed.name if failed else None,
                    "platform": os.environ.get("QT_QPA_PLATFORM", ""),
                    "frozen": bool(getattr(sys, "frozen", False)),
                    "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail, "seconds": c.seconds} for c in checks],
                    # the clerk's start on this installation, once every check has passed (figures, not checks)
                    "startup": startup_figures() if failed is None else [],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    if failed is not None:
        sys.stderr.write(f"reception: selftest failed at “{failed.name}”: {failed.detail}\n")
        return 1
    if not as_json:
        print(f"selftest passed: {len(checks)} checks")
    return 0
