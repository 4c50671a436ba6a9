"""Draft a JSON Schema (2020-12) for a command's --json output from outputs collected by the tests.

    COURTCHAIN_SCHEMA_SAMPLES=/tmp/samples .venv/bin/python -m pytest tests/docket/test_case_cli.py
    .venv/bin/python scripts/cli_schema_infer.py /tmp/samples [COMMAND ...]

writes schemas/cli/<command>.json for each command with samples and no schema yet (--force: overwrite). A draft
is a start: every key seen in every sample is required, no other key is allowed, every key is snake_case; read it
and tighten what the samples cannot tell (enums, patterns) before committing it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas" / "cli"
SNAKE = "^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
_FIELD = re.compile(SNAKE)
_HASH = re.compile(r"^0x[0-9a-f]{64}$")
_ADDRESS = re.compile(r"^0x[0-9a-fA-F]{40}$")


# an event's or a custom error's arguments: keys depend on which event or error (snake_case, any value)
FREE_MAPS = {"args", "arguments"}
FREE_MAP: dict[str, Any] = {"type": "object", "propertyNames": {"pattern": SNAKE}}


def _type(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def infer(values: list[Any]) -> dict[str, Any]:
    """A schema that every value in `values` follows."""
    types = sorted({_type(v) for v in values})
    if "integer" in types and "number" in types:
        types.remove("integer")
    out: dict[str, Any] = {"type": types[0] if len(types) == 1 else types}
    strings = [v for v in values if isinstance(v, str)]
    if strings and types == ["string"]:
        if all(_HASH.match(s) for s in strings):
            out["pattern"] = _HASH.pattern
        elif all(_ADDRESS.match(s) for s in strings):
            out["pattern"] = _ADDRESS.pattern
    objects = [v for v in values if isinstance(v, dict)]
    if objects:
        keys = {k for o in objects for k in o}
        if keys and all(_FIELD.match(k) for k in keys):
            out["properties"] = {
                k: FREE_MAP if k in FREE_MAPS else infer([o[k] for o in objects if k in o]) for k in sorted(keys)
            }
            out["required"] = sorted(k for k in keys if all(k in o for o in objects))
            out["additionalProperties"] = False
        elif keys:  # a map keyed by data (ids, case numbers): any key, values alike
            out["additionalProperties"] = infer([x for o in objects for x in o.values()])
    arrays = [v for v in values if isinstance(v, list)]
    items = [x for a in arrays for x in a]
    if items:
        out["items"] = infer(items)
    return out


def draft(name: str, samples: list[Any]) -> dict[str, Any]:
    command = name.replace("-", " ", 1) if name != "error" else "(any command, on failure)"
    body = infer(samples)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://courtchain.example/schemas/cli/{name}.json",
        "title": f"courtchain {command} --json",
        **body,
    }


def main(argv: list[str]) -> int:
    force = "--force" in argv
    args = [a for a in argv if a != "--force"]
    if not args:
        print(__doc__)
        return 2
    root, wanted = Path(args[0]), set(args[1:])
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if wanted and folder.name not in wanted:
            continue
        target = SCHEMAS / f"{folder.name}.json"
        if target.exists() and not force:
            continue
        samples = [doc for f in sorted(folder.glob("*.json")) for doc in json.loads(f.read_text(encoding="utf-8"))]
        target.write_text(json.dumps(draft(folder.name, samples), indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {target} from {len(samples)} sample(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
