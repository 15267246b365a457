r"""Text from a scenario file made safe to show: on a terminal, in a table, a figure or a report.

A name, a description or a label comes from the user's file, and a file may hold any character a
YAML escape can write (``"\e[2J"``, ``"\ud800"``).  :func:`printable` is the one escape every
output path applies to such text: control characters (C0 but tab and newline where kept, DEL,
C1, which move a terminal's cursor, retitle its window or clear it), line and paragraph
separators, the bidirectional overrides and isolates that reorder what is shown (CVE-2021-42574,
"Trojan Source"), and lone surrogates (which no encoding can write: Python raises
UnicodeEncodeError on them) become the six characters of their ``\uXXXX`` escape.

The escape is JSON's own: applied to JSON text, it turns a raw character inside a string into
the JSON escape of the same character, so the JSON still reads back to the original text.

>>> printable("a\x1b]0;pwn\x07\x1b[2Jb")
'a\\u001b]0;pwn\\u0007\\u001b[2Jb'
>>> printable("\ud800"), printable("x\u202ey")
('\\ud800', 'x\\u202ey')
>>> printable("two\nlines\tand a tab", keep_newlines=True)
'two\nlines\tand a tab'
>>> printable("two\nlines")
'two\\u000alines'
>>> printable("cast-basalt, 2 m², Δv") == "cast-basalt, 2 m², Δv"  # ordinary text is untouched
True
"""
from __future__ import annotations

import re

__all__ = ["printable", "UNSAFE"]

_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
#: The characters :func:`printable` escapes (tab and newline too, unless kept).
UNSAFE = re.compile(f"[\t\n{_CONTROLS}]")
_UNSAFE_KEEP = re.compile(f"[{_CONTROLS}]")


def _escape(m: re.Match) -> str:
    return f"\\u{ord(m.group()):04x}"


def printable(text, *, keep_newlines: bool = False) -> str:
    r"""``text`` with every character that could act on a terminal, reorder the display or fail
    to encode replaced by its ``\uXXXX`` escape (see the module docstring).

    Parameters
    ----------
    text : str
        Text from a file (anything else is converted with ``str`` first).
    keep_newlines : bool
        Keep newlines and tabs (a message of several lines, a table); by default they are
        escaped too (a name in one cell or one line).

    Returns
    -------
    str
        The text itself where it holds none of these characters (no copy).
    """
    if not isinstance(text, str):
        text = str(text)
    pattern = _UNSAFE_KEEP if keep_newlines else UNSAFE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)
