"""A quicker ``__init__`` for the frozen dataclasses made by the hundred thousand.

A frozen dataclass's generated ``__init__`` sets each field through
``object.__setattr__`` (the class refuses its own ``__setattr__``): a global
look-up, an attribute look-up and a call per field. The extractor makes hundreds of
thousands of its readings (tolls, counts, roles, candidates) on the bench's 2,000
distinct texts, and of the model's classes some 31,500 ``Casualties``, 29,000
``Why``, 7,400 ``Incident`` and ``Place``: their setters took 1.5 to 4 µs an
object where these take 0.5 to 2 (``timeit``). ``quick_init`` writes the fields
straight in: into the instance's ``__dict__``, or, for a field held in a slot (of
the class or a base), through that slot's own descriptor (``Class.field.__set__``,
which the frozen ``__setattr__`` never sees).
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from types import MemberDescriptorType
from typing import Any, TypeVar

C = TypeVar("C", bound=type)


_DICT = "_quick_init_dict"
"""The local name of the instance's ``__dict__`` in the ``__init__`` made (no field
may have it)."""


def _slot(cls: type, name: str) -> MemberDescriptorType | None:
    """The slot that holds field ``name`` of ``cls`` (declared by ``cls`` or a base),
    or None when the field lives in the instance's ``__dict__``: a class without slots
    may inherit fields from one with slots, and the reverse."""
    for klass in cls.__mro__:
        if name in vars(klass):
            found = vars(klass)[name]
            return found if isinstance(found, MemberDescriptorType) else None
    return None


def quick_init(cls: C) -> C:
    """Give the frozen dataclass ``cls`` an ``__init__`` that sets its fields without
    ``object.__setattr__``. The fields, their order, defaults and default factories
    are the dataclass's; the class must compute nothing at init (no
    ``__post_init__``, every field an init argument), so what it makes is the same."""
    assert not hasattr(cls, "__post_init__"), f"{cls.__name__} computes at init"
    assert all(f.init for f in fields(cls)), f"{cls.__name__} has a field set outside init"
    # Keyword-only fields would turn positional here; say so rather than differ.
    assert not any(f.kw_only for f in fields(cls)), f"{cls.__name__} has keyword-only fields"
    names = [f.name for f in fields(cls)]
    assert not {_DICT, "MISSING"} & set(names), f"{cls.__name__} has a reserved field name"
    scope: dict[str, Any] = {"MISSING": MISSING}
    params, lines = [], []
    for f in fields(cls):
        if f.default is not MISSING:
            scope[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not MISSING:
            scope[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=MISSING")
            lines.append(f" if {f.name} is MISSING: {f.name} = _factory_{f.name}()")
        else:
            params.append(f.name)
    in_dict = []
    for name in names:
        slot = _slot(cls, name)
        if slot is None:
            in_dict.append(name)
        else:
            scope[f"_set_{name}"] = slot.__set__
            lines.append(f" _set_{name}(self, {name})")
    if in_dict:
        lines.append(f" {_DICT} = self.__dict__")
        lines += [f" {_DICT}[{name!r}] = {name}" for name in in_dict]
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(lines or [" pass"])
    exec(source, scope)  # noqa: S102 - our own field names, as dataclasses does
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    setattr(cls, "__init__", init)  # noqa: B010 - mypy refuses the assignment
    return cls
