"""Peewee models: the ledger's tables.

Models are bound to a database per thread by :meth:`reception.storage.db.Store.bind_models`; nothing here opens a
connection.  The
UI never sees these rows: :mod:`reception.storage.repo` turns them into domain objects.
"""

from __future__ import annotations

import peewee as pw
from playhouse.shortcuts import ThreadSafeDatabaseMetadata  # pyright: ignore[reportMissingImports]  (peewee-stubs has no playhouse)


class BaseModel(pw.Model):
    class Meta:
        legacy_table_names = False
        # The database a model queries is bound per thread (Store.bind_models): a ledger opened on a worker
        # thread (restore, verify, the export of a server ledger) never moves what the GUI thread's models query.
        model_metadata_class = ThreadSafeDatabaseMetadata


class Setting(BaseModel):
    key = pw.CharField(primary_key=True, max_length=100)
    value = pw.TextField()


class Counter(BaseModel):
    """Per-kind, per-year sequences (matter numbers, document numbers), incremented in place, never reused."""

    name = pw.CharField(max_length=50)
    year = pw.IntegerField()
    value = pw.IntegerField(default=0)

    class Meta:  # pyright: ignore[reportIncompatibleVariableOverride]  (peewee reads each model's own options)
        primary_key = pw.CompositeKey("name", "year")


class Person(BaseModel):
    id = pw.AutoField()
    name = pw.CharField(max_length=50, index=True)
    doc_type = pw.CharField(max_length=20, default="resident_id")
    id_number = pw.CharField(max_length=40, null=True, unique=True)
    # Reversed ID and phone, so "last digits" searches are index range scans.
    id_rev = pw.CharField(max_length=40, null=True, index=True)
    phone = pw.CharField(max_length=30, default="")
    phone_rev = pw.CharField(max_length=30, null=True, index=True)
    address = pw.CharField(max_length=200, default="")
    sex = pw.CharField(max_length=10, null=True)
    birth_date = pw.DateField(null=True)
    region = pw.CharField(max_length=100, null=True)
    ethnicity = pw.CharField(max_length=20, default="")
    hukou = pw.CharField(max_length=200, default="")
    occupation = pw.CharField(max_length=20, default="")
    employer = pw.CharField(max_length=200, default="")
    created_at = pw.DateTimeField()
    updated_at = pw.DateTimeField()


class Agency(BaseModel):
    """The directory the desk refers and assigns to: police units, 12345, 12337, courts, departments."""

    id = pw.AutoField()
    code = pw.CharField(max_length=40, unique=True)
    name = pw.CharField(max_length=200, unique=True)
    kind = pw.CharField(max_length=30, default="department")
    address = pw.CharField(max_length=200, default="")
    phone = pw.CharField(max_length=50, default="")
    active = pw.BooleanField(default=True)


class Matter(BaseModel):
    id = pw.AutoField()
    uuid = pw.CharField(max_length=36, unique=True)
    number = pw.CharField(max_length=40, unique=True)
    station = pw.CharField(max_length=20)
    received_at = pw.DateTimeField(index=True)
    channel = pw.CharField(max_length=10, index=True)
    source_kind = pw.CharField(max_length=10, default="own")
    source_agency = pw.CharField(max_length=200, default="")
    source_document_number = pw.CharField(max_length=100, default="")
    source_due = pw.DateField(null=True)
    headcount = pw.IntegerField(default=1, index=True)
    collective = pw.BooleanField(default=False)
    purpose = pw.CharField(max_length=20)
    category = pw.CharField(max_length=20)
    content_category = pw.CharField(max_length=200, default="")
    location = pw.CharField(max_length=200, default="")
    summary = pw.TextField()
    demands = pw.TextField(default="")
    accused = pw.CharField(max_length=200, default="")
    clerk = pw.CharField(max_length=50, default="", index=True)
    window = pw.CharField(max_length=20, default="")
    skip_level = pw.BooleanField(default=False)
    litigation = pw.BooleanField(default=False)
    leader = pw.CharField(max_length=50, default="")
    letter_date = pw.DateField(null=True)
    status = pw.CharField(max_length=20, index=True)
    is_repeat = pw.BooleanField(default=False)
    route = pw.IntegerField(null=True)
    accepted_at = pw.DateTimeField(null=True)
    handling_unit = pw.CharField(max_length=200, default="", index=True)
    handling_unit_code = pw.CharField(max_length=40, default="")
    unit_due = pw.DateField(null=True)
    extension_days = pw.IntegerField(default=0)
    extension_reason = pw.TextField(default="")
    extension_approver = pw.CharField(max_length=50, default="")
    supervision_count = pw.IntegerField(default=0)
    reply_outcome = pw.CharField(max_length=10, null=True)
    reply_text = pw.TextField(default="")
    replied_at = pw.DateTimeField(null=True)
    satisfaction = pw.CharField(max_length=15, null=True)
    reason_code = pw.IntegerField(null=True)
    direct_to = pw.CharField(max_length=200, default="")
    closed_at = pw.DateTimeField(null=True)
    review_requested_at = pw.DateTimeField(null=True)
    reviewed_at = pw.DateTimeField(null=True)
    recheck_requested_at = pw.DateTimeField(null=True)
    rechecked_at = pw.DateTimeField(null=True)
    notified_at = pw.DateTimeField(null=True)
    # The desk's running clock that falls due first (kind, start, due): the ledger sorts, filters and colours on
    # it without replaying events.  Null when nothing runs.
    clock_kind = pw.CharField(max_length=20, null=True)
    clock_start = pw.DateField(null=True)
    clock_due = pw.DateField(null=True, index=True)
    # When that clock enters each warning level (clocks.level_change_times): level filters are range scans.
    level_warn_at = pw.DateTimeField(null=True, index=True)
    level_alert_at = pw.DateTimeField(null=True, index=True)
    level_severe_at = pw.DateTimeField(null=True, index=True)
    level_overdue_at = pw.DateTimeField(null=True, index=True)
    # Denormalised for the ledger row and search verification.
    petitioner_name = pw.CharField(max_length=50, default="", index=True)
    petitioner_id = pw.CharField(max_length=40, default="")
    petitioner_phone = pw.CharField(max_length=30, default="")
    party_names = pw.TextField(default="")
    updated_at = pw.DateTimeField()


# The statistics read only this index (a covering index): a month of a million-matter ledger is ~30,000 short
# index entries instead of ~30,000 full rows with their summaries, which keeps a month with 同比/环比 under 200 ms
# (reception/storage/stats.py).  received_at leads, so every period is one range; the rest are what is counted.
Matter.add_index(
    Matter.index(
        Matter.received_at,
        Matter.channel,
        Matter.purpose,
        Matter.category,
        Matter.status,
        Matter.headcount,
        Matter.collective,
        Matter.is_repeat,
        Matter.skip_level,
        Matter.leader,
        Matter.satisfaction,
        Matter.route,
        Matter.extension_days,
        Matter.accepted_at,
        Matter.notified_at,
        Matter.replied_at,
        Matter.clerk,
        Matter.handling_unit,
        Matter.content_category,
        Matter.location,
        name="matter_stats",
    )
)


class MatterParty(BaseModel):
    id = pw.AutoField()
    matter = pw.ForeignKeyField(Matter, backref="parties", on_delete="CASCADE")
    person = pw.ForeignKeyField(Person, backref="matters", index=True)
    role = pw.CharField(max_length=20)
    position = pw.IntegerField(default=0)


class MatterLink(BaseModel):
    """重件: a later matter joined to the same person's earlier one (never a flag on the person)."""

    id = pw.AutoField()
    matter = pw.ForeignKeyField(Matter, backref="links", on_delete="CASCADE")
    earlier = pw.ForeignKeyField(Matter, backref="linked_from", on_delete="CASCADE")

    class Meta:  # pyright: ignore[reportIncompatibleVariableOverride]  (peewee reads each model's own options)
        indexes = ((("matter", "earlier"), True),)


class Event(BaseModel):
    id = pw.AutoField()
    matter = pw.ForeignKeyField(Matter, backref="events", on_delete="CASCADE", index=True)
    kind = pw.CharField(max_length=30)
    at = pw.DateTimeField()
    actor = pw.CharField(max_length=50)
    payload = pw.TextField(default="{}")


class Backup(BaseModel):
    id = pw.AutoField()
    at = pw.DateTimeField()
    actor = pw.CharField(max_length=50)
    path = pw.TextField()
    sha256 = pw.CharField(max_length=64)
    size = pw.BigIntegerField()
    matters = pw.IntegerField()
    anchor = pw.CharField(
        max_length=100, default="", constraints=[pw.SQL("DEFAULT ''")]
    )  # the audit chain's head written into the archive


class Document(BaseModel):
    """Every printed document: its number (per kind, per year, never reused), digest and reprints (补打)."""

    id = pw.AutoField()
    matter = pw.ForeignKeyField(Matter, backref="documents", on_delete="CASCADE", index=True)
    kind = pw.CharField(max_length=30)
    number = pw.CharField(max_length=80, default="")
    year = pw.IntegerField()
    seq = pw.IntegerField(null=True)
    copy = pw.CharField(max_length=10, default="visitor")
    printed_at = pw.DateTimeField()
    actor = pw.CharField(max_length=50)
    sha256 = pw.CharField(max_length=64)
    reprints = pw.IntegerField(default=0)
    last_reprint_at = pw.DateTimeField(null=True)
    last_reprint_by = pw.CharField(max_length=50, default="")
    params = pw.TextField(default="{}")

    class Meta:  # pyright: ignore[reportIncompatibleVariableOverride]  (peewee reads each model's own options)
        indexes = ((("matter", "kind"), False),)


class Clerk(BaseModel):
    """A desk account.  Passwords are stored only as scrypt hashes; a locked account waits until ``locked_until``."""

    id = pw.AutoField()
    username = pw.CharField(max_length=50, unique=True)
    display_name = pw.CharField(max_length=50)
    role = pw.CharField(max_length=20)
    password_hash = pw.CharField(max_length=300)
    active = pw.BooleanField(default=True)
    failed_logins = pw.IntegerField(default=0)
    locked_until = pw.DateTimeField(null=True)
    created_at = pw.DateTimeField()
    last_login_at = pw.DateTimeField(null=True)


class AuditEntry(BaseModel):
    """Append-only, hash-chained: each entry's hash covers the previous one, so an edited row breaks the chain."""

    id = pw.AutoField()
    at = pw.DateTimeField()
    actor = pw.CharField(max_length=50)
    action = pw.CharField(max_length=40)
    matter_number = pw.CharField(max_length=40, default="", index=True)
    detail = pw.TextField(default="{}")
    prev_hash = pw.CharField(max_length=64)
    hash = pw.CharField(max_length=64)
    # The digests of the ledger rows this entry changed: {"m:12": [before, after], ...} ("" = no row); the
    # entry's MAC covers them (reception.services.audit).
    rows = pw.TextField(default="", constraints=[pw.SQL("DEFAULT ''")])


class LeaderDay(BaseModel):
    """领导接访日: a leader's published reception day (who, when, where)."""

    id = pw.AutoField()
    leader = pw.CharField(max_length=50)
    title = pw.CharField(max_length=50, default="")  # 职务, e.g. 副局长
    day = pw.DateField(index=True)
    time_range = pw.CharField(max_length=30, default="")  # "09:00-11:30"
    place = pw.CharField(max_length=200, default="")
    note = pw.TextField(default="")
    created_at = pw.DateTimeField()
    created_by = pw.CharField(max_length=50, default="")


class LeaderAction(BaseModel):
    """A leader's part in a matter (领导接访 receive, 包案 assign, 批示 instruction), one row per such event.

    The event stays the record; this row lets the statistics count leader receptions per period without scanning
    every event of the ledger (events have no index on their kind).
    """

    id = pw.AutoField()
    matter = pw.ForeignKeyField(Matter, backref="leader_actions", on_delete="CASCADE", index=True)
    event = pw.ForeignKeyField(Event, on_delete="CASCADE")
    kind = pw.CharField(max_length=20)  # receive | assign | instruction
    leader = pw.CharField(max_length=50)
    at = pw.DateTimeField()
    day = pw.ForeignKeyField(LeaderDay, backref="actions", null=True, on_delete="SET NULL", index=True)
    day_id: int | None  # the column behind ``day``, which peewee adds (declared here for type checkers only)
    text = pw.TextField(default="")


MODELS: list[type[BaseModel]] = [
    Setting,
    Counter,
    Person,
    Agency,
    Matter,
    MatterParty,
    MatterLink,
    Event,
    Backup,
    Document,
    Clerk,
    AuditEntry,
    LeaderDay,
    LeaderAction,
]
