"""Printing a matter's documents and the ledger report, and keeping the record of every print.

One use case per method, one transaction each: the number is drawn from its never-reused series, the
PDF is rendered and written, and the :class:`~reception.storage.models.Document` row and the matter's
"print" event are recorded together — if rendering or writing fails, nothing is recorded and the
number is not spent. A print never changes the matter's status.

The record keeps the job's parameters (:meth:`PrintJob.to_params`), so :meth:`reproduce` makes the
same bytes again and the SHA-256 on the record can be checked; a reprint (补打) shows what the
original showed, keeps its number, and adds the 补打 mark; each reprint is logged on the record
(count, last time and clerk, and every reprint's digest in its params).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reception.domain import workflow
from reception.domain.clocks import CLOCK_LIMITS, ClockKind, due_date
from reception.domain.codes import CHANNEL_LABELS, STATUS_LABELS, Channel, Status
from reception.domain.ledger import LedgerFilter
from reception.domain.matter import Event, InvalidInput, Matter, format_document_number
from reception.domain.roles import Principal, Role, require
from reception.domain.views import DocumentEntry, PrintedDocument, PrintedLedger, Reproduction
from reception.printing import KINDS, LedgerReport, PrintJob, kind_char, kind_label, refusal, render, series
from reception.printing.fonts import MissingGlyphsError
from reception.printing.layout import cn_date
from reception.services.audit import Witness
from reception.services.ledger import LedgerService, NotFound, check_referral_target
from reception.services.output_paths import check_output, write_bytes
from reception.services.pending_prints import Pending, recover, stage
from reception.storage.db import Store
from reception.storage.documents import DocumentRecord, DocumentRepository
from reception.storage.repo import Repository

__all__ = ["DocumentRefused", "DocumentService"]

RECEIPTS = ("receipt", "receipt-80mm")
# Notices whose file copy (存档联) shows the visitor's full ID and phone (printing.documents._notice.matter_facts);
# the 转送函/交办单 never names a 检举控告's complainant on either copy.
FILE_COPY_REVEALS = frozenset({"acceptance", "rejection", "referral", "extension", "reply"})


#: the step each notice tells about: its 成文日期 is that step's day (a notice printed later keeps it)
DECISIONS: dict[str, tuple[str, ...]] = {
    "acceptance": ("accept",),
    "rejection": ("reject",),
    "referral": ("refer",),
    "referral-letter": ("refer", "assign"),
    "extension": ("extend",),
    "reply": ("reply",),
}


class DocumentRefused(InvalidInput):
    """A document that cannot be printed now (wrong state, already printed, unprintable characters)."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextlib.contextmanager
def _settled(staged: list[Pending]) -> Iterator[None]:
    """Around a print's transaction: the staged PDF renamed after the commit, removed after a rollback."""
    try:
        yield
    except BaseException:
        for pending in staged:
            pending.abandon()
        raise
    for pending in staged:
        try:
            pending.finish()
        except OSError as exc:  # committed: the next start or print finishes it (pending_prints.recover)
            raise DocumentRefused(f"文书已登记，但无法改名为 {pending.target}：{exc.strerror or exc}") from None


def _write(data: bytes, out: Any) -> str | None:
    """Write ``data`` to a path (whole or not at all: output_paths) or a binary file object; returns the path."""
    if hasattr(out, "write"):
        out.write(data)
        return getattr(out, "name", None) if isinstance(getattr(out, "name", None), str) else None
    try:
        write_bytes(out, data)
    except OSError as exc:
        raise DocumentRefused(f"无法写入 {out}：{exc.strerror or exc}") from None
    return str(out)


@dataclass
class DocumentService:
    store: Store
    ledger: LedgerService
    clock: Callable[[], datetime] | None = None
    repo: Repository = field(init=False)
    documents: DocumentRepository = field(init=False)

    def __post_init__(self) -> None:
        self.repo = Repository(self.store)
        self.documents = DocumentRepository(self.store)

    def _now(self) -> datetime:
        return (self.clock or self.ledger.clock)().replace(microsecond=0)

    # -- the job -------------------------------------------------------------------------------------------

    def _agency(self, code_or_name: str) -> dict[str, str]:
        if not code_or_name:
            return {}
        found = self.ledger.find_agency(code_or_name)
        if found is None:
            return {"name": code_or_name}
        return {"name": found.name, "address": found.address, "phone": found.phone}

    def _clock_due(self, matter: Matter, kind: ClockKind) -> date | None:
        clock = workflow.clock_of(matter, kind, self.ledger.calendar, self.ledger.rules)
        return clock.due if clock else None

    def build_job(
        self, matter: Matter, kind: str, *, actor: str, now: datetime, copy: str = "both", number: str = ""
    ) -> PrintJob:
        """What ``kind`` prints for ``matter`` now (no number drawn, nothing recorded)."""
        setting = self.ledger.setting
        job = PrintJob(
            matter=matter,
            agency_name=setting("agency_name"),
            agency_short_name=setting("agency_short_name"),
            printed_at=now,
            clerk=actor,
            window=matter.window or setting("window"),
            document_number=number,
            copy=copy,
            agency_address=setting("agency_address"),
            agency_phone=setting("agency_phone"),
            review_agency=setting("review_agency"),
        )
        decided = DECISIONS.get(kind)
        if decided:
            event = next((e for e in reversed(matter.events) if e.kind in decided), None)
            job.dated = event.at.date() if event is not None else None
        job.notify_due = self._clock_due(matter, ClockKind.NOTIFY)
        handle = workflow.clock_of(matter, ClockKind.HANDLE, self.ledger.calendar, self.ledger.rules)
        notify = workflow.clock_of(matter, ClockKind.NOTIFY, self.ledger.calendar, self.ledger.rules)
        job.due_note = next((c.provisional_note for c in (handle, notify) if c is not None and c.provisional), "")
        if handle is not None:
            job.handle_due = handle.due
            days, counting = CLOCK_LIMITS[ClockKind.HANDLE]
            job.original_handle_due = due_date(handle.start, days, counting, self.ledger.calendar, self.ledger.rules)
        if matter.notified_at and kind in RECEIPTS:
            job.extra["notified_at"] = matter.notified_at.isoformat()
        if kind == "rejection":
            job.receiving = self._agency(matter.direct_to)
        elif kind in ("referral", "referral-letter"):
            job.receiving = self._agency(matter.handling_unit_code or matter.handling_unit)
        if kind == "referral-letter":
            assign = next((e for e in reversed(matter.events) if e.kind == "assign"), None)
            refer = next((e for e in reversed(matter.events) if e.kind == "refer"), None)
            if assign is not None and assign.payload.get("requirements"):
                job.extra["requirements"] = assign.payload["requirements"]
            job.feedback_due = matter.unit_due or self._referral_due(matter, (assign or refer))
        return job

    def _referral_due(self, matter: Matter, event: Event | None) -> date:
        """A referral without an explicit date: the art 34 period (60 days) from the referral, or the
        higher agency's own feedback date when that is earlier."""
        start = (event.at if event else matter.received_at).date()
        days, counting = CLOCK_LIMITS[ClockKind.HANDLE]
        due = due_date(start, days, counting, self.ledger.calendar, self.ledger.rules)
        if matter.source.due and matter.source.due < due:
            due = matter.source.due
        return due

    # -- print ---------------------------------------------------------------------------------------------

    def _record(self, matter_id: int | None, kind: str) -> DocumentRecord | None:
        assert matter_id is not None
        return self.documents.first(matter_id, kind)

    def _check_out(self, out: Any, force: bool) -> None:
        if not hasattr(out, "write"):
            check_output(out, ledger=self.store.path, force=force)

    def print_document(
        self,
        number: str,
        kind: str,
        out: Any,
        *,
        actor: Principal,
        reprint: bool = False,
        copy: str = "both",
        force: bool = True,
        to_accused_unit: bool = False,
    ) -> PrintedDocument:
        """Print document ``kind`` of matter ``number`` to ``out`` (a path or a binary file object).

        检举控告: the file copy of a notice is a reveal (科长 and above, audited); asked for both copies, a clerk
        gets the visitor's only (``file_copy_withheld`` in the answer).  A 转送函/交办单 addressed to the accused's
        unit needs a supervisor, who confirms with ``to_accused_unit`` unless the referral itself was confirmed.

        The first print draws the document number; later prints must be reprints (``reprint=True``),
        which keep it. Raises :class:`NotFound` for an unknown matter and :class:`DocumentRefused`
        when the document does not fit the matter's state, was already printed, or has characters
        no font can print.  A path ``out`` must pass :func:`~reception.services.output_paths.check_output`
        (``force``: replace a file) before anything is drawn or recorded.
        """
        self._check_out(out, force)
        recover(self.store)  # a print killed before its rename, in another process (pending_prints.py)
        if kind not in KINDS or kind == "ledger":
            raise DocumentRefused(f"未知的文书种类“{kind}”，可用：{'、'.join(k for k in KINDS if k != 'ledger')}")
        if copy not in ("visitor", "file", "both"):
            raise DocumentRefused(f"联次应为 visitor（信访人联）、file（存档联）或 both，收到“{copy}”")
        if kind in RECEIPTS:
            copy = "visitor"  # a receipt is only ever the visitor's
        require(actor, "print")
        by = actor.name.strip()
        if not by:
            raise DocumentRefused("缺少打印人")
        now = self._now()
        params: dict[str, Any] = {}
        count = 0
        doc_number, seq, year = "", None, now.year
        staged: list[Pending] = []
        # settle (outer) exits after write (inner): the PDF takes its final name only once the number committed
        with _settled(staged), self.store.write():
            matter = self.ledger.get(number)
            assert matter.id is not None
            why = refusal(kind, matter)
            if why:
                raise DocumentRefused(why)
            label = kind_label(kind, matter)
            # 检举控告 (条例 art 30): the file copy of a notice carries the complainant's full ID and phone, so it
            # is a reveal — a supervisor's, audited as one.  Asked for both copies, anyone else gets the visitor's.
            reveals = matter.is_complaint and kind in FILE_COPY_REVEALS and copy in ("file", "both")
            withheld = False
            if reveals and not actor.at_least(Role.SUPERVISOR):
                if copy == "file":
                    require(actor, "reveal")
                copy, reveals, withheld = "visitor", False, True
            record = self._record(matter.id, kind)
            if reprint:
                if record is None:
                    raise DocumentRefused(f"事项 {matter.number} 尚未打印过{label}，不能补打")
                params = dict(record.params)
                count = record.reprints + 1
                job = PrintJob.from_params(
                    matter,
                    params["job"],
                    copy=copy,
                    reprint=True,
                    reprint_count=count,
                    reprinted_at=now,
                    reprinted_by=by,
                )
            else:
                if record is not None:
                    what = f"（编号 {record.number}）" if record.number else ""
                    raise DocumentRefused(
                        f"事项 {matter.number} 的{label}已于 {_fmt(record.printed_at)} 打印{what}，再次打印请选择补打"
                    )
                doc_number, seq, year = "", None, now.year
                char = kind_char(kind, matter)
                if char:
                    seq = self.repo.next_sequence(series(kind, matter), year)
                    settings = self.ledger.settings()
                    short_name, station = settings.agency_short_name, settings.station_code
                    doc_number = format_document_number(short_name, char, year, seq, station)
                job = self.build_job(matter, kind, actor=by, now=now, copy=copy, number=doc_number)
            if kind == "referral-letter":
                # The 转送函/交办单 goes to the receiving unit: never the accused's own without a supervisor.
                check_referral_target(
                    matter,
                    str(job.receiving.get("name") or matter.handling_unit),
                    actor,
                    confirmed=to_accused_unit or self._confirmed_referral(matter),
                )
            data = self._render(kind, job)
            digest = _sha256(data)
            if hasattr(out, "write"):
                path = _write(data, out)
            else:  # under a temporary name until the number is committed (services/pending_prints.py)
                staged.append(stage(self.store, Path(out), data, digest))
                path = str(out)
            if reprint:
                assert record is not None
                params.setdefault("reprints", []).append(
                    {
                        "n": count,
                        "at": now.isoformat(),
                        "by": by,
                        "copy": copy,
                        "sha256": digest,
                        "layout": KINDS[kind].layout,
                    }
                )
                self.documents.record_reprint(record.id, count=count, at=now, by=by, params=params)
                doc_number, record_id = record.number, record.id
            else:
                record_id = self.documents.add(
                    matter_id=matter.id,
                    kind=kind,
                    number=doc_number,
                    year=year,
                    seq=seq,
                    copy=copy,
                    printed_at=now,
                    actor=by,
                    sha256=digest,
                    params={"job": job.to_params(), "layout": KINDS[kind].layout},
                )
            # the print is an event of the matter: the audit entry covers it (services.audit)
            witness = self.ledger.audit.witness(matter_number=matter.number) if self.ledger.audit else None
            self.repo.insert_event(
                matter.id,
                Event(kind="print", at=now, actor=by, payload={"kind": kind, "number": doc_number, "reprint": reprint}),
            )
            # the file copy carries the full ID and phone: the audit entry says which copies were printed
            self._audit(
                by,
                "print",
                matter.number,
                witness=witness,
                kind=kind,
                document=doc_number,
                reprint=reprint,
                copy=copy,
                sha256=digest,
            )
            if reveals:
                self._audit(
                    by, "reveal", matter.number, fields=["name", "id_number", "phone"], document=kind, copy=copy
                )
        return PrintedDocument(
            kind=kind,
            label=label,
            matter=matter.number,
            number=doc_number,
            sha256=digest,
            reprint=reprint,
            reprints=count if reprint else 0,
            copy=copy,
            path=path,
            printed_at=now.isoformat(),
            id=record_id,
            file_copy_withheld=withheld,
        )

    @staticmethod
    def _confirmed_referral(matter: Matter) -> bool:
        """Whether a supervisor confirmed sending this matter to the accused's unit when referring it."""
        return any(e.kind in ("refer", "assign") and e.payload.get("to_accused_unit") for e in matter.events)

    def _audit(
        self, actor: str, action: str, number: str = "", *, witness: Witness | None = None, **detail: Any
    ) -> None:
        if self.ledger.audit is not None:
            self.ledger.audit.record(actor, action, matter_number=number, detail=detail, witness=witness)

    def _render(self, kind: str, job: PrintJob | LedgerReport) -> bytes:
        buf = io.BytesIO()
        try:
            render(kind, job, buf)
        except MissingGlyphsError as exc:
            raise DocumentRefused(f"无法打印：{exc}") from None
        return buf.getvalue()

    # -- records -------------------------------------------------------------------------------------------

    def records(self, number: str) -> list[DocumentEntry]:
        """Every document printed for matter ``number`` (for the detail view and ``show``)."""
        matter_id = self.repo.matter_id(number.strip())
        if matter_id is None:
            raise NotFound(f"没有编号为 {number} 的事项")
        return [self._entry(r) for r in self.documents.of_matter(matter_id)]

    def record(self, number: str, kind: str) -> DocumentEntry | None:
        matter_id = self.repo.matter_id(number.strip())
        if matter_id is None:
            raise NotFound(f"没有编号为 {number} 的事项")
        row = self._record(matter_id, kind)
        return self._entry(row) if row else None

    @staticmethod
    def _entry(row: DocumentRecord) -> DocumentEntry:
        return DocumentEntry(
            id=row.id,
            kind=row.kind,
            number=row.number,
            year=row.year,
            seq=row.seq,
            copy=row.copy,
            printed_at=_iso(row.printed_at),
            actor=row.actor,
            sha256=row.sha256,
            reprints=row.reprints,
            last_reprint_at=_iso(row.last_reprint_at),
            last_reprint_by=row.last_reprint_by,
            reprint_log=list(row.params.get("reprints", [])),
        )

    def reproduce(self, number: str, kind: str, out: Any = None, *, reprint: int = 0) -> Reproduction:
        """Render the recorded print again (the original, or reprint number ``reprint``) and compare
        its SHA-256 with the record. Records nothing.

        A print recorded under an earlier layout of its kind (prints before layouts were recorded count as
        layout 1) is rendered in today's layout: the content is the same, the bytes cannot be, so ``matches`` is
        False and ``layout_changed`` True, with both layout numbers."""
        matter = self.ledger.get(number)
        row = self._record(matter.id, kind)
        if row is None:
            raise DocumentRefused(f"事项 {matter.number} 没有{kind_label(kind, matter)}的打印记录")
        params = row.params
        if reprint:
            log = {r["n"]: r for r in params.get("reprints", [])}
            if reprint not in log:
                raise DocumentRefused(f"没有第 {reprint} 次补打的记录")
            entry = log[reprint]
            job = PrintJob.from_params(
                matter,
                params["job"],
                copy=entry["copy"],
                reprint=True,
                reprint_count=reprint,
                reprinted_at=datetime.fromisoformat(entry["at"]),
                reprinted_by=entry["by"],
            )
            expected = entry["sha256"]
            recorded_layout = int(entry.get("layout", 1))
        else:
            job = PrintJob.from_params(matter, params["job"], copy=row.copy)
            expected = row.sha256
            recorded_layout = int(params.get("layout", 1))
        data = self._render(kind, job)
        if out is not None:
            self._check_out(out, True)
            _write(data, out)
        digest = _sha256(data)
        layout = KINDS[kind].layout
        return Reproduction(
            sha256=digest,
            expected=expected,
            matches=digest == expected,
            data=data,
            layout=layout,
            recorded_layout=recorded_layout,
            layout_changed=layout != recorded_layout,
        )

    # -- the ledger report ---------------------------------------------------------------------------------

    def print_ledger(
        self,
        out: Any,
        *,
        date_from: date,
        date_to: date,
        actor: Principal,
        status: str | None = None,
        channel: str | None = None,
        clerk: str | None = None,
        handling_unit: str | None = None,
        title: str = "信访事项台账",
        force: bool = True,
    ) -> PrintedLedger:
        """The 台账 of matters received from ``date_from`` to ``date_to`` (inclusive), optionally
        filtered, as an A4 landscape PDF (a path ``out``: see :meth:`print_document`)."""
        self._check_out(out, force)
        require(actor, "print")
        by = actor.name
        if date_to < date_from:
            raise InvalidInput(f"结束日期 {date_to} 早于开始日期 {date_from}")
        filters: list[str] = []
        f = LedgerFilter(date_from=date_from, date_to=date_to, clerk=clerk or "", handling_unit=handling_unit or "")
        if status:
            try:
                st = Status(status)
            except ValueError:
                raise InvalidInput(f"状态“{status}”无效，应为 {'、'.join(s.value for s in Status)} 之一") from None
            f.statuses = (st.value,)
            filters.append(f"状态：{STATUS_LABELS[st]}")
        if channel:
            try:
                ch = Channel(channel)
            except ValueError:
                raise InvalidInput(
                    f"信访形式“{channel}”无效，应为 {'、'.join(c.value for c in Channel)} 之一"
                ) from None
            f.channels = (ch.value,)
            filters.append(f"信访形式：{CHANNEL_LABELS[ch]}")
        if clerk:
            filters.append(f"接待人：{clerk}")
        if handling_unit:
            filters.append(f"办理单位：{handling_unit}")
        # The desk's own ledger query (the same filters as the 台账 page), in registration order.
        count = self.ledger.ledger_count(f)
        rows = self.ledger.ledger_page(f, offset=0, limit=max(count, 1), sort="received_at", descending=False)
        now = self._now()
        report = LedgerReport(
            rows=rows,
            title=title,
            agency_name=self.ledger.setting("agency_name"),
            period=f"{cn_date(date_from)}至{cn_date(date_to)}",
            filters=filters,
            printed_at=now,
            clerk=by,
        )
        if self.ledger.audit is not None:
            head = self.ledger.audit.head()
            report.anchor, report.anchor_token = head.text, head.token
        data = self._render("ledger", report)
        path = _write(data, out)
        totals = report.computed_totals()
        self._audit(
            by,
            "print",
            "",
            kind="ledger",
            period=report.period,
            filters=filters,
            rows=len(rows),
            sha256=_sha256(data),
        )
        return PrintedLedger(
            kind="ledger",
            rows=len(rows),
            totals=totals,
            sha256=_sha256(data),
            path=path,
            printed_at=now.isoformat(),
        )


def _iso(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _fmt(value: Any) -> str:
    text = _iso(value) or ""
    return text[:16].replace("T", " ")


def bench_receipt(services: Any, repeat: int = 15) -> tuple[float, float]:
    """Median ms to lay out and write one A5 receipt (warm), and the floor: a bare reportlab canvas drawing the same
    text with the same fonts on the same page (for ``reception bench``).

    The floor draws every string the receipt prints (:func:`reception.printing.documents.receipt.texts`), each on a
    line of its own at 11 pt, with the font chain's per-character fallback, and saves: what any receipt must pay
    (the embedded font subsets of the same glyphs, the compressed page), without layout, rules or the QR code."""
    import statistics
    import time

    from reportlab.pdfgen.canvas import Canvas

    from reception.printing.documents.receipt import texts
    from reception.printing.fonts import canvas_kwargs, get_chain
    from reception.printing.styles import RECEIPT_A5

    documents: DocumentService = services.documents
    ledger = services.ledger
    number = documents.repo.latest_number()
    assert number is not None, "an empty ledger"
    matter = ledger.get(number)
    now = datetime.now().replace(microsecond=0)
    job = documents.build_job(matter, "receipt", actor="bench", now=now, copy="visitor", number="")
    chain = get_chain("plain")
    lines = texts(job, "A5")

    def floor_pdf() -> bytes:
        buf = io.BytesIO()
        canvas = Canvas(buf, pagesize=RECEIPT_A5.page, invariant=1, **canvas_kwargs())
        y = RECEIPT_A5.page[1] - 40
        for text in lines:
            x = 40.0
            for font, run in chain.runs(str(text)):
                canvas.setFont(font, 11)
                canvas.drawString(x, y, run)
                x += canvas.stringWidth(run, font, 11)
            y -= 18
        canvas.showPage()
        canvas.save()
        return buf.getvalue()

    documents._render("receipt", job)  # warm: fonts found, registered and their character maps read
    floor_pdf()
    ours: list[float] = []
    floors: list[float] = []
    for _ in range(repeat):  # interleaved, so that a busy machine slows both alike
        start = time.perf_counter()
        documents._render("receipt", job)
        ours.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        floor_pdf()
        floors.append((time.perf_counter() - start) * 1000)
    return statistics.median(ours), statistics.median(floors)
