"""Registration input (matter.parse_registration) and the number formats.

Every refusal must be an InvalidInput naming the field the desk shows it beside (``persons[i].name`` for the
i-th person's name) with a message a clerk understands.
"""

from __future__ import annotations

import copy
import re
from datetime import date, datetime

import pytest

from reception.domain.codes import (
    PURPOSE_CATEGORY,
    Category,
    Channel,
    PartyRole,
    Purpose,
    SourceKind,
    Status,
)
from reception.domain.identity import DocType, check_digit
from reception.domain.matter import (
    MAX_REPRESENTATIVES,
    MAX_SUMMARY,
    InvalidInput,
    Matter,
    format_document_number,
    format_matter_number,
    parse_registration,
)

NOW = datetime(2026, 11, 28, 10, 0)
VALID_ID = "11010519491231002X"  # GB 11643 test vector: 1949-12-31, female, 北京市朝阳区
OTHER_ID = "440524188001010014"

# The example of DESIGN.md "Register input", filled in.
EXAMPLE = {
    "channel": "visit",
    "received_at": "2026-11-28T09:30:00",
    "source": {
        "kind": "forwarded",
        "agency": "省信访局",
        "document_number": "省信转〔2026〕112号",
        "due": "2026-12-10",
    },
    "persons": [
        {
            "name": "王秀英",
            "id_number": VALID_ID,
            "phone": "13812341234",
            "address": "北京市朝阳区某某路 1 号",
            "role": "petitioner",
        }
    ],
    "headcount": 1,
    "purpose": "demand",
    "category": "grievance",
    "content_category": "政法/社会治安",
    "location": "朝阳区",
    "summary": "反映小区门口夜间施工噪音扰民，多次报警未见处理。",
    "demands": "要求依法查处",
    "accused": "某建筑公司",
    "clerk": "李警官",
}


def make_id(seq: int, birth: str = "19800101", region: str = "110105") -> str:
    first17 = f"{region}{birth}{seq:03d}"
    return first17 + check_digit(first17)


def reg(**changes) -> dict:
    data = copy.deepcopy(EXAMPLE)
    data.update(changes)
    return data


def person(**changes) -> dict:
    p = {"name": "张三"}
    p.update(changes)
    return p


def refuse(data, field: str, *, now: datetime = NOW) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        parse_registration(data, now=now)
    assert info.value.field == field, info.value.message
    assert info.value.message and str(info.value) == info.value.message
    assert "\n" not in info.value.message  # the command prints it as a one-line reason
    return info.value


# ---------------------------------------------------------------- the example


def test_design_example_is_accepted():
    m = parse_registration(copy.deepcopy(EXAMPLE), now=NOW)
    assert isinstance(m, Matter)
    assert m.channel is Channel.VISIT
    assert m.received_at == datetime(2026, 11, 28, 9, 30)
    assert m.source.kind is SourceKind.FORWARDED
    assert (m.source.agency, m.source.document_number, m.source.due) == (
        "省信访局",
        "省信转〔2026〕112号",
        date(2026, 12, 10),
    )
    assert len(m.parties) == 1 and m.parties[0].role is PartyRole.PETITIONER
    p = m.petitioner
    assert p is m.parties[0].person
    assert (p.name, p.id_number, p.phone, p.doc_type) == ("王秀英", VALID_ID, "13812341234", DocType.RESIDENT_ID)
    assert (p.sex, p.birth_date) == ("female", date(1949, 12, 31))
    assert p.address == "北京市朝阳区某某路 1 号"
    assert m.headcount == 1 and not m.collective
    assert m.purpose is Purpose.DEMAND and m.category is Category.GRIEVANCE and not m.is_complaint
    assert (m.content_category, m.location, m.demands, m.accused, m.clerk) == (
        "政法/社会治安",
        "朝阳区",
        "要求依法查处",
        "某建筑公司",
        "李警官",
    )
    assert m.summary == EXAMPLE["summary"]
    assert m.status is Status.REGISTERED and m.events == [] and m.number == ""
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", m.uuid)
    assert parse_registration(copy.deepcopy(EXAMPLE), now=NOW).uuid != m.uuid


def test_input_is_not_modified():
    data = copy.deepcopy(EXAMPLE)
    parse_registration(data, now=NOW)
    assert data == EXAMPLE


def test_minimal_registration_and_defaults():
    m = parse_registration({"channel": "letter", "persons": [{"name": " 张三 "}], "summary": " 来信 "}, now=NOW)
    assert m.received_at == NOW  # no time given: registered now
    assert m.source.kind is SourceKind.OWN and m.source.agency == ""
    assert m.parties[0].person.name == "张三" and m.summary == "来信"
    assert m.parties[0].person.doc_type is DocType.NONE and m.parties[0].person.id_number == ""
    assert m.headcount == 1 and m.purpose is Purpose.DEMAND and m.category is Category.GRIEVANCE
    assert m.clerk == ""  # the service fills in the logged-in clerk


def test_extra_fields_are_allowed():
    m = parse_registration(reg(ui_hint="x", persons=[person(favourite_colour="red")]), now=NOW)
    assert m.parties[0].person.name == "张三"


@pytest.mark.parametrize("channel", list(Channel))
def test_every_channel(channel):
    assert parse_registration(reg(channel=channel.value), now=NOW).channel is channel


@pytest.mark.parametrize("kind", ["forwarded", "assigned"])
def test_higher_agency_source(kind):
    m = parse_registration(reg(source={"kind": kind, "agency": "公安部信访办"}), now=NOW)
    assert m.source.kind == kind and m.source.due is None


# ---------------------------------------------------------------- refusals


def test_non_dict_input():
    for data in (None, [], [EXAMPLE], "{}", 1, b"{}"):
        refuse(data, "")


@pytest.mark.parametrize("channel", ["wechat", "VISIT", "来访", 1, ["visit"]])
def test_unknown_channel(channel):
    err = refuse(reg(channel=channel), "channel")
    assert "信访形式" in err.message and "visit" in err.message


@pytest.mark.parametrize("channel", [None, ""])
def test_missing_channel(channel):
    data = reg(channel=channel)
    assert "缺少信访形式" in refuse(data, "channel").message
    del data["channel"]
    refuse(data, "channel")


@pytest.mark.parametrize("persons", [None, [], {}, "张三", {"name": "张三"}])
def test_missing_persons(persons):
    data = reg(persons=persons)
    refuse(data, "persons")
    del data["persons"]
    refuse(data, "persons")


def test_person_not_an_object():
    refuse(reg(persons=["张三"]), "persons[0]")
    refuse(reg(persons=[person(), None]), "persons[1]")


@pytest.mark.parametrize("name", [None, "", "   ", "\u3000"])
def test_missing_name(name):
    p = person(id_number=VALID_ID)
    if name is None:
        del p["name"]
    else:
        p["name"] = name
    err = refuse(reg(persons=[p]), "persons[0].name")
    assert "姓名" in err.message and "第 1 位" in err.message
    err = refuse(reg(persons=[person(name="李四"), p]), "persons[1].name")
    assert "第 2 位" in err.message


def test_name_too_long():
    refuse(reg(persons=[person(name="张" * 51)]), "persons[0].name")
    parse_registration(reg(persons=[person(name="张" * 50)]), now=NOW)


def test_bad_id_checksum():
    err = refuse(reg(persons=[person(name="李四", id_number="110105194912310021")]), "persons[0].id_number")
    assert "应为" in err.message and "X" in err.message and "李四" in err.message
    err = refuse(reg(persons=[person(), person(name="王五", id_number=OTHER_ID[:-1] + "5")]), "persons[1].id_number")
    assert "应为 4" in err.message


@pytest.mark.parametrize("number", ["1101051949123100", "11010519491331002X", "ABC", "1101051949123100XX"])
def test_malformed_id(number):
    refuse(reg(persons=[person(id_number=number)]), "persons[0].id_number")


def test_six_representatives_refused():
    reps = [person(name=f"代表{i}", id_number=make_id(i), role="representative") for i in range(1, 7)]
    err = refuse(reg(persons=reps, headcount=30), "persons")
    assert str(MAX_REPRESENTATIVES) == "5" and "5" in err.message and "6" in err.message
    assert "代表" in err.message


def test_five_representatives_accepted():
    reps = [person(name=f"代表{i}", id_number=make_id(i), role="representative") for i in range(1, 6)]
    others = [person(name=f"同行{i}", role="companion") for i in range(3)]
    m = parse_registration(reg(persons=reps + others, headcount=40), now=NOW)
    assert len(m.representatives) == 5 and [p.name for p in m.representatives] == [f"代表{i}" for i in range(1, 6)]
    assert m.headcount == 40 and m.collective
    assert m.petitioner.name == "代表1"  # no petitioner named: the first representative receives the notice


def test_headcount_below_named_persons():
    persons = [person(name="甲"), person(name="乙"), person(name="丙")]
    err = refuse(reg(persons=persons, headcount=2), "headcount")
    assert "2" in err.message and "3" in err.message
    assert parse_registration(reg(persons=persons, headcount=3), now=NOW).headcount == 3


@pytest.mark.parametrize("headcount", ["3", 3.0, None, True, [3], 10_001, 0, -1])
def test_bad_headcount(headcount):
    refuse(reg(headcount=headcount), "headcount")


def test_headcount_defaults_to_named_persons_and_collective_from_five():
    four = [person(name=f"人{i}") for i in range(4)]
    data = reg(persons=four)
    del data["headcount"]
    m = parse_registration(data, now=NOW)
    assert m.headcount == 4 and not m.collective
    assert parse_registration(reg(persons=four, headcount=5), now=NOW).collective
    assert not parse_registration(reg(persons=four, headcount=5, collective=False), now=NOW).collective


def test_summary_of_200000_characters_refused():
    err = refuse(reg(summary="字" * 200_000), "summary")
    assert "过长" in err.message and "200000" in err.message and str(MAX_SUMMARY) in err.message
    assert len(parse_registration(reg(summary="字" * MAX_SUMMARY), now=NOW).summary) == MAX_SUMMARY


@pytest.mark.parametrize("summary", [None, "", "  \n "])
def test_summary_required(summary):
    refuse(reg(summary=summary), "summary")


def test_nul_character_refused():
    refuse(reg(summary="正常\x00文字"), "summary")


@pytest.mark.parametrize("received", ["2026-11-29T00:00:00", "2027-01-01T09:00", "2026-12-01"])
def test_future_received_at(received):
    err = refuse(reg(received_at=received), "received_at")
    assert "晚于" in err.message


def test_back_dated_received_at_is_fine():
    m = parse_registration(reg(received_at="2020-02-29T08:15"), now=NOW)
    assert m.received_at == datetime(2020, 2, 29, 8, 15)


@pytest.mark.parametrize(
    "received", ["2026-13-01T09:00", "2026-02-29T09:00", "yesterday", "28/11/2026", "2026-11-28T25:00", 1.5]
)
def test_bad_received_at(received):
    err = refuse(reg(received_at=received), "received_at")
    assert "不是有效时间" in err.message


@pytest.mark.parametrize("due", ["2026-02-30", "2026/12/10", "next week", "2026-1-5"])
def test_bad_source_due(due):
    err = refuse(reg(source={**EXAMPLE["source"], "due": due}), "source.due")
    assert "不是有效日期" in err.message


def test_bad_letter_date():
    refuse(reg(letter_date="31.11.2026"), "letter_date")
    assert parse_registration(reg(letter_date="2026-11-20"), now=NOW).letter_date == date(2026, 11, 20)


@pytest.mark.parametrize("kind", ["forwarded", "assigned"])
@pytest.mark.parametrize("agency", [None, "", "   "])
def test_forwarded_source_without_agency(kind, agency):
    source = {"kind": kind}
    if agency is not None:
        source["agency"] = agency
    err = refuse(reg(source=source), "source.agency")
    assert "来源机关" in err.message


def test_bad_source():
    refuse(reg(source="省信访局"), "source")
    refuse(reg(source={"kind": "upstream", "agency": "x"}), "source.kind")


def test_duplicate_id_in_one_registration():
    persons = [
        person(name="甲", id_number=VALID_ID),
        person(name="乙", id_number=OTHER_ID),
        person(name="丙", id_number=VALID_ID.lower()),
    ]
    err = refuse(reg(persons=persons, headcount=3), "persons")
    assert VALID_ID in err.message and "甲" in err.message and "丙" in err.message


def test_duplicate_id_written_differently_is_still_a_duplicate():
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in VALID_ID)
    persons = [person(name="甲", id_number=VALID_ID), person(name="乙", id_number=full_width)]
    refuse(reg(persons=persons, headcount=2), "persons")


@pytest.mark.parametrize(
    "key,value",
    [
        ("summary", 123),
        ("summary", ["a"]),
        ("clerk", {"name": "李"}),
        ("demands", 1.5),
        ("location", True),
        ("accused", ["某人"]),
        ("content_category", 7),
        ("leader", 0),
        ("window", 3),
    ],
)
def test_non_string_top_level_fields(key, value):
    err = refuse(reg(**{key: value}), key)
    assert "应为文字" in err.message


@pytest.mark.parametrize(
    "key,value",
    [
        ("name", 42),
        ("name", ["张三"]),
        ("id_number", 11010519491231002),
        ("phone", 13812341234),
        ("address", {"city": "北京"}),
        ("occupation", 1),
        ("employer", False),
        ("hukou", 3),
        ("ethnicity", []),
    ],
)
def test_non_string_person_fields(key, value):
    err = refuse(reg(persons=[{"name": "张三", key: value}]), f"persons[0].{key}")
    assert "应为文字" in err.message


def test_non_string_source_fields():
    refuse(reg(source={"kind": "forwarded", "agency": 5}), "source.agency")
    refuse(reg(source={"kind": "forwarded", "agency": "x", "document_number": 12}), "source.document_number")


def test_bad_role_and_doc_type():
    refuse(reg(persons=[person(role="leader")]), "persons[0].role")
    refuse(reg(persons=[person(doc_type="driver_licence", id_number="X1")]), "persons[0].doc_type")


def test_bad_phone():
    refuse(reg(persons=[person(phone="12345")]), "persons[0].phone")


def test_bad_purpose_and_category():
    refuse(reg(purpose="revenge"), "purpose")
    refuse(reg(category="other"), "category")


def test_too_many_persons():
    refuse(reg(persons=[person(name=f"人{i}") for i in range(501)], headcount=501), "persons")


# ---------------------------------------------------------------- identity documents


@pytest.mark.parametrize(
    "raw",
    [
        "".join(chr(ord(c) + 0xFEE0) for c in VALID_ID),  # full-width digits and Ｘ
        "１１０１０５１９４９１２３１００２ｘ",  # full-width lower-case x
        "11010519491231002x",
        " 110105 19491231 002X ",
        "110105\u300019491231\u3000002X",  # ideographic spaces
    ],
)
def test_id_number_normalised(raw):
    p = parse_registration(reg(persons=[person(id_number=raw)]), now=NOW).parties[0].person
    assert p.id_number == VALID_ID and p.doc_type is DocType.RESIDENT_ID and p.sex == "female"


def test_fifteen_digit_id_is_converted():
    old = VALID_ID[:6] + VALID_ID[8:17]  # 110105 491231 002
    assert old == "110105491231002"
    p = parse_registration(reg(persons=[person(id_number=old)]), now=NOW).parties[0].person
    assert p.id_number == VALID_ID and p.birth_date == date(1949, 12, 31)
    assert any("15 位" in w for w in p.warnings)


def test_unknown_or_stale_region_warns_but_is_accepted():
    p = parse_registration(reg(persons=[person(id_number=OTHER_ID)]), now=NOW).parties[0].person
    assert p.id_number == OTHER_ID and p.sex == "male" and p.warnings


@pytest.mark.parametrize(
    "doc_type,raw,expected",
    [
        ("passport", "e 1234 5678", "E12345678"),
        ("hk_macao_pass", "ｃ１２３４５６７８", "C12345678"),
        ("taiwan_pass", "12345678", "12345678"),
        ("other", "军官证 123", "军官证123"),
    ],
)
def test_other_document_types(doc_type, raw, expected):
    p = parse_registration(reg(persons=[person(doc_type=doc_type, id_number=raw)]), now=NOW).parties[0].person
    assert p.doc_type == doc_type and p.id_number == expected and p.sex is None and p.birth_date is None


def test_other_document_needs_a_number():
    err = refuse(reg(persons=[person(doc_type="passport")]), "persons[0].id_number")
    assert "无证件" in err.message


@pytest.mark.parametrize("doc_type", [None, "resident_id", "none"])
def test_no_document(doc_type):
    p = person()
    if doc_type:
        p["doc_type"] = doc_type
    m = parse_registration(reg(persons=[p]), now=NOW)
    assert m.parties[0].person.doc_type is DocType.NONE and m.parties[0].person.id_number == ""


def test_sex_from_input_only_without_id():
    m = parse_registration(
        reg(persons=[person(sex="male"), person(name="李四", id_number=VALID_ID, sex="male")], headcount=2), now=NOW
    )
    assert [p.person.sex for p in m.parties] == ["male", "female"]


# ---------------------------------------------------------------- purpose and category


@pytest.mark.parametrize("purpose", list(Purpose))
def test_category_defaults_from_purpose(purpose):
    data = reg(purpose=purpose.value)
    del data["category"]
    m = parse_registration(data, now=NOW)
    assert m.purpose is purpose and m.category is PURPOSE_CATEGORY[purpose]


def test_purpose_category_table():
    assert PURPOSE_CATEGORY[Purpose.COMPLAINT] is Category.COMPLAINT
    assert PURPOSE_CATEGORY[Purpose.SUGGESTION] is Category.SUGGESTION
    assert PURPOSE_CATEGORY[Purpose.DEMAND] is PURPOSE_CATEGORY[Purpose.APPEAL] is Category.GRIEVANCE
    assert set(PURPOSE_CATEGORY) == set(Purpose)


def test_complaint_category():
    data = reg(purpose="complaint")
    del data["category"]
    assert parse_registration(data, now=NOW).is_complaint
    # An explicit category wins over the purpose's default.
    assert parse_registration(reg(purpose="complaint", category="grievance"), now=NOW).category is Category.GRIEVANCE
    assert parse_registration(reg(purpose="demand", category="complaint"), now=NOW).is_complaint


def test_links_to_earlier_matters():
    m = parse_registration(reg(link_to=["2026-01-000001", "", "2025-01-000009"]), now=NOW)
    assert m.repeat_of == ["2026-01-000001", "2025-01-000009"]


# ---------------------------------------------------------------- numbers


def test_format_matter_number():
    assert format_matter_number("01", 2026, 17) == "2026-01-000017"
    assert format_matter_number("A3", 2027, 1) == "2027-A3-000001"
    assert format_matter_number("01", 2026, 999_999) == "2026-01-999999"
    numbers = [format_matter_number("01", 2026, n) for n in (1, 2, 10, 100, 12_345)]
    assert numbers == sorted(numbers)  # zero-padded: text order = number order
    assert all(re.fullmatch(r"\d{4}-01-\d{6}", n) for n in numbers)


def test_format_document_number():
    assert format_document_number("××公", "受", 2026, 17) == "××公（信）受〔2026〕17号"
    assert format_document_number("朝公", "转", 2027, 1) == "朝公（信）转〔2027〕1号"
    assert re.fullmatch(r".+（信）.〔\d{4}〕[1-9]\d*号", format_document_number("市公", "复", 2026, 305))
    # a station's code keeps two windows' series apart
    assert format_document_number("××公", "受", 2026, 17, "02") == "××公（信）受〔2026〕02-17号"
