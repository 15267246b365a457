"""A file's text is shown safely everywhere it goes (issue 27, item 4): no raw control character,
bidirectional override or lone surrogate on a terminal, in a table, a figure, a report or a file,
and never a UnicodeEncodeError (:func:`basaltcalc.text.printable`, the one escape)."""
from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest
import yaml

import basaltcalc as bc
from basaltcalc.cli import main
from basaltcalc.text import printable

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = (ROOT / "basaltcalc" / "data" / "default.yaml").read_text()
#: Raw characters that must never reach an output: C0 (but newline and tab), DEL, C1, the
#: bidirectional controls, the line/paragraph separators, lone surrogates.
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: The names of the issue, and their kin (YAML double-quoted escapes write them into a file)
NAMES = {"osc-and-clear": "a\x1b]0;pwn\x07\x1b[2Jb", "surrogate": "\ud800", "bidi": "x\u202ey",
         "c1-csi": "\x9b2J", "nul": "nul\x00", "newline": "two\nlines", "separator": "a\u2028b"}


@pytest.mark.parametrize("text,shown", [
    ("a\x1b]0;pwn\x07\x1b[2Jb", "a\\u001b]0;pwn\\u0007\\u001b[2Jb"), ("\ud800", "\\ud800"),
    ("x\u202ey", "x\\u202ey"), ("\x9b", "\\u009b"), ("\x7f", "\\u007f"), ("cr\r", "cr\\u000d"),
    ("tab\tnl\n", "tab\\u0009nl\\u000a"), ("Δv 2 m² ‰ 猫 😀", "Δv 2 m² ‰ 猫 😀")])
def test_printable_escapes_what_acts_on_a_terminal_and_nothing_else(text, shown):
    assert printable(text) == shown
    assert RAW.search(printable(text)) is None and printable(text).encode("utf-8")


def test_printable_escapes_are_json_escapes():
    # applied to JSON text, the escapes read back as the original characters
    for name in NAMES.values():
        text = printable(json.dumps({"name": name}, ensure_ascii=False), keep_newlines=True)
        assert json.loads(text)["name"] == name


def test_ordinary_text_is_returned_as_is():
    text = "ILRS south-pole outpost\nfloor panel\tx 120"
    assert printable(text, keep_newlines=True) is text


def _file(tmp_path, where, name) -> str:
    data = yaml.safe_load(DEFAULT)
    if where == "element":
        data["elements"][0]["name"] = name
    else:
        data[where] = name
    f = tmp_path / "named.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8",
                 errors="surrogatepass")
    return str(f)


def _run(argv):
    """The command with strict UTF-8 streams, as a terminal's: (exit code, stdout, stderr)."""
    out_b, err_b = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_b, encoding="utf-8", errors="strict", write_through=True)
    err = io.TextIOWrapper(err_b, encoding="utf-8", errors="strict", write_through=True)
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = main(argv)
    finally:
        sys.stdout, sys.stderr = old
    return code, out_b.getvalue().decode("utf-8"), err_b.getvalue().decode("utf-8")


@pytest.mark.parametrize("key", sorted(NAMES))
@pytest.mark.parametrize("where", ["name", "element"])
def test_run_shows_a_files_names_escaped(tmp_path, where, key):
    path = _file(tmp_path, where, NAMES[key])
    code, out, err = _run(["run", path])
    assert code == 0, err
    assert RAW.search(out) is None and RAW.search(err) is None and "Traceback" not in err
    assert printable(NAMES[key]) in out  # shown, escaped


@pytest.mark.parametrize("cmd", [["explain"], ["run", "--format", "json"], ["run", "--format", "csv"]])
def test_other_outputs_escape_and_json_reads_back(tmp_path, cmd):
    path = _file(tmp_path, "name", NAMES["osc-and-clear"])
    code, out, err = _run([*cmd, path])
    assert code == 0 and RAW.search(out) is None, err
    if "json" in cmd:
        assert json.loads(out)["scenario"]["name"] == NAMES["osc-and-clear"]  # JSON's own escapes


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_report_with_a_surrogate_and_controls_is_written(tmp_path, suffix):
    path = _file(tmp_path, "name", NAMES["surrogate"] + NAMES["osc-and-clear"])
    out = tmp_path / f"report{suffix}"
    code, _, err = _run(["report", path, "-o", str(out)])
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert RAW.search(text) is None and "\\ud800a\\u001b]0;pwn" in text
    assert "Glyph" not in err  # the figures drew no missing glyphs


def test_figures_draw_escaped_labels():
    sc = bc.scenario_from_text(re.sub(r"(?m)^name: .*$", r'name: "\\ud800\\e[2J ILRS"', DEFAULT), "named.yaml")
    fig = bc.plotting.cost_breakdown(bc.evaluate(sc))
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    assert all(RAW.search(t) is None for t in texts)
    assert bc.plotting.figure_bytes(fig, "svg")  # draws: no UnicodeEncodeError from the font


def test_reprs_and_errors_escape():
    sc = bc.scenario_from_text(DEFAULT.replace("name: floor panel", 'name: "\\e[2Jpanel"'), "named.yaml")
    assert RAW.search(repr(sc)) is None and RAW.search(repr(bc.evaluate(sc))) is None
    assert RAW.search(sc._repr_html_()) is None and RAW.search(bc.evaluate(sc)._repr_html_()) is None
    err = bc.ScenarioError(bc.errors.Problem("unknown material '\x1b[2Jx'", "insitu.material", "f.yaml", 3, 1))
    assert str(err) == "f.yaml:3:1 insitu.material: unknown material '\\u001b[2Jx'"


def test_a_file_name_with_controls_is_escaped_in_the_error(capsys):
    code, out, err = _run(["run", "\x1b[2J\ud800.yaml"])
    assert code == 2 and RAW.search(err) is None and "\\u001b[2J\\ud800.yaml" in err


@pytest.fixture(scope="module")
def named_file(tmp_path_factory):
    """The ILRS file with control characters in its name, description and an element's name."""
    data = yaml.safe_load((ROOT / "scenarios" / "ilrs-south-pole-outpost.yaml").read_text(encoding="utf-8"))
    data["name"], data["description"] = NAMES["osc-and-clear"], "d\x1b[2J"
    data["elements"][0]["name"] = "el\x1b]0;x\x07" + NAMES["bidi"]
    f = tmp_path_factory.mktemp("named") / "named.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(f)


@pytest.mark.parametrize("cmd", [
    ["run"], ["validate"], ["uncertainty", "--samples", "256"], ["uncertainty", "--samples", "256", "--format", "json"],
    ["sensitivity", "--samples", "64"], ["sweep"], ["solve", "routes.cut-stone.plant_specific_mass"], ["compare"],
    ["compare", "--format", "json"], ["value", "--samples", "256"]], ids=" ".join)
def test_every_command_escapes_a_files_text(named_file, cmd):
    """Issue 30: control characters from a file are escaped in every output, not only run's."""
    code, out, err = _run([cmd[0], named_file, *cmd[1:]])
    assert code == 0, err
    assert RAW.search(out) is None and RAW.search(err) is None
    assert "Traceback" not in err


@pytest.mark.parametrize("kind", ["breakdown", "routes", "landed-cost", "cash-flow"])
def test_every_figure_escapes_a_files_text(named_file, kind, tmp_path):
    """Escaped before the labels are placed, too: no glyph is missing when the layout measures them."""
    import warnings

    out = tmp_path / "figure.svg"
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph")
        code, _, err = _run(["plot", named_file, "--kind", kind, "-o", str(out)])
    assert code == 0, err
    svg = out.read_text(encoding="utf-8")
    assert RAW.search(svg) is None
    assert ("\\u001b" in svg) == (kind in ("breakdown", "routes"))  # the two that name the file
