"""The gallery pages: one per scenario file of ``scenarios/``, with what the program says of it.

Written by ``conf.py`` at the start of every build into ``docs/gallery/`` (not kept in git): the
file's own comments and text, the headline of ``basaltcalc run``, and two figures drawn by
``basaltcalc plot`` (the breakdown and the landed-cost curve), so the gallery cannot drift from
the program.
"""
from __future__ import annotations

import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
#: The figures of each page: (kind, caption).  Cheap kinds only: a build draws them all.
FIGURES = (("breakdown", "Cost and Earth-launched mass of every option, term by term "
                         "(``basaltcalc plot FILE --kind breakdown``)."),
           ("landed-cost", "Both totals against the landed cost per kg, breakeven marked "
                           "(``basaltcalc plot FILE --kind landed-cost``)."))
DPI = 80


def _title(text: str, mark: str) -> str:
    return f"{text}\n{mark * len(text)}\n"


def _page(path: Path, out: Path) -> str:
    """The reST of one scenario's page; its figures written beside it."""
    import matplotlib.pyplot as plt

    import basaltcalc as bc
    from basaltcalc.cli.plot import make_figure
    from basaltcalc.errors import ScenarioError
    from basaltcalc.model.tables import headline
    from basaltcalc.outputs.plotting import figure_bytes
    from basaltcalc.text import printable

    sc = bc.load_scenario(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the page states the numbers; warnings are run's to print
        res = bc.evaluate(sc)
        lines = [_title(printable(sc.name), "="), f"``scenarios/{path.name}``\n",
                 f"**{printable(headline(res))}**\n"]
        for kind, caption in FIGURES:
            try:
                fig = make_figure(kind, sc)
            except ScenarioError as exc:  # a kind that does not apply says why
                lines.append(f".. note::\n\n   {printable(str(exc))}\n")
                continue
            png = out / f"{path.stem}-{kind}.png"
            png.write_bytes(figure_bytes(fig, "png", dpi=DPI))
            plt.close(fig)
            lines.append(f".. figure:: {png.name}\n   :width: 100%\n\n   {caption}\n")
    lines += [_title("The file", "-"),
              f".. literalinclude:: ../../scenarios/{path.name}\n   :language: yaml\n"]
    return "\n".join(lines)


def write_gallery(out: Path) -> None:
    """Every scenario's page and the gallery's index into ``out``."""
    import matplotlib

    matplotlib.use("Agg")
    out.mkdir(parents=True, exist_ok=True)
    paths = sorted(SCENARIOS.glob("*.yaml"))
    for path in paths:
        (out / f"{path.stem}.rst").write_text(_page(path, out), encoding="utf-8")
    index = [_title("Gallery", "="),
             "Every scenario file shipped in ``scenarios/``, with the headline ``basaltcalc run`` prints "
             "for it and two of its figures, drawn by the program when these pages were built.\n",
             ".. toctree::\n   :maxdepth: 1\n", *[f"   {p.stem}" for p in paths], ""]
    (out / "index.rst").write_text("\n".join(index), encoding="utf-8")
