"""``reception stats --json`` keeps its bytes: the figures of a fixed demo ledger against a stored golden file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from reception import cli
from tests.actors import AS_ADMIN, ensure_accounts, password_file

GOLDEN = Path(__file__).parent / "data" / "stats_golden.json"
TODAY = datetime(2026, 11, 28, 12, 0)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory) -> Path:
    from reception.services.demo import generate

    path = tmp_path_factory.mktemp("stats-golden") / "demo.db"
    generate(str(path), 600, seed=11, today=TODAY)
    ensure_accounts(path)
    return path


def _stats_json(ledger: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    opened = cli._open

    def at_fixed_time(*args, **kwargs):
        services = opened(*args, **kwargs)
        services.ledger.clock = lambda: TODAY
        return services

    monkeypatch.setattr(cli, "_open", at_fixed_time)
    monkeypatch.setenv("RECEPTION_AUTH_FILE", str(password_file(ledger.parent)))
    capsys.readouterr()
    argv = ["--db", str(ledger), *AS_ADMIN, "stats", "--from", "2026-03-01", "--to", "2026-10-31", "--json"]
    assert cli.main(argv) == 0
    return capsys.readouterr().out


def test_stats_json_is_byte_identical_to_the_golden_file(ledger, monkeypatch, capsys) -> None:
    out = _stats_json(ledger, monkeypatch, capsys)
    assert '"from": "2026-03-01"' in out and '"by_handling_unit"' in out
    assert out == GOLDEN.read_text(encoding="utf-8")
