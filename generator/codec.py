"""``CodedArticle`` <-> JSON-able dict, losslessly.

Used by the extraction cache (``generator.cache``): what is written to disk
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
from collections.abc import Mapping
from functools import cache
from typing import Any, Literal, TypeVar, Union, cast

from generator.model import CodedArticle

__all__ = ["MODEL_FINGERPRINT", "CodecError", "coded_from_dict", "coded_to_dict"]

T = TypeVar("T")


class CodecError(ValueError):
    """A dict that does not describe a valid ``CodedArticle`` (e.g. a damaged cache file)."""


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
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
def _hints(cls: Any) -> dict[str, Any]:
    """Resolved type hints of a model dataclass (the model uses string annotations)."""
    return typing.get_type_hints(cls)


def _decode(tp: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        options = typing.get_args(tp)
        if value is None and type(None) in options:
            return None
        errors = []
        for option in options:
            if option is type(None):
                continue
            try:
                return _decode(option, value, where)
            except CodecError as exc:
                errors.append(str(exc))
        raise CodecError("; ".join(errors) or f"{where}: unexpected None")
    if origin is Literal:
        if value not in typing.get_args(tp):
            raise CodecError(f"{where}: {value!r} is not one of {typing.get_args(tp)}")
        return value
    if origin is tuple:
        args = typing.get_args(tp)
        if not isinstance(value, list):
            raise CodecError(f"{where}: expected a list, got {type(value).__name__}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v, f"{where}[{i}]") for i, v in enumerate(value))
        if len(args) != len(value):
            raise CodecError(f"{where}: expected {len(args)} items, got {len(value)}")
        return tuple(
            _decode(a, v, f"{where}[{i}]") for i, (a, v) in enumerate(zip(args, value, strict=True))
        )
    if dataclasses.is_dataclass(tp):
        return _decode_dataclass(tp, value, where)  # type: ignore[arg-type]
    if tp is dt.date:
        if not isinstance(value, str):
            raise CodecError(f"{where}: expected an ISO date string, got {value!r}")
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise CodecError(f"{where}: {exc}") from None
    if tp is bool:
        if not isinstance(value, bool):
            raise CodecError(f"{where}: expected true/false, got {value!r}")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise CodecError(f"{where}: expected an integer, got {value!r}")
        return value
    if tp is float:
        # JSON writes 36.0 as 36.0, but a float field may hold an int the
        # extractor put there (Place(latitude=36)); keep whatever was written.
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise CodecError(f"{where}: expected a number, got {value!r}")
        return value
    if tp is str:
        if not isinstance(value, str):
            raise CodecError(f"{where}: expected a string, got {value!r}")
        return value
    raise CodecError(f"{where}: type {tp!r} is not supported by the codec")


def _decode_dataclass(cls: type[T], value: Any, where: str) -> T:
    if not isinstance(value, Mapping):
        raise CodecError(f"{where}: expected an object, got {type(value).__name__}")
    hints = _hints(cast(Any, cls))
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = set(value) - set(fields)
    if unknown:
        raise CodecError(f"{where}: unknown keys {sorted(unknown)}")
    kwargs = {}
    for name, f in fields.items():
        if name in value:
            kwargs[name] = _decode(hints[name], value[name], f"{where}.{name}")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise CodecError(f"{where}: missing key {name!r}")
    return cls(**kwargs)


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
