"""The shared pieces of the documents: clean cuts, the query code, the job's round trip, byte-for-byte
determinism, the dispatch, and printing's independence from storage and services."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date, datetime

import pytest

from reception.domain import workflow
from reception.domain.matter import Event, parse_registration
from reception.printing import KINDS, LedgerReport, PrintJob, kind_char, qr_payload, query_code, refusal, render
from reception.printing.fonts import MissingGlyphsError
from reception.printing.layout import clip, cn_date, keep_ideographic_spaces
from reception.printing.styles import notice_styles

EXT_B = "\U0002020c"


def matter(**overrides):
    data = {
        "channel": "letter",
        "received_at": "2026-03-02T10:00:00",
        "clerk": "刘喆",
        "persons": [{"name": f"张{EXT_B}", "id_number": "11010519491231002X", "phone": "13912345678"}],
        "summary": "反映邻里纠纷。",
    }
    data.update(overrides)
    m = parse_registration(data, now=datetime(2026, 3, 5))
    m.number = "2026-01-000042"
    workflow.apply(m, Event("register", m.received_at, "刘喆"))
    return m


def job(m, **kw) -> PrintJob:
    values = {
        "matter": m,
        "agency_name": "××市公安局",
        "agency_short_name": "××公",
        "printed_at": datetime(2026, 3, 5, 9, 0),
        "clerk": "王堃",
        "notify_due": date(2026, 3, 17),
    }
    values.update(kw)
    return PrintJob(**values)


# -- clip ------------------------------------------------------------------------------------------------------


def test_clip_keeps_short_text_and_cuts_long_text_with_an_ellipsis():
    assert clip("  短  文本 ", 10) == "短 文本"
    cut = clip("一二三四五六七八九十" * 3, 10)
    assert cut == "一二三四五六七八九…" and len(cut) == 10


def test_clip_never_leaves_a_comma_or_an_opening_bracket_before_the_ellipsis():
    assert clip("一二三四五，六七八九十", 7) == "一二三四五…"
    assert clip("一二三四五（六七八九十", 7) == "一二三四五…"
    assert clip("一二三四五。六七八九十", 7) == "一二三四五…"


def test_clip_does_not_split_a_number_or_a_supplementary_character():
    assert clip("请拨打电话13912345678联系", 12) == "请拨打电话…"
    assert clip("电话13912345678请联系", 10) == "电话1391234…"  # a word filling the room is cut
    text = EXT_B * 20
    assert clip(text, 5) == EXT_B * 4 + "…"


def test_cn_date():
    assert cn_date(date(2026, 3, 5)) == "2026年3月5日"
    assert cn_date(None) == ""


def test_ideographic_spaces_survive_as_no_break_spaces():
    st = notice_styles()["body"]
    out = keep_ideographic_spaces("年\u3000\u3000月", st)
    assert "\u3000" not in out and out.startswith("年\u00a0") and out.endswith("\u00a0月")
    assert keep_ideographic_spaces("无空格", st) == "无空格"


# -- query code, job ---------------------------------------------------------------------------------------------


def test_query_code_is_deterministic_and_unambiguous():
    code = query_code("7bd16460-8af3-4eff-83d1-1d48d8a114b7")
    assert code == query_code("7bd16460-8af3-4eff-83d1-1d48d8a114b7")
    assert len(code) == 8 and not set(code) & set("ILOU") and code.isalnum() and code.upper() == code
    assert code != query_code("7bd16460-8af3-4eff-83d1-1d48d8a114b8")
    assert qr_payload("2026-01-000001", code) == f"XF|2026-01-000001|{code}"


def test_job_round_trips_through_its_params():
    m = matter()
    j = job(
        m,
        document_number="××公（信）受〔2026〕3号",
        handle_due=date(2026, 5, 5),
        receiving={"name": "××分局", "phone": "1"},
        extra={"requirements": "速办"},
    )
    again = PrintJob.from_params(m, j.to_params())
    assert again == j
    assert again.query_code == query_code(m.uuid)
    reprint = PrintJob.from_params(
        m, j.to_params(), reprint=True, reprint_count=1, reprinted_at=datetime(2026, 3, 6, 8, 0), copy="visitor"
    )
    assert reprint.print_time == datetime(2026, 3, 6, 8, 0) and reprint.copies() == ["visitor"]
    with pytest.raises(ValueError):
        job(m, copy="neither")


# -- render ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["receipt", "receipt-80mm"])
def test_same_job_gives_the_same_bytes(kind):
    m = matter()
    first = render(kind, job(m), io.BytesIO())
    second = render(kind, job(m), io.BytesIO())
    assert first == second
    later = render(kind, job(m, printed_at=datetime(2026, 3, 5, 9, 1)), io.BytesIO())
    assert later != first  # the print time is in the document and its creation date


def test_render_writes_a_path_or_a_file_object(tmp_path):
    m = matter()
    path = tmp_path / "r.pdf"
    data = render("receipt", job(m), path)
    buf = io.BytesIO()
    render("receipt", job(m), buf)
    assert path.read_bytes() == data == buf.getvalue()


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="未知的文书种类"):
        render("invoice", job(matter()), io.BytesIO())


def test_missing_glyphs_refuse_before_anything_is_written(tmp_path):
    """A document module itself never prints a blank for a missing glyph: it refuses first."""
    from reception.printing.documents import receipt

    m = matter(summary="反映\U0010fffd问题")
    out = tmp_path / "r.pdf"
    with pytest.raises(MissingGlyphsError) as exc:
        receipt.render(job(m), out)
    assert exc.value.chars == ["\U0010fffd"]
    assert not out.exists()


def test_the_entry_prints_a_placeholder_for_a_missing_glyph(tmp_path, pdf_text):
    """``render`` (what the desk calls) puts □ where no font has the character, so a stored matter still prints."""
    m = matter(summary="反映\U0010fffd问题")
    out = tmp_path / "r.pdf"
    render("receipt", job(m), out)
    assert "反映□问题" in pdf_text(out.read_bytes()).replace("\n", "")
    assert m.summary == "反映\U0010fffd问题"  # the matter itself is untouched


def test_refusal_and_kind_characters_follow_the_state():
    m = matter()
    assert refusal("receipt", m) is None
    assert "尚未受理" in refusal("acceptance", m)
    workflow.apply(m, Event("accept", datetime(2026, 3, 3), "刘喆", {"route": 6}))
    assert refusal("acceptance", m) is None
    assert "不予受理" in refusal("rejection", m)
    assert "转送" in refusal("referral-letter", m)
    workflow.apply(m, Event("assign", datetime(2026, 3, 4), "刘喆", {"to": "××支队", "due": None}))
    assert refusal("referral-letter", m) is None and kind_char("referral-letter", m) == "交"
    assert refusal("ledger", m) and refusal("nope", m)
    assert [KINDS[k].kind_char for k in ("acceptance", "rejection", "referral", "extension", "reply")] == [
        "受",
        "不受",
        "转",
        "延",
        "答",
    ]


def test_ledger_report_of_no_rows_still_prints(page_sizes_mm, pdf_text):
    data = render(
        "ledger",
        LedgerReport(rows=[], agency_name="××市公安局", period="2026年3月", printed_at=datetime(2026, 3, 5)),
        io.BytesIO(),
    )
    assert page_sizes_mm(data) == [(297.0, 210.0)]
    assert "0 件次" in pdf_text(data) and "第 1 页 / 共 1 页" in pdf_text(data)


def test_printing_imports_neither_storage_nor_services():
    code = (
        "import sys, io; import reception.printing as p; "
        "from reception.printing.documents import acceptance, ledger, receipt, referral_letter, reply; "
        "bad = [m for m in sys.modules if m.startswith(('reception.storage', 'reception.services', 'PySide6', "
        "'peewee'))]; print(bad); sys.exit(1 if bad else 0)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
