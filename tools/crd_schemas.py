"""Write the validation schemas of the imported CRD kinds into imports/schemas/.

``make imports`` runs this beside ``cdk8s import``: for every CustomResourceDefinition
in the given files it writes ``<out>/<group>/<kind>_<version>.json``, the
version's ``openAPIV3Schema`` with every ``description`` dropped (they are most
of the size) and everything the API server checks kept, including the
``x-kubernetes-validations`` (CEL) rules. The tests validate the synthesized
objects against these files, so they need nothing beside the clone.

    python tools/crd_schemas.py OUT_DIR CRD_FILE...
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml


def strip_descriptions(schema: Any) -> Any:
    """The schema without ``description`` keywords (property names are kept)."""
    if isinstance(schema, dict):
        result = {}
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                result[key] = {name: strip_descriptions(v) for name, v in value.items()}
            elif key != "description":
                result[key] = strip_descriptions(value)
        return result
    if isinstance(schema, list):
        return [strip_descriptions(v) for v in schema]
    return schema


def schemas(crd_files: list[Path]) -> dict[str, str]:
    """``{relative path: JSON text}`` for every served version of every CRD in the files."""
    out: dict[str, str] = {}
    for path in crd_files:
        for crd in yaml.safe_load_all(path.read_text()):
            if not crd or crd.get("kind") != "CustomResourceDefinition":
                continue
            group = crd["spec"]["group"]
            kind = crd["spec"]["names"]["kind"]
            for version in crd["spec"]["versions"]:
                schema = version.get("schema", {}).get("openAPIV3Schema")
                if schema is None or not version.get("served", True):
                    continue
                text = json.dumps(strip_descriptions(schema), indent=1, sort_keys=True) + "\n"
                out[f"{group}/{kind}_{version['name']}.json"] = text
    return out


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = Path(argv[0])
    for relative, text in sorted(schemas([Path(a) for a in argv[1:]]).items()):
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
