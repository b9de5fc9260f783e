"""``LedgerService.show`` is a typed read model; ``show --json`` prints the same document as before it was typed.

The golden file was written from the dict ``show`` returned before the read model: a matter with parties,
several events (one of them a print), running and stopped clocks, on a fixed clock so every date is the same.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from reception.domain.matter_view import MatterView
from tests.actors import admin

GOLDEN = Path(__file__).parent / "data" / "show_golden.json"
NOW = datetime(2026, 3, 9, 10, 0)


def _shown_json(services: Any, sample_registration: Any, tmp_path: Path) -> dict[str, Any]:
    services.ledger.clock = lambda: NOW
    data = sample_registration(
        received_at="2026-03-02T09:30:00", name="王五", id_number="11010519491231002X", phone="13899990000"
    )
    n = services.ledger.register(data, actor=admin("李四")).number
    services.ledger.act(n, "accept", {"route": 2}, actor=admin("王科长"), at=datetime(2026, 3, 3, 9, 0))
    services.ledger.act(
        n,
        "assign",
        {"to": "××市公安局法制支队", "due": "2026-03-20"},
        actor=admin("王科长"),
        at=datetime(2026, 3, 4, 9, 0),
    )
    services.ledger.act(n, "supervise", {"note": "请尽快办理"}, actor=admin("王科长"), at=datetime(2026, 3, 5, 9, 0))
    services.documents.print_document(n, "receipt", str(tmp_path / "r.pdf"), actor=admin("李四"))
    shown = services.ledger.show(n)
    assert isinstance(shown, MatterView)
    raw = dataclasses.asdict(shown)
    doc = json.loads(json.dumps(raw, ensure_ascii=False, default=str))
    doc["uuid"] = "<uuid>"
    for event in doc["events"]:
        if event["kind"] == "print":
            event["at"] = "<printed at>"
    return doc


def test_show_json_is_unchanged(services, sample_registration, tmp_path) -> None:
    doc = _shown_json(services, sample_registration, tmp_path)
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert list(doc) == list(golden)  # the same keys in the same order
    for key in golden:
        assert doc[key] == golden[key], key
    for got, want in zip(
        doc["parties"] + doc["clocks"] + doc["events"],
        golden["parties"] + golden["clocks"] + golden["events"],
        strict=True,
    ):
        assert list(got) == list(want)
