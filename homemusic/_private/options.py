"""Options defined once (not public API).

An app's or an entry's options are one frozen dataclass that validates itself
(:class:`NavidromeOptions`, ...): each option's name, type, default and
documentation stand there and nowhere else. The factory that picks the app
(``MusicServer.navidrome``) and the construct (``NavidromeApp``) take exactly
those keyword arguments: :func:`signature_of` and :func:`init_from` give them
the dataclass's signature, for type checkers (a ParamSpec) and for ``help()``
(``__signature__``), so neither repeats a name or a default.
"""

from __future__ import annotations

import dataclasses
import inspect
import types
from collections.abc import Callable, Sequence
from typing import Any, Concatenate, ParamSpec, TypeVar

from constructs import Construct

P = ParamSpec("P")
R = TypeVar("R")


def signature_of(source: Callable[P, Any]) -> Callable[[Callable[..., R]], Callable[P, R]]:
    """Give a ``**kwargs`` factory the keyword arguments of ``source`` (an options class)."""

    def decorate(function: Callable[..., R]) -> Callable[P, R]:
        signature = inspect.signature(source).replace(
            return_annotation=inspect.signature(function).return_annotation
        )
        setattr(function, "__signature__", signature)  # noqa: B010
        return function

    return decorate


class _SignatureLater(inspect.Signature):
    """A signature whose parameters are an options class's, read when first asked for.

    ``inspect``, ``help()`` and Sphinx read every parameter through
    ``parameters``; the return annotation is known at once.
    """

    __slots__ = ("_load",)

    def __init__(
        self,
        parameters: Sequence[inspect.Parameter] | None = None,
        *,
        return_annotation: Any = inspect.Signature.empty,
        load: Callable[[], Callable[..., Any]] | None = None,
    ) -> None:
        # The signature of Signature.__init__, whose replace() makes a copy by
        # calling type(self)(parameters, return_annotation=...).
        super().__init__(parameters, return_annotation=return_annotation)
        self._load = load

    @property
    def parameters(self) -> types.MappingProxyType[str, inspect.Parameter]:
        if self._load is not None:
            self._parameters = inspect.signature(self._load()).parameters
            self._load = None
        return self._parameters

    def __reduce__(self) -> tuple[Any, ...]:
        # copy and pickle: a plain Signature with the parameters loaded
        # (Signature's own __reduce__ would read _parameters before they are).
        state = {"_return_annotation": self.return_annotation}
        return inspect.Signature, (tuple(self.parameters.values()),), state


def lazy_signature_of(
    load: Callable[[], Callable[..., Any]],
) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """:func:`signature_of` the options class ``load()`` returns, imported only when asked.

    For ``help()``, ``inspect`` and the documentation the factory has the
    options' signature, as with :func:`signature_of`; importing the module
    that defines the factory does not import the options' module (a
    construct's, which costs milliseconds that a program using another
    construct need not pay). Type checkers cannot see through ``load``: give
    them :func:`signature_of` of the class under ``TYPE_CHECKING``.
    """

    def decorate(function: Callable[..., R]) -> Callable[..., R]:
        returns = inspect.signature(function).return_annotation
        signature = _SignatureLater(return_annotation=returns, load=load)
        setattr(function, "__signature__", signature)  # noqa: B010
        return function

    return decorate


def init_from(
    source: Callable[P, Any],
) -> Callable[[Callable[..., None]], Callable[Concatenate[Any, Construct, str, P], None]]:
    """Give a construct's ``__init__(self, scope, id, **kwargs)`` the arguments of ``source``."""

    def decorate(
        init: Callable[..., None],
    ) -> Callable[Concatenate[Any, Construct, str, P], None]:
        own = inspect.signature(init)
        params = [p for p in own.parameters.values() if p.kind is not p.VAR_KEYWORD]
        signature = own.replace(
            parameters=[*params, *inspect.signature(source).parameters.values()]
        )
        setattr(init, "__signature__", signature)  # noqa: B010
        return init

    return decorate


def as_kwargs(options: Any) -> dict[str, Any]:
    """A dataclass's fields as keyword arguments (shallow: values are kept as they are)."""
    return {f.name: getattr(options, f.name) for f in dataclasses.fields(options)}
