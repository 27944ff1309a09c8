"""The Store is the one door to the data: every store mixin is part of it, none is built apart."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import qa
import qa.storage
from qa.storage.base import StoreBase
from qa.storage.store import Store

BUILT_APART = re.compile(r"\b[A-Z]\w*\([\w.]*\.engine\)")  # e.g. AgentReplayStore(store.engine)


def test_every_store_mixin_is_part_of_the_store() -> None:
    for found in pkgutil.walk_packages(qa.storage.__path__, "qa.storage."):
        if "migrations" not in found.name:
            importlib.import_module(found.name)
    mixins = {cls for cls in _subclasses(StoreBase) if cls.__module__.startswith("qa.storage")}
    assert mixins - {Store} <= set(Store.__mro__), "add the mixin to qa/storage/store.py"


def test_no_code_builds_a_store_of_its_own_from_an_engine() -> None:
    root = Path(qa.__file__).parent
    built = [
        f"{path.relative_to(root)}: {match.group()}"
        for path in root.rglob("*.py")
        for match in BUILT_APART.finditer(path.read_text(encoding="utf-8"))
    ]
    assert built == []


def _subclasses(cls: type) -> set[type]:
    direct = set(cls.__subclasses__())
    return direct.union(*(_subclasses(sub) for sub in direct))
