"""Queries that take and return domain objects; the only code that knows the schema.

Writes happen inside the caller's ``store.write()`` transaction (the service owns the transaction); reads may
run anywhere.  Hot paths (search, lookups, the ledger's pages) use plain SQL with index-friendly predicates.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from reception.domain.clocks import level_change_times
from reception.domain.codes import Category, Channel, Outcome, PartyRole, Purpose, Satisfaction, SourceKind, Status
from reception.domain.identity import DocType
from reception.storage import models as m
from reception.storage import search as s
from reception.storage.db import Store, next_sequence
from reception.storage.values import as_date, as_datetime

if TYPE_CHECKING:
    # Imported where a person or matter is built: the desk's start reads the ledger's rows, not matters.
    from reception.domain.matter import Event, Matter, Person


LEVEL_COLUMNS = ("level_warn_at", "level_alert_at", "level_severe_at", "level_overdue_at")


def _rev(text: str | None) -> str | None:
    return text[::-1] if text else None


@dataclass(frozen=True)
class HistoryRecord:
    """An earlier matter of a known person as stored (the registration form's side panel)."""

    id: int
    number: str
    received_at: datetime | str
    status: str
    summary: str
    is_repeat: bool | int
    clock_kind: str | None
    clock_start: date | str | None
    clock_due: date | str | None
    satisfaction: str | None
    category: str
    clerk: str
    purpose: str


@dataclass(frozen=True)
class PersonMatch:
    """A person the desk recognised while the clerk typed (for the history panel)."""

    person: Person
    matched_on: str  # "id_number" | "phone" | "name"


class Repository:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.ph = store.ph

    # -- settings ----------------------------------------------------------------------------------------------

    def get_setting(self, key: str, default: str = "") -> str:
        self.store.bind_models()
        row = m.Setting.get_or_none(m.Setting.key == key)
        return row.value if row else default

    def set_setting(self, key: str, value: str) -> None:
        self.store.bind_models()
        m.Setting.insert(key=key, value=value).on_conflict(
            conflict_target=[m.Setting.key], update={m.Setting.value: value}
        ).execute()

    def settings(self) -> dict[str, str]:
        self.store.bind_models()
        return {row.key: row.value for row in m.Setting.select()}

    def next_sequence(self, name: str, year: int) -> int:
        return next_sequence(self.store, name, year)

    # -- persons -----------------------------------------------------------------------------------------------

    def _person_from_row(self, row: Any) -> Person:
        from reception.domain.matter import Person

        return Person(
            id=row.id,
            name=row.name,
            doc_type=DocType(row.doc_type),
            id_number=row.id_number or "",
            phone=row.phone,
            address=row.address,
            sex=row.sex,
            birth_date=as_date(row.birth_date),
            region=row.region,
            ethnicity=row.ethnicity,
            hukou=row.hukou,
            occupation=row.occupation,
            employer=row.employer,
        )

    def upsert_person(self, person: Person, now: datetime) -> int:
        """One file per ID number: a known number updates the file (newer contact details win), else a new file."""
        if person.id_number:
            existing = m.Person.get_or_none(m.Person.id_number == person.id_number)
            if existing is not None:
                updates: dict[Any, Any] = {m.Person.updated_at: now}
                for attr in ("phone", "address", "ethnicity", "hukou", "occupation", "employer"):
                    value = getattr(person, attr)
                    if value and value != getattr(existing, attr):
                        updates[getattr(m.Person, attr)] = value
                if person.phone:
                    updates[m.Person.phone_rev] = _rev(person.phone)
                if person.name != existing.name:
                    updates[m.Person.name] = person.name
                m.Person.update(updates).where(m.Person.id == existing.id).execute()
                person.id = existing.id
                return existing.id
        row: Any = m.Person.create(
            name=person.name,
            doc_type=person.doc_type.value,
            id_number=person.id_number or None,
            id_rev=_rev(person.id_number),
            phone=person.phone,
            phone_rev=_rev(person.phone),
            address=person.address,
            sex=person.sex,
            birth_date=person.birth_date,
            region=person.region,
            ethnicity=person.ethnicity,
            hukou=person.hukou,
            occupation=person.occupation,
            employer=person.employer,
            created_at=now,
            updated_at=now,
        )
        person.id = row.id
        return row.id

    def find_persons(
        self, *, id_number: str = "", phone: str = "", name: str = "", limit: int = 10
    ) -> list[PersonMatch]:
        """Known persons by exact ID, exact phone or exact name (the registration form's live lookup)."""
        self.store.bind_models()
        found: dict[int, PersonMatch] = {}
        if id_number:
            for row in m.Person.select().where(m.Person.id_number == id_number).limit(limit):
                found.setdefault(row.id, PersonMatch(self._person_from_row(row), "id_number"))
        if phone:
            for row in m.Person.select().where(m.Person.phone == phone).limit(limit):
                found.setdefault(row.id, PersonMatch(self._person_from_row(row), "phone"))
        if name:
            for row in m.Person.select().where(m.Person.name == name).order_by(m.Person.id.desc()).limit(limit):
                found.setdefault(row.id, PersonMatch(self._person_from_row(row), "name"))
        return list(found.values())[:limit]

    def matter_ids_of_person(self, person_id: int, limit: int = 200) -> list[int]:
        rows = self.store.execute(
            f"SELECT DISTINCT matter_id FROM matter_party WHERE person_id = {self.ph} "
            f"ORDER BY matter_id DESC LIMIT {int(limit)}",
            (person_id,),
        ).fetchall()
        return [r[0] for r in rows]

    # -- matters: write ----------------------------------------------------------------------------------------

    def insert_matter(self, matter: Matter, clock: tuple[str, date, date] | None, now: datetime) -> int:
        """Insert a numbered matter with its parties, repeat links, first event and search tokens."""
        person_ids = [self.upsert_person(p.person, now) for p in matter.parties]
        earlier: set[int] = set()
        for pid, party in zip(person_ids, matter.parties, strict=False):
            if party.person.id_number:
                earlier.update(self.matter_ids_of_person(pid))
        if matter.repeat_of:
            for row in m.Matter.select(m.Matter.id).where(m.Matter.number.in_(matter.repeat_of)):
                earlier.add(row.id)
        matter.is_repeat = matter.is_repeat or bool(earlier)
        petitioner = matter.petitioner
        row: Any = m.Matter.create(
            **self._matter_columns(matter, clock, now),
            uuid=matter.uuid,
            number=matter.number,
            station=matter.station,
            received_at=matter.received_at,
        )
        matter.id = row.id
        m.MatterParty.insert_many(
            [
                {"matter": row.id, "person": pid, "role": party.role.value, "position": i}
                for i, (pid, party) in enumerate(zip(person_ids, matter.parties, strict=False))
            ]
        ).execute()
        if earlier:
            m.MatterLink.insert_many([{"matter": row.id, "earlier": e} for e in sorted(earlier)]).execute()
            matter.repeat_of = [
                r.number for r in m.Matter.select(m.Matter.number).where(m.Matter.id.in_(list(earlier)))
            ]
        for event in matter.events:
            self.insert_event(row.id, event)
        self.index_matter(row.id, matter)
        del petitioner
        return row.id

    def _matter_columns(self, matter: Matter, clock: tuple[str, date, date] | None, now: datetime) -> dict[str, Any]:
        petitioner = matter.petitioner
        return {
            "channel": matter.channel.value,
            "source_kind": matter.source.kind.value,
            "source_agency": matter.source.agency,
            "source_document_number": matter.source.document_number,
            "source_due": matter.source.due,
            "headcount": matter.headcount,
            "collective": matter.collective,
            "purpose": matter.purpose.value,
            "category": matter.category.value,
            "content_category": matter.content_category,
            "location": matter.location,
            "summary": matter.summary,
            "demands": matter.demands,
            "accused": matter.accused,
            "clerk": matter.clerk,
            "window": matter.window,
            "skip_level": matter.skip_level,
            "litigation": matter.litigation,
            "leader": matter.leader,
            "letter_date": matter.letter_date,
            "status": matter.status.value,
            "is_repeat": matter.is_repeat,
            "route": matter.route,
            "accepted_at": matter.accepted_at,
            "handling_unit": matter.handling_unit,
            "handling_unit_code": matter.handling_unit_code,
            "unit_due": matter.unit_due,
            "extension_days": matter.extension_days,
            "extension_reason": matter.extension_reason,
            "extension_approver": matter.extension_approver,
            "supervision_count": matter.supervision_count,
            "reply_outcome": matter.reply_outcome.value if matter.reply_outcome else None,
            "reply_text": matter.reply_text,
            "replied_at": matter.replied_at,
            "satisfaction": matter.satisfaction.value if matter.satisfaction else None,
            "reason_code": matter.reason_code,
            "direct_to": matter.direct_to,
            "closed_at": matter.closed_at,
            "review_requested_at": matter.review_requested_at,
            "reviewed_at": matter.reviewed_at,
            "recheck_requested_at": matter.recheck_requested_at,
            "rechecked_at": matter.rechecked_at,
            "notified_at": matter.notified_at,
            "clock_kind": clock[0] if clock else None,
            "clock_start": clock[1] if clock else None,
            "clock_due": clock[2] if clock else None,
            **dict(zip(LEVEL_COLUMNS, level_change_times(clock[1], clock[2]) if clock else (None,) * 4, strict=False)),
            "petitioner_name": petitioner.name if petitioner else "",
            "petitioner_id": petitioner.id_number if petitioner else "",
            "petitioner_phone": petitioner.phone if petitioner else "",
            "party_names": " ".join(p.person.name for p in matter.parties),
            "updated_at": now,
        }

    def clocked_matters(self) -> list[tuple[int, tuple[str, date, date] | None]]:
        """Every matter with a running clock stored, and that clock (kind, start, due)."""
        self.store.bind_models()
        rows = m.Matter.select(m.Matter.id, m.Matter.clock_kind, m.Matter.clock_start, m.Matter.clock_due).where(
            m.Matter.clock_kind.is_null(False)
        )
        found: list[tuple[int, tuple[str, date, date] | None]] = []
        for r in rows:
            start, due = as_date(r.clock_start), as_date(r.clock_due)
            found.append((r.id, (str(r.clock_kind), start, due) if start is not None and due is not None else None))
        return found

    def set_clock(self, matter_id: int, clock: tuple[str, date, date] | None) -> None:
        """Store a matter's current clock (and the times its warning level changes), nothing else."""
        self.store.bind_models()
        columns = {
            "clock_kind": clock[0] if clock else None,
            "clock_start": clock[1] if clock else None,
            "clock_due": clock[2] if clock else None,
            **dict(zip(LEVEL_COLUMNS, level_change_times(clock[1], clock[2]) if clock else (None,) * 4, strict=False)),
        }
        m.Matter.update({getattr(m.Matter, k): v for k, v in columns.items()}).where(m.Matter.id == matter_id).execute()

    def update_matter(self, matter: Matter, event: Event, clock: tuple[str, date, date] | None, now: datetime) -> None:
        """Save the state an event produced, and the event itself."""
        assert matter.id is not None
        columns = self._matter_columns(matter, clock, now)
        m.Matter.update({getattr(m.Matter, k): v for k, v in columns.items()}).where(m.Matter.id == matter.id).execute()
        self.insert_event(matter.id, event)

    def insert_event(self, matter_id: int, event: Event) -> int:
        row: Any = m.Event.create(
            matter=matter_id,
            kind=event.kind,
            at=event.at,
            actor=event.actor,
            payload=json.dumps(event.payload, ensure_ascii=False, sort_keys=True),
        )
        event.id = row.id
        return row.id

    def index_matter(self, matter_id: int, matter: Matter) -> None:
        text = s.matter_tokens(
            matter.summary,
            [p.person.name for p in matter.parties],
            matter.location,
            confidential=matter.is_complaint,
            id_numbers=[p.person.id_number for p in matter.parties if p.person.id_number],
            phones=[p.person.phone for p in matter.parties if p.person.phone],
        )
        if self.store.is_sqlite:
            # Contentless table: a row is written once, when the matter is registered (its text never changes).
            self.store.execute("INSERT INTO matter_fts (rowid, tokens) VALUES (?, ?)", (matter_id, text))
        else:
            self.store.execute(
                "INSERT INTO matter_fts (matter_id, tokens) VALUES (%s, string_to_array(%s, ' ')) "
                "ON CONFLICT (matter_id) DO UPDATE SET tokens = EXCLUDED.tokens",
                (matter_id, text),
            )

    # -- matters: read -----------------------------------------------------------------------------------------

    def matter_id(self, number: str) -> int | None:
        row = self.store.execute(f"SELECT id FROM matter WHERE number = {self.ph}", (number,)).fetchone()
        return row[0] if row else None

    def load_matter(self, matter_id: int, *, with_events: bool = True) -> Matter:
        from reception.domain.matter import Matter, Party, Source

        self.store.bind_models()
        row = m.Matter.get_by_id(matter_id)
        parties = []
        query = (
            m.MatterParty.select(m.MatterParty, m.Person)
            .join(m.Person)
            .where(m.MatterParty.matter == matter_id)
            .order_by(m.MatterParty.position)
        )
        for mp in query:
            parties.append(Party(person=self._person_from_row(mp.person), role=PartyRole(mp.role)))
        matter = Matter(
            id=row.id,
            uuid=row.uuid,
            number=row.number,
            station=row.station,
            channel=Channel(row.channel),
            received_at=as_datetime(row.received_at),  # type: ignore[arg-type]
            parties=parties,
            summary=row.summary,
            clerk=row.clerk,
            purpose=Purpose(row.purpose),
            category=Category(row.category),
            source=Source(
                SourceKind(row.source_kind), row.source_agency, row.source_document_number, as_date(row.source_due)
            ),
            headcount=row.headcount,
            collective=bool(row.collective),
            content_category=row.content_category,
            location=row.location,
            demands=row.demands,
            accused=row.accused,
            window=row.window,
            skip_level=bool(row.skip_level),
            litigation=bool(row.litigation),
            leader=row.leader,
            letter_date=as_date(row.letter_date),
            status=Status(row.status),
            is_repeat=bool(row.is_repeat),
            route=row.route,
            accepted_at=as_datetime(row.accepted_at),
            handling_unit=row.handling_unit,
            handling_unit_code=row.handling_unit_code,
            unit_due=as_date(row.unit_due),
            extension_days=row.extension_days,
            extension_reason=row.extension_reason,
            extension_approver=row.extension_approver,
            supervision_count=row.supervision_count,
            reply_outcome=Outcome(row.reply_outcome) if row.reply_outcome else None,
            reply_text=row.reply_text,
            replied_at=as_datetime(row.replied_at),
            satisfaction=Satisfaction(row.satisfaction) if row.satisfaction else None,
            reason_code=row.reason_code,
            direct_to=row.direct_to,
            closed_at=as_datetime(row.closed_at),
            review_requested_at=as_datetime(row.review_requested_at),
            reviewed_at=as_datetime(row.reviewed_at),
            recheck_requested_at=as_datetime(row.recheck_requested_at),
            rechecked_at=as_datetime(row.rechecked_at),
            notified_at=as_datetime(row.notified_at),
        )
        matter.repeat_of = [
            r.number
            for r in m.Matter.select(m.Matter.number)
            .join(m.MatterLink, on=(m.MatterLink.earlier == m.Matter.id))
            .where(m.MatterLink.matter == matter_id)
            .order_by(m.Matter.id)
        ]
        if with_events:
            matter.events = self.events(matter_id)
        return matter

    def events(self, matter_id: int) -> list[Event]:
        from reception.domain.matter import Event

        self.store.bind_models()
        return [
            Event(id=e.id, kind=e.kind, at=as_datetime(e.at), actor=e.actor, payload=json.loads(e.payload))  # type: ignore[arg-type]
            for e in m.Event.select().where(m.Event.matter == matter_id).order_by(m.Event.at, m.Event.id)
        ]

    def confidential_clerks(self, numbers: Sequence[str]) -> dict[str, str]:
        """Of these matter numbers, the confidential ones (检举控告), each with its first receiver."""
        if not numbers:
            return {}
        marks = ", ".join(self.ph for _ in numbers)
        rows = self.store.execute(
            f"SELECT m.number, m.clerk FROM matter m WHERE m.number IN ({marks}) AND {s.confidential_sql('m')}",
            tuple(numbers),
        ).fetchall()
        return {r[0]: r[1] for r in rows}

    def summary_and_location(self, matter_id: int) -> tuple[str, str]:
        row = self.store.execute(f"SELECT summary, location FROM matter WHERE id = {self.ph}", (matter_id,)).fetchone()
        return (row[0], row[1]) if row else ("", "")

    def latest_number(self) -> str | None:
        """The number of the matter registered last (None on an empty ledger)."""
        row = self.store.execute("SELECT number FROM matter ORDER BY id DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def load_by_number(self, number: str) -> Matter | None:
        matter_id = self.matter_id(number)
        return self.load_matter(matter_id) if matter_id is not None else None

    # -- search ------------------------------------------------------------------------------------------------

    def search_ids(self, query: str, limit: int = 50, *, complainants: bool = False) -> list[int]:
        """Matter ids for the one search box, newest first (see :mod:`reception.storage.search`).

        ``complainants``: whether a confidential matter may be found by its complainant's name, ID or phone
        (:func:`reception.domain.confidentiality.may_match_complainant`); without it only by its number or facts.
        """
        from reception.domain.identity import normalize_id, normalize_phone

        text = query.replace("\x00", "").strip()  # PostgreSQL refuses NUL in a string; nothing stores one
        if not text:
            return []
        ph = self.ph
        ids: dict[int, None] = {}

        def add(rows: Iterable[Sequence[Any]]) -> None:
            for r in rows:
                ids.setdefault(r[0], None)

        # Below supervisor, a person's number never leads to a confidential matter (条例 art 30).
        hidden = "" if complainants else " JOIN matter m ON m.id = mp.matter_id"
        unless = "" if complainants else f" AND NOT {s.confidential_sql('m')}"
        compact = normalize_id(text)
        digits = normalize_phone(text)
        if (compact and all(c.isdigit() or c == "X" for c in compact)) or (digits and digits.isdigit()):
            if len(compact) in (15, 18):
                full = compact
                if len(compact) == 15 and compact.isdigit():
                    # An old 15-digit number is stored as its 18-digit form (parse_id converts on registration).
                    from reception.domain.identity import check_digit

                    full = compact[:6] + "19" + compact[6:]
                    full += check_digit(full)
                add(
                    self.store.execute(
                        f"SELECT mp.matter_id FROM person p JOIN matter_party mp ON mp.person_id = p.id{hidden} "
                        f"WHERE p.id_number = {ph}{unless} ORDER BY mp.matter_id DESC LIMIT {int(limit)}",
                        (full,),
                    )
                )
            if digits.isdigit() and len(digits) >= 7:
                add(
                    self.store.execute(
                        f"SELECT mp.matter_id FROM person p JOIN matter_party mp ON mp.person_id = p.id{hidden} "
                        f"WHERE p.phone = {ph}{unless} ORDER BY mp.matter_id DESC LIMIT {int(limit)}",
                        (digits,),
                    )
                )
            if 4 <= len(compact) < 18:
                tail = compact[::-1]
                for column in ("id_rev", "phone_rev"):
                    add(
                        self.store.execute(
                            f"SELECT mp.matter_id FROM person p JOIN matter_party mp ON mp.person_id = p.id{hidden} "
                            f"WHERE p.{column} >= {ph} AND p.{column} < {ph}{unless} "
                            f"ORDER BY mp.matter_id DESC LIMIT {int(limit)}",
                            (tail, tail + "\uffff"),
                        )
                    )
        if any(c.isdigit() for c in text):
            number = s.normalize_text(text).upper()  # full-width digits and dashes as typed with a Chinese IME
            add(
                self.store.execute(
                    f"SELECT id FROM matter WHERE number >= {ph} AND number < {ph} "
                    f"ORDER BY number DESC LIMIT {int(limit)}",
                    (number, number + "\uffff"),
                )
            )
        for matter_id in self._text_search(text, limit, complainants=complainants):
            ids.setdefault(matter_id, None)
        # Each kind of match gave its newest ``limit``; merged, the newest ``limit`` of all of them.
        return sorted(ids, reverse=True)[:limit]

    def _text_search(self, query: str, limit: int, *, complainants: bool = False) -> list[int]:
        terms = s.verify_terms(query)
        if not terms:
            return []
        needs_verify = any(len(t) > 2 for t in terms)
        if self.store.is_sqlite:
            expr = s.match_expression(query, complainants=complainants)
            if expr is None:
                return []
            if not needs_verify:
                rows = self.store.execute(
                    f"SELECT rowid FROM matter_fts WHERE matter_fts MATCH ? ORDER BY rowid DESC LIMIT {int(limit)}",
                    (expr,),
                ).fetchall()
                return [r[0] for r in rows]
            sql = (
                f"SELECT f.rowid, m.summary, m.party_names, m.location, {s.confidential_sql('m')}, m.petitioner_id, "
                "m.petitioner_phone FROM matter_fts f "
                "JOIN matter m ON m.id = f.rowid WHERE matter_fts MATCH ? ORDER BY f.rowid DESC LIMIT ? OFFSET ?"
            )
            args: tuple[Any, ...] = (expr,)
        else:
            wanted = s.query_tokens(query)
            if not wanted:
                return []
            marked = s.query_tokens(query, private=True) if complainants else None
            if not needs_verify:
                if marked is None:
                    rows = self.store.execute(
                        f"SELECT matter_id FROM matter_fts WHERE tokens @> %s::text[] "
                        f"ORDER BY matter_id DESC LIMIT {int(limit)}",
                        (wanted,),
                    ).fetchall()
                else:
                    rows = self.store.execute(
                        f"SELECT matter_id FROM matter_fts WHERE tokens @> %s::text[] OR tokens @> %s::text[] "
                        f"ORDER BY matter_id DESC LIMIT {int(limit)}",
                        (wanted, marked),
                    ).fetchall()
                return [r[0] for r in rows]
            return self._verified_pg(wanted, marked, terms, limit, complainants=complainants)
        found: list[int] = []
        offset, batch = 0, max(limit * 4, 200)
        while len(found) < limit:
            rows = self.store.execute(sql, (*args, batch, offset)).fetchall()
            for row_id, summary, names, location, confidential, pid, phone in rows:
                text = s.haystack(
                    summary,
                    names,
                    location,
                    public=bool(confidential) and not complainants,
                    id_number=pid or "",
                    phone=phone or "",
                )
                if all(t in text for t in terms):
                    found.append(row_id)
                    if len(found) >= limit:
                        break
            if len(rows) < batch:
                break
            offset += batch
        return found

    def _verified_pg(
        self, wanted: list[str], marked: list[str] | None, terms: list[str], limit: int, *, complainants: bool
    ) -> list[int]:
        """PostgreSQL, a fragment longer than two characters: every row holding all its bigrams, newest first,
        checked against the text a chunk at a time.

        The candidates' ids come in one query (pages with OFFSET would re-run the GIN scan for every page: 18 s
        for a frequent phrase that no row holds at 100,000 matters); their texts are then read 500 at a time
        until ``limit`` rows really contain every term.
        """
        if marked is None:
            sql, args = "SELECT matter_id FROM matter_fts WHERE tokens @> %s::text[] ORDER BY matter_id DESC", (wanted,)
        else:
            sql = (
                "SELECT matter_id FROM matter_fts WHERE tokens @> %s::text[] OR tokens @> %s::text[] "
                "ORDER BY matter_id DESC"
            )
            args = (wanted, marked)
        ids = [r[0] for r in self.store.execute(sql, args)]
        found: list[int] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            texts = {
                r[0]: r[1:]
                for r in self.store.execute(
                    f"SELECT id, summary, party_names, location, {s.confidential_sql('matter')}, petitioner_id, "
                    "petitioner_phone FROM matter WHERE id = ANY(%s)",
                    (chunk,),
                )
            }
            for row_id in chunk:
                summary, names, location, confidential, pid, phone = texts.get(row_id, ("", "", "", False, "", ""))
                text = s.haystack(
                    summary,
                    names,
                    location,
                    public=bool(confidential) and not complainants,
                    id_number=pid or "",
                    phone=phone or "",
                )
                if all(t in text for t in terms):
                    found.append(row_id)
                    if len(found) >= limit:
                        return found
        return found

    # -- ledger rows -------------------------------------------------------------------------------------------

    def history(self, person_ids: Sequence[int], limit: int = 50) -> list[HistoryRecord]:
        """Earlier matters of these persons (the registration form's side panel), newest first."""
        if not person_ids:
            return []
        marks = ", ".join(self.ph for _ in person_ids)
        rows = self.store.execute(
            f"SELECT DISTINCT m.id, m.number, m.received_at, m.status, m.summary, m.is_repeat, m.clock_kind, "
            f"m.clock_start, m.clock_due, m.satisfaction, m.category, m.clerk, m.purpose FROM matter m "
            f"JOIN matter_party mp ON mp.matter_id = m.id "
            f"WHERE mp.person_id IN ({marks}) ORDER BY m.id DESC LIMIT {int(limit)}",
            tuple(person_ids),
        ).fetchall()
        return [HistoryRecord(*r) for r in rows]

    def count(self, table: str) -> int:
        assert table in {"matter", "person", "event", "matter_party", "document", "audit_entry"}
        return int(self.store.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
