"""Issue 9 part A, outputs: NPVs and the cash-flow table in run, JSON, CSV, Results.cash_flows
and the cumulative cash-flow figure (h)."""
from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

import basaltcalc as bc
from basaltcalc.cli import main
from basaltcalc.model.tables import cash_flow_table, format_quantity, results_csv, results_json

SC = bc.default_scenario()
RES = bc.evaluate(SC)


def test_cash_flows_dataset_sums_to_the_npvs_and_totals():
    ds = RES.cash_flows()
    assert ds["paid"].dims == ("option", "year") and ds["discounted"].dims == ("option", "year")
    assert list(ds["option"].values) == ["insitu", "earth[cast-basalt]", "earth[al-2219]"]
    assert ds["year"].values[0] == 0 and ds.attrs["discount_rate"] == 0.02
    for option, npv, total in [("insitu", "insitu.npv", "insitu.total_cost"),
                               ("earth[cast-basalt]", "earth.npv", "earth.total_cost"),
                               ("earth[al-2219]", "earth[al-2219].npv", "earth[al-2219].total_cost")]:
        assert float(ds["discounted"].sel(option=option).sum()) == pytest.approx(RES[npv].m, rel=1e-12)
        assert float(ds["paid"].sel(option=option).sum()) == pytest.approx(RES[total].m, rel=1e-12)
    # development 1 BUSD over the 5 first years: 200 MUSD in year 0 (1e9 / 5)
    assert float(ds["paid"].sel(option="insitu", year=0)) == pytest.approx(2e8, rel=1e-12)
    # the Earth option pays nothing before its first launch (year 5)
    assert float(ds["paid"].sel(option="earth[cast-basalt]", year=slice(0, 4)).sum()) == 0.0


def test_cash_flows_of_a_sweep_keep_the_sweep_dims():
    res = bc.evaluate(SC, {"economics.discount_rate": np.array([0.0, 0.05, 0.1])})
    ds = res.cash_flows(years=40)
    assert ds["discounted"].dims == ("dim_0", "option", "year") and ds.sizes["dim_0"] == 3
    npv = ds["discounted"].sel(option="insitu").sum("year").values
    np.testing.assert_allclose(npv, res["insitu.npv"].m, rtol=1e-12)
    assert np.all(np.diff(npv) < 0)


def test_text_json_and_csv_cash_flows_are_the_datasets_numbers():
    """The outputs take the cash flows as numpy arrays (no Dataset built): the same options,
    years, values and attributes as Results.cash_flows(), for one point and for a sweep."""
    from basaltcalc.model.tables import _cash_flow_arrays

    sweep = bc.evaluate(SC, {"economics.discount_rate": np.array([0.0, 0.05])})
    for res, years in ((RES, None), (RES, 7), (sweep, 40)):
        ds, cf = res.cash_flows(years), _cash_flow_arrays(res, years)
        assert cf["option"] == [str(o) for o in ds["option"].values]
        assert np.array_equal(cf["year"], ds["year"].values) and cf["attrs"] == ds.attrs
        for var in ("paid", "discounted"):
            assert cf[var].shape == ds[var].shape
            assert np.array_equal(cf[var], ds[var].values)


def test_run_does_not_import_xarray_pandas_or_plotting():
    """`basaltcalc run` (table, JSON, CSV) needs none of the heavy libraries."""
    import subprocess
    import sys

    code = ("import sys, io, contextlib\n"
            "from basaltcalc.cli import main\n"
            "for fmt in ('table', 'json', 'csv'):\n"
            "    with contextlib.redirect_stdout(io.StringIO()):\n"
            "        assert main(['run', '--format', fmt]) == 0\n"
            "print(sorted(m for m in ('xarray', 'pandas', 'matplotlib', 'dask.array', 'tqdm') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_run_prints_npvs_rate_and_a_compact_cash_flow_table(capsys):
    assert main(["run"]) == 0
    out = capsys.readouterr().out
    npv_row = next(line for line in out.splitlines() if line.startswith("net present value (NPV)"))
    for name in ("earth.npv", "earth[al-2219].npv", "insitu.npv"):
        assert format_quantity(RES[name].m, "USD") in npv_row, (name, npv_row)
    assert "discount rate 2 % a year" in out
    table = out[out.index("Cash flows"):].split("\n\n")[0].splitlines()
    assert 4 <= len(table) <= 20  # aggregated: compact
    assert any(line.lstrip().startswith("NPV") for line in table)


def test_cash_flow_table_periods_cover_the_programme():
    text = cash_flow_table(RES)
    rows = [line for line in text.splitlines() if line[:14].strip()[:1].isdigit()]
    # each row is a period [a, b) in years: they tile 0 .. the end without gaps
    spans = [tuple(int(x) for x in line.split()[0].rstrip("+").split("-")) for line in rows]
    assert spans[0][0] == 0 and all(b == c for (_, b), (c, _) in zip(spans, spans[1:]))


def test_json_and_csv_carry_the_npvs_and_the_cash_flows():
    doc = json.loads(json.dumps(results_json(RES)))
    assert doc["metrics"]["earth.npv"]["value"] == RES["earth.npv"].m
    assert doc["metrics"]["insitu_irr"]["unit"] == ""
    cf = doc["cash_flows"]
    assert cf["discount_rate"] == 0.02 and cf["unit"] == "USD" and len(cf["year"]) == len(cf["paid"]["insitu"])
    assert sum(cf["discounted"]["insitu"]) == pytest.approx(RES["insitu.npv"].m, rel=1e-12)
    text = results_csv(RES)
    rows = list(csv.reader(io.StringIO("".join(line + "\n" for line in text.splitlines()
                                              if not line.startswith("#")))))
    values = {r[0]: float(r[1]) for r in rows[1:]}
    assert values["insitu.npv"] == RES["insitu.npv"].m
    assert values["cash_flows.paid[insitu][0]"] == pytest.approx(2e8, rel=1e-12)
    disc = sum(v for k, v in values.items() if k.startswith("cash_flows.discounted[insitu]"))
    assert disc == pytest.approx(RES["insitu.npv"].m, rel=1e-12)


def test_cumulative_cash_flow_figure_content(tmp_path):
    from basaltcalc import plotting
    from basaltcalc.display import number

    # by default the axis ends at twice the span that matters, the Earth deliveries past it said
    # under the figure (issue 30: 640 years for the pavers hid a 38-year payback)
    short = plotting.cumulative_cash_flow(RES)
    end = RES["earth.last_delivery_time"].to("year").m
    assert short.axes[0].get_xlim()[1] < end and "Off the axis" in short.texts[-1].get_text()
    # to the programme's end, the curves end at the NPVs
    fig = plotting.cumulative_cash_flow(RES, horizon=bc.Q_(end + 1.0, "year"))
    ax = fig.axes[0]
    lines = {ln.get_gid(): ln for ln in ax.get_lines() if ln.get_gid()}
    assert {"insitu.cumulative_cost", "earth.cumulative_cost", "earth[al-2219].cumulative_cost"} <= set(lines)
    # the curves end at the NPVs, in the unit of the axis label
    unit = ax.get_ylabel().rsplit("[", 1)[1].rstrip("]")
    scale = bc.Q_(1.0, "USD").m_as(unit)
    assert lines["insitu.cumulative_cost"].get_ydata()[-1] == pytest.approx(RES["insitu.npv"].m * scale, rel=1e-9)
    assert lines["earth.cumulative_cost"].get_ydata()[-1] == pytest.approx(RES["earth.npv"].m * scale, rel=1e-9)
    # the crossing is marked at the discounted payback time, with its label
    t = RES["discounted_payback_time"].to("year").m
    assert lines["payback"].get_xdata()[0] == pytest.approx(t)
    labels = [x.get_text() for x in ax.texts]
    assert any(f"year {number(t)}" in s for s in labels)  # a date: from the start of development
    assert "discounted at 2 % a year" in ax.get_title() and "start of development" in ax.get_xlabel()
    # the curves do cross there: the in-situ curve is above before, below after (in-situ dearer first)
    x = lines["insitu.cumulative_cost"].get_xdata()
    gap = lines["earth.cumulative_cost"].get_ydata() - lines["insitu.cumulative_cost"].get_ydata()
    assert np.all(gap[(x > 0) & (x < t - 0.05)] < 0) and np.all(gap[x > t + 0.05] > 0)
    png = plotting.figure_bytes(fig, "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    (tmp_path / "h.png").write_bytes(png)


def test_cumulative_cash_flow_never_paid_back_is_noted():
    from basaltcalc import plotting

    res = bc.evaluate(SC, {"economics.discount_rate": 5.0})
    fig = plotting.cumulative_cash_flow(res)
    texts = [x.get_text() for x in fig.axes[0].texts]
    assert any("never catches up" in s for s in texts)
    assert not [ln for ln in fig.axes[0].get_lines() if ln.get_gid() == "payback"]
