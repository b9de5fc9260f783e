"""reportlab is patched by the entries, never by an import: reception.printing.patches."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_CHILD = textwrap.dedent("""
    import json, sys
    from reception.cli import main
    code = main(sys.argv[1:])
    patched = None
    if "reportlab" in sys.modules:
        from reception.printing import patches
        patched = patches.installed()
    print(json.dumps({"code": code, "reportlab": "reportlab" in sys.modules, "patched": patched}))
""")


def _run(tmp_path: Path, *args: str) -> dict:
    """The command in a child process, as the administrator of the test's ledger (conftest) with the accounts of
    tests/actors.py."""
    from tests.actors import AS_ADMIN, password_file, seed_accounts

    seed_accounts(tmp_path / "env-ledger.db")
    env = {
        **os.environ,
        "RECEPTION_DB": str(tmp_path / "env-ledger.db"),
        "RECEPTION_AUTH_FILE": str(password_file(tmp_path)),
    }
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *AS_ADMIN, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_printing_changes_nothing_in_reportlab() -> None:
    code = (
        "import reception.printing, reception.printing.fonts, reception.printing.typeset\n"
        "from reception.printing import patches\n"
        "print(patches.to_unicode_installed() or patches.line_breaking_installed())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.strip() == "False", done.stderr


def test_a_printing_command_runs_with_reportlab_patched(tmp_path: Path) -> None:
    out = _run(tmp_path, "print", "receipt", "2026-01-000001", "-o", str(tmp_path / "r.pdf"))
    assert out["code"] == 2  # no such matter; the patches were installed before the command ran
    assert out["patched"] is True


def test_a_command_that_never_prints_does_not_load_reportlab(tmp_path: Path) -> None:
    out = _run(tmp_path, "search", "王", "--json")
    assert out == {"code": 0, "reportlab": False, "patched": None}


def test_install_is_idempotent() -> None:
    from reception.printing import patches

    assert patches.install() and patches.install()
    assert patches.installed()
