"""Safe YAML reading that remembers where every value came from.

:func:`load_yaml` returns plain Python data plus a mapping of key paths (``elements[1].length``)
to ``(line, column)`` (1-based), and refuses duplicate keys, which PyYAML would silently
collapse to the last one.  Only ``yaml.SafeLoader`` nodes are built: no arbitrary objects.
"""
from __future__ import annotations

import yaml

from .errors import Problem, ScenarioError

__all__ = ["load_yaml", "join_path", "MAX_NODES"]

#: Most values a scenario document may expand to, aliases included.
MAX_NODES = 100_000


def join_path(base: str, key) -> str:
    """``join_path('elements', 0) == 'elements[0]'``, ``join_path('a', 'b') == 'a.b'``."""
    if isinstance(key, int):
        return f"{base}[{key}]"
    return f"{base}.{key}" if base else str(key)


def load_yaml(text: str, file: str | None = None):
    """Parse YAML text into (data, positions); raise ScenarioError with the location on failure."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise ScenarioError(Problem(f"not valid YAML: {exc.problem or exc}", "", file, line, col)) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(Problem(f"not valid YAML: {exc}", "", file)) from None
    finally:
        loader.dispose()
    positions: dict[str, tuple[int, int]] = {}
    problems: list[Problem] = []
    constructor = yaml.SafeLoader("")

    budget = [MAX_NODES]

    def build(n, path):
        budget[0] -= 1
        if budget[0] < 0:  # aliases can expand exponentially ("billion laughs")
            raise ScenarioError(Problem(f"the document expands to more than {MAX_NODES:,} values "
                                        "(nested aliases?)", path, file,
                                        n.start_mark.line + 1, n.start_mark.column + 1))
        positions.setdefault(path, (n.start_mark.line + 1, n.start_mark.column + 1))
        if isinstance(n, yaml.MappingNode):
            constructor.flatten_mapping(n)
            out = {}
            for k_node, v_node in n.value:
                key = constructor.construct_object(k_node, deep=True)
                if not isinstance(key, str):
                    key = str(key)
                child = join_path(path, key)
                if key in out:
                    first = positions.get(child, ("?", "?"))
                    problems.append(Problem(
                        f"duplicate key '{key}' (first at line {first[0]}); YAML keeps only one",
                        child, file, k_node.start_mark.line + 1, k_node.start_mark.column + 1))
                    continue
                positions[child] = (k_node.start_mark.line + 1, k_node.start_mark.column + 1)
                out[key] = build(v_node, child)
            return out
        if isinstance(n, yaml.SequenceNode):
            return [build(item, join_path(path, i)) for i, item in enumerate(n.value)]
        return constructor.construct_object(n, deep=True)

    data = None if node is None else build(node, "")
    if problems:
        raise ScenarioError(problems)
    return data, positions
