"""The one search box: tokens and MATCH expressions, then every kind of query through the service on a real file.

The random test compares the index with the plainest possible oracle, a Python substring scan of every matter's
names, summary and location, newest first.
"""

from __future__ import annotations

import functools
import random
import sqlite3
import unicodedata
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reception.domain.views import LedgerRow
from reception.storage import search as s
from tests.actors import ADMIN

RARE = "𠈌"  # U+2020C, CJK Extension B: outside the BMP


# -- tokens and match_expression ---------------------------------------------------------------------------------


def test_tokens_are_unigrams_and_bigrams() -> None:
    toks = s.tokens(["王小明"]).split()
    assert sorted(toks) == sorted(["王", "王小", "小", "小明", "明"])


def test_tokens_split_at_spaces_and_punctuation_of_both_widths() -> None:
    toks = set(s.tokens(["张三，李四。 王五(赵六)"]).split())
    assert {"张三", "李四", "王五", "赵六"} <= toks
    assert not any(t for t in toks if "，" in t or "。" in t or "(" in t or " " in t)
    assert "三李" not in toks and "四王" not in toks


def test_tokens_are_normalised_and_unique() -> None:
    toks = s.tokens(["ＡＢＣ１２", "abc"]).split()
    assert "ab" in toks and "12" in toks
    assert len(toks) == len(set(toks))


def test_tokens_of_rare_character() -> None:
    toks = s.tokens([f"王{RARE}"]).split()
    assert sorted(toks) == sorted(["王", f"王{RARE}", RARE])


def test_tokens_skip_empty_texts() -> None:
    assert s.tokens(["", "   ", "，。"]) == ""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("王", '"王"'),
        ("王五", '"王五"'),
        ("王小明", '"王小" AND "小明"'),
        (f"王{RARE}", f'"王{RARE}"'),
        ("张三 李四", '"张三" AND "李四"'),
        ("ＡＢ", '"ab"'),
        ("哈哈哈", '"哈哈"'),
    ],
)
def test_match_expression(query: str, expected: str) -> None:
    assert s.match_expression(query) == expected


@pytest.mark.parametrize("query", ["", "   ", '"', "*", "-", ":", "()", '"*-:()', "，。！"])
def test_match_expression_nothing_searchable(query: str) -> None:
    assert s.match_expression(query) is None
    assert s.verify_terms(query) == []


def test_verify_terms() -> None:
    assert s.verify_terms("张三，李四") == ["张三", "李四"]
    assert s.verify_terms('王"五') == ["王", "五"]
    assert s.verify_terms("Ｗａｎｇ") == ["wang"]


def test_long_query_is_cut() -> None:
    expr = s.match_expression("字" * 500)
    assert expr == '"字字"'
    assert len(s.verify_terms("字" * 500)[0]) == s.MAX_QUERY


@functools.cache
def _fts_sql() -> str:
    """The statement that creates the ledger's FTS table (read from a migrated file's schema)."""
    import tempfile
    from pathlib import Path

    from reception.storage.db import init_db

    with tempfile.TemporaryDirectory() as tmp:
        store = init_db(Path(tmp) / "schema.db")
        sql = store.execute("SELECT sql FROM sqlite_master WHERE name = 'matter_fts'").fetchone()[0]
        store.close()
    return sql


def _fresh_fts() -> sqlite3.Connection:
    """An empty in-memory copy of the ledger's FTS table."""
    con = sqlite3.connect(":memory:")
    con.execute(_fts_sql())
    return con


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_any_query_is_valid_fts_syntax(query: str) -> None:
    expr = s.match_expression(query)
    if expr is not None:
        _fresh_fts().execute("SELECT rowid FROM matter_fts WHERE matter_fts MATCH ?", (expr,)).fetchall()


_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF) | st.sampled_from(
    [RARE, "×", "〇", "々", "①", "Ａ", "a", "1", "㎡"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CJK, min_size=1, max_size=12).map("".join), st.data())
def test_every_fragment_of_a_text_is_found_in_its_row(text: str, data: Any) -> None:
    """Index one row and query every kind of fragment of it: the row must be found (no false negatives)."""
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    fragment = text[start:end]
    expr = s.match_expression(fragment)
    if expr is None:
        return
    fts = _fresh_fts()
    fts.execute("INSERT INTO matter_fts (rowid, tokens) VALUES (1, ?)", (s.tokens([text]),))
    fts.execute("INSERT INTO matter_fts (rowid, tokens) VALUES (2, ?)", (s.tokens(["无关的内容"]),))
    rows = [r[0] for r in fts.execute("SELECT rowid FROM matter_fts WHERE matter_fts MATCH ?", (expr,))]
    assert 1 in rows, (text, fragment, expr)


@settings(max_examples=200, deadline=None)
@given(st.lists(_CJK, min_size=1, max_size=2).map("".join), st.lists(_CJK, min_size=1, max_size=8).map("".join))
def test_short_queries_have_no_false_positives(fragment: str, text: str) -> None:
    """1-2 character queries are answered by the index alone (no verification), so the index must be exact."""
    expr = s.match_expression(fragment)
    if expr is None:
        return
    fts = _fresh_fts()
    fts.execute("INSERT INTO matter_fts (rowid, tokens) VALUES (1, ?)", (s.tokens([text]),))
    found = bool(fts.execute("SELECT rowid FROM matter_fts WHERE matter_fts MATCH ?", (expr,)).fetchall())
    norm_text, norm_frag = s.normalize_text(text), s.normalize_text(fragment)
    assert found == all(t in norm_text for t in s.verify_terms(fragment)), (text, fragment, norm_frag)


# -- through the service ---------------------------------------------------------------------------------------


def _numbers(rows: list[LedgerRow]) -> list[str]:
    return [r.number for r in rows]


@pytest.fixture
def ledger(services, sample_registration, make_id):
    """A small ledger with known persons; returns (ledger service, {label: matter})."""
    lg = services.ledger
    made = {}
    made["wang"] = lg.register(
        sample_registration(
            name=f"王{RARE}",
            id_number=make_id(11, birth="19700315"),
            phone="13800138000",
            summary="反映小区物业乱收费问题",
        ),
        actor=ADMIN,
    )
    made["li"] = lg.register(
        sample_registration(
            name="李建国", id_number=make_id(22, birth="19650520"), phone="13912345678", summary="反映邻居装修噪音扰民"
        ),
        actor=ADMIN,
    )
    made["zhang"] = lg.register(
        sample_registration(name="张伟", id_number="", phone="0571-87654321", summary="咨询户口迁移的办理流程"),
        actor=ADMIN,
    )
    made["wang2"] = lg.register(
        sample_registration(
            name=f"王{RARE}",
            id_number=make_id(11, birth="19700315"),
            phone="13800138000",
            summary="再次反映物业乱收费，要求退款",
        ),
        actor=ADMIN,
    )
    return lg, made


def test_search_by_full_id_number(ledger, make_id) -> None:
    lg, made = ledger
    idn = make_id(11, birth="19700315")
    assert _numbers(lg.search(idn)) == [made["wang2"].number, made["wang"].number]
    assert _numbers(lg.search(idn.lower())) == _numbers(lg.search(idn))
    spaced = f"{idn[:6]} {idn[6:14]} {idn[14:]}"
    assert _numbers(lg.search(spaced)) == [made["wang2"].number, made["wang"].number]


@pytest.mark.parametrize("tail", [4, 5, 6])
def test_search_by_last_digits_of_id(ledger, make_id, tail: int) -> None:
    lg, made = ledger
    idn = make_id(22, birth="19650520")
    assert made["li"].number in _numbers(lg.search(idn[-tail:]))
    assert made["wang"].number not in _numbers(lg.search(idn[-tail:]))


def test_search_by_phone(ledger) -> None:
    lg, made = ledger
    assert _numbers(lg.search("13912345678")) == [made["li"].number]
    assert _numbers(lg.search("139 1234 5678")) == [made["li"].number]
    assert _numbers(lg.search("+86 139-1234-5678")) == [made["li"].number]
    assert made["li"].number in _numbers(lg.search("5678"))
    assert _numbers(lg.search("057187654321")) == [made["zhang"].number]
    assert made["zhang"].number in _numbers(lg.search("4321"))


def test_search_with_full_width_digits(ledger, make_id) -> None:
    lg, made = ledger
    assert _numbers(lg.search("１３９１２３４５６７８")) == [made["li"].number]
    assert made["li"].number in _numbers(lg.search("５６７８"))
    idn = make_id(22, birth="19650520")
    full = idn.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    assert _numbers(lg.search(full)) == [made["li"].number]
    number = made["zhang"].number
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() or c == "-" else c for c in number)
    assert _numbers(lg.search(wide)) == [number]


def test_search_by_matter_number(ledger) -> None:
    lg, made = ledger
    number = made["li"].number
    assert _numbers(lg.search(number)) == [number]
    assert _numbers(lg.search(f"  {number} ")) == [number]
    prefix = number[:8]  # "2026-01-"
    found = _numbers(lg.search(prefix))
    assert set(found) == {m.number for m in made.values()}
    assert found == sorted(found, reverse=True)
    assert number in _numbers(lg.search(number[:-1]))  # the last digit not typed yet


def test_search_by_name_fragments(ledger) -> None:
    lg, made = ledger
    both_wang = [made["wang2"].number, made["wang"].number]
    assert _numbers(lg.search("王")) == both_wang
    assert _numbers(lg.search(RARE)) == both_wang
    assert _numbers(lg.search(f"王{RARE}")) == both_wang
    assert _numbers(lg.search("建国")) == [made["li"].number]
    assert _numbers(lg.search("李建国")) == [made["li"].number]
    assert _numbers(lg.search("伟")) == [made["zhang"].number]
    assert _numbers(lg.search("李伟")) == []  # both characters exist, never together


def test_search_by_summary_fragments(ledger) -> None:
    lg, made = ledger
    assert _numbers(lg.search("噪")) == [made["li"].number]
    assert _numbers(lg.search("物业")) == [made["wang2"].number, made["wang"].number]
    assert _numbers(lg.search("物业乱收费")) == [made["wang2"].number, made["wang"].number]
    assert _numbers(lg.search("退款")) == [made["wang2"].number]
    assert _numbers(lg.search("户口迁移")) == [made["zhang"].number]
    assert _numbers(lg.search("户口迁出")) == []  # all bigrams but one exist
    assert _numbers(lg.search("物业 退款")) == [made["wang2"].number]  # every term must be there
    assert _numbers(lg.search("收费，要求")) == [made["wang2"].number]


def test_search_rows_are_masked(ledger, make_id) -> None:
    lg, _made = ledger
    idn = make_id(22, birth="19650520")
    row = lg.search(idn)[0]
    assert row.id_number != idn
    assert row.id_number.startswith(idn[:6]) and row.id_number.endswith(idn[-4:])
    assert "*" in row.id_number
    assert row.name == "李建国"
    assert row.status == "registered"
    assert row.due is not None and row.level in {"normal", "warn", "alert", "severe", "overdue"}


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "-",
        ":",
        "(",
        ")",
        "()",
        '"王',
        "王*",
        "-王",
        "王:物业",
        "(王 OR 李)",
        "NEAR(王 李)",
        "王 AND",
        "^王",
        "{王}",
        "'",
        "%",
        "_",
        "\\",
        "王\x00",
        '物业"乱收费',
    ],
)
def test_fts_syntax_characters_do_not_crash(ledger, query: str) -> None:
    lg, made = ledger
    rows = lg.search(query)
    assert isinstance(rows, list)
    if "王" in query and "李" not in query and "物业" not in query:
        assert set(_numbers(rows)) <= {made["wang"].number, made["wang2"].number}


def test_empty_query(ledger) -> None:
    lg, _ = ledger
    assert lg.search("") == []
    assert lg.search("   ") == []


def test_limit_is_respected(services, sample_registration) -> None:
    lg = services.ledger
    numbers = [
        lg.register(sample_registration(name="赵钱孙", summary="同一件事反复反映"), actor=ADMIN).number
        for _ in range(12)
    ]
    newest_first = numbers[::-1]
    assert _numbers(lg.search("赵", limit=5)) == newest_first[:5]
    assert _numbers(lg.search("反复反映", limit=7)) == newest_first[:7]
    assert _numbers(lg.search("赵钱孙", limit=100)) == newest_first
    assert _numbers(lg.search(numbers[0][:8], limit=3)) == newest_first[:3]


def test_results_are_newest_first_across_kinds_of_match(services, sample_registration, make_id) -> None:
    """A 4-digit query can hit an ID tail, a phone tail and a summary at once: the list is still newest first."""
    lg = services.ledger
    idn = next(i for i in (make_id(seq, birth="19800101") for seq in range(123, 200)) if i[-1] != "X")
    tail = idn[-4:]
    a = lg.register(sample_registration(name="甲", id_number=idn, phone="13700000001", summary="无关"), actor=ADMIN)
    b = lg.register(sample_registration(name="乙", id_number="", phone=f"1370000{tail}", summary="无关"), actor=ADMIN)
    c = lg.register(
        sample_registration(name="丙", id_number="", phone="13700000003", summary=f"门牌号{tail}号"), actor=ADMIN
    )
    d = lg.register(sample_registration(name="丁", id_number=idn, phone="13700000004", summary="无关"), actor=ADMIN)
    found = _numbers(lg.search(tail))
    assert found == [d.number, c.number, b.number, a.number]
    assert _numbers(lg.search(tail, limit=2)) == [d.number, c.number]


# -- against a plain scan ----------------------------------------------------------------------------------------

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英" + RARE + "〇"
WORDS = [
    "物业",
    "收费",
    "噪音",
    "扰民",
    "拖欠",
    "工资",
    "征地",
    "补偿",
    "户口",
    "迁移",
    "交通",
    "事故",
    "赔偿",
    "邻里",
    "纠纷",
    "房屋",
    "漏水",
    "违章",
    "建筑",
    "养老",
    "保险",
    "医疗",
    "报销",
    "×",
    "××",
    "①",
    "二〇二六",
    "ＡＢＣ",
    "公司",
    "小区",
    "街道",
    "派出所",
    "不作为",
    "要求",
    "处理",
    "反映",
    "问题",
]


def _oracle(matters: list[dict[str, Any]], query: str, limit: int) -> list[str]:
    terms = [t for t in query.split() if t]
    hits = []
    for item in reversed(matters):  # registered in order: newest last
        hay = unicodedata.normalize("NFKC", f"{item['summary']}\n{' '.join(item['names'])}\n{item['location']}").lower()
        if all(unicodedata.normalize("NFKC", t).lower() in hay for t in terms):
            hits.append(item["number"])
    return hits[:limit]


def test_search_matches_a_plain_scan(services, sample_registration) -> None:
    rnd = random.Random(20261128)
    lg = services.ledger
    matters: list[dict[str, Any]] = []
    for _ in range(300):
        names = [
            "".join([rnd.choice(SURNAMES), *rnd.choices(GIVEN, k=rnd.randint(1, 2))])
            for _ in range(rnd.choice([1, 1, 1, 2]))
        ]
        summary = "".join(rnd.choices(WORDS, k=rnd.randint(2, 8)))
        location = rnd.choice(["", "城关镇", "××区", "东城街道"])
        persons = [{"name": n, "role": "petitioner"} for n in names]
        m = lg.register(
            sample_registration(persons=persons, headcount=len(persons), summary=summary, location=location),
            actor=ADMIN,
        )
        matters.append({"number": m.number, "names": names, "summary": summary, "location": location})

    queries: set[str] = set()
    for item in rnd.sample(matters, 60):
        text = rnd.choice([item["summary"], item["names"][0], item["location"] or item["summary"]])
        for length in (1, 2, 3, 4, 6):
            if len(text) >= length:
                start = rnd.randrange(len(text) - length + 1)
                queries.add(text[start : start + length])
    queries |= {
        RARE,
        f"王{RARE}",
        "〇",
        "二〇",
        "×",
        "××",
        "×区",
        "①",
        "abc",
        "ＡＢＣ",
        "物业 噪音",
        "征地补偿款",
        "王伟",
        "李",
    }
    checked = 0
    for query in sorted(queries):
        if not s.verify_terms(query) or any(c.isdigit() for c in unicodedata.normalize("NFKC", query)):
            continue  # digits also search numbers, IDs and phones: covered above
        for limit in (5, 50):
            expected = _oracle(matters, query, limit)
            assert _numbers(lg.search(query, limit=limit)) == expected, (query, limit)
        checked += 1
    assert checked > 100


def test_search_by_old_15_digit_id(services, sample_registration, make_id) -> None:
    """A 15-digit ID is stored as its 18-digit form; typing the old number still finds the person."""
    old = "110105491231002"  # the 15-digit form of the test vector 11010519491231002X
    m = services.ledger.register(sample_registration(name="旧证", id_number=old), actor=ADMIN)
    assert services.ledger.show(m.number, reveal=True, actor=ADMIN).parties[0].id_number == "11010519491231002X"
    assert _numbers(services.ledger.search(old)) == [m.number]
    assert _numbers(services.ledger.search("11010519491231002x")) == [m.number]


# -- 检举控告 (条例 art 30): the complainant behind the private mark ---------------------------------------------


def test_a_confidential_matter_holds_its_complainant_only_behind_the_mark() -> None:
    row = s.matter_tokens(
        "本人王检举电话139-1234-5678，检举违规收费。",
        ["王检举"],
        "××区",
        confidential=True,
        phones=["13912345678"],
    ).split()
    plain = {t for t in row if not t.startswith(s.PRIVATE)}
    assert {"违规", "收费", "××"} <= plain
    assert not {"王检", "检举", "王", "56", "78"} & plain - set(s.tokens(["检举违规收费。××区"]).split())
    assert {s.PRIVATE + "王检", s.PRIVATE + "56"} <= set(row)
    assert s.matter_tokens("反映噪音。", ["刘申诉"], "", confidential=False) == s.tokens(["反映噪音。", "刘申诉", ""])


def test_no_typed_query_asks_for_a_marked_token() -> None:
    for query in (s.PRIVATE + "王检", f"王{s.PRIVATE}检", "\ue123王检"):
        assert all(not t.startswith(s.PRIVATE) for t in s.query_tokens(query))
        expr = s.match_expression(query)
        assert expr is not None and s.PRIVATE not in expr
    assert s.match_expression("王检", complainants=True) == f'("王检") OR ("{s.PRIVATE}王检")'


def test_an_old_ledger_is_reindexed_so_a_clerk_no_longer_finds_the_complainant(
    db_url: str, tmp_path: Any, sample_registration: Any
) -> None:
    from reception.domain.roles import Principal, Role
    from reception.services.context import open_services
    from reception.storage.db import run_migrations, schema_version

    url = db_url if "://" in db_url else str(tmp_path / "old.db")
    services = open_services(url)
    clerk, other = Principal("李四", Role.CLERK), Principal("王五", Role.CLERK)
    data = sample_registration(name="王芳", category="complaint", summary="检举违规收费。")
    number = services.ledger.register(data, actor=clerk).number
    store = services.store
    # As the ledger was before: every name among the plain tokens, schema version 1.
    with store.write():
        rows = store.execute("SELECT id, summary, party_names, location FROM matter").fetchall()
        if store.is_sqlite:
            store.execute("DROP TABLE matter_fts")
            store.execute(
                "CREATE VIRTUAL TABLE matter_fts USING fts5(tokens, content='', detail=none, tokenize='ascii')"
            )
            for mid, summary, names, location in rows:
                old = s.tokens([summary, names, location])
                store.execute("INSERT INTO matter_fts (rowid, tokens) VALUES (?, ?)", (mid, old))
        else:
            for mid, summary, names, location in rows:
                old = s.tokens([summary, names, location])
                store.execute(
                    "UPDATE matter_fts SET tokens = string_to_array(%s, ' ') WHERE matter_id = %s", (old, mid)
                )
        store.execute("DELETE FROM schema_version WHERE version > 1")
    assert [r.number for r in services.ledger.search("王芳", viewer=other)] == [number]  # the hole
    assert 2 in run_migrations(store)
    assert schema_version(store) >= 2
    try:
        assert services.ledger.search("王芳", viewer=other) == []
        assert [r.number for r in services.ledger.search("违规收费", viewer=other)] == [number]
        supervisor = Principal("赵", Role.SUPERVISOR)
        assert [r.number for r in services.ledger.search("王芳", viewer=supervisor)] == [number]
    finally:
        services.close()
