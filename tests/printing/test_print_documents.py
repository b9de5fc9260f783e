"""Every document the desk prints, on a real ledger: text, privacy, fonts, paper, numbers, QR, structure,
reprints, state checks, long text and byte-for-byte reproducibility."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from reception.domain.identity import mask_id, mask_phone
from reception.printing import KINDS, MATTER_KINDS, qr_payload, query_code
from reception.printing.layout import clip
from reception.services.documents import DocumentRefused
from reception.services.ledger import NotFound
from tests.actors import ADMIN, admin

EXT_B = "\U0002020c"  # 𠈌
PETITIONER = f"张{EXT_B}"
CLERK = "刘喆"  # first receiver: printed as 接待人 / 联系人
PRINTER = "王堃"  # who prints
ID_NUMBER = "11010519491231002X"
PHONE = "13912345678"
ADDRESS = "××市××区人民路18号"
NUMBER_RE = re.compile(r"^××公（信）(受|不受|转|转函|交|延|答)〔(\d{4})〕01-([1-9]\d*)号$")
VISITOR_NOTICES = ("acceptance", "rejection", "referral", "extension", "reply")


def registration(**overrides: Any) -> dict[str, Any]:
    received = (datetime.now() - timedelta(days=3)).replace(hour=9, minute=30, second=0, microsecond=0)
    data: dict[str, Any] = {
        "channel": "visit",
        "received_at": received.isoformat(),
        "persons": [{"name": PETITIONER, "id_number": ID_NUMBER, "phone": PHONE, "address": ADDRESS}],
        "purpose": "demand",
        "content_category": "政法/社会治安",
        "location": "××区",
        "summary": "反映其与邻居因宅基地边界问题长期发生纠纷，多次报警后派出所出警调解，对方仍多次滋扰其正常生活。",
        "demands": "要求依法处理对方的滋扰行为",
        "clerk": CLERK,
    }
    data.update(overrides)
    return data


def make_matters(svc) -> dict[str, str]:
    """One matter in each state a document needs; returns {state: matter number}."""
    led = svc.ledger
    out = {}
    out["registered"] = led.register(registration(), actor=ADMIN).number
    n = out["accepted"] = led.register(registration(), actor=ADMIN).number
    led.act(n, "accept", {}, actor=admin(CLERK))
    n = out["rejected"] = led.register(registration(), actor=ADMIN).number
    led.act(n, "reject", {"reason_code": 1, "direct_to": "××市人力资源和社会保障局"}, actor=admin(CLERK))
    n = out["referred"] = led.register(registration(), actor=ADMIN).number
    led.act(n, "refer", {"to": "psb-branch-1"}, actor=admin(CLERK))
    n = out["assigned"] = led.register(registration(), actor=ADMIN).number
    led.act(n, "accept", {}, actor=admin(CLERK))
    led.act(
        n,
        "assign",
        {
            "to": "psb-criminal",
            "due": (date.today() + timedelta(days=20)).isoformat(),
            "requirements": "请于十日内调查核实并反馈。",
        },
        actor=admin(CLERK),
    )
    n = out["extended"] = led.register(registration(), actor=ADMIN).number
    led.act(n, "accept", {}, actor=admin(CLERK))
    led.act(n, "extend", {"days": 30, "reason": "案情复杂，需进一步调查取证", "approver": "赵科长"}, actor=admin(CLERK))
    n = out["replied"] = led.register(
        registration(summary="反映其被他人殴打后派出所未及时处理。要求追究打人者责任。" * 3), actor=ADMIN
    ).number
    led.act(n, "accept", {}, actor=admin(CLERK))
    led.act(
        n,
        "reply",
        {"outcome": "support", "text": "经调查核实，你反映的情况属实，已责成派出所依法处理。"},
        actor=admin(CLERK),
    )
    complaint = registration(
        purpose="complaint",
        category="complaint",
        summary=f"检举××派出所民警赵某某收受财物。检举人{PETITIONER}，电话{PHONE}，身份证{ID_NUMBER}，住{ADDRESS}。",
        demands=f"请为{PETITIONER}保密并严肃查处",
    )
    n = out["complaint"] = led.register(complaint, actor=ADMIN).number
    led.act(n, "accept", {}, actor=admin(CLERK))
    led.act(n, "assign", {"to": "psb-audit"}, actor=admin(CLERK))
    return out


#: which matter each kind is printed for
STATE_FOR = {
    "receipt": "registered",
    "receipt-80mm": "registered",
    "acceptance": "accepted",
    "rejection": "rejected",
    "referral": "referred",
    "referral-letter": "referred",
    "extension": "extended",
    "reply": "replied",
}


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """A ledger with a matter in every state and every kind printed once (both copies)."""
    from reception.services.context import open_services

    folder = tmp_path_factory.mktemp("desk")
    svc = open_services(folder / "desk.db")
    matters = make_matters(svc)
    printed: dict[str, dict[str, Any]] = {}
    for kind in MATTER_KINDS:
        path = folder / f"{kind}.pdf"
        record = svc.documents.print_document(matters[STATE_FOR[kind]], kind, path, actor=admin(PRINTER))
        printed[kind] = {**dataclasses.asdict(record), "pdf": path.read_bytes()}
    for extra, state, kind in (
        ("assign-letter", "assigned", "referral-letter"),
        ("complaint-letter", "complaint", "referral-letter"),
    ):
        path = folder / f"{extra}.pdf"
        record = svc.documents.print_document(matters[state], kind, path, actor=admin(PRINTER))
        printed[extra] = {**dataclasses.asdict(record), "pdf": path.read_bytes()}
    yield {"services": svc, "matters": matters, "printed": printed, "folder": folder}
    svc.close()


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _copies(pdf_text, pdf: bytes) -> dict[str, str]:
    """{'visitor': text of the first copy's pages, 'file': the second's}, split on the copy labels."""
    from pypdf import PdfReader

    pages = [pdf_text(pdf, i) for i in range(len(PdfReader(io.BytesIO(pdf)).pages))]
    out = {"visitor": "", "file": ""}
    for text in pages:
        out["file" if "第二联" in text else "visitor"] += text + "\n"
    return out


# -- every kind --------------------------------------------------------------------------------------------------


def test_every_kind_is_registered_and_printed(desk):
    assert set(KINDS) == {
        "receipt",
        "receipt-80mm",
        "acceptance",
        "rejection",
        "referral",
        "referral-letter",
        "extension",
        "reply",
        "ledger",
    }
    assert set(MATTER_KINDS) <= set(desk["printed"])


@pytest.mark.parametrize("kind", MATTER_KINDS)
def test_all_fonts_embedded(desk, pdf_fonts_embedded, kind):
    fonts = pdf_fonts_embedded(desk["printed"][kind]["pdf"])
    assert fonts and all(fonts.values()), fonts
    assert not any("STSong" in f or "Helvetica" in f for f in fonts)


@pytest.mark.parametrize("kind", MATTER_KINDS)
def test_qpdf_check_passes(desk, qpdf_check, kind):
    assert "No syntax or stream encoding errors" in qpdf_check(desk["printed"][kind]["pdf"])


@pytest.mark.parametrize(
    "kind, size",
    [
        ("receipt", (148.0, 210.0)),
        ("acceptance", (210.0, 297.0)),
        ("rejection", (210.0, 297.0)),
        ("referral", (210.0, 297.0)),
        ("referral-letter", (210.0, 297.0)),
        ("extension", (210.0, 297.0)),
        ("reply", (210.0, 297.0)),
    ],
)
def test_page_sizes(desk, page_sizes_mm, kind, size):
    sizes = page_sizes_mm(desk["printed"][kind]["pdf"])
    assert sizes and all(s == size for s in sizes)


def test_thermal_receipt_is_80mm_wide_and_as_long_as_its_content(desk, page_sizes_mm):
    [(width, height)] = page_sizes_mm(desk["printed"]["receipt-80mm"]["pdf"])
    assert width == 80.0
    assert 100 < height < 260


@pytest.mark.parametrize("kind", [*VISITOR_NOTICES, "referral-letter"])
def test_notices_have_two_copies_and_a_number(desk, pdf_text, kind):
    rec = desk["printed"][kind]
    m = NUMBER_RE.match(rec["number"])
    assert m, rec["number"]
    assert int(m.group(2)) == datetime.now().year
    copies = _copies(pdf_text, rec["pdf"])
    for copy in ("visitor", "file"):
        text = copies[copy]
        assert rec["number"] in text
        assert "××市公安局" in text
    assert "第一联" in copies["visitor"] and "第二联" in copies["file"]


def test_kind_characters_of_the_numbers(desk):
    chars = {
        k: NUMBER_RE.match(desk["printed"][k]["number"]).group(1)
        for k in (*VISITOR_NOTICES, "referral-letter", "assign-letter")
    }
    assert chars == {
        "acceptance": "受",
        "rejection": "不受",
        "referral": "转",
        "extension": "延",
        "reply": "答",
        "referral-letter": "转函",
        "assign-letter": "交",
    }
    # a new series per kind character and year: every first print is number 1
    assert {NUMBER_RE.match(desk["printed"][k]["number"]).group(3) for k in chars} == {"1"}
    assert desk["printed"]["complaint-letter"]["number"].endswith(f"交〔{datetime.now().year}〕01-2号")


def test_receipts_have_no_document_number(desk):
    assert desk["printed"]["receipt"]["number"] == "" and desk["printed"]["receipt-80mm"]["number"] == ""


@pytest.mark.parametrize("kind", VISITOR_NOTICES)
def test_visitor_copy_masks_and_file_copy_shows_full_numbers(desk, pdf_text, kind):
    copies = _copies(pdf_text, desk["printed"][kind]["pdf"])
    visitor, file = copies["visitor"], copies["file"]
    assert mask_id(ID_NUMBER) in visitor and ID_NUMBER not in visitor
    assert mask_phone(PHONE) in visitor and PHONE not in visitor
    assert ID_NUMBER in file and PHONE in file
    assert PETITIONER in visitor and PETITIONER in file
    assert "信访人签收" in file and "信访人签收" not in visitor
    assert "日期" in file


@pytest.mark.parametrize("kind", ["receipt", "receipt-80mm"])
def test_receipt_content(desk, pdf_text, kind):
    svc = desk["services"]
    number = desk["matters"]["registered"]
    matter = svc.ledger.get(number)
    text = pdf_text(desk["printed"][kind]["pdf"])
    flat = _squash(text)
    for expected in (
        "××市公安局",
        "信访事项登记回执",
        number,
        "来访",
        PETITIONER,
        mask_id(ID_NUMBER),
        mask_phone(PHONE),
        query_code(matter.uuid),
        CLERK,
        "1号窗口",
        "查询码",
    ):
        assert _squash(expected) in flat, expected
    assert ID_NUMBER not in text and PHONE not in text
    notify = next(c for c in svc.ledger.clocks(matter) if c.kind == "notify")
    due = date.fromisoformat(notify.due)
    assert f"{due.year}年{due.month}月{due.day}日前" in flat
    assert "第二十三条" in flat


@pytest.mark.parametrize("kind", ["receipt", "receipt-80mm"])
def test_receipt_qr_code_carries_number_and_query_code(desk, decode_qr_from_pdf, kind):
    number = desk["matters"]["registered"]
    code = query_code(desk["services"].ledger.get(number).uuid)
    assert decode_qr_from_pdf(desk["printed"][kind]["pdf"]) == [qr_payload(number, code)]
    assert qr_payload(number, code) == f"XF|{number}|{code}"


def test_acceptance_text(desk, pdf_text):
    svc = desk["services"]
    matter = svc.ledger.get(desk["matters"]["accepted"])
    flat = _squash(pdf_text(desk["printed"]["acceptance"]["pdf"]))
    handle = next(c for c in svc.ledger.clocks(matter) if c.kind == "handle")
    due = date.fromisoformat(handle.due)
    for expected in (
        "受理告知书",
        "依法受理",
        "第三十四条",
        "60日内办结",
        f"{due.year}年{due.month}月{due.day}日前",
        f"{PETITIONER}：",
        f"联系人：{PRINTER}",
    ):
        assert expected in flat, expected


def test_rejection_names_the_reason_and_where_to_go(desk, pdf_text):
    flat = _squash(pdf_text(desk["printed"]["rejection"]["pdf"]))
    assert "不予受理告知书" in flat
    assert "不属于公安机关职权范围" in flat
    assert "请向有权处理的××市人力资源和社会保障局提出" in flat


def test_referral_tells_the_visitor_where_it_went(desk, pdf_text):
    flat = _squash(pdf_text(desk["printed"]["referral"]["pdf"]))
    assert "转送告知书" in flat and "第二十三条" in flat
    assert "转送××市公安局××分局" in flat


def test_referral_letter_for_the_receiving_agency(desk, pdf_text):
    flat = _squash(pdf_text(desk["printed"]["referral-letter"]["pdf"]))
    assert "信访事项转送函" in flat and "××市公安局××分局：" in flat
    assert "办结报告" in flat and "反馈期限" in flat
    assert PETITIONER in flat and "第一联送受理机关" in flat


def test_assignment_letter_carries_requirements_and_deadline(desk, pdf_text):
    flat = _squash(pdf_text(desk["printed"]["assign-letter"]["pdf"]))
    due = date.today() + timedelta(days=20)
    assert "信访事项交办单" in flat and "××市公安局刑事侦查支队：" in flat
    assert "请于十日内调查核实并反馈。" in flat
    assert f"请于{due.year}年{due.month}月{due.day}日前将办理情况书面反馈本机关" in flat
    assert "办结报告" in flat


def test_complaint_letter_never_names_the_complainant(desk, pdf_text):
    """条例 art 30: no name, ID, phone or address of the complainant, on either copy, nor in the metadata."""
    from pypdf import PdfReader

    pdf = desk["printed"]["complaint-letter"]["pdf"]
    text = pdf_text(pdf)
    flat = _squash(text)
    meta = " ".join(str(v) for v in (PdfReader(io.BytesIO(pdf)).metadata or {}).values())
    for secret in (PETITIONER, ID_NUMBER, PHONE, ADDRESS, mask_id(ID_NUMBER), mask_phone(PHONE)):
        assert secret not in text and _squash(secret) not in flat, secret
        assert secret not in meta
    assert EXT_B not in text
    assert "信访人信息依法保密" in flat
    assert "第三十条" in flat
    assert "检举××派出所民警赵某某收受财物" in flat  # the matter itself is there
    assert "第二联" in text  # the file copy too was checked


def test_extension_gives_reason_and_new_date(desk, pdf_text):
    svc = desk["services"]
    matter = svc.ledger.get(desk["matters"]["extended"])
    handle = next(c for c in svc.ledger.clocks(matter) if c.kind == "handle")
    due = date.fromisoformat(handle.due)
    flat = _squash(pdf_text(desk["printed"]["extension"]["pdf"]))
    assert "延期告知书" in flat and "案情复杂，需进一步调查取证" in flat
    assert "延长30日" in flat and f"{due.year}年{due.month}月{due.day}日前" in flat
    assert "第三十四条" in flat


def test_reply_has_facts_outcome_and_the_review_remedy(desk, pdf_text):
    flat = _squash(pdf_text(desk["printed"]["reply"]["pdf"]))
    assert "答复意见书" in flat
    assert "经调查核实，你反映的情况属实，已责成派出所依法处理。" in flat
    assert "予以支持" in flat
    assert "可在收到本意见书之日起30日内向上一级机关请求复查" in flat


def test_rare_name_characters_print_and_extract(desk, pdf_text, pdf_tounicode_cmaps):
    text = pdf_text(desk["printed"]["acceptance"]["pdf"])
    assert PETITIONER in text  # 𠈌, beyond the BMP
    assert PRINTER in _squash(text)  # 堃, as 联系人
    receipt = _squash(pdf_text(desk["printed"]["receipt"]["pdf"]))
    assert PETITIONER in receipt and CLERK in receipt  # 𠈌 and 喆
    assert any(b"D840DE0C" in cmap for cmap in pdf_tounicode_cmaps(desk["printed"]["acceptance"]["pdf"]))


def test_printing_never_changes_status_and_logs_an_event(desk):
    svc = desk["services"]
    matter = svc.ledger.get(desk["matters"]["registered"])
    assert matter.status.value == "registered"
    prints = [e for e in matter.events if e.kind == "print"]
    assert [e.payload["kind"] for e in prints] == ["receipt", "receipt-80mm"]
    assert all(e.actor == PRINTER and e.payload["reprint"] is False for e in prints)


def test_records_carry_the_digest_of_the_bytes(desk):
    import hashlib

    svc = desk["services"]
    for kind in MATTER_KINDS:
        rec = desk["printed"][kind]
        assert rec["sha256"] == hashlib.sha256(rec["pdf"]).hexdigest()
        stored = svc.documents.record(rec["matter"], kind)
        assert stored.sha256 == rec["sha256"] and stored.number == rec["number"]
        assert stored.actor == PRINTER and stored.reprints == 0


@pytest.mark.parametrize("kind", ["receipt", "acceptance", "referral-letter", "reply"])
def test_same_record_gives_the_same_bytes(desk, kind):
    rec = desk["printed"][kind]
    again = desk["services"].documents.reproduce(rec["matter"], kind)
    assert again.matches, kind
    assert again.data == rec["pdf"]


def test_print_recorded_under_an_earlier_layout_is_reproduced_in_todays(services, tmp_path):
    """A receipt recorded before layouts were recorded (layout 1, platypus) cannot give its old bytes back:
    reproduce says the layout changed instead of leaving an auditor with a bare mismatch."""
    import json

    from reception.printing import KINDS
    from reception.storage import models as m

    number = services.ledger.register(registration(), actor=ADMIN).number
    printed = services.documents.print_document(number, "receipt", tmp_path / "r.pdf", actor=admin(PRINTER))
    current = services.documents.reproduce(number, "receipt")
    assert current.matches and not current.layout_changed
    assert current.layout == current.recorded_layout == KINDS["receipt"].layout == 2
    row = m.Document.get_by_id(printed.id)
    params = json.loads(row.params)
    assert params["layout"] == 2
    del params["layout"]  # as written by the first release
    m.Document.update(params=json.dumps(params), sha256="0" * 64).where(m.Document.id == row.id).execute()
    old = services.documents.reproduce(number, "receipt")
    assert not old.matches and old.layout_changed
    assert (old.recorded_layout, old.layout) == (1, 2)
    assert old.sha256 == printed.sha256  # today's layout, same content


def test_pdf_creation_date_is_the_print_time(desk):
    from pypdf import PdfReader

    rec = desk["printed"]["acceptance"]
    printed = datetime.fromisoformat(rec["printed_at"])
    info = PdfReader(io.BytesIO(rec["pdf"])).metadata
    assert info["/CreationDate"] == f"D:{printed:%Y%m%d%H%M%S}"


# -- reprints, refusals, numbers ---------------------------------------------------------------------------------


def test_reprint_keeps_number_shows_mark_and_counts(services, pdf_text, tmp_path):
    number = services.ledger.register(registration(), actor=ADMIN).number
    services.ledger.act(number, "accept", {}, actor=admin(CLERK))
    docs = services.documents
    first = docs.print_document(number, "acceptance", tmp_path / "a.pdf", actor=admin(PRINTER))
    assert "补打" not in pdf_text(tmp_path / "a.pdf")
    with pytest.raises(DocumentRefused, match="补打"):
        docs.print_document(number, "acceptance", tmp_path / "b.pdf", actor=admin(PRINTER))
    again = docs.print_document(number, "acceptance", tmp_path / "r1.pdf", actor=admin("赵六"), reprint=True)
    third = docs.print_document(
        number, "acceptance", tmp_path / "r2.pdf", actor=admin("钱七"), reprint=True, copy="visitor"
    )
    assert again.number == third.number == first.number
    assert (again.reprints, third.reprints) == (1, 2)
    text = pdf_text(tmp_path / "r2.pdf")
    assert "补打" in text and "第2次补打" in _squash(text) and "钱七" in text
    assert "第二联" not in text  # visitor copy only
    assert first.number in text
    record = docs.record(number, "acceptance")
    assert record.reprints == 2 and record.last_reprint_by == "钱七"
    assert record.sha256 == first.sha256
    assert [r["by"] for r in record.reprint_log] == ["赵六", "钱七"]
    assert docs.reproduce(number, "acceptance", reprint=2).matches
    prints = [e.payload for e in services.ledger.get(number).events if e.kind == "print"]
    assert [p["reprint"] for p in prints] == [False, True, True]
    assert {p["number"] for p in prints} == {first.number}


def test_reprint_shows_what_the_original_showed(services, tmp_path, pdf_text):
    """A reprint after the matter moved on (extension) still shows the original due date."""
    number = services.ledger.register(registration(), actor=ADMIN).number
    services.ledger.act(number, "accept", {}, actor=admin(CLERK))
    services.documents.print_document(number, "acceptance", tmp_path / "a.pdf", actor=admin(PRINTER))
    services.ledger.act(number, "extend", {"days": 30, "reason": "复杂", "approver": "赵科长"}, actor=admin(CLERK))
    services.documents.print_document(number, "acceptance", tmp_path / "r.pdf", actor=admin(PRINTER), reprint=True)
    original = _squash(pdf_text(tmp_path / "a.pdf"))
    reprint = _squash(pdf_text(tmp_path / "r.pdf"))
    due = re.search(r"即于(\d+年\d+月\d+日)前", original).group(1)
    assert f"即于{due}前" in reprint


def test_reprint_of_something_never_printed_is_refused(services, tmp_path):
    number = services.ledger.register(registration(), actor=ADMIN).number
    with pytest.raises(DocumentRefused, match="尚未打印过登记回执"):
        services.documents.print_document(number, "receipt", tmp_path / "r.pdf", actor=admin(PRINTER), reprint=True)


@pytest.mark.parametrize(
    "state, kind, words",
    [
        ("accepted", "rejection", "不能打印不予受理告知书"),
        ("registered", "acceptance", "尚未受理"),
        ("accepted", "referral", "未转送"),
        ("registered", "referral-letter", "既未转送也未交办"),
        ("accepted", "extension", "未延期"),
        ("accepted", "reply", "尚未作出书面答复"),
        ("rejected", "acceptance", "尚未受理"),
    ],
)
def test_document_that_does_not_fit_the_state_is_refused(services, tmp_path, state, kind, words):
    number = services.ledger.register(registration(), actor=ADMIN).number
    if state == "accepted":
        services.ledger.act(number, "accept", {}, actor=admin(CLERK))
    elif state == "rejected":
        services.ledger.act(number, "reject", {"reason_code": 5}, actor=admin(CLERK))
    out = tmp_path / "x.pdf"
    with pytest.raises(DocumentRefused, match=words) as exc:
        services.documents.print_document(number, kind, out, actor=admin(PRINTER))
    assert number in str(exc.value)
    assert not out.exists()
    assert services.documents.records(number) == []


def test_unknown_matter_and_kind(services, tmp_path):
    with pytest.raises(NotFound):
        services.documents.print_document("2026-01-999999", "receipt", tmp_path / "x.pdf", actor=admin(PRINTER))
    number = services.ledger.register(registration(), actor=ADMIN).number
    with pytest.raises(DocumentRefused, match="未知的文书种类"):
        services.documents.print_document(number, "bogus", tmp_path / "x.pdf", actor=admin(PRINTER))


def test_a_character_no_font_has_is_refused_at_registration(services):
    from reception.domain.inputs import InvalidInput

    with pytest.raises(InvalidInput) as exc:
        services.ledger.register(registration(summary="反映问题\U0010fffd请处理"), actor=ADMIN)
    assert exc.value.field == "summary"
    assert exc.value.message == "摘要中的“\U0010fffd”无法打印，请改用常用字或拼音"
    with pytest.raises(InvalidInput) as exc:
        services.ledger.register(registration(persons=[{"name": "张😀", "phone": PHONE}]), actor=ADMIN)
    assert exc.value.field == "persons[0].name"
    assert exc.value.message == "姓名中的“😀”无法打印，请改用常用字或拼音"


def test_a_stored_character_no_font_has_prints_as_a_placeholder(services, tmp_path, pdf_text):
    """Stored before registration refused it: the receipt still prints, □ in its place, and takes its number."""
    from reception.storage import models as m

    number = services.ledger.register(registration(summary="反映问题请处理"), actor=ADMIN).number
    services.ledger.act(number, "accept", {}, actor=admin(CLERK))
    services.store.bind_models()
    with services.store.write():
        m.Matter.update(summary="反映问题\U0010fffd请处理").where(m.Matter.number == number).execute()
        m.Person.update(name="张😀").execute()
    assert "\U0010fffd" in services.ledger.get(number).summary
    out = tmp_path / "a.pdf"
    services.documents.print_document(number, "receipt", out, actor=admin(PRINTER))
    text = pdf_text(out.read_bytes()).replace("\n", "")
    assert "反映问题□请处理" in text
    assert "张□" in text
    rec = services.documents.print_document(number, "acceptance", tmp_path / "b.pdf", actor=admin(PRINTER))
    assert NUMBER_RE.match(rec.number).group(3) == "1"


def test_numbers_are_per_kind_per_year_and_never_reused(services, tmp_path):
    numbers = []
    for _ in range(3):
        n = services.ledger.register(registration(), actor=ADMIN).number
        services.ledger.act(n, "accept", {}, actor=admin(CLERK))
        numbers.append(
            services.documents.print_document(n, "acceptance", tmp_path / f"{n}.pdf", actor=admin(PRINTER)).number
        )
    assert [NUMBER_RE.match(x).group(3) for x in numbers] == ["1", "2", "3"]
    n = services.ledger.register(registration(), actor=ADMIN).number
    services.ledger.act(n, "reject", {"reason_code": 5}, actor=admin(CLERK))
    assert (
        NUMBER_RE.match(
            services.documents.print_document(n, "rejection", tmp_path / "r.pdf", actor=admin(PRINTER)).number
        ).group(3)
        == "1"
    )


def test_render_to_a_file_object_and_copy_choice(services, pdf_text):
    number = services.ledger.register(registration(), actor=ADMIN).number
    services.ledger.act(number, "accept", {}, actor=admin(CLERK))
    buf = io.BytesIO()
    rec = services.documents.print_document(number, "acceptance", buf, actor=admin(PRINTER), copy="file")
    text = pdf_text(buf.getvalue())
    assert "第二联" in text and "第一联" not in text and ID_NUMBER in text
    assert rec.path is None and rec.copy == "file"


# -- long text ---------------------------------------------------------------------------------------------------


LONG = "".join(
    f"第{i}段：信访人{PETITIONER}反映，其于某年某月某日在××路与喆堃公司发生纠纷（涉及金额{i * 137}元），"
    f"“多次协商未果”，要求依法处理；"
    for i in range(1, 400)
)[:5000]


def test_long_summary_gives_a_correct_multipage_reply(services, tmp_path, pdf_text):
    assert len(LONG) == 5000
    number = services.ledger.register(registration(summary=LONG), actor=ADMIN).number
    services.ledger.act(number, "accept", {}, actor=admin(CLERK))
    services.ledger.act(
        number, "reply", {"outcome": "deny", "text": "经查，所反映问题缺乏事实根据。"}, actor=admin(CLERK)
    )
    out = tmp_path / "reply.pdf"
    services.documents.print_document(number, "reply", out, actor=admin(PRINTER), copy="visitor")
    from pypdf import PdfReader

    pages = PdfReader(out).pages
    assert len(pages) >= 5
    # page decoration (copy label, page numbers) is drawn after the body on each page: drop those lines
    body = []
    for i in range(len(pages)):
        for line in pdf_text(out, i).splitlines():
            if line.startswith("第一联") or re.fullmatch(r"第 \d+ 页\s共 \d+ 页", line.strip()):
                continue
            body.append(line)
    flat = _squash("".join(body))
    assert _squash(LONG) in flat
    assert "不予支持" in flat and "可在收到本意见书之日起30日内向上一级机关请求复查" in flat
    assert f"第1页共{len(pages)}页" in _squash(pdf_text(out, 0))
    assert f"第{len(pages)}页共{len(pages)}页" in _squash(pdf_text(out, len(pages) - 1))


@pytest.mark.parametrize("kind, limit", [("receipt", 150), ("receipt-80mm", 60)])
def test_long_summary_is_cut_cleanly_on_the_receipt(services, tmp_path, pdf_text, page_sizes_mm, kind, limit):
    number = services.ledger.register(registration(summary=LONG), actor=ADMIN).number
    out = tmp_path / "r.pdf"
    services.documents.print_document(number, kind, out, actor=admin(PRINTER))
    assert len(page_sizes_mm(out)) == 1
    flat = _squash(pdf_text(out))
    cut = clip(LONG, limit)
    assert cut.endswith("…") and len(cut) <= limit
    assert _squash(cut) in flat
    assert _squash(LONG[: limit + 20]) not in flat


# -- the ledger report -------------------------------------------------------------------------------------------


def test_ledger_report(services, tmp_path, pdf_text, page_sizes_mm, pdf_fonts_embedded, qpdf_check):
    persons = 0
    for i in range(45):
        n = 1 + (i % 3 == 0) * 4
        persons += n
        services.ledger.register(
            registration(headcount=n, summary=f"第{i}件：" + "反映邻里纠纷长期未解决。" * 3), actor=ADMIN
        )
    out = tmp_path / "ledger.pdf"
    today = date.today()
    result = services.documents.print_ledger(
        out, date_from=today - timedelta(days=10), date_to=today, actor=admin(PRINTER)
    )
    assert result.rows == 45 and result.totals == {"件次": 45, "人次": persons}
    sizes = page_sizes_mm(out)
    assert len(sizes) >= 2 and all(s == (297.0, 210.0) for s in sizes)
    assert all(pdf_fonts_embedded(out).values())
    qpdf_check(out)
    total = len(sizes)
    for i in range(total):
        text = pdf_text(out, i)
        assert "序号" in text and "信访编号" in text  # header row repeated on every page
        assert f"第 {i + 1} 页 / 共 {total} 页" in text
    last = _squash(pdf_text(out, total - 1))
    assert f"45件次{persons}人次" in last and "合计" in last
    assert PETITIONER in pdf_text(out, 0)
    assert ID_NUMBER not in pdf_text(out) and PHONE not in pdf_text(out)
    # filtered and out-of-range reports
    empty = services.documents.print_ledger(
        tmp_path / "e.pdf",
        date_from=today - timedelta(days=400),
        date_to=today - timedelta(days=300),
        actor=admin(PRINTER),
    )
    assert empty.rows == 0 and empty.totals == {"件次": 0, "人次": 0}
    accepted = services.documents.print_ledger(
        tmp_path / "s.pdf", date_from=today - timedelta(days=10), date_to=today, status="accepted", actor=admin(PRINTER)
    )
    assert accepted.rows == 0 and "状态：已受理" in pdf_text(tmp_path / "s.pdf")


def test_print_is_audited(services, tmp_path):
    if services.ledger.audit is None:
        pytest.skip("no audit trail wired")
    number = services.ledger.register(registration(), actor=ADMIN).number
    services.documents.print_document(number, "receipt", tmp_path / "r.pdf", actor=admin(PRINTER))
    rows = services.store.execute(
        "SELECT actor, action, matter_number, detail FROM audit_entry WHERE action = 'print'"
    ).fetchall()
    assert len(rows) == 1 and rows[0][0] == PRINTER and rows[0][2] == number
    detail = json.loads(rows[0][3])
    assert detail["kind"] == "receipt" and ID_NUMBER not in rows[0][3]


def test_printing_does_not_block_back_dated_entry(services, tmp_path):
    data = registration()
    number = services.ledger.register(data, actor=ADMIN).number
    services.documents.print_document(number, "receipt", tmp_path / "r.pdf", actor=admin(PRINTER))
    at = datetime.fromisoformat(data["received_at"]) + timedelta(hours=1)
    services.ledger.act(number, "accept", {}, actor=admin(CLERK), at=at)


def test_due_counted_without_the_years_schedule_is_noted_on_the_file_copy(desk, pdf_text, tmp_path):
    """A due date in a year without the State Council's schedule is flagged by the service and printed on the file
    copy (never on the visitor's); ``show --json`` carries the same flag on each clock."""
    from reception.domain.clocks import provisional_note
    from reception.printing.documents import acceptance

    svc = desk["services"]
    matter = svc.ledger.get(desk["matters"]["accepted"])
    handle = next(c for c in svc.ledger.show(matter.number).clocks if c.kind == "handle")
    job = svc.documents.build_job(matter, "acceptance", actor=PRINTER, now=datetime(2026, 3, 2, 9))
    # The fixture's dates follow today's: whether the 60 days reach an unshipped year depends on the day of the run.
    assert job.due_note == handle.provisional_note
    assert handle.provisional is bool(handle.provisional_years)
    note = provisional_note((2027,))
    assert note == "2027年国务院放假安排未导入，按法定节日推算，可能有误"
    job.due_note = note
    copies = _copies(pdf_text, acceptance.render(job, tmp_path / "a.pdf"))
    assert _squash(note) in _squash(copies["file"])
    assert _squash(note) not in _squash(copies["visitor"])
    job.due_note = ""
    assert "期限说明" not in _squash(pdf_text(acceptance.render(job, tmp_path / "b.pdf")))


A4_NOTICES = ("acceptance", "rejection", "referral", "referral-letter", "extension", "reply")
UMING = "/usr/share/fonts/truetype/arphic/uming.ttc"


def _text_by_font(pdf: bytes) -> dict[str, str]:
    """{BaseFont without its subset tag: the text drawn in it} over every page, by pypdf's visitor."""
    from pypdf import PdfReader

    out: dict[str, list[str]] = {}

    def visit(text, _cm, _tm, font, _size):
        if font and text.strip():
            name = str(font.get("/BaseFont", "")).split("+")[-1]
            out.setdefault(name, []).append(text)

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return {k: _squash("".join(v)) for k, v in out.items()}


@pytest.mark.parametrize("kind", A4_NOTICES)
def test_a4_notices_print_in_the_song_face_with_a_bold_title(desk, kind, pdf_text, pdf_fonts_embedded):
    import os

    from pypdf import PdfReader

    from reception.printing import fonts

    if not os.path.exists(UMING):
        pytest.skip("fonts-arphic-uming is not installed (AR PL UMing, the Linux Song face)")
    if fonts.get_chain("body").primary in ("FangSongGB2312", "FangSong", "SimSun"):
        pytest.skip(f"an official face is installed here and comes first: {fonts.get_chain('body').primary}")
    pdf = desk["printed"][kind]["pdf"]
    by_font = _text_by_font(pdf)
    # Body and title are the Song face; the bundled sans-serif face prints nothing that UMing has.
    assert "UMingCN-0" in by_font, by_font.keys()
    assert all(ch in by_font["UMingCN-0"] for ch in "信访人"), by_font
    assert not by_font.get("WenQuanYiMicroHei-0"), by_font.get("WenQuanYiMicroHei-0")
    assert all(pdf_fonts_embedded(pdf).values())
    # The title is drawn fill-and-stroke (render mode 2), the body plainly.
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()
    assert b"2 Tr" in content
    assert content.count(b"2 Tr") == len(PdfReader(io.BytesIO(pdf)).pages[0:1])
    # The font report names the faces.
    keywords = str(PdfReader(io.BytesIO(pdf)).metadata.get("/Keywords", ""))
    assert "正文字体：AR PL UMing CN" in keywords and "标题字体：AR PL UMing CN" in keywords and "描边加粗" in keywords
    # Every character of the rare-character name is still drawn.
    flat = _squash(pdf_text(pdf))
    if kind != "referral-letter":
        assert PETITIONER in flat
