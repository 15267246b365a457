"""Every citation ``basaltcalc explain`` prints resolves to a public reference or to a file that
ships with the package (issue 30: it cited ``shared/reference/materials_energy.md``, a team file in
neither the package nor the repository)."""
import re
from pathlib import Path

import yaml

import basaltcalc
from basaltcalc.cli import main

PACKAGE = Path(basaltcalc.__file__).parent
DATA = PACKAGE / "data"
#: A file named in a citation: ``basaltcalc/data/notes/materials_energy.md`` and the like.
FILE = re.compile(r"[\w./-]+\.(?:md|yaml|csv|txt|pdf)\b")


#: Where a path names a local file (others, ``inst/varia/...`` of a named public repository, are
#: the repository's).
LOCAL = ("basaltcalc/", "data/", "notes/", "shared/", "docs/", "scenarios/", "tests/", "/")


def _files_named(text):
    """Paths of files a text names (web addresses aside: they are public references)."""
    text = re.sub(r"\w+://\S+", "", text)
    return {m.group() for m in FILE.finditer(text) if m.group().startswith(LOCAL)}


def _shipped(name) -> bool:
    """A file of the package (``basaltcalc/data/notes/x.md``, ``data/inflation.yaml``) or of the
    source distribution (``scenarios/x.yaml``)."""
    return ((PACKAGE / name.removeprefix("basaltcalc/")).is_file() or
            (name.startswith("scenarios/") and (PACKAGE.parent / name).is_file()))


def test_every_file_a_citation_names_ships_with_the_package():
    named = set()
    for f in DATA.glob("*.yaml"):
        named |= {(f.name, n) for n in _files_named(f.read_text(encoding="utf-8"))}
    assert named, "the notes are cited"
    for source, name in sorted(named):
        assert _shipped(name), f"{source} cites {name}: not a file of the package or its source tree"


def test_explain_names_only_shipped_files(capsys):
    assert main(["explain"]) == 0
    out = capsys.readouterr().out
    named = _files_named(out)
    assert "shared/" not in out and named
    for name in named:
        assert _shipped(name), name


def test_every_reference_is_public_or_a_reasoned_estimate():
    """A key cited by the data is a publication (authors, title, year; a url or doi where there is
    one) or a team estimate that gives its reasoning."""
    refs = yaml.safe_load((DATA / "references.yaml").read_text(encoding="utf-8"))
    for key, ref in refs.items():
        assert ref.get("title") and ref.get("year") and ref.get("where"), key
        assert ref.get("kind") == "estimate" or ref.get("url") or ref.get("doi") or ref.get("authors"), key
