"""Safe YAML reading that remembers where every value came from.

:func:`load_yaml` returns plain Python data plus a mapping of key paths (``elements[1].length``)
to ``(line, column)`` (1-based), and refuses duplicate keys, which PyYAML would silently
collapse to the last one.  Only ``yaml.SafeLoader`` nodes are built: no arbitrary objects.

It also guards against hostile or accidental input: documents that expand to more than
:data:`MAX_NODES` values through aliases ("billion laughs"), nesting deeper than
:data:`MAX_DEPTH`, tabs in indentation; and it records the YAML 1.1 traps PyYAML falls into
(``no``/``yes``/``on``/``off`` read as booleans, ``1:30`` read as the sexagesimal number 90,
``010`` read as octal 8, ``1e3`` read as a string) so that a problem found at such a value can
explain what happened.

>>> data, pos = load_yaml("a:\\n  b: [1, 2]\\n")
>>> data, pos["a.b[1]"]
({'a': {'b': [1, 2]}}, (2, 10))
"""
from __future__ import annotations

import re

import yaml

from ..errors import Problem, ScenarioError

__all__ = ["load_yaml", "join_path", "MAX_NODES", "MAX_DEPTH", "tab_problems"]

#: Most values a scenario document may expand to, aliases included.
MAX_NODES = 100_000
#: Deepest nesting of mappings and lists a document may have.
MAX_DEPTH = 64

_MERGE = "tag:yaml.org,2002:merge"
_EXP_NO_DOT = re.compile(r"[-+]?(\d+|\d*\.\d*)[eE][-+]?\d+")


def join_path(base: str, key) -> str:
    """``join_path('elements', 0) == 'elements[0]'``, ``join_path('a', 'b') == 'a.b'``."""
    if isinstance(key, int):
        return f"{base}[{key}]"
    return f"{base}.{key}" if base else str(key)


def tab_problems(text: str, file: str | None = None) -> list[Problem]:
    """One problem per line whose indentation contains a tab (YAML indents with spaces only)."""
    out = []
    for i, line in enumerate(text.splitlines(), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            out.append(Problem("tab character in the indentation: YAML indents with spaces only; "
                               "replace the tab with spaces", "", file, i, indent.index("\t") + 1))
    return out


def _trap(node) -> str | None:
    """Explanation when a plain scalar hits a YAML 1.1 trap, else None."""
    # a plain scalar has style None from PyYAML's parser and "" from libyaml's
    if not isinstance(node, yaml.ScalarNode) or node.style not in (None, ""):
        return None
    v, tag = node.value, node.tag
    if tag == "tag:yaml.org,2002:bool" and v.lower() not in ("true", "false"):
        return (f"YAML 1.1 reads the bare word '{v}' as the boolean {v.lower() in ('yes', 'on', 'y')}; "
                f"quote it (\"{v}\") if you meant text")
    if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") and ":" in v:
        return (f"YAML 1.1 reads '{v}' as a base-60 (sexagesimal) number; quote it, or write the "
                "quantity with a unit, e.g. '1.5 h'")
    if tag == "tag:yaml.org,2002:int" and re.fullmatch(r"[-+]?0[0-7_]+", v):
        return f"YAML 1.1 reads '{v}' as an octal number; drop the leading zero"
    if tag == "tag:yaml.org,2002:str" and _EXP_NO_DOT.fullmatch(v):
        return (f"YAML 1.1 (PyYAML) reads '{v}' as text, not a number, because it has no decimal "
                f"point; write '{_with_dot(v)}' or give a unit")
    return None


def _with_dot(v: str) -> str:
    mant, _, exp = v.lower().partition("e")
    return f"{mant if '.' in mant else mant + '.0'}e{exp}"


def _flow_depth_problem(text: str, file: str | None) -> Problem | None:
    """A problem when flow brackets (``[``, ``{``) outside quotes and comments nest deeper than
    :data:`MAX_DEPTH`: PyYAML's scanner is quadratic in the flow depth (5000 brackets take tens
    of seconds), so this linear pre-scan refuses such a text before it is parsed."""
    depth, quote, comment, escaped = 0, "", False, False
    line, col, prev = 1, 0, "\n"
    for ch in text:
        col += 1
        if ch == "\n":
            line, col, comment = line + 1, 0, False
        elif comment:
            pass
        elif quote:
            if escaped:
                escaped = False
            elif ch == "\\" and quote == '"':
                escaped = True
            elif ch == quote:
                quote = ""
        elif ch in "'\"" and prev in " \t\n[{,:-?":
            quote = ch
        elif ch == "#" and prev in " \t\n":
            comment = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(f"not valid YAML: nested more than {MAX_DEPTH} levels deep",
                               "", file, line, col)
        elif ch in "]}":
            depth = max(0, depth - 1)
        prev = ch
    return None


#: A lone surrogate (half of a UTF-16 pair): Python strings may hold one, no UTF-8 text can.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: libyaml's loader where PyYAML was built with it (same resolver and constructor as SafeLoader).
_C_LOADER = getattr(yaml, "CSafeLoader", None)


def _parse(text: str, file: str | None):
    """The document's single node (None when empty); ScenarioError with the location on failure."""
    deep = _flow_depth_problem(text, file)
    if deep:
        raise ScenarioError(deep)
    lone = _SURROGATE.search(text)
    if lone:  # text that no file holds (no encoding writes a lone surrogate): the YAML reader fails
        line = text.count("\n", 0, lone.start()) + 1
        column = lone.start() - (text.rfind("\n", 0, lone.start()) + 1) + 1
        raise ScenarioError(Problem(f"not UTF-8 text: a lone surrogate U+{ord(lone.group()):04X}, "
                                    "which no file can hold; a scenario file is UTF-8 text", "", file,
                                    line, column))
    if _C_LOADER is not None:
        # libyaml composes the same nodes at the same positions (tests/test_fast_paths.py); a
        # document it rejects is read again below, so every error keeps PyYAML's message
        try:
            c_loader = _C_LOADER(text)
        except (yaml.YAMLError, RecursionError):
            c_loader = None
        if c_loader is not None:
            try:
                return c_loader.get_single_node()
            except (yaml.YAMLError, RecursionError):
                pass
            finally:
                c_loader.dispose()
    loader = None
    try:
        loader = yaml.SafeLoader(text)  # checks for control characters first
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or str(exc)
        if "'\\t'" in problem or "\t" in problem:
            problem += " (a tab: YAML indents with spaces only)"
        raise ScenarioError(Problem(f"not valid YAML: {problem}", "", file, line, col)) from None
    except RecursionError:
        raise ScenarioError(Problem(f"not valid YAML: nested more than {MAX_DEPTH} levels deep",
                                    "", file, 1, 1)) from None
    except yaml.reader.ReaderError as exc:  # NUL, BEL and other control characters
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise ScenarioError(Problem(f"not valid YAML: control character U+{_ord(exc.character):04X} in "
                                    "the text; a scenario file is plain text", "", file, line,
                                    column)) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(Problem(f"not valid YAML: {exc}", "", file)) from None
    finally:
        if loader is not None:
            loader.dispose()


class _Builder:
    """Plain data from a composed node, recording positions, traps and duplicate keys, within
    :data:`MAX_NODES` values and :data:`MAX_DEPTH` levels."""

    def __init__(self, file, traps):
        self.file, self.traps = file, traps
        self.positions: dict[str, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.constructor = yaml.SafeLoader("")
        self.budget = MAX_NODES

    def fail(self, msg, path, n):
        raise ScenarioError(Problem(msg, path, self.file, n.start_mark.line + 1,
                                    n.start_mark.column + 1))

    def build(self, n, path, depth):
        self.budget -= 1
        if self.budget < 0:  # aliases can expand exponentially ("billion laughs")
            self.fail(f"the document expands to more than {MAX_NODES:,} values (nested aliases?)", "", n)
        if depth > MAX_DEPTH:  # also catches a recursive alias (&a [*a])
            self.fail(f"nested more than {MAX_DEPTH} levels deep (a recursive alias?)", "", n)
        self.positions.setdefault(path, (n.start_mark.line + 1, n.start_mark.column + 1))
        if isinstance(n, yaml.MappingNode):
            return self.mapping(n, path, depth)
        if isinstance(n, yaml.SequenceNode):
            return [self.build(item, join_path(path, i), depth + 1) for i, item in enumerate(n.value)]
        return self.scalar(n, path)

    def mapping(self, n, path, depth):
        out, merged = {}, {}
        # merges first, so that the mapping's own keys keep their own locations
        pairs = sorted(n.value, key=lambda kv: kv[0].tag != _MERGE)
        for k_node, v_node in pairs:
            if k_node.tag == _MERGE:  # `<<: *anchor`, merged here so duplicates cannot pile up
                sources = v_node.value if isinstance(v_node, yaml.SequenceNode) else [v_node]
                for s in sources:
                    if not isinstance(s, yaml.MappingNode):
                        self.fail("'<<' merges mappings only", path, s)
                    for k, v in self.build(s, path, depth + 1).items():
                        merged.setdefault(k, v)
                continue
            key = self.key(k_node, path, out)
            if key is not None:
                out[key] = self.build(v_node, join_path(path, key), depth + 1)
        for k, v in merged.items():
            out.setdefault(k, v)
        return out

    def key(self, k_node, path, out):
        """The key of a mapping pair (None for a duplicate of one in ``out``, recorded as a
        problem)."""
        if not isinstance(k_node, yaml.ScalarNode):
            self.fail("a key must be a plain word, not a list or mapping", path, k_node)
        key = self.scalar(k_node, None)
        if not isinstance(key, str):
            key = str(key)
        child = join_path(path, key)
        if key in out:
            first = self.positions.get(child, ("?", "?"))
            self.problems.append(Problem(
                f"duplicate key '{key}' (first at line {first[0]}); YAML would keep only "
                "the last one silently", child, self.file,
                k_node.start_mark.line + 1, k_node.start_mark.column + 1))
            return None
        self.positions[child] = (k_node.start_mark.line + 1, k_node.start_mark.column + 1)
        why = _trap(k_node)
        if why:
            self.traps[child] = why
        return key

    def scalar(self, n, path):
        if path is not None:
            why = _trap(n)
            if why and "octal" in why:  # 010 read as 8 without a word: refused outright
                self.fail(why, path, n)
            if why:
                self.traps[path] = why
        try:
            return self.constructor.construct_object(n, deep=True)
        except (ValueError, TypeError, OverflowError) as exc:  # `!!int abc`, `!!float x`
            self.fail(f"cannot read this value as its tag {n.tag!r} says: {exc}", path or "", n)
        except yaml.YAMLError as exc:
            self.fail(f"cannot read this value: {getattr(exc, 'problem', None) or exc}", path or "", n)


def load_yaml(text: str, file: str | None = None, traps: dict | None = None):
    """Parse YAML text into (data, positions); raise ScenarioError with the location on failure.

    Parameters
    ----------
    text : str
        The YAML document.
    file : str, optional
        Name used in error locations.
    traps : dict, optional
        Filled with key path -> explanation for every value (or key) that hit a YAML 1.1 trap.
    """
    node = _parse(text, file)
    builder = _Builder(file, {} if traps is None else traps)
    try:
        data = None if node is None else builder.build(node, "", 0)
    except RecursionError:  # pragma: no cover - MAX_DEPTH stops this first
        raise ScenarioError(Problem("nested too deeply", "", file, 1, 1)) from None
    if builder.problems:
        raise ScenarioError(builder.problems)
    return data, builder.positions


def _ord(character) -> int:
    """The code point of PyYAML's offending character (a str of one, or an int for bytes)."""
    return character if isinstance(character, int) else ord(character)
