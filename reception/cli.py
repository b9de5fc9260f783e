"""The ``reception`` command: the desk with no arguments, the station administrator's tool with them.

Exit codes are a contract (scripts and scheduled backups rely on them): 0 success, 1 a check that found a
problem (verify, audit), 2 invalid input with a one-line reason on stderr and nothing written.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import getpass
import json
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from reception.domain.roles import Principal
    from reception.services.audit import Head
    from reception.services.context import Services

EXIT_OK, EXIT_PROBLEM, EXIT_INVALID = 0, 1, 2
REGISTER_FILE_MAX = 16 * 1024 * 1024  # one matter's JSON; far below, a file is no registration

ACT_OPTIONS = {
    "reason_code": ("--reason-code", "不予受理理由代码 1-8"),
    "direct_to": ("--direct-to", "告知信访人应向其提出的机关"),
    "to": ("--to", "转送机关/承办单位：目录中的代码或全称"),
    "due": ("--due", "反馈期限 YYYY-MM-DD"),
    "note": ("--note", "督办意见/备注"),
    "days": ("--days", "延期天数（≤30）"),
    "reason": ("--reason", "理由"),
    "approver": ("--approver", "批准人"),
    "outcome": ("--outcome", "support | explain | deny"),
    "text": ("--text", "答复/意见内容"),
    "satisfaction": ("--satisfaction", "satisfied | basic | dissatisfied"),
    "route": ("--route", "办理途径 1-6（条例第三十一条）"),
    "requirements": ("--requirements", "交办要求"),
    "leader": ("--leader", "领导姓名（leader-receive 接访 / leader-assign 包案 / leader-instruction 批示）"),
    "day": ("--day", "领导接访日编号（leader-receive，见 leader-day list）"),
    "result": ("--result", "办结方式（第（一）至（五）项）：legal 转入法定程序 | performed 依法履行"),
    "date": ("--date", "承办单位报告日期 YYYY-MM-DD（unit-report）"),
    "start": ("--start", "听证开始日期 YYYY-MM-DD（hearing）"),
    "end": ("--end", "听证结束日期 YYYY-MM-DD（hearing）"),
}


class UserError(Exception):
    """Anything the operator must fix; printed as one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"reception: {_terminal(message)}\n")
        raise SystemExit(EXIT_INVALID)


def default_db() -> str:
    from platformdirs import user_data_dir

    return str(Path(user_data_dir("reception", appauthor=False)) / "ledger.db")


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print one JSON document")
    parser = _Parser(prog="reception", description="信访接待台：登记、台账、打印、备份。无参数时打开接待台界面。")
    parser.add_argument("--db", default=None, help="台账文件路径或 postgresql:// 地址（也可用环境变量 RECEPTION_DB）")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    _login_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("init", parents=[common], help="新建台账及其第一个管理员（文件已存在时拒绝）")
    p.add_argument("--admin", required=True, help="管理员用户名")
    p.add_argument("--name", required=True, help="管理员姓名")
    p.add_argument("--password-file", required=True, help="读取密码的文件（首行）")

    p = sub.add_parser("demo-data", parents=[common], help="生成用于培训和测试的模拟台账")
    p.add_argument("--cases", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--today", default=None, help=argparse.SUPPRESS)
    _login_options(p)  # only for a ledger that already has accounts

    p = sub.add_parser("register", parents=[common], help="登记一件事项（JSON 文件或 - 表示标准输入）")
    p.add_argument("file")
    _login_options(p)

    p = sub.add_parser("act", parents=[common], help="对事项执行一步操作")
    p.add_argument("number")
    p.add_argument("action")
    for dest, (flag, help_text) in ACT_OPTIONS.items():
        p.add_argument(flag, dest=dest, default=None, help=help_text)
    _login_options(p)
    p.add_argument("--at", dest="at", default=None, help="补录时间 YYYY-MM-DDTHH:MM")
    p.add_argument(
        "--to-accused-unit",
        dest="to_accused_unit",
        action="store_true",
        help="确认把检举控告转送/交办到被反映对象所在单位（科长；条例第三十条）",
    )

    p = sub.add_parser("show", parents=[common], help="显示一件事项")
    p.add_argument("number")
    p.add_argument("--reveal", action="store_true", help="显示完整证件号和电话")
    _login_options(p)

    p = sub.add_parser("audit", parents=[common], help="审计记录：verify 校验哈希链；list 列出最近记录")
    p.add_argument("audit_command", choices=["verify", "list", "head"])
    p.add_argument(
        "--against",
        default=None,
        help="verify：对照锚点校验——备份文件（需 --passphrase-file）、导出的 xlsx/CSV、打印的 PDF，或 N:MAC",
    )
    p.add_argument("--passphrase-file", default=None, help="--against 为备份文件时的口令文件（第一行为口令）")
    p.add_argument("--number", default="", help="只列出该事项的记录")
    p.add_argument("--limit", type=int, default=50)
    _login_options(p)

    p = sub.add_parser("account", parents=[common], help="账户管理：add 添加账户；list 列出账户")
    p.add_argument("account_command", choices=["add", "list"])
    p.add_argument("--username", default="")
    p.add_argument("--name", default="")
    p.add_argument("--role", default="clerk", choices=["clerk", "supervisor", "administrator", "backup"])
    p.add_argument("--password-file", default=None, help="新账户的密码文件（首行）；省略时从终端询问")
    _login_options(p)

    p = sub.add_parser("bench", parents=[common], help="在模拟台账上测量各项速度指标（与各自的下限对照）")
    p.add_argument("--cases", type=int, default=1_000_000)
    _login_options(p)  # only for a real ledger given with --db
    p.add_argument("--markdown", action="store_true", help="同时打印 README 用的结果表")
    p.add_argument("--only", action="append", default=[], help="只测名称含该词的指标（可重复），如 --only audit")

    p = sub.add_parser("search", parents=[common], help="按编号、证件号、电话、姓名或摘要片段查找")
    p.add_argument("text")
    p.add_argument("--limit", type=int, default=50)
    _login_options(p)

    p = sub.add_parser("print", parents=[common], help="打印文书（PDF）；print ledger --from D --to D 打印台账")
    p.add_argument(
        "kind",
        help="receipt | receipt-80mm | acceptance | rejection | referral | referral-letter "
        "| extension | reply | ledger",
    )
    p.add_argument("number", nargs="?", default=None, help="事项编号（台账不需要）")
    p.add_argument("-o", "--output", required=True, help="输出的 PDF 文件")
    p.add_argument("--force", action="store_true", help="输出文件已存在时替换它")
    p.add_argument("--reprint", action="store_true", help="补打：沿用原编号并标明“补打”")
    p.add_argument("--copy", choices=("visitor", "file", "both"), default="both", help="联次：信访人联、存档联或两联")
    _login_options(p)
    p.add_argument("--from", dest="date_from", default=None, help="台账：登记日期自 YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", default=None, help="台账：登记日期至 YYYY-MM-DD")
    p.add_argument("--status", default=None, help="台账：只列此状态")
    p.add_argument("--channel", default=None, help="台账：只列此信访形式")
    _add_backup_commands(sub, common)
    _add_statistics_commands(sub, common)
    sub.add_parser(
        "selftest", parents=[common], help="自检：在临时台账上登记、打印、备份并打开主窗口（安装后或打包后运行）"
    )
    return parser


def _login_options(p: argparse.ArgumentParser, *, top: bool = False) -> None:
    """``--as USERNAME --auth-file F``: who runs the command, as on the desk's login (before or after the
    subcommand; SUPPRESS keeps the one given before it)."""
    default = None if top else argparse.SUPPRESS
    p.add_argument("--as", dest="as_user", default=default, metavar="USERNAME", help="以该账户的身份操作（用户名）")
    p.add_argument(
        "--auth-file",
        dest="auth_file",
        default=default,
        metavar="F",
        help="该账户的密码文件（首行；也可用环境变量 RECEPTION_AUTH_FILE；在终端上省略时询问密码）",
    )


def _password(args: argparse.Namespace, username: str) -> str:
    path = getattr(args, "auth_file", None) or os.environ.get("RECEPTION_AUTH_FILE")
    if path:
        return _read_secret(path, "")
    if sys.stdin.isatty():
        return getpass.getpass(f"{_terminal(username)} 的密码：")
    raise UserError(f"请用 --auth-file 给出 {username} 的密码文件（或环境变量 RECEPTION_AUTH_FILE）")


def _credentials(args: argparse.Namespace) -> tuple[str, str]:
    """``--as`` and its password, read once per command (a terminal is asked only once)."""
    known = getattr(args, "credentials", None)
    if known is not None:
        return known
    username = (getattr(args, "as_user", None) or "").strip()
    if not username:
        raise UserError("请用 --as 用户名 --auth-file 密码文件 说明由谁操作（与登录接待台的账户相同）")
    args.credentials = (username, _password(args, username))
    return args.credentials


def _session(args: argparse.Namespace, capability: str, *, db: str | None = None) -> tuple[Services, Principal]:
    """The one door of every command that reads personal data or changes anything: the ledger opened for the
    account of ``--as``, its password checked as at the desk's login (the same lockout, audited), and the
    account's role allowed ``capability`` (:data:`reception.domain.roles.CAPABILITIES`); the services then act
    as that person and no one else."""
    from reception.domain.roles import require

    services = _open(args, db=db)  # a missing ledger or a file that is none is refused here, never made
    username, password = _credentials(args)
    if not services.accounts.has_accounts():
        raise UserError("该台账还没有账户：请先在接待台首次启动时或用 reception init 建立管理员")
    principal = services.accounts.login(username, password, via="cli")
    require(principal, capability)
    return services, principal


def _terminal(text: str) -> str:
    """Plain text for the terminal: every control, format or separator character (stored before the input rule
    existed, or in a file name) shown as ``\\x1b`` / ``\\u202e`` instead of acting on the screen."""
    from reception.domain.text import escape_controls

    return escape_controls(text)


def _jsonable(value: object) -> object:
    """A service's read model (a frozen dataclass) as its fields, keys in declaration order; anything else
    JSON does not know (a date, a path) as its string."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return str(value)


def _json_text(data: Any, indent: int | None = None) -> str:
    """``data`` as JSON with every control, format or separator character escaped (json.dumps leaves C1
    controls and direction overrides raw when it keeps Chinese readable)."""
    from reception.domain.text import is_unsafe

    text = json.dumps(data, ensure_ascii=False, indent=indent, default=_jsonable)
    if text.isascii():
        return text
    out: list[str] = []
    for ch in text:
        if ch != "\n" and is_unsafe(ch):  # only inside strings: json.dumps writes nothing else raw
            code = ord(ch)
            if code > 0xFFFF:  # JSON escapes beyond the BMP as a surrogate pair
                code -= 0x10000
                out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
            else:
                out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    if args.json:
        print(_json_text(data, indent=2))
    else:
        print(_terminal(text))


def _read_json(source: str) -> Any:
    try:
        if source == "-":
            raw = sys.stdin.read()
        else:  # a regular file only (never /dev/zero or a FIFO); a BOM from Notepad is accepted
            from reception.services.backup.files import read_regular_file

            raw = read_regular_file(source, "登记文件", limit=REGISTER_FILE_MAX).decode("utf-8-sig")
    except OSError as exc:
        raise UserError(f"无法读取 {source}：{exc.strerror}") from None
    except UnicodeDecodeError:
        raise UserError(f"{source} 不是 UTF-8 编码的文本") from None
    raw = raw.removeprefix("\ufeff")
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise UserError(f"JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）：{exc.msg}") from None
    except RecursionError:
        raise UserError("JSON 嵌套层数过深") from None


def _open(args: argparse.Namespace, *, create: bool = False, db: str | None = None) -> Services:
    """The services on ``--db`` (or ``db``): the one place where a command opens (or, for ``init``, creates) its
    ledger.  Every command but ``init`` needs an existing ledger: a mistyped ``--db`` is refused, never made.
    Commands on the ledger come in through :func:`_session`, which opens it here for the account that logs in."""
    from reception.services.context import open_services

    services = open_services(db or args.db, create=create)
    _OPENED.append(services)  # closed when the command ends (main): its lock lets a restore go ahead
    return services


def _close(services: Services) -> None:
    """Close ``services`` before the command ends (a restore takes the file exclusively afterwards)."""
    if services in _OPENED:
        _OPENED.remove(services)
    services.close()


_OPENED: list[Any] = []


def cmd_demo_data(args: argparse.Namespace) -> int:
    from reception.services.demo import generate

    if args.cases < 1:
        raise UserError("--cases 应为正整数")
    today = datetime.fromisoformat(args.today) if args.today else None
    _guard_real_ledger(args)
    result = generate(
        args.db, args.cases, seed=args.seed, today=today, progress=None if args.json else _progress, create=False
    )
    _emit(args, result, f"已生成 {result['matters']} 件事项、{result['persons']} 人，用时 {result['seconds']:.1f} 秒")
    return EXIT_OK


def _guard_real_ledger(args: argparse.Namespace) -> None:
    """demo-data and bench on a ledger that has accounts (a station's own, not a synthetic one): only with an
    administrator's login, as for any other command on it."""
    from reception.storage.db import is_postgres_url

    if not is_postgres_url(args.db) and not Path(args.db).expanduser().is_file():
        return
    services = _open(args)
    try:
        if not services.accounts.has_accounts():
            return
    finally:
        _close(services)
    services, _me = _session(args, "settings")
    _close(services)  # generate and the bench open the ledger themselves


def _progress(done: int, total: int) -> None:
    sys.stderr.write(f"\r{done}/{total}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def cmd_register(args: argparse.Namespace) -> int:
    data = _read_json(args.file)
    services, me = _session(args, "register")
    matter = services.ledger.register(data, actor=me)
    result = {
        "number": matter.number,
        "uuid": matter.uuid,
        "is_repeat": matter.is_repeat,
        "repeat_of": matter.repeat_of,
    }
    print(_json_text(result))
    return EXIT_OK


def cmd_act(args: argparse.Namespace) -> int:
    from reception.domain.matter import parse_datetime

    params = {k: getattr(args, k) for k in ACT_OPTIONS if getattr(args, k) is not None}
    if args.to_accused_unit:
        params["to_accused_unit"] = True
    at = parse_datetime(args.at, "操作时间", "at") if args.at else None
    services, me = _session(args, "act")
    action = args.action.strip()
    if action.startswith("leader-"):  # 领导接访 / 包案 / 批示 (services/leaders.py)
        matter = services.leaders.act(args.number, action, params, actor=me, at=at)
    else:
        matter = services.ledger.act(args.number, action, params, actor=me, at=at)
    _emit(args, {"number": matter.number, "status": matter.status.value}, f"{matter.number} → {matter.status.value}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    services, me = _session(args, "search")
    data = services.ledger.show(args.number, reveal=args.reveal, actor=me)
    if args.json:
        _emit(args, data, "")
        return EXIT_OK
    lines = [
        f"{data.number}  {data.status_label}  {data.channel_label}  {data.received_at}",
        f"信访人：{'、'.join(p.name for p in data.parties)}",
        f"摘要：{data.summary[:200]}",
    ]
    for clock in data.clocks:
        lines.append(f"时限 {clock.label}：{clock.due}  {clock.level_label}")
    for event in data.events:
        lines.append(f"  {event.at}  {event.kind}  {event.actor}")
    print(_terminal("\n".join(lines)))
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    if not args.text.strip():
        raise UserError("请输入要查找的内容")
    if not 1 <= args.limit <= 10_000:
        raise UserError("--limit 应在 1 到 10000 之间")
    services, _me = _session(args, "search")
    rows = services.ledger.search(args.text, args.limit)
    text = (
        "\n".join(f"{r.number}  {r.name}  {r.id_number}  {r.status_label}  {r.summary[:40]}" for r in rows)
        or "没有找到"
    )
    _emit(args, rows, text)
    return EXIT_OK


def _anchor(text: str, passphrase_file: str | None) -> Head:
    """``--against``: an anchor from a backup archive, an export, a printed report, or ``N:MAC`` itself."""
    from reception.services.audit import Head, parse_anchor, read_anchor

    path = Path(text)
    if not path.is_file():
        head = parse_anchor(text)
        if head is None:
            raise UserError(f"{text} 既不是文件，也不是 条数:MAC 形式的锚点")
        return head
    if path.suffix == ".rcpbak":
        from reception.services.backup import BackupError, read_manifest, read_passphrase_file

        if not passphrase_file:
            raise UserError("对照备份文件校验需要 --passphrase-file")
        try:
            data = read_manifest(path, read_passphrase_file(passphrase_file)).data.get("audit_head")
        except BackupError as exc:
            raise UserError(str(exc)) from None
        if not isinstance(data, dict):
            raise UserError(f"备份 {path.name} 中没有审计链锚点（旧版本的备份）")
        return Head(int(data["entries"]), str(data["mac"]))
    try:
        head = read_anchor(path)
    except (OSError, ValueError, KeyError) as exc:
        raise UserError(f"无法读取 {path}：{exc}") from None
    if head is None:
        raise UserError(f"{path} 中没有审计链锚点")
    return head


def cmd_audit(args: argparse.Namespace) -> int:
    services, _me = _session(args, "audit")
    if args.audit_command == "list":
        rows = services.audit.entries(matter_number=args.number, limit=args.limit)
        _emit(
            args,
            [dataclasses.asdict(r) for r in rows],
            "\n".join(f"{r.id:>6}  {r.at}  {r.actor}  {r.action}  {r.matter_number}" for r in rows) or "没有审计记录",
        )
        return EXIT_OK
    if args.audit_command == "head":
        head = services.audit.head()
        _emit(args, head.as_dict(), f"{head.entries}:{head.mac}")
        return EXIT_OK
    anchor = _anchor(args.against, args.passphrase_file) if args.against else None
    result = services.audit.verify(anchor)
    _emit(
        args,
        {
            "ok": result.ok,
            "entries": result.entries,
            "first_bad_id": result.first_bad_id,
            "message": result.message,
            "problems": list(result.problems),
            "rows_checked": result.rows_checked,
            "head": result.head.as_dict() if result.head else None,
            "anchor": anchor.as_dict() if anchor else None,
        },
        result.message,
    )
    if not result.ok and not args.json:
        sys.stderr.write(f"reception: {_terminal(result.message)}\n")
    return EXIT_OK if result.ok else EXIT_PROBLEM


def _read_secret(path: str | None, prompt: str, flag: str = "--password-file") -> str:
    if path:
        from reception.services.backup.files import read_passphrase_file

        return read_passphrase_file(path, "密码文件")
    if not sys.stdin.isatty():
        raise UserError(f"没有终端可以询问，请用 {flag} 指定")
    return getpass.getpass(prompt)


def cmd_init(args: argparse.Namespace) -> int:
    """The only command that makes a ledger: the file and its first administrator, or nothing at all."""
    password = _read_secret(args.password_file, "密码：")
    services = _open(args, create=True)
    try:
        services.accounts.create_first_admin(args.admin, args.name, password)
    except BaseException:
        services.close()
        _discard_new_ledger(args.db)
        raise
    services.close()
    shown = _shown_db(args.db)
    _emit(args, {"db": shown, "admin": args.admin}, f"已新建台账 {shown}，管理员 {args.admin}")
    return EXIT_OK


def _shown_db(url: str) -> str:
    from reception.storage.db import redact_url

    return redact_url(url)


def _discard_new_ledger(url: str) -> None:
    """The file ``init`` made a moment ago, when its administrator was refused (a weak password, a bad name)."""
    import contextlib
    import shutil

    from reception.storage.db import sqlite_file
    from reception.storage.ledgerfile import private_dir

    path = sqlite_file(url)
    if path is None:
        return
    for extra in ("", "-wal", "-shm", "-journal", ".auditkey"):
        with contextlib.suppress(FileNotFoundError):
            path.with_name(path.name + extra).unlink()
    shutil.rmtree(private_dir(path), ignore_errors=True)


def cmd_account(args: argparse.Namespace) -> int:
    services, by = _session(args, "accounts")
    if args.account_command == "list":
        rows = services.accounts.list(by)
        _emit(
            args,
            [dataclasses.asdict(r) for r in rows],
            "\n".join(f"{r.username}  {r.display_name}  {r.role_label}{'' if r.active else '  (停用)'}" for r in rows)
            or "没有账户",
        )
        return EXIT_OK
    if not args.username or not args.name:
        raise UserError("添加账户需要 --username 和 --name")
    password = _read_secret(args.password_file, "密码：")
    services.accounts.create(by, args.username, args.name, password, args.role)
    _emit(args, {"username": args.username, "role": args.role}, f"已添加账户 {args.username}")
    return EXIT_OK


def cmd_print(args: argparse.Namespace) -> int:
    from reception.domain.matter import parse_date
    from reception.printing.kinds import KINDS

    kind = args.kind.strip()
    if kind not in KINDS:
        raise UserError(f"未知的文书种类“{kind}”，可用：{' | '.join(KINDS)}")
    if kind == "ledger":
        if args.number:
            raise UserError("打印台账不需要事项编号，请用 --from 和 --to 给出登记日期范围")
        if not args.date_from or not args.date_to:
            raise UserError("打印台账需要 --from 和 --to（YYYY-MM-DD）")
        date_from = parse_date(args.date_from, "开始日期", "from")
        date_to = parse_date(args.date_to, "结束日期", "to")
        if date_from is None or date_to is None:
            raise UserError("打印台账需要 --from 和 --to（YYYY-MM-DD）")
        services, me = _session(args, "print")
        result = services.documents.print_ledger(
            args.output,
            date_from=date_from,
            date_to=date_to,
            actor=me,
            status=args.status,
            channel=args.channel,
            force=args.force,
        )
        _emit(args, result, f"台账：{result.totals['件次']} 件次、{result.totals['人次']} 人次 → {args.output}")
        return EXIT_OK
    if not args.number:
        raise UserError("请给出事项编号：reception print KIND NUMBER -o OUT.pdf")
    services, me = _session(args, "print")
    result = services.documents.print_document(
        args.number, kind, args.output, actor=me, reprint=args.reprint, copy=args.copy, force=args.force
    )
    mark = f"（补打第 {result.reprints} 次）" if result.reprint else ""
    _emit(args, result, f"{result.label} {result.number or result.matter}{mark} → {args.output}")
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    from reception.bench import Bench, bench_db, markdown_table

    if args.cases < 1000:
        raise UserError("--cases 至少 1000")
    explicit = args.db != default_db() and Path(args.db).exists()
    if explicit:
        _guard_real_ledger(args)
    db = Path(args.db) if explicit else bench_db(args.cases)

    def log(msg: str) -> None:
        sys.stderr.write(msg + "\n")

    bench = Bench(db, args.cases, log=log)
    results = bench.run(args.only)
    if args.json:
        print(_json_text(results, indent=2))
    else:
        print(markdown_table(results))
    if args.markdown and args.json:
        sys.stderr.write(markdown_table(results) + "\n")
    return EXIT_OK


# -- backup, verify, restore, export (services/backup.py, services/export.py) ----------------------------------


def _add_backup_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    # ``--db`` is also accepted after these subcommands (``reception restore A --db TARGET``); SUPPRESS keeps the
    # global ``--db``/RECEPTION_DB when it is not given here.
    p = sub.add_parser("backup", parents=[common], help="加密备份台账到文件夹（如 U 盘），写完读回校验")
    p.add_argument("--to", dest="to", required=True, help="目标文件夹")
    p.add_argument("--passphrase-file", required=True, help="口令文件（第一行为口令）")
    p.add_argument("--db", default=argparse.SUPPRESS, help="台账文件")
    _login_options(p)
    p.add_argument(
        "--full-check",
        action="store_true",
        help="备份时做完整的 integrity_check（512 MiB 以上的台账默认只做 quick_check；verify 总是完整检查）",
    )

    p = sub.add_parser("verify", parents=[common], help="完整校验一个备份文件（不读写台账）；有问题时退出码 1")
    p.add_argument("archive")
    p.add_argument("--passphrase-file", required=True, help="口令文件（第一行为口令）")

    p = sub.add_parser("restore", parents=[common], help="把备份恢复为台账文件 --db（已存在时需 --replace）")
    p.add_argument("archive")
    p.add_argument("--passphrase-file", required=True, help="口令文件（第一行为口令）")
    p.add_argument("--db", default=argparse.SUPPRESS, help="恢复成的台账文件")
    p.add_argument("--replace", action="store_true", help="替换已存在的台账；原文件保留为 …before-restore-时间")
    _login_options(p)

    for name, fmt in (("export-xlsx", "xlsx"), ("export-csv", "csv")):
        p = sub.add_parser(name, parents=[common], help=f"导出台账为 {fmt}（证件号和电话脱敏，--full 除外）")
        p.add_argument("-o", "--output", required=True, help="输出文件（扩展名 .xlsx/.csv 决定格式）")
        p.add_argument("--force", action="store_true", help="输出文件已存在时替换它")
        p.add_argument("--format", choices=("xlsx", "csv"), default=None, help="指定格式（优先于扩展名）")
        p.add_argument("--from", dest="date_from", default=None, help="登记日期自 YYYY-MM-DD")
        p.add_argument("--to", dest="date_to", default=None, help="登记日期至 YYYY-MM-DD")
        p.add_argument("--status", nargs="+", action="extend", default=None, help="只导出这些状态")
        p.add_argument("--channel", nargs="+", action="extend", default=None, help="只导出这些信访形式")
        p.add_argument("--clerk", default="", help="只导出该接待人的事项")
        p.add_argument("--unit", default="", help="只导出该承办单位的事项")
        p.add_argument("--text", default="", help="与台账搜索框相同的查找条件")
        p.add_argument("--full", action="store_true", help="完整证件号和电话（需相应权限，记入审计）")
        p.add_argument("--db", default=argparse.SUPPRESS, help="台账文件")
        _login_options(p)
        p.set_defaults(export_format=fmt)


def _tty_progress(label: str) -> Any:
    """A percentage on a terminal; nothing when stderr is captured (errors stay one line)."""
    if not sys.stderr.isatty():
        return None

    def report(done: int, total: int) -> None:
        sys.stderr.write(f"\r{label} {100 * done // max(total, 1):3d}%")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return report


def _problem(exc: Exception) -> int:
    sys.stderr.write(f"reception: {_terminal(str(exc).splitlines()[0]) if str(exc) else type(exc).__name__}\n")
    return EXIT_PROBLEM


def cmd_backup(args: argparse.Namespace) -> int:
    from reception.services.backup import BackupError, read_passphrase_file

    passphrase = read_passphrase_file(args.passphrase_file)
    if not Path(args.to).is_dir():
        raise UserError(f"目标文件夹 {args.to} 不存在")
    services, me = _session(args, "backup")
    try:
        result = services.backup.backup(
            args.to,
            passphrase,
            actor=me,
            progress=_tty_progress("备份"),
            full_check=True if args.full_check else None,
        )
    except BackupError as exc:
        return _problem(exc)
    data = {
        "path": str(result.path),
        "sha256": result.sha256,
        "size": result.size,
        "manifest": {k: v for k, v in result.manifest.data.items() if k not in ("kdf", "cipher", "key_check")},
        "seconds": round(result.seconds, 2),
        "snapshot": result.snapshot,
    }
    _emit(args, data, f"已备份并读回校验：{result.path}\nSHA-256 {result.sha256}\n{result.manifest.summary()}")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from reception.services.backup import BackupError, read_passphrase_file, verify_archive
    from reception.storage.db import sqlite_file
    from reception.storage.ledgerfile import private_dir

    passphrase = read_passphrase_file(args.passphrase_file)
    # the decrypted copy is checked in the ledger's owner-only folder (else the user's own, services/backup)
    ledger = sqlite_file(args.db)
    work = private_dir(ledger) if ledger is not None and ledger.is_file() else None
    try:
        manifest = verify_archive(args.archive, passphrase, progress=_tty_progress("校验"), work_dir=work)
    except BackupError as exc:
        return _problem(exc)
    _emit(
        args,
        {
            "ok": True,
            "archive": args.archive,
            "station": manifest.station,
            "created_at": manifest.data["created_at"],
            "clerk": manifest.clerk,
            "counts": manifest.counts,
            "sha256": manifest.sha256,
        },
        f"备份完好：{manifest.summary()}",
    )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from reception.services.backup import (
        BackupError,
        read_passphrase_file,
        record_restore,
        replace_ledger,
        restore_archive,
    )
    from reception.storage.db import exclusive_file, is_postgres_url
    from reception.storage.ledgerfile import private_dir, sweep, temp_path
    from reception.storage.snapshot import remove_database_file

    if is_postgres_url(args.db):
        raise UserError("只能恢复为 SQLite 台账文件；PostgreSQL 请由服务器管理员恢复")
    passphrase = read_passphrase_file(args.passphrase_file)
    target = Path(args.db).expanduser()
    if target.is_dir():
        raise UserError(f"{target} 是文件夹，请给出台账文件名")
    if target.exists() and not args.replace:
        raise UserError(f"{target} 已存在；恢复不会覆盖它。要替换请加 --replace（原文件会保留为 …before-restore-时间）")
    _credentials(args)  # before anything is written
    # Replacing a ledger takes an administrator of that ledger; a new file, an administrator of the restored one
    # (the archive's own accounts: whoever holds the passphrase of a backup could read it anyway).
    me: Principal | None = None
    if target.exists():
        services, me = _session(args, "restore", db=str(target))
        _close(services)
        with exclusive_file(target, "恢复台账"):  # refused at once while a desk or command has it open
            sweep(private_dir(target))  # what a killed restore left
    # over an existing ledger: restored and checked inside its owner-only folder, then swapped in
    into = temp_path(private_dir(target), "restored") if target.exists() else target
    try:
        result = restore_archive(args.archive, into, passphrase, progress=_tty_progress("恢复"))
    except BackupError as exc:
        return _problem(exc)
    try:
        if me is None:
            services, me = _session(args, "restore", db=str(result.path))
            _close(services)
        record_restore(result.path, me, Path(args.archive), result.manifest, used_at=target)
        replaced = replace_ledger(into, target) if into != target else None
    except BaseException:
        if into == target:
            _discard_new_ledger(str(into))  # a new file refused: nothing of it stays, its own folder neither
        else:
            remove_database_file(into)
        raise
    kept = replaced.kept if replaced else None
    carried = replaced.carried if replaced else None
    lines = [f"已恢复到 {target}：{result.manifest.summary()}"]
    if kept:
        lines.append(f"原台账保留为 {kept}")
    if carried and carried.lost_matters:
        shown = "、".join(carried.lost_matters[:10]) + ("等" if len(carried.lost_matters) > 10 else "")
        lines.append(f"备份之后登记的 {len(carried.lost_matters)} 件事项不在恢复的台账中（仍在原台账里）：{shown}")
    if carried and carried.lost_documents:
        lines.append(f"备份之后打印的 {carried.lost_documents} 份文书的记录不在恢复的台账中")
    for r in carried.reserved if carried else ():
        lines.append(f"编号 {_series_label(r.series)} {r.year} 年第 {r.first}–{r.last} 号已发出，恢复的台账不会再用")
    _emit(
        args,
        {
            "restored": str(target),
            "previous": str(kept) if kept else None,
            "station": result.manifest.station,
            "created_at": result.manifest.data["created_at"],
            "clerk": result.manifest.clerk,
            "counts": result.manifest.counts,
            "lost_matters": list(carried.lost_matters) if carried else [],
            "lost_documents": carried.lost_documents if carried else 0,
            "reserved": [dataclasses.asdict(r) for r in carried.reserved] if carried else [],
        },
        "\n".join(lines),
    )
    return EXIT_OK


def _series_label(series: str) -> str:
    kind, _, rest = series.partition(":")
    return {"matter": "事项编号"}.get(kind, f"文书编号（{series}）") + (f" {rest}" if kind == "matter" and rest else "")


def cmd_export(args: argparse.Namespace) -> int:
    from datetime import date

    from reception.domain.codes import Channel, Status
    from reception.domain.ledger import LedgerFilter

    def day(text: str | None, flag: str) -> date | None:
        from reception.domain.matter import parse_date

        return parse_date(text, flag, flag.lstrip("-"))

    for values, enum, flag in ((args.status, Status, "--status"), (args.channel, Channel, "--channel")):
        unknown = sorted(set(values or ()) - {e.value for e in enum})
        if unknown:
            raise UserError(f"{flag} 不认识 {', '.join(unknown)}（可用：{', '.join(e.value for e in enum)}）")
    f = LedgerFilter(
        statuses=tuple(args.status or ()),
        channels=tuple(args.channel or ()),
        date_from=day(args.date_from, "--from"),
        date_to=day(args.date_to, "--to"),
        clerk=args.clerk,
        handling_unit=args.unit,
        text=args.text,
    )
    if f.date_from and f.date_to and f.date_from > f.date_to:
        raise UserError("--from 晚于 --to")
    services, me = _session(args, "search")
    result = services.export.export(
        args.output,
        f,
        full=args.full,
        fmt=args.format,
        default_format=args.export_format,
        actor=me,
        progress=_tty_progress("导出"),
        force=args.force,
    )
    _emit(
        args,
        {
            "path": str(result.path),
            "format": result.format,
            "rows": result.rows,
            "full": result.full,
            "seconds": round(result.seconds, 2),
        },
        f"已导出 {result.rows} 行到 {result.path}（{result.format}{'，完整证件号' if result.full else '，已脱敏'}）",
    )
    return EXIT_OK


def _add_statistics_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "stats", parents=[common], help="统计：件次、人次、各项比率及同比、环比；-o 输出 PDF 或 xlsx 报表"
    )
    p.add_argument("--from", dest="date_from", default=None, help="登记日期自 YYYY-MM-DD（含）")
    p.add_argument("--to", dest="date_to", default=None, help="登记日期至 YYYY-MM-DD（含）")
    p.add_argument("-o", "--output", default=None, help="报表文件：.pdf 或 .xlsx")
    p.add_argument("--force", action="store_true", help="输出文件已存在时替换它")
    _login_options(p)

    p = sub.add_parser("leader-day", parents=[common], help="领导接访日：add 安排；list 列出；delete 删除")
    p.add_argument("op", choices=("add", "list", "delete"))
    p.add_argument("--name", "--leader", dest="leader", default=None, help="领导姓名")
    p.add_argument("--title", default=None, help="职务")
    p.add_argument("--date", default=None, help="接访日期 YYYY-MM-DD")
    p.add_argument("--time", default=None, help="接访时间，如 09:00-11:30")
    p.add_argument("--place", default=None, help="接访地点")
    p.add_argument("--note", default=None, help="备注")
    p.add_argument("--id", dest="day_id", default=None, help="接访日编号（delete）")
    p.add_argument("--from", dest="date_from", default=None, help="list：日期自 YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", default=None, help="list：日期至 YYYY-MM-DD")
    _login_options(p)

    p = sub.add_parser("settings", parents=[common], help="本站设置：list 列出；set KEY VALUE 修改（系统管理员）")
    p.add_argument("settings_command", choices=("list", "set"))
    p.add_argument("key", nargs="?", default=None, help="设置项，如 station_code、agency_name")
    p.add_argument("value", nargs="?", default=None, help='新值（可选项用 "" 清空）')
    _login_options(p)


def cmd_settings(args: argparse.Namespace) -> int:
    """The station's settings an administrator may change (the same as 设置 › 本单位与本机)."""
    from reception.services.ledger import SETTING_RULES

    services, me = _session(args, "search" if args.settings_command == "list" else "settings")
    if args.settings_command == "list":
        values = services.ledger.settings()
        rows = [{"key": key, "label": SETTING_RULES[key][0], "value": values.value_of(key)} for key in SETTING_RULES]
        _emit(args, rows, "\n".join(f"{r['key']}  {r['label']}  {r['value'] or '（未设置）'}" for r in rows))
        return EXIT_OK
    if args.key is None or args.value is None:
        raise UserError("用法：reception settings set KEY VALUE；可用的设置项：" + "、".join(SETTING_RULES))
    saved = services.ledger.save_settings({args.key: args.value}, actor=me)
    label = SETTING_RULES[args.key][0]
    value = saved.value_of(args.key)
    _emit(args, {"key": args.key, "value": value}, f"已将{label}（{args.key}）设为 {value or '空'}")
    return EXIT_OK


def _rate_text(value: Any) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def cmd_stats(args: argparse.Namespace) -> int:
    from reception.services.statistics import parse_period

    period = parse_period(args.date_from, args.date_to)
    if args.output:
        from reception.services.output_paths import check_output

        target = check_output(args.output, ledger=None if "://" in args.db else args.db, force=args.force)
        if target.suffix.lower() not in (".pdf", ".xlsx"):
            raise UserError(f"报表文件应以 .pdf 或 .xlsx 结尾：{target.name}")
        if not target.parent.exists():
            raise UserError(f"文件夹 {target.parent} 不存在")
    services, _me = _session(args, "statistics")
    report = services.stats.report(period.start, period.end)
    written = services.stats.export(report, args.output, force=args.force) if args.output else ""
    if args.json:
        _emit(args, report.to_json(), "")
        return EXIT_OK
    year, before = report.previous_year, report.previous_period
    heading = (
        f"统计期间 {period.label()}（同比 {year.period.start}～{year.period.end}，"
        f"环比 {before.period.start}～{before.period.end}）"
    )
    lines = [heading]
    for label, key, rate in (
        ("件次", "matters", False),
        ("人次", "persons", False),
        ("办结率", "closure_rate", True),
        ("及时受理率", "on_time_acceptance_rate", True),
        ("按期办结率", "on_time_closure_rate", True),
        ("满意率", "satisfaction_rate", True),
        ("参评率", "rating_rate", True),
    ):
        show = _rate_text if rate else str
        figures = (report.figure(key), year.figure(key), before.figure(key))
        lines.append(f"{label}：{show(figures[0])}　同比期 {show(figures[1])}　环比期 {show(figures[2])}")
    if written:
        lines.append(f"报表已写入 {args.output}")
    print(_terminal("\n".join(lines)))
    return EXIT_OK


def cmd_leader_day(args: argparse.Namespace) -> int:
    from reception.domain.matter import parse_date

    services, me = _session(args, "search")
    leaders = services.leaders
    if args.op == "add":
        day = leaders.add_day(
            {
                "leader": args.leader,
                "title": args.title,
                "date": args.date,
                "time": args.time,
                "place": args.place,
                "note": args.note,
            },
            actor=me,
        )
        _emit(args, dataclasses.asdict(day), f"已安排领导接访日 {day.id}：{day.date} {day.leader} {day.place}".rstrip())
    elif args.op == "delete":
        if not args.day_id:
            raise UserError("请用 --id 指定要删除的接访日")
        leaders.delete_day(args.day_id, actor=me)
        _emit(args, {"deleted": int(args.day_id)}, f"已删除接访日 {args.day_id}")
    else:
        days = leaders.days(parse_date(args.date_from, "起始日期", "from"), parse_date(args.date_to, "截止日期", "to"))
        _emit(
            args,
            [dataclasses.asdict(d) for d in days],
            "\n".join(
                f"{d.id}  {d.date} {d.time}  {d.title}{d.leader}  {d.place}  接访 {d.receptions} 件" for d in days
            )
            or "没有领导接访日",
        )
    return EXIT_OK


def cmd_selftest(args: argparse.Namespace) -> int:
    """A temporary ledger end to end (reception/selftest.py); never touches ``--db``."""
    from reception.selftest import main as selftest

    return selftest(as_json=args.json)


COMMANDS = {
    "selftest": cmd_selftest,
    "stats": cmd_stats,
    "leader-day": cmd_leader_day,
    "settings": cmd_settings,
    "backup": cmd_backup,
    "verify": cmd_verify,
    "restore": cmd_restore,
    "export-xlsx": cmd_export,
    "export-csv": cmd_export,
    "bench": cmd_bench,
    "print": cmd_print,
    "audit": cmd_audit,
    "account": cmd_account,
    "init": cmd_init,
    "demo-data": cmd_demo_data,
    "register": cmd_register,
    "act": cmd_act,
    "show": cmd_show,
    "search": cmd_search,
}


#: the commands that may print a PDF: they run with reportlab patched (reception.printing.patches); the others
#: never import reportlab (it would cost each of them some 150 ms)
PRINTING_COMMANDS = frozenset({"print", "stats", "selftest", "bench"})


def main(argv: Sequence[str] | None = None) -> int:
    probe = os.environ.get("RECEPTION_START_PROBE")
    if probe:  # the bundle's executable as a start-up probe of reception bench / selftest (reception/startprobe.py)
        from reception.startprobe import main as run_probe

        return run_probe(json.loads(probe))
    arguments = sys.argv[1:] if argv is None else list(argv)
    for arg in arguments:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:  # bytes that are no UTF-8 reach Python as lone surrogates
            shown = _terminal(arg.encode("utf-8", "replace").decode())
            sys.stderr.write(f"reception: 参数不是有效的 UTF-8 文字：{shown}\n")
            return EXIT_INVALID
    parser = build_parser()
    args = parser.parse_args(arguments)
    if not hasattr(args, "json"):
        args.json = False
    if args.db is not None and not args.db.strip():
        sys.stderr.write("reception: --db 不能为空；请给出台账文件路径或 postgresql:// 地址\n")
        return EXIT_INVALID
    args.db = args.db or os.environ.get("RECEPTION_DB") or default_db()
    if args.command is None:
        from reception.app import run_desk

        return run_desk(args.db)
    from reception.domain.matter import InvalidInput
    from reception.domain.roles import Forbidden
    from reception.storage.db import StorageError

    if args.command in PRINTING_COMMANDS:
        from reception.printing import patches

        patches.install()
    try:
        return COMMANDS[args.command](args)
    except (UserError, InvalidInput, StorageError, Forbidden) as exc:
        sys.stderr.write(f"reception: {_terminal(str(exc).splitlines()[0]) if str(exc) else type(exc).__name__}\n")
        return EXIT_INVALID
    except KeyboardInterrupt:
        sys.stderr.write("reception: 已取消\n")
        return 130
    except BrokenPipeError:
        # the reader of the output went away (`reception … | head`): nothing more to say, and nothing to say it to
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    finally:
        while _OPENED:
            _OPENED.pop().close()


if __name__ == "__main__":
    sys.exit(main())
