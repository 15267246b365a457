"""``basaltcalc schema``: the JSON Schema of the scenario format (for YAML language servers)."""
from __future__ import annotations

from .common import output_file


def add_parser(sub):
    p = sub.add_parser("schema", help="print the JSON Schema of scenario files",
                       description="Print the JSON Schema of the scenario format.  Editors with a "
                                   "YAML language server complete and check keys with it: put "
                                   "'# yaml-language-server: $schema=<path or URL>' at the top of "
                                   "a scenario file.  The same schema ships as "
                                   "basaltcalc/data/scenario.schema.json.")
    p.add_argument("-o", "--output", type=output_file, metavar="FILE", help="write to FILE (atomically) instead of stdout")
    p.set_defaults(func=run)


def schema_text() -> str:
    """The schema as the packaged file holds it (sorted, indented JSON)."""
    import json

    from ..scenario import json_schema

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def run(args) -> int:
    from .common import emit

    emit(schema_text(), args.output)
    return 0
