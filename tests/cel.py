"""The CRD rules the API server checks beyond the schema: x-kubernetes-validations (CEL).

As the API server does on create: the schema's defaults are applied first,
then every rule is evaluated with ``self`` bound to the value at its node
(rules on absent optional fields do not run; transition rules, which read
``oldSelf``, only run on updates and are skipped). Evaluated with cel-python,
plus the Kubernetes string library's ``split``, which the Gateway API rules use.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

import celpy
from celpy import celtypes
from celpy.adapter import json_to_cel


def _split(value: Any, separator: Any, limit: Any = None) -> celtypes.ListType:
    text, sep = str(value), str(separator)
    parts = text.split(sep) if limit is None or int(limit) < 0 else text.split(sep, int(limit) - 1)
    return celtypes.ListType([celtypes.StringType(p) for p in parts])


_FUNCTIONS: dict[str, Any] = {"split": _split}
_ENV = celpy.Environment()


@functools.cache
def _program(rule: str) -> Any:
    return _ENV.program(_ENV.compile(rule), functions=_FUNCTIONS)


def evaluate(rule: str, value: Any) -> Any:
    """The rule's result for ``self`` = ``value`` (JSON); an error is returned, not raised."""
    try:
        return _program(rule).evaluate({"self": json_to_cel(value)})
    except Exception as error:  # a CEL evaluation error fails the rule, as in the API server
        return error


def apply_defaults(schema: dict[str, Any], value: Any) -> Any:
    """``value`` with the schema's ``default``s filled in, as the API server does."""
    value = copy.deepcopy(value)
    _defaults(schema, value)
    return value


def _defaults(schema: dict[str, Any], value: Any) -> None:
    if isinstance(value, dict):
        for name, sub in schema.get("properties", {}).items():
            if name not in value and "default" in sub:
                value[name] = copy.deepcopy(sub["default"])
            if name in value:
                _defaults(sub, value[name])
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for item in value:
            _defaults(schema["items"], item)


def rule_errors(schema: dict[str, Any], value: Any, path: str = "") -> list[str]:
    """Every failing rule under ``schema`` for ``value``, with its path and message."""
    errors: list[str] = []
    for rule in schema.get("x-kubernetes-validations", []) or []:
        if "oldSelf" in rule["rule"]:
            continue
        result = evaluate(rule["rule"], value)
        if result is not True and not (isinstance(result, celtypes.BoolType) and bool(result)):
            errors.append(f"{path or '<root>'}: {rule.get('message') or rule['rule']} ({result})")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for name, sub in properties.items():
            if name in value:
                errors += rule_errors(sub, value[name], f"{path}.{name}")
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            for name, item in value.items():
                if name not in properties:
                    errors += rule_errors(extra, item, f"{path}.{name}")
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(value):
            errors += rule_errors(schema["items"], item, f"{path}[{index}]")
    return errors


def rule_count(schema: Any) -> int:
    """How many rules a schema carries (to show a check has something to check)."""
    if isinstance(schema, dict):
        own = len(schema.get("x-kubernetes-validations", []) or [])
        return own + sum(rule_count(v) for v in schema.values())
    if isinstance(schema, list):
        return sum(rule_count(v) for v in schema)
    return 0
