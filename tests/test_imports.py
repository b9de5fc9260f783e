"""Every module of the package imports in the test environment.

What the desk imports must be what ``pyproject.toml`` installs: a module that needs a package nobody declared (the
statistics page once needed QtCharts from an undeclared PySide6-Addons) fails here, not at a clerk's F5.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import reception

MODULES = sorted(m.name for m in pkgutil.walk_packages(reception.__path__, "reception."))


def test_the_package_has_its_layers() -> None:
    for layer in ("domain", "storage", "printing", "services", "ui"):
        assert any(name.startswith(f"reception.{layer}.") for name in MODULES), layer


@pytest.mark.parametrize("name", MODULES)
def test_module_imports(name: str) -> None:
    importlib.import_module(name)
