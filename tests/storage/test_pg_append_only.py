"""On PostgreSQL the audit trail and the events are append-only by construction (issue 17).

The desks connect as a role of their own with the README's grants: they register and act (inserting audit entries
and events), and any UPDATE or DELETE of an audit entry or an event fails — by the grants, and by the trigger that
refuses it whoever connects (the owner included).  Runs on the real server the suite uses (RECEPTION_TEST_PG).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from reception.domain.roles import Principal, Role

# The README's set-up of the desks' role, word for word ({role}, {db} filled in).
DESK_GRANTS = """
GRANT CONNECT ON DATABASE {db} TO {role};
GRANT USAGE ON SCHEMA public TO {role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry, event FROM {role};
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role};
"""


def _as(url: str, user: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{user}@{host}"))


@pytest.fixture
def pg_ledger(
    pg_database: Callable[[], str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sample_registration: Callable[..., dict[str, Any]],
) -> Any:
    import psycopg2

    from reception.services.context import open_services

    monkeypatch.setenv("RECEPTION_AUDIT_KEY_FILE", str(tmp_path / "hall.auditkey"))
    url = pg_database()
    owner = open_services(url)  # the administrator creates and migrates the ledger
    owner.ledger.register(sample_registration(), actor=Principal("李四", Role.CLERK))
    owner.close()
    role = f"reception_desk_{secrets.token_hex(4)}"
    admin = psycopg2.connect(url)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f"CREATE ROLE {role} LOGIN")
        cur.execute(DESK_GRANTS.format(db=urlsplit(url).path.lstrip("/"), role=role))
    yield url, _as(url, role)
    with admin.cursor() as cur:
        cur.execute(f"DROP OWNED BY {role}")
        cur.execute(f"DROP ROLE {role}")
    admin.close()


def _fails(url: str, sql: str) -> str:
    import psycopg2

    con = psycopg2.connect(url)
    try:
        with pytest.raises(psycopg2.Error) as caught, con.cursor() as cur:
            cur.execute(sql)
        return str(caught.value)
    finally:
        con.rollback()
        con.close()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_entry SET actor = '王五'",
        "DELETE FROM audit_entry",
        "TRUNCATE audit_entry",
        "UPDATE event SET actor = '王五'",
        "DELETE FROM event",
    ],
)
def test_the_desks_role_cannot_update_or_delete_audit_entries_or_events(pg_ledger, sql: str) -> None:
    _owner, desk = pg_ledger
    assert "permission denied" in _fails(desk, sql)


@pytest.mark.parametrize("sql", ["UPDATE audit_entry SET actor = '王五'", "DELETE FROM event"])
def test_the_trigger_refuses_it_even_to_the_owner(pg_ledger, sql: str) -> None:
    owner, _desk = pg_ledger
    assert "is append-only" in _fails(owner, sql)


def test_the_desks_role_registers_acts_and_verifies(pg_ledger, sample_registration) -> None:
    from reception.services.context import open_services

    _owner, desk = pg_ledger
    services = open_services(desk)
    try:
        clerk = Principal("王五", Role.CLERK)
        matter = services.ledger.register(sample_registration(), actor=clerk)
        services.ledger.act(matter.number, "accept", {}, actor=clerk)
        result = services.audit.verify()
        assert result.ok, result.message
        assert result.entries == 3
    finally:
        services.close()
