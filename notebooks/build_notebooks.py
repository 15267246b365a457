"""Write the notebooks and run each top to bottom in a Jupyter kernel, outputs stored.

    python notebooks/build_notebooks.py        # from the repository root, after pip install -e .

The tests (tests/test_notebooks.py) run the stored notebooks again in a fresh kernel.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).parent
SETUP = """%matplotlib inline
%config InlineBackend.figure_formats = ['png']
%config InlineBackend.rc = {'figure.dpi': 72}
import numpy as np
import basaltcalc as bc
from basaltcalc import plotting"""

NOTEBOOKS = {
    "01-quickstart.ipynb": [
        ("md", "# basaltcalc quickstart\n\nCut or cast it from lunar basalt, or launch it? Load a scenario, "
               "evaluate both options, change an input, and plot the answer."),
        ("code", SETUP + "\n\nsc = bc.load_scenario('../scenarios/ilrs-south-pole-outpost.yaml')\nsc"),
        ("md", "One evaluation gives every metric as a pint Quantity; in a notebook the result shows as tables "
               "(both options side by side, the comparison, the defaults it used)."),
        ("code", "res = bc.evaluate(sc)\nres"),
        ("code", "res['cost_ratio'], res['insitu.total_cost'].to('MUSD'), res['breakeven_landed_cost'].to('kUSD/kg')"),
        ("md", "## Change an input\n\nAny input by its dotted path, the same as in the file and on the command "
               "line. A landed cost ten times cheaper than today's commercial landers:"),
        ("code", "cheap = bc.evaluate(sc, {'transport.landed_cost': '120 kUSD/kg'})\n"
                 "float(cheap['cost_ratio']), cheap['savings'].to('MUSD')"),
        ("md", "## Plot\n\nEvery figure is a function of `bc.plotting` that returns a matplotlib Figure "
               "(no pyplot state). The cost breakdown gives each option its own panel when one costs far more than the other."),
        ("code", "plotting.cost_breakdown(res)"),
        ("code", "plotting.landed_cost_curve(sc, num=100)"),
    ],
    "02-sweeps-and-breakevens.ipynb": [
        ("md", "# Sweeps and breakevens\n\nWhere does the in-situ option pay? Two inputs matter most for a cut-stone "
               "plant: what a kilogram costs to land, and how heavy the plant is per kg/h of throughput. "
               "A sweep evaluates the grid in one broadcast."),
        ("code", SETUP + "\n\nsc = bc.load_scenario('../scenarios/ilrs-south-pole-outpost.yaml')"),
        ("code", "grid = bc.sweep(sc, {'transport.landed_cost': {'log': ['2 kUSD/kg', '2 MUSD/kg'], 'num': 40},\n"
                 "                     'routes.cut-stone.plant_specific_mass': {'log': ['10 kg/(kg/h)', '3000 kg/(kg/h)'], 'num': 25}},\n"
                 "                progress=False)\ngrid['cost_ratio']"),
        ("md", "The map is centred on the breakeven: red where in-situ is cheaper (cost ratio below 1), blue where "
               "launching is; the black line is the breakeven contour."),
        ("code", "plotting.sweep_map(grid, 'cost_ratio')"),
        ("md", "The breakeven landed cost is a closed form: at each plant mass, the landed cost above which "
               "in-situ wins (up to 100 kg/(kg/h): a heavier plant in one piece outgrows the file's lander, and "
               "`evaluate` warns that it should be declared modular)."),
        ("code", "be = bc.evaluate(sc, {'routes.cut-stone.plant_specific_mass': bc.Q_([10, 30, 100], 'kg/(kg/h)')})\n"
                 "be['breakeven_landed_cost'].to('kUSD/kg')"),
        ("md", "## Against the number of elements\n\nThe plant is a fixed cost shared by every element made: "
               "the breakeven scale is the factor on all counts at which both options cost the same."),
        ("code", "plotting.scale_curve(bc.load_scenario('../scenarios/habitat-tubes-al2219.yaml'))"),
        ("md", "## The best plan, not one plan\n\nA file's plan is one set of decisions, and the answer moves "
               "with them: the campaign length alone moves the default cost ratio about twofold. The `optimize:` "
               "block of `best-plan-shelter-ring.yaml` leaves the campaign, the development time and the plant's "
               "modules, the power preset, the lander and a modular plant to `bc.optimize`, which finds the plan "
               "of least present cost that finishes within 12 years and draws at most 30 kW, and chooses the "
               "cheapest Earth design per element group from every catalogue material. It prints the best plan "
               "beside the file's, what binds, and the runner-up plans within 5 %."),
        ("code", "from basaltcalc.outputs.optimum import optimum_text\n\n"
                 "plan_sc = bc.load_scenario('../scenarios/best-plan-shelter-ring.yaml')\n"
                 "best = bc.optimize(plan_sc)\nprint(optimum_text(best))"),
        ("md", "Over the landed cost the best plan is chosen again at each point (one call, every plan and "
               "point on one broadcast; 12 points here, the file's `over:` has 40). Each plan chosen somewhere, "
               "held fixed, is a line; the optimum is their lower envelope, and the letters mark where the plan "
               "changes: a longer campaign that needs one storage unit fewer, here, as landing a kilogram "
               "costs more. The blue line is the best Earth design: carbon-fibre elements, lighter than the "
               "plant that would make them in basalt."),
        ("code", "opt = bc.optimize_sweep(plan_sc, over={'transport.landed_cost': {'log': ['20 kUSD/kg', '2 MUSD/kg'], 'num': 12}})\n"
                 "plotting.optimum_curve(opt)"),
        ("code", "table = opt[['insitu.npv', 'insitu.campaign', 'earth[best].npv']].to_dataframe()\n"
                 "table['insitu.campaign'] /= 365.25 * 86400  # s -> year\n"
                 "table[opt['plan_change'].values | (np.arange(opt.sizes['transport.landed_cost']) == 0)]"),
    ],
    "03-uncertainty-and-sensitivity.ipynb": [
        ("md", "# Uncertainty and sensitivity: how sure is the answer, and what to measure next?\n\nNo lunar sawing or "
               "casting plant has been built, so most in-situ inputs are weakly sourced. Every study here draws one "
               "**uncertainty set**: every catalogue default with a sourced low/high range (PERT with its mode at the "
               "default, log-PERT where the range spans a decade or more, uniform where the source gives only bounds), "
               "overridden or extended by the file's `uncertainty:` block. Values the file gives are known."),
        ("code", SETUP + "\n\nsc = bc.load_scenario('../scenarios/ilrs-south-pole-outpost.yaml')\n"
                 "uset = bc.uncertainty_set(sc)\nprint(uset.label)\nprint('\\n'.join(repr(uset).splitlines()[1:9]))"),
        ("md", "## How sure\n\n`basaltcalc run` prints, under its headline, the probability that in situ is cheaper than "
               "each Earth design over that set, from a seeded sample:"),
        ("code", "pr = bc.probability_cheaper(sc)\npr"),
        ("md", "Streaming statistics over the same set (memory does not grow with the sample count):"),
        ("code", "stats = bc.uncertainty(sc, n=4096, method='random', progress=False)\n"
                 "print(stats.attrs['uncertainty_set'], '-', stats.attrs['uncertain_inputs'], 'inputs')\n"
                 "stats['quantiles'].sel(metric=['cost_ratio', 'savings'])"),
        ("md", "Every sample kept, for the distribution (vermillion: in-situ cheaper):"),
        ("code", "samples = bc.sample(sc, n=2048, method='random', metrics=['cost_ratio', 'savings'], progress=False)\n"
                 "plotting.distribution(samples, 'cost_ratio')"),
        ("md", "## Which inputs drive it\n\nOne at a time at the ends of each input's distribution (tornado: the input's value "
               "at each bar's end, ranked as `basaltcalc sensitivity` ranks them), then Sobol' indices with bootstrap "
               "intervals over the whole set."),
        ("code", "tor = bc.tornado(sc, metrics=('cost_ratio',))\nplotting.tornado(tor, 'cost_ratio', top=10)"),
        ("code", "indices = bc.sobol(sc, n=256, seed=7, metrics=('cost_ratio',), progress=False)\n"
                 "print(indices.attrs['uncertain_inputs'], 'inputs;', 'largest total index:', str(indices['input'].values[0]),\n"
                 "      round(float(indices['total_order'].values[0, 0]), 3))\n"
                 "plotting.sobol_indices(indices)"),
        ("md", "## What to measure next\n\nVariance is not value. A planner's question is which measurement would change the "
               "decision, and what that is worth: the expected value of perfect information (EVPI) of the decision, and "
               "the partial EVPI (EVPPI) of each input, in cost-year USD. For the ILRS ring, cutting the stone in situ is "
               "cheaper in every sample against both Earth designs:"),
        ("code", "v = bc.value_of_information(sc, n=4096)\n"
                 "for d, ev, p in zip(v['decision'].values, v['evpi'].values, v['p_best'].values):\n"
                 "    print(f\"{d:<36} EVPI {ev / 1e6:6.1f} MUSD   in-situ cheapest in {p[0]:.1%} of samples\")"),
        ("md", "An EVPI of 0: no measurement can change this decision, however much the inputs vary. A closer call is "
               "different. With transport built from the rocket equation (`heavy-lander-transport.yaml`), launching the "
               "same stone wins in a few percent of the samples, so knowing everything would be worth something. Which "
               "uncertainty is worth resolving first? Every input's EVPPI, a named group, and a named measurement (a cost "
               "study of the plant's development: four independent estimates, each within about 30 %):"),
        ("code", "heavy = bc.load_scenario('../scenarios/heavy-lander-transport.yaml')\n"
                 "hv = bc.value_of_information(heavy, groups={'plant hardware': ['economics.ddte', 'economics.hardware_cost']},\n"
                 "                             measurements={'DDT&E cost study': {'input': 'economics.ddte', 'n': 4, 'sigma': 0.3}})\n"
                 "d = 'in-situ vs Earth (cast-basalt)'\n"
                 "ev = float(hv['evpi'].sel(decision=d))\n"
                 "print(f\"EVPI {ev / 1e6:.1f} +/- {float(hv['evpi_se'].sel(decision=d)) / 1e6:.1f} MUSD; \"\n"
                 "      f\"in-situ cheapest in {float(hv['p_best'].sel(decision=d)[0]):.0%} of samples\")\n"
                 "e = hv['evppi'].sel(decision=d).to_series()\n"
                 "for name in e[hv['kind'].values == 'input'].nlargest(4).index:\n"
                 "    print(f'  {name:<40} EVPPI {e[name] / 1e6:6.1f} MUSD ({e[name] / ev:.0%} of the EVPI)')\n"
                 "print(f\"  group 'plant hardware'                   EVPPI {e['plant hardware'] / 1e6:6.1f} MUSD\")\n"
                 "print(f\"  measurement 'DDT&E cost study'          EVSI  {float(hv['evsi'].sel(decision=d)[0]) / 1e6:6.1f} MUSD\")"),
        ("code", "plotting.value_of_information(hv)"),
        ("md", "No single input is worth resolving here: each one's EVPPI, development cost (DDT&E) the largest, is a "
               "small share of the EVPI, and so are the plant-hardware group and the cost study. The cases where "
               "launching wins need several inputs at their unlucky ends at once; only a study of many of them together "
               "would change the decision. The Sobol' indices of the ILRS ring rank DDT&E first: variance ranks what moves the ratio, value what changes the decision. "
               "`basaltcalc value FILE --group NAME=PATH,... --measure NAME=PATH,n=N,sigma=S` gives the same table; "
               "`docs/uncertainty.md` explains the estimators and their errors."),
    ],
    "04-ilrs-south-pole-outpost.ipynb": [
        ("md", "# ILRS south-pole outpost: cast or cut basalt sheets and tubes, or launch them?\n\n"
               "The International Lunar Research Station's planners name basalt \"cut into sheets or tubes\" as a "
               "construction route. The first shelter ring needs 120 floor panels, 80 shielded wall panels and "
               "40 pressure tubes. Is it cheaper to make them on the Moon, and how much launched mass does it save?"),
        ("code", SETUP + "\nfrom basaltcalc.scenario import scenario_from_dict\n\n"
                 "cut = bc.load_scenario('../scenarios/ilrs-south-pole-outpost.yaml')\ncut"),
        ("md", "## Two ways to make them, two things to compare with\n\nThe file cuts natural basalt (cut-stone "
               "route). The same ring can be cast (melt-cast, cast basalt). On the Earth side the like-for-like "
               "comparator launches the same stone; the functional one launches Al 2219 elements sized by the same rules."),
        ("code", "def variant(route=None, material=None, earth=None):\n"
                 "    d = cut.to_dict()\n"
                 "    if route:\n"
                 "        # a melt plant (1.5 t) is carried in modules: no lander takes it whole\n"
                 "        d['insitu'] = {**d['insitu'], 'route': route, 'material': material, 'modular': True}\n"
                 "    if earth:\n"
                 "        d['earth'] = {'material': earth}\n"
                 "    return scenario_from_dict(d)\n\n"
                 "cases = {('cut-stone', 'same stone'): cut,\n"
                 "         ('cut-stone', 'Al 2219'): variant(earth='al-2219'),\n"
                 "         ('melt-cast', 'same stone'): variant('melt-cast', 'cast-basalt'),\n"
                 "         ('melt-cast', 'Al 2219'): variant('melt-cast', 'cast-basalt', 'al-2219')}\n"
                 "results = {k: bc.evaluate(s) for k, s in cases.items()}\n"
                 "for (route, earth), r in results.items():\n"
                 "    print(f\"{route:<10} vs Earth {earth:<11} cost ratio {float(r['cost_ratio']):8.4f}  \"\n"
                 "          f\"savings {r['savings'].to('MUSD').m:10,.0f} MUSD  mass leverage {float(r['mass_leverage']):6.1f}  \"\n"
                 "          f\"breakeven landed cost {r['breakeven_landed_cost'].to('kUSD/kg').m:8.1f} kUSD/kg\")"),
        ("md", "## Where the money goes\n\nAgainst launching the same stone (heavy), in-situ wins by far; against light "
               "Al 2219 elements the margin shrinks. Each option keeps its own axis where one is many times the other."),
        ("code", "plotting.cost_breakdown(results[('cut-stone', 'same stone')])"),
        ("code", "plotting.cost_breakdown(results[('cut-stone', 'Al 2219')])"),
        ("code", "plotting.mass_breakdown(results[('cut-stone', 'Al 2219')])"),
        ("md", "## How low would launch prices have to fall?"),
        ("code", "fig = plotting.new_figure((11, 4))\nleft, right = fig.subplots(1, 2)\n"
                 "plotting.landed_cost_curve(cases[('cut-stone', 'same stone')], num=80, ax=left)\n"
                 "plotting.landed_cost_curve(cases[('cut-stone', 'Al 2219')], num=80, ax=right)\n"
                 "left.set_title('against the same stone'); right.set_title('against Al 2219')\nfig"),
        ("md", "## How sure is it?\n\nOver the scenario's uncertainty set: every sourced range, the file's uncertainty "
               "block (plant mass, cutting energy, yield, landed cost, development cost) replacing their ranges:"),
        ("code", "for k in [('cut-stone', 'same stone'), ('cut-stone', 'Al 2219')]:\n"
                 "    pr = bc.probability_cheaper(cases[k], n=2048)\n"
                 "    print(k, pr.lines()[0], '|', pr.inputs, 'uncertain inputs')"),
        ("md", "## Answer\n\nAt today's commercial lander price (1.2 MUSD/kg landed), cutting the ring's sheets and tubes "
               "from local basalt costs a few percent of launching them, whether the comparator is the same stone or "
               "lighter Al 2219 elements; casting them costs two to three times what cutting does, about a tenth of launching or less; in-situ stays cheaper down to "
               "landed costs of some 13 kUSD/kg or less (cut stone against the same stone at any landed cost: its breakeven is 0; the table above), and over the scenario's uncertainty set it is cheaper in "
               "every sample. The plant's development cost is the largest single cost term; `basaltcalc sensitivity` "
               "shows which inputs move the ratio most, but none of them changes the answer here (`basaltcalc value` "
               "gives an EVPI of 0: no measurement is worth making to decide this). `basaltcalc report scenarios/ilrs-south-pole-outpost.yaml -o report.html` writes all of "
               "this, with every assumption and its source, into one file."),
    ],
    "05-explorer.ipynb": [
        ("md", "# A calculator to play with\n\n`bc.explore(scenario)` puts the inputs that decide the answer on sliders "
               "and the scenario's choices (route, power, lander, Earth design) in dropdowns; every move re-evaluates the "
               "headline, the probability that in situ is cheaper and the figures, and the explored case can be saved as a "
               "scenario file that `basaltcalc run` reproduces exactly. In Jupyter the next cell shows the widgets "
               "(`pip install 'basaltcalc[explore]'` for ipywidgets); a stored notebook shows only their model."),
        ("code", SETUP + "\n\nsc = bc.load_scenario('../scenarios/ilrs-south-pole-outpost.yaml')\n"
                 "ex = bc.explore(sc)\nex"),
        ("md", "## Which inputs get a slider\n\nBy default the six inputs of the scenario's uncertainty set that move the "
               "cost ratio most at the ends of their sourced ranges (the tornado's rank: one broadcast evaluation; the "
               "value of information ranks nothing here, as no input alone changes this decision), each over its range in "
               "the unit its data file uses. The file's own values are where they start."),
        ("code", "for c in ex.controls:\n"
                 "    print(f\"{c.path:<44} {c.start:>8.4g} {c.unit:<10} range {c.low:.4g}-{c.high:.4g}  {'log ' if c.log else ''}({c.source})\")\n"
                 "print(ex.headline)"),
        ("md", "## Without a browser\n\nThe explorer is a plain object: the widgets call `ex.set(path, value)`, and so can a "
               "script or a test. Cheaper landers and a dearer plant development:"),
        ("code", "ex.set('transport.landed_cost', '300 kUSD/kg').set('economics.ddte', '2.5 BUSD')\n"
                 "print(ex.headline)\n"
                 "for row in ex.moved():\n"
                 "    print(f\"{row['path']:<24} {row['was']:>12} -> {row['value']:<12} range {row['range']:<18} {row['source'][:60]}\")"),
        ("md", "The figure the sliders redraw (its bars, lines and marks move in place; only they are painted again):"),
        ("code", "ex.figure"),
        ("md", "## A case that cannot be built\n\nA melt plant of 1.5 t does not fit the file's 1 t lander in one piece. "
               "The explorer says so, located in the file, and keeps the last feasible answer and figures:"),
        ("code", "ex.set('insitu.route', 'melt-cast')\nprint(ex.error)\nprint('cost ratio still shown:', round(ex.headline.cost_ratio['natural-basalt'], 4))\n"
                 "ex.set('insitu.route', 'cut-stone').error is None"),
        ("md", "## Save the case, run it again\n\nOnly the inputs changed are written, in the units shown, next to the file's "
               "own; `to_yaml` checks that the file gives exactly the explorer's numbers before writing it (atomically)."),
        ("code", "import pathlib, tempfile\n"
                 "path = ex.to_yaml(pathlib.Path(tempfile.mkdtemp()) / 'explored.yaml')\n"
                 "print(path.read_text())"),
        ("md", "`basaltcalc run` on the file prints the same headline and probability (its first lines):"),
        ("code", "import contextlib, io\nfrom basaltcalc.cli import main\n\n"
                 "out = io.StringIO()\nwith contextlib.redirect_stdout(out):\n"
                 "    main(['run', str(path), '--samples', '512'])\n"
                 "print('\\n'.join(out.getvalue().splitlines()[3:6]))"),
        ("code", "again = bc.evaluate(bc.load_scenario(path))\n"
                 "all(float(again.raw[m]) == float(ex.results.raw[m]) for m in ['cost_ratio', 'breakeven_landed_cost', 'insitu.total_cost'])"),
    ],
}


def build(name, cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.cells = [nbformat.v4.new_markdown_cell(src) if kind == "md" else nbformat.v4.new_code_cell(src)
                for kind, src in cells]
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}).execute()
    nbformat.write(nb, HERE / name)


if __name__ == "__main__":
    import sys

    for name, cells in NOTEBOOKS.items():
        if len(sys.argv) == 1 or name in sys.argv[1:]:
            build(name, cells)
            print("wrote", name, (HERE / name).stat().st_size, "bytes")
