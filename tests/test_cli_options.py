"""Bad command-line options and oversized studies: each a located error naming the option (or
the file's line), exit 2, no traceback (issue 12, sections 1-4)."""
from __future__ import annotations

from pathlib import Path

import pytest

from basaltcalc.cli import main

ROOT = Path(__file__).resolve().parents[1]
OUTPOST = str(ROOT / "scenarios" / "ilrs-south-pole-outpost.yaml")
SWEEP_LINE = "transport.landed_cost: {log: [10 kUSD/kg, 2 MUSD/kg], num: 40}"
CAMPAIGN_LINE = "insitu.campaign: [1 year, 2 year, 4 year, 8 year]"

# (arguments, fragment the error must contain); argparse refuses these before any work
ARGPARSE = [
    (["uncertainty", OUTPOST, "--chunk-size", "0"], "argument --chunk-size: expected a whole number from 1 to"),
    (["uncertainty", OUTPOST, "--chunk-size", "-5"], "argument --chunk-size: expected a whole number from 1 to"),
    (["uncertainty", OUTPOST, "--chunk-size", "1e3"], "argument --chunk-size: expected a whole number"),
    (["plot", OUTPOST, "-o", "x.png", "--dpi", "0"], "argument --dpi: expected a whole number from 10 to 1,200, got '0'"),
    (["plot", OUTPOST, "-o", "x.png", "--dpi", "-10"], "argument --dpi: expected a whole number from 10 to 1,200, got '-10'"),
    (["plot", OUTPOST, "-o", "x.png", "--dpi", "100000"], "argument --dpi: expected a whole number from 10 to 1,200"),
    (["sensitivity", OUTPOST, "--resamples", "0"], "argument --resamples: expected a whole number from 10 to 100,000"),
    (["sensitivity", OUTPOST, "--resamples", "-1"], "argument --resamples: expected a whole number"),
    (["sensitivity", OUTPOST, "--top", "0"], "argument --top: expected a whole number >= 1"),
    (["sensitivity", OUTPOST, "-n", "1"], "argument -n/--samples: expected a whole number >= 2"),
    (["uncertainty", OUTPOST, "-n", "0"], "argument -n/--samples: expected a whole number >= 1, got '0'"),
    (["uncertainty", OUTPOST, "-n", "-5"], "argument -n/--samples: expected a whole number >= 1, got '-5'"),
    (["uncertainty", OUTPOST, "--seed", "-3"], "argument --seed: expected a whole number >= 0, got '-3'"),
]


@pytest.mark.parametrize("argv, fragment", ARGPARSE)
def test_bad_option_values_are_refused_by_name(capsys, argv, fragment):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert fragment in err and "Traceback" not in err and "<scenario>" not in err


def _big(tmp_path, old, new, name="big.yaml"):
    text = Path(OUTPOST).read_text()
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new))
    return str(path)


def _num_line(path):
    return next(i for i, line in enumerate(Path(path).read_text().splitlines(), 1)
                if "num: 1000000000000" in line)


# (arguments or a function of tmp_path giving them, the start of the error after "error: ",
#  other fragments)
STUDIES = [
    (["uncertainty", OUTPOST, "-n", "1000", "--quiet"],
     "-n: Sobol' points need a power of two samples", ["use 512 or 1024"]),
    (["sensitivity", OUTPOST, "-n", "1000", "--method", "sobol", "--quiet"],
     "-n: Sobol' indices need a power of two base samples", ["use 512 or 1024"]),
    (["uncertainty", OUTPOST, "--metrics", "bogus", "--quiet"], "--metrics: no metric 'bogus'", []),
    (["uncertainty", OUTPOST, "--metrics", "cost_rato", "--quiet"],
     "--metrics: no metric 'cost_rato'; did you mean 'cost_ratio'?", []),
    (["sensitivity", OUTPOST, "--metrics", "savngs", "--quiet"],
     "--metrics: no metric 'savngs'; did you mean 'savings'?", []),
    (["uncertainty", OUTPOST, "-n", str(10 ** 15), "--method", "random", "--quiet"],
     "-n: 10^15 samples, ~", ["at the measured rate of", "--yes"]),
    (["sensitivity", OUTPOST, "-n", str(2 ** 40), "--method", "sobol", "--quiet"],
     "-n: ", ["points x", "more than the memory budget", "use fewer base samples"]),
    (lambda tmp: ["sweep", _big(tmp, SWEEP_LINE, SWEEP_LINE.replace("num: 40", "num: 1000000000000")),
                  "--quiet"],
     "{file}:{line}:", ["sweep.transport.landed_cost.num: 10^12 points: ~8 TB of results",
                        "more than the memory budget", "at the measured rate of"]),
    (lambda tmp: ["sweep", _big(tmp, SWEEP_LINE, SWEEP_LINE.replace("num: 40", "num: 1e12")), "--quiet"],
     "{file}:", ["sweep.transport.landed_cost.num: 10^12 points: ~8 TB of results"]),  # YAML: a string
    (lambda tmp: ["sweep", _big(tmp, SWEEP_LINE, SWEEP_LINE.replace("num: 40", "num: 2.5e0")), "--quiet"],
     "{file}:", ["sweep.transport.landed_cost.num: num (the number of values) must be a whole number, got 2.5"]),
    (lambda tmp: ["sweep", _big(tmp, f"{SWEEP_LINE}\n  {CAMPAIGN_LINE}",
                                SWEEP_LINE.replace("num: 40", "num: 1000000")
                                + "\n  insitu.campaign: {lin: [1 year, 8 year], num: 1000000}"),
                  "--quiet"],
     "{file}:", ["sweep: 10^12 points x ", "B of results, more than the memory budget",
                 "at the measured rate of", "sweep fewer points or fewer metrics"]),
]


@pytest.mark.parametrize("argv, start, fragments", STUDIES)
def test_study_errors_name_the_option_or_the_line(tmp_path, capsys, argv, start, fragments):
    argv = argv(tmp_path) if callable(argv) else argv
    assert main(argv) == 2
    err = capsys.readouterr().err
    line = _num_line(argv[1]) if "{line}" in start else None
    assert err.startswith("basaltcalc: error: " + start.format(file=argv[1], line=line)), err
    for fragment in fragments:
        assert fragment in err, err
    assert "Traceback" not in err and "<scenario>" not in err


def test_yes_runs_a_large_monte_carlo_with_the_estimate(monkeypatch, capsys):
    from basaltcalc.studies import budget

    monkeypatch.setattr(budget, "LARGE_SAMPLES", 4096)  # a "large" study that runs in a blink
    argv = ["uncertainty", OUTPOST, "-n", "8192", "--method", "random", "--quiet"]
    assert main(argv) == 2
    assert "-n: 8,192 samples, ~" in capsys.readouterr().err
    with pytest.warns(RuntimeWarning, match=r"a large Monte Carlo: 8,192 samples, ~.* at the measured rate"):
        assert main([*argv, "--yes"]) == 0
    assert "uncertainty of" in capsys.readouterr().out


def test_samples_from_the_file_keep_the_file_location(tmp_path, capsys):
    path = _big(tmp_path, "samples: 65536", "samples: 1000")
    assert main(["uncertainty", path, "--quiet"]) == 2
    err = capsys.readouterr().err
    line = next(i for i, t in enumerate(Path(path).read_text().splitlines(), 1) if "samples: 1000" in t)
    assert err.startswith(f"basaltcalc: error: {path}:{line}:3 uncertainty.samples: Sobol' points need")


@pytest.mark.parametrize("seed", [2 ** 31 - 1, 2 ** 31, 2 ** 40, 2 ** 63, 2 ** 200])
def test_any_seed_is_written_to_netcdf_exactly(tmp_path, capsys, seed):
    from basaltcalc.outputs.files import open_dataset

    out = tmp_path / "mc.nc"
    argv = ["uncertainty", OUTPOST, "--seed", str(seed), "-n", "4096", "--quiet", "-o", str(out)]
    assert main(argv) == 0, capsys.readouterr().err
    stored = open_dataset(out).attrs["seed"]
    # netCDF-3 integers are 32-bit: larger seeds are kept as their decimal string
    assert int(stored) == seed and (isinstance(stored, str) == (seed >= 2 ** 31))


@pytest.mark.parametrize("argv,command", [
    (["run"], "run"), (["--debug", "sweep", "x.yaml"], "sweep"), ([], None), (["--help"], None),
    (["-h", "run"], None), (["--version"], None), (["--deb", "run"], None), (["ru"], None),
    (["x.yaml", "run"], None), (["--debug", "--debug", "run"], None)])
def test_command_of_names_the_command_only_where_its_parser_alone_reads_argv_alike(argv, command):
    from basaltcalc.cli import command_of

    assert command_of(argv) == command


def test_the_parser_of_one_command_reads_and_helps_as_the_whole_parser():
    """main() builds only the command's parser (build_parser(command)): the command's help,
    usage and its parsed arguments are the whole parser's."""
    import argparse

    from basaltcalc.cli import COMMANDS, build_parser

    def subparser(parser, name):
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return action.choices[name]

    whole = build_parser()
    for name in COMMANDS:
        one = build_parser(name)
        assert subparser(one, name).format_help() == subparser(whole, name).format_help()
        assert one.format_usage() == whole.format_usage()
        mine, theirs = subparser(one, name), subparser(whole, name)
        assert [(a.dest, a.option_strings, a.default) for a in mine._actions] == \
            [(a.dest, a.option_strings, a.default) for a in theirs._actions]
        assert mine._defaults == theirs._defaults
