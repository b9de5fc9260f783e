"""Every service hands back typed objects: no public method of a service returns a dict, ``Any`` or a peewee row.

The desk and the command read what a service returns by attribute, so pyright checks every use of a field; a
dict (or an unannotated method, which is ``Any`` to the checker) would let a misspelt key through to run time,
and a peewee row would tie the screen to the schema.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import pkgutil
import types
import typing
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

import peewee
import pytest

import reception.services

_DICTS = (dict, Mapping, MutableMapping, typing.Dict)  # noqa: UP006  (the alias itself is what is looked for)


def _modules() -> Iterator[types.ModuleType]:
    yield reception.services
    for info in pkgutil.walk_packages(reception.services.__path__, "reception.services."):
        yield importlib.import_module(info.name)


def _namespace(module: types.ModuleType) -> dict[str, Any]:
    """The module's globals plus the names it imports only for the checker (``if TYPE_CHECKING:``)."""
    namespace = dict(vars(module))
    source = inspect.getsource(module)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            block = ast.Module(body=node.body, type_ignores=[])
            exec(compile(block, module.__name__, "exec"), namespace)  # imports only
    return namespace


def _service_methods() -> Iterator[tuple[str, Any, dict[str, Any]]]:
    for module in _modules():
        namespace = None
        for name, cls in vars(module).items():
            if not (inspect.isclass(cls) and cls.__module__ == module.__name__):
                continue
            if not (name.endswith("Service") or name == "Services"):
                continue
            namespace = namespace or _namespace(module)
            fields = {f.name for f in dataclasses.fields(cls)} if dataclasses.is_dataclass(cls) else set()
            for attr, raw in vars(cls).items():
                if attr.startswith("_") or attr in fields:
                    continue
                fn = raw.fget if isinstance(raw, property) else getattr(raw, "__func__", raw)
                if inspect.isfunction(fn):
                    yield f"{module.__name__}.{name}.{attr}", fn, namespace


def _untyped_parts(hint: Any) -> Iterator[str]:
    """What in a resolved return annotation is a dict, ``Any`` or a peewee model (recursively)."""
    if hint is Any:
        yield "Any"
        return
    origin = typing.get_origin(hint)
    if hint in _DICTS or origin in _DICTS:
        yield "dict"
    if inspect.isclass(hint) and issubclass(hint, peewee.Model):
        yield f"peewee model {hint.__name__}"
    for arg in typing.get_args(hint):
        if arg is not Ellipsis:
            yield from _untyped_parts(arg)


METHODS = sorted(_service_methods(), key=lambda m: m[0])


def test_every_service_is_inspected() -> None:
    owners = {name.rsplit(".", 1)[0].rsplit(".", 1)[1] for name, _fn, _ns in METHODS}
    assert {"LedgerService", "DocumentService", "StatisticsService", "SupervisionService", "BackupService"} <= owners
    assert len(METHODS) > 60


@pytest.mark.parametrize(("name", "fn", "namespace"), METHODS, ids=[m[0].split(".", 2)[2] for m in METHODS])
def test_service_method_returns_a_typed_object(name: str, fn: Any, namespace: dict[str, Any]) -> None:
    assert "return" in fn.__annotations__, f"{name} has no return annotation"
    hint = typing.get_type_hints(fn, globalns=namespace)["return"]
    assert list(_untyped_parts(hint)) == [], f"{name} returns {fn.__annotations__['return']}"


def test_the_settings_read_model_has_every_setting() -> None:
    from reception.domain.views import DeskSettings
    from reception.services.ledger import DEFAULT_SETTINGS, SETTING_RULES

    names = {f.name for f in dataclasses.fields(DeskSettings)}
    assert set(SETTING_RULES) | set(DEFAULT_SETTINGS) | {"last_backup_at"} == names
