"""检举控告 (条例 art 30) on every path: a clerk who did not receive a complaint never reaches it from the
complainant's name, ID or phone — search, the ledger's text filter, the person lookup, the repeat link, exports,
the file copy of its notices — and a referral to the accused's own unit needs a supervisor."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from reception.domain.inputs import InvalidInput
from reception.domain.ledger import LedgerFilter
from reception.domain.roles import Forbidden, Principal, Role

FIRST = Principal("李四", Role.CLERK)  # received the complaint
OTHER = Principal("王五", Role.CLERK)
SUPERVISOR = Principal("赵科长", Role.SUPERVISOR)
ADMIN = Principal("钱管理", Role.ADMINISTRATOR)

NAME, PHONE = "王检举", "13600001111"


@pytest.fixture
def complaint(services: Any, sample_registration: Any, make_id: Any) -> dict[str, str]:
    """A 检举控告 received by FIRST, and a plain matter of someone else that every clerk may find."""
    idn = make_id(31, birth="19660606")
    data = sample_registration(
        name=NAME,
        id_number=idn,
        phone=PHONE,
        purpose="complaint",
        category="complaint",
        summary="检举××派出所民警违规收费。",
        accused="××派出所民警",
    )
    matter = services.ledger.register(data, actor=FIRST)
    services.ledger.register(
        sample_registration(name="刘申诉", summary="反映邻居噪音扰民，派出所未处理。"), actor=FIRST
    )
    return {"number": matter.number, "name": NAME, "id": idn, "phone": PHONE, "tail": idn[-6:]}


QUERIES = ["name", "id", "phone", "tail"]


def _numbers(rows: list[dict[str, Any]]) -> set[str]:
    return {r.number for r in rows}


# -- search and the ledger's filter ------------------------------------------------------------------------------


@pytest.mark.parametrize("field", QUERIES)
@pytest.mark.parametrize("viewer", [None, FIRST, OTHER])
def test_search_below_supervisor_never_finds_the_complaint_by_its_complainant(
    services: Any, complaint: dict[str, str], field: str, viewer: Principal | None
) -> None:
    query = complaint[field]
    assert complaint["number"] not in _numbers(services.ledger.search(query, viewer=viewer))
    # The ledger page's search box is the same text as a filter (it runs in SQL, not through search()).
    page = services.ledger.ledger_page(LedgerFilter(text=query), offset=0, limit=50, viewer=viewer)
    assert complaint["number"] not in _numbers(page)


@pytest.mark.parametrize("field", QUERIES)
def test_supervisor_still_finds_the_complaint_by_its_complainant(
    services: Any, complaint: dict[str, str], field: str
) -> None:
    query = complaint[field]
    assert complaint["number"] in _numbers(services.ledger.search(query, viewer=SUPERVISOR))
    page = services.ledger.ledger_page(LedgerFilter(text=query), offset=0, limit=50, viewer=SUPERVISOR)
    assert complaint["number"] in _numbers(page)
    assert services.ledger.ledger_count(LedgerFilter(text=query), viewer=SUPERVISOR) >= 1


def test_ledger_count_follows_the_viewer(services: Any, complaint: dict[str, str]) -> None:
    assert services.ledger.ledger_count(LedgerFilter(text=NAME), viewer=OTHER) == 0
    assert services.ledger.ledger_count(LedgerFilter(text=NAME), viewer=SUPERVISOR) == 1


@pytest.mark.parametrize("viewer", [None, OTHER, SUPERVISOR])
def test_the_complaint_is_found_by_its_facts_and_number(
    services: Any, complaint: dict[str, str], viewer: Principal | None
) -> None:
    for query in ("违规收费", "派出所", complaint["number"]):
        assert complaint["number"] in _numbers(services.ledger.search(query, viewer=viewer)), query
        page = services.ledger.ledger_page(LedgerFilter(text=query), offset=0, limit=50, viewer=viewer)
        assert complaint["number"] in _numbers(page), query


def test_a_name_written_in_the_summary_does_not_find_it_either(services: Any, sample_registration: Any) -> None:
    data = sample_registration(
        name="孙实名", phone="13700002222", category="complaint", summary="本人孙实名（电话137-0000-2222）实名举报。"
    )
    number = services.ledger.register(data, actor=FIRST).number
    for query in ("孙实名", "实名举报", "0000-2222", "13700002222"):
        found = number in _numbers(services.ledger.search(query, viewer=OTHER))
        assert found is (query == "实名举报"), query
    rows = services.ledger.search("实名举报", viewer=OTHER)
    assert all("孙实名" not in r.summary and "2222" not in r.summary for r in rows)


# -- the registration form's person lookup and the repeat link --------------------------------------------------


@pytest.mark.parametrize("how", ["id_number", "phone", "name"])
def test_lookup_by_another_clerk_shows_nothing_of_the_complainant(
    services: Any, complaint: dict[str, str], how: str
) -> None:
    key = {"id_number": complaint["id"], "phone": PHONE, "name": NAME}[how]
    found = services.ledger.lookup_persons(**{how: key}, viewer=OTHER)
    assert found == []
    for viewer in (FIRST, SUPERVISOR):
        (person,) = services.ledger.lookup_persons(**{how: key}, viewer=viewer)
        assert [h.number for h in person.history] == [complaint["number"]]
        assert person.address


def test_lookup_keeps_the_persons_other_matters(
    services: Any, complaint: dict[str, str], sample_registration: Any
) -> None:
    plain = services.ledger.register(
        sample_registration(name=NAME, id_number=complaint["id"], phone=PHONE, summary="咨询户口迁移。"),
        actor=SUPERVISOR,
    )
    (person,) = services.ledger.lookup_persons(id_number=complaint["id"], viewer=OTHER)
    assert [h.number for h in person.history] == [plain.number]


def test_repeat_link_to_the_complaint_is_not_shown_to_another_clerk(
    services: Any, complaint: dict[str, str], sample_registration: Any
) -> None:
    again = sample_registration(name=NAME, id_number=complaint["id"], phone=PHONE, summary="咨询户口迁移。")
    matter = services.ledger.register(again, actor=OTHER)
    assert complaint["number"] not in matter.repeat_of
    assert complaint["number"] not in services.ledger.show(matter.number, actor=OTHER).repeat_of
    # The person's file stays one: a supervisor sees the link.
    assert complaint["number"] in services.ledger.show(matter.number, actor=SUPERVISOR).repeat_of


# -- exports ---------------------------------------------------------------------------------------------------


def test_export_by_a_clerk_filtered_by_the_complainant_has_no_complaint(
    services: Any, complaint: dict[str, str], tmp_path: Path
) -> None:
    for query in (NAME, complaint["id"], PHONE):
        out = tmp_path / "out.csv"
        services.export.export(out, LedgerFilter(text=query), actor=OTHER, fmt="csv")
        text = out.read_text(encoding="utf-8-sig")
        assert complaint["number"] not in text, query
        out.unlink()
    services.export.export(tmp_path / "all.csv", LedgerFilter(text=NAME), actor=SUPERVISOR, fmt="csv")
    rows = list(csv.reader((tmp_path / "all.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert any(complaint["number"] in r for r in rows)


# -- the file copy of a complaint's notices is a reveal --------------------------------------------------------


def _audit(services: Any, number: str) -> list[Any]:
    return services.audit.entries(matter_number=number)


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def test_file_copy_of_a_complaint_notice_is_withheld_from_a_clerk(
    services: Any, complaint: dict[str, str], tmp_path: Path
) -> None:
    number = complaint["number"]
    services.ledger.act(number, "accept", {}, actor=FIRST)
    out = tmp_path / "acceptance.pdf"
    result = services.documents.print_document(number, "acceptance", out, actor=FIRST)
    assert result.copy == "visitor" and result.file_copy_withheld is True
    text = _text(out)
    assert complaint["id"] not in text and PHONE not in text
    assert not [e for e in _audit(services, number) if e.action == "reveal"]
    with pytest.raises(Forbidden):
        services.documents.print_document(number, "acceptance", tmp_path / "file.pdf", actor=FIRST, copy="file")


def test_file_copy_by_a_supervisor_is_audited_as_a_reveal(
    services: Any, complaint: dict[str, str], tmp_path: Path
) -> None:
    number = complaint["number"]
    services.ledger.act(number, "accept", {}, actor=FIRST)
    out = tmp_path / "acceptance.pdf"
    result = services.documents.print_document(number, "acceptance", out, actor=SUPERVISOR)
    assert result.copy == "both" and result.file_copy_withheld is False
    assert complaint["id"] in _text(out).replace(" ", "")
    (reveal,) = [e for e in _audit(services, number) if e.action == "reveal"]
    assert reveal.actor == SUPERVISOR.name and reveal.detail["document"] == "acceptance"
    assert services.audit.verify().ok


def test_file_copy_of_an_ordinary_matter_is_unchanged(services: Any, sample_registration: Any, tmp_path: Path) -> None:
    matter = services.ledger.register(sample_registration(), actor=FIRST)
    services.ledger.act(matter.number, "accept", {}, actor=FIRST)
    result = services.documents.print_document(matter.number, "acceptance", tmp_path / "a.pdf", actor=FIRST)
    assert result.copy == "both" and not result.file_copy_withheld
    assert matter.parties[0].person.id_number in _text(tmp_path / "a.pdf").replace(" ", "")


# -- a referral to the accused's unit ---------------------------------------------------------------------------


def test_referral_to_the_accused_unit_needs_a_supervisor(services: Any, complaint: dict[str, str]) -> None:
    number = complaint["number"]
    with pytest.raises(Forbidden, match="被反映对象"):
        services.ledger.act(number, "refer", {"to": "psb-station-1"}, actor=FIRST)
    assert services.ledger.show(number, actor=FIRST).status == "registered"
    with pytest.raises(InvalidInput, match="被反映对象") as warned:
        services.ledger.act(number, "refer", {"to": "××派出所"}, actor=SUPERVISOR)
    assert warned.value.field == "to_accused_unit"
    matter = services.ledger.act(number, "refer", {"to": "××派出所", "to_accused_unit": True}, actor=SUPERVISOR)
    assert matter.status.value == "referred"
    refer = [e for e in _audit(services, number) if e.action == "act:refer"]
    assert refer and refer[-1].detail.get("to_accused_unit") is True


def test_referral_elsewhere_is_unchanged(services: Any, complaint: dict[str, str]) -> None:
    matter = services.ledger.act(complaint["number"], "refer", {"to": "12337"}, actor=FIRST)
    assert matter.status.value == "referred"


def test_referral_letter_blacks_out_the_complainant_however_written(
    services: Any, sample_registration: Any, make_id: Any, tmp_path: Path
) -> None:
    idn = make_id(41, birth="19700101")
    spaced_id = f"{idn[:6]} {idn[6:14]} {idn[14:]}"
    data = sample_registration(
        name="周举报",
        id_number=idn,
        phone="13912345678",
        category="complaint",
        summary=f"周 举 报（身份证 {spaced_id}，电话 139-1234-5678 或 +86 139 1234 5678）检举某民警违规收费。",
        demands="请联系 139 1234 5678。",
    )
    number = services.ledger.register(data, actor=FIRST).number
    services.ledger.act(number, "refer", {"to": "12337"}, actor=FIRST)
    out = tmp_path / "letter.pdf"
    services.documents.print_document(number, "referral-letter", out, actor=FIRST)
    text = _text(out)
    flat = "".join(text.split())
    assert "检举某民警违规收费" in flat
    for secret in ("5678", "周举报", idn, idn[:6] + idn[6:14]):
        assert secret not in flat, secret


# -- the matter itself, to a clerk who may not see who complained ------------------------------------------------


def test_show_blacks_the_complainant_out_of_the_texts(services: Any, sample_registration: Any) -> None:
    data = sample_registration(
        name="孙实名", phone="13700002222", category="complaint", summary="本人孙 实名（电话137-0000-2222）实名举报。"
    )
    number = services.ledger.register(data, actor=FIRST).number
    services.ledger.act(number, "answer", {"text": "孙实名同志：已当场解释。"}, actor=FIRST)
    shown = services.ledger.show(number, actor=OTHER)
    flat = str((shown.summary, shown.demands, shown.events, shown.parties))
    assert "孙" not in flat and "2222" not in flat
    assert "实名举报" in shown.summary
    mine = services.ledger.show(number, actor=FIRST)
    assert "孙 实名" in mine.summary and mine.parties[0].name == "孙实名"
