"""``CodedArticle`` <-> JSON-able dict, losslessly.

Used by the extraction cache (``generator.cache.run``): what is written to disk
must come back equal (``==``) to what the extractor returned, or a warm build
would not be byte-identical to a cold one.

The codec is driven by the dataclass fields and their type hints in
``generator.model`` rather than by a hand-written list of fields, so a field
added to the model is carried without touching this file, and a cache entry
written before the field existed fails to decode (a cache miss) instead of
silently coming back without it. :data:`MODEL_FINGERPRINT` changes whenever
the model's fields or types do; the cache puts it in every key.

Encoding rules: dataclasses become dicts of their fields; ``date`` becomes an
ISO string (``"2020-07-31"``); tuples become lists; ``None``, ``str``,
``int``, ``float`` and ``bool`` are JSON's own. Decoding is strict: an unknown
key, a missing required key or a value of the wrong type raises
:class:`CodecError`, so a damaged cache file can never produce a plausible but
wrong article.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import types
import typing
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, Literal, TypeVar, Union, cast

from generator.model import CodedArticle

__all__ = [
    "MODEL_FINGERPRINT",
    "CodecError",
    "coded_from_dict",
    "coded_to_dict",
    "field_decoder",
    "field_hints",
    "from_json",
    "to_json",
]

T = TypeVar("T")


class CodecError(ValueError):
    """A dict that does not describe a valid ``CodedArticle`` (e.g. a damaged cache file)."""


def _encode(value: Any) -> Any:
    kind: Any = type(value)
    if kind is str or kind is int or value is None:  # most values: no further checks
        return value
    names = _field_names(kind)
    if names is not None:
        return {name: _encode(getattr(value, name)) for name in names}
    if isinstance(value, dt.datetime):  # a datetime is a date too: refuse to lose its time
        raise CodecError(f"datetime is not part of the model: {value!r}")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, str | int | float):
        return value
    raise CodecError(f"cannot encode {type(value).__name__}: {value!r}")


@cache
def _field_names(kind: Any) -> tuple[str, ...] | None:
    """The field names of a dataclass, None for any other type, looked up once per
    type: asking ``dataclasses.fields`` for every value made encoding 2,000 extracted
    articles for the cache cost 0.6 CPU s (0.3 s this way)."""
    if dataclasses.is_dataclass(kind):
        return tuple(f.name for f in dataclasses.fields(kind))
    return None


@cache
def _hints(cls: Any) -> dict[str, Any]:
    """Resolved type hints of a model dataclass (the model uses string annotations)."""
    return typing.get_type_hints(cls)


Decoder = Callable[[Any], Any]
"""Decodes one JSON value; raises :class:`CodecError` whose ``path`` says where."""


class _Missing:
    pass


_MISSING = _Missing()


def _fail(message: str) -> CodecError:
    return CodecError(message)


def _located(exc: CodecError, step: str) -> CodecError:
    """``exc`` with ``step`` (a field name or ``[i]``) put in front of its path: the
    path is made as the error goes up, never for a value that decodes (formatting a
    path for every field of every value was a third of loading 5,000 cache entries)."""
    path = [step, *getattr(exc, "path", ())]
    located = CodecError(str(exc.args[0]) if exc.args else "")
    located.path = path  # type: ignore[attr-defined]
    return located


def _message(exc: CodecError, root: str) -> CodecError:
    """The error as it is raised to a caller: ``root.field[i].field: what``."""
    where = root + "".join(s if s.startswith("[") else f".{s}" for s in getattr(exc, "path", ()))
    return CodecError(f"{where}: {exc.args[0] if exc.args else ''}")


def _decode(tp: Any, value: Any, where: str) -> Any:
    try:
        return _decoder(tp)(value)
    except CodecError as exc:
        raise _message(exc, where) from None


@cache
def _decoder(tp: Any) -> Decoder:
    """A function decoding a value of type ``tp``, built once per type: looking the
    type up on every value (typing.get_origin, dataclasses.fields) made loading
    5,000 cache entries take 5 s."""
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        options = typing.get_args(tp)
        nullable = type(None) in options
        kinds = [o for o in options if o is not type(None)]
        if len(kinds) == 1:  # ``X | None``, every optional field of the model
            one = _decoder(kinds[0])
            if kinds[0] in _EXACT:
                exact = _EXACT[kinds[0]]

                def optional_scalar(value: Any) -> Any:
                    if value is None or type(value) is exact:
                        return value
                    return one(value)

                return optional_scalar

            def optional(value: Any) -> Any:
                if value is None:
                    return None
                return one(value)

            return optional
        decoders = [_decoder(o) for o in kinds]

        def union(value: Any) -> Any:
            if value is None and nullable:
                return None
            errors = []
            for decode in decoders:
                try:
                    return decode(value)
                except CodecError as exc:
                    errors.append(str(_message(exc, "")))
            raise _fail("; ".join(errors) or "unexpected None")

        return union
    if origin is Literal:
        allowed = typing.get_args(tp)

        def literal(value: Any) -> Any:
            if value not in allowed:
                raise _fail(f"{value!r} is not one of {allowed}")
            return value

        return literal
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            exact_item = _EXACT.get(args[0])

            def variadic(value: Any) -> Any:
                if not isinstance(value, list):
                    raise _fail(f"expected a list, got {type(value).__name__}")
                if exact_item is not None and all(type(v) is exact_item for v in value):
                    return tuple(value)
                out = []
                for i, v in enumerate(value):
                    try:
                        out.append(item(v))
                    except CodecError as exc:
                        raise _located(exc, f"[{i}]") from None
                return tuple(out)

            return variadic
        items = [_decoder(a) for a in args]

        def fixed(value: Any) -> Any:
            if not isinstance(value, list):
                raise _fail(f"expected a list, got {type(value).__name__}")
            if len(items) != len(value):
                raise _fail(f"expected {len(items)} items, got {len(value)}")
            out = []
            for i, (d, v) in enumerate(zip(items, value, strict=True)):
                try:
                    out.append(d(v))
                except CodecError as exc:
                    raise _located(exc, f"[{i}]") from None
            return tuple(out)

        return fixed
    if dataclasses.is_dataclass(tp):
        return _dataclass_decoder(tp)
    if tp in _SCALARS:
        return _SCALARS[tp]

    def unsupported(value: Any) -> Any:
        raise _fail(f"type {tp!r} is not supported by the codec")

    return unsupported


def _date(value: Any) -> Any:
    if not isinstance(value, str):
        raise _fail(f"expected an ISO date string, got {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise _fail(str(exc)) from None


def _bool(value: Any) -> Any:
    if not isinstance(value, bool):
        raise _fail(f"expected true/false, got {value!r}")
    return value


def _int(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(f"expected an integer, got {value!r}")
    return value


def _float(value: Any) -> Any:
    # JSON writes 36.0 as 36.0, but a float field may hold an int the
    # extractor put there (Place(latitude=36)); keep whatever was written.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(f"expected a number, got {value!r}")
    return value


def _str(value: Any) -> Any:
    if not isinstance(value, str):
        raise _fail(f"expected a string, got {value!r}")
    return value


_SCALARS: dict[Any, Decoder] = {dt.date: _date, bool: _bool, int: _int, float: _float, str: _str}
_EXACT: dict[Any, type] = {str: str, int: int, bool: bool, float: float}
"""A value of exactly this type is a valid value of the field's type, with no
further check (``type(v) is int`` is never a bool): the common case, decoded
without a call."""


def _dataclass_decoder(cls: Any) -> Decoder:
    hints = _hints(cls)
    fields = dataclasses.fields(cls)
    names = frozenset(f.name for f in fields)
    required = {
        f.name: f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        for f in fields
    }
    # (name, decoder, exact type or None, required), filled on first use (types may
    # refer ahead)
    specs: list[tuple[str, Decoder, type | None, bool]] = []

    def decode(value: Any) -> Any:
        if not isinstance(value, Mapping):
            raise _fail(f"expected an object, got {type(value).__name__}")
        if not specs:
            for f in fields:
                hint = hints[f.name]
                specs.append((f.name, _decoder(hint), _EXACT.get(hint), required[f.name]))
        if not names.issuperset(value):
            raise _fail(f"unknown keys {sorted(set(value) - names)}")
        kwargs = {}
        for name, field_decoder, exact, needed in specs:
            v = value.get(name, _MISSING)
            if v is _MISSING:
                if needed:
                    raise _fail(f"missing key {name!r}")
                continue
            if exact is not None and type(v) is exact:
                kwargs[name] = v
                continue
            try:
                kwargs[name] = field_decoder(v)
            except CodecError as exc:
                raise _located(exc, name) from None
        return cls(**kwargs)

    return decode


def _decode_dataclass(cls: type[T], value: Any, where: str) -> T:
    return cast(T, _decode(cast(Any, cls), value, where))


def coded_to_dict(coded: CodedArticle) -> dict[str, Any]:
    """A JSON-serialisable dict holding every field of ``coded`` (dates as ISO strings)."""
    return _encode(coded)  # type: ignore[no-any-return]


def coded_from_dict(data: Mapping[str, Any]) -> CodedArticle:
    """The inverse of :func:`coded_to_dict`; raises :class:`CodecError` on anything else."""
    try:
        return _decode_dataclass(CodedArticle, data, "coded")
    except (TypeError, ValueError) as exc:  # e.g. a dataclass __post_init__ refusing a value
        if isinstance(exc, CodecError):
            raise
        raise CodecError(f"coded: {exc}") from exc


def _fingerprint() -> str:
    """sha256 over the names and types of every field of every dataclass reachable
    from CodedArticle (so a new nested dataclass is covered too)."""
    parts: list[str] = []
    seen: set[type] = set()
    todo: list[Any] = [CodedArticle]
    while todo:
        tp = todo.pop()
        if dataclasses.is_dataclass(tp) and isinstance(tp, type):
            if tp in seen:
                continue
            seen.add(tp)
            for f in dataclasses.fields(tp):
                hint = _hints(tp)[f.name]
                parts.append(f"{tp.__module__}.{tp.__qualname__}.{f.name}: {hint!r}")
                todo.append(hint)
        else:
            todo.extend(typing.get_args(tp))
    return hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest()[:16]


MODEL_FINGERPRINT: str = _fingerprint()
"""Changes when a field of the coded model is added, removed, renamed or retyped."""


def to_json(value: Any) -> Any:
    """Any value of the model's kinds (a dataclass of sitrep's, a date, a tuple ...) as
    JSON-able data, by the rules of :func:`coded_to_dict`: for other caches of
    sitrep's (the events of :mod:`generator.events.memo`)."""
    return _encode(value)


def from_json(cls: type[T], data: Any) -> T:
    """The inverse of :func:`to_json` for a dataclass ``cls``; raises
    :class:`CodecError` on anything that does not decode to one."""
    try:
        return _decode_dataclass(cls, data, cls.__name__)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, CodecError):
            raise
        raise CodecError(f"{cls.__name__}: {exc}") from exc


def field_decoder(hint: Any) -> tuple[Callable[[Any], Any], type | None]:
    """The decoder of a field typed ``hint`` (raises :class:`CodecError`), and the
    type of a value that needs no decoding (a ``str`` for a ``str`` field), or None:
    for a store that lays its values out itself (:mod:`generator.cache.pack`)."""
    return _decoder(hint), _EXACT.get(hint)


def field_hints(cls: Any) -> dict[str, Any]:
    """The resolved type hints of a model dataclass's fields."""
    return _hints(cls)
