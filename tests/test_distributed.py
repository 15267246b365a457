"""Studies on dask (basaltcalc/studies/distributed.py): the same numbers, bit for bit, on the local
path, dask threads, dask processes and a 2-worker LocalCluster; errors that reach the user."""
import os
import pickle
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import basaltcalc as bc
from basaltcalc.errors import Problem, ScenarioError, SchedulerError, SchedulerUnreachableError
from basaltcalc.studies import sampling, streaming

SPEC = {"routes.melt-cast.plant_specific_mass":
        {"triangular": ["50 kg/(kg/h)", "150 kg/(kg/h)", "400 kg/(kg/h)"]},
        "transport.landed_cost": {"loguniform": ["0.3 MUSD/kg", "1.2 MUSD/kg"]},
        "insitu.campaign": {"normal": ["2 year", "0.2 year"]},
        "all_defaults": False}  # these three only: the scheduler's mechanics, not the uncertainty set
GRID = {"transport.landed_cost": {"log": ["10 kUSD/kg", "2 MUSD/kg"], "num": 40},
        "insitu.campaign": ["1 year", "2 year", "5 year"]}
N = 5 * 16384 + 1000  # five whole blocks of 16384 and a partial one


@pytest.fixture(scope="module")
def sc():
    return bc.default_scenario()


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=40) as cl:
        yield cl


def same(a, b):
    """Every variable and coordinate equal, bit for bit (NaN where NaN)."""
    assert set(a.variables) == set(b.variables)
    for v in a.variables:
        x, y = a[v].values, b[v].values
        assert a[v].dims == b[v].dims, v
        if x.dtype.kind == "f":
            assert np.array_equal(x.view(np.int64), y.view(np.int64)), v
        else:
            assert np.array_equal(x, y), v
    return True


PLAIN_RUN = ("import sys, basaltcalc as bc; sc = bc.default_scenario(); bc.evaluate(sc); "
             "bc.sweep(sc, {'transport.landed_cost': ['1 MUSD/kg', '2 MUSD/kg']}, progress=False); "
             "bc.uncertainty(sc, {'transport.landed_cost': {'uniform': ['0.3 MUSD/kg', '1 MUSD/kg']}}, "
             "n=5000, seed=1, progress=False); ")


def test_without_dask_nothing_changes_and_nothing_imports_it():
    """dask made unimportable (as when the extra is not installed): the plain studies run and
    nothing tried to use it (pint and xarray probe for it themselves and carry on without it)."""
    code = ("import sys; sys.modules.update(dask=None, distributed=None); " + PLAIN_RUN +
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed') "
            "and sys.modules[m] is not None), 'basaltcalc.studies.distributed' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[]", "False"]


def test_with_dask_installed_the_local_path_does_not_load_the_dask_code():
    code = PLAIN_RUN + ("print('distributed' in sys.modules, "
                        "'basaltcalc.studies.distributed' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_import_does_not_load_dask_through_pint_and_dask_quantities_still_compute():
    """pint imports dask.base when dask is installed (0.07 s); basaltcalc hides it while pint
    loads and gives pint's hooks back as stand-ins, so a Quantity of a dask array computes."""
    code = ("import sys, basaltcalc as bc; bc.evaluate(bc.default_scenario()); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'dask')); "
            "import dask.array as da; q = bc.Q_(da.ones(4, chunks=2), 'm'); r = (2 * q).compute(); "
            "print(float(r.magnitude.sum()), r.units)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["[]", "8.0 m"]


@pytest.mark.parametrize("method", ["random", "sobol", "lhs"])
def test_any_range_of_samples_is_drawn_the_same(sc, method):
    """Ranges that start and stop anywhere (not on block edges), drawn by fresh samplers as dask
    blocks are, give the samples of one draw of the whole plan."""
    n = 3 * sampling.RANDOM_BLOCK + 777
    plan = sampling.read_uncertainty(sc, SPEC, n=n if method != "sobol" else 1 << 18, seed=11,
                                     method=method)
    whole = sampling.Sampler(plan).draw(0, plan.n)
    edges = [0, 1, 4096, 70000, 131071, 150000, plan.n]
    parts = [sampling.Sampler(plan).draw(a, b) for a, b in zip(edges[:-1], edges[1:])]
    assert np.array_equal(np.concatenate(parts, axis=1), whole)


def test_partials_merged_in_order_equal_update():
    rng = np.random.default_rng(3)
    x = rng.lognormal(0, 2, (3, 5 * 4096 + 100))
    x[1, ::97] = np.inf
    x[2, ::50] = np.nan
    ref = streaming.StreamingStats(["a", "b", "c"])
    ref.update(x)
    edges = [0, 8192, 12288, 20480, x.shape[1]]
    parts = [streaming.partial_stats(x[:, a:b]) for a, b in zip(edges[:-1], edges[1:])]
    parts = [pickle.loads(pickle.dumps(p)) for p in reversed(parts)][::-1]  # computed anywhere
    got = streaming.StreamingStats(["a", "b", "c"])
    for p in parts:
        got.merge(p)
    for attr in ("n", "mean", "m2", "min", "max", "n_nan", "n_posinf", "n_neginf", "hist"):
        assert np.array_equal(getattr(ref, attr), getattr(got, attr)), attr


def test_scenario_error_pickles_with_its_location():
    err = ScenarioError(Problem("expected a length, e.g. '3 m'", "elements[1].length", "s.yaml", 14, 12))
    back = pickle.loads(pickle.dumps(err))
    assert str(back) == str(err) == "s.yaml:14:12 elements[1].length: expected a length, e.g. '3 m'"
    assert (back.file, back.line, back.column) == ("s.yaml", 14, 12)


@pytest.mark.parametrize("method", ["random", "sobol"])
def test_monte_carlo_bit_identical_on_every_scheduler(sc, cluster, method):
    n = N if method == "random" else 1 << 17
    ref = bc.uncertainty(sc, SPEC, n=n, seed=7, method=method, progress=False)
    for scheduler, block in (("threads", 16384), ("processes", 3 * 16384),
                             (cluster.scheduler_address, 16384), (cluster.scheduler_address, 1 << 18)):
        got = bc.uncertainty(sc, SPEC, n=n, seed=7, method=method, progress=False,
                             scheduler=scheduler, chunk_size=block)
        assert same(ref.drop_attrs(), got.drop_attrs())


def test_grid_same_on_every_scheduler(sc, cluster, tmp_path):
    from basaltcalc.outputs.files import open_dataset, to_netcdf

    ref = bc.sweep(sc, GRID, progress=False)
    for scheduler in ("threads", "processes", cluster.scheduler_address):
        assert same(ref, bc.sweep(sc, GRID, progress=False, scheduler=scheduler, chunk_points=30))
    lazy = bc.sweep(sc, GRID, progress=False, scheduler="threads", chunk_points=30, lazy=True)
    assert type(lazy["cost_ratio"].data).__module__.startswith("dask")
    to_netcdf(lazy, tmp_path / "grid.nc")  # block by block, never loaded whole
    assert same(open_dataset(tmp_path / "grid.nc").drop_attrs(), ref.drop_attrs())


def test_sobol_indices_same_on_a_cluster(sc, cluster):
    kw = dict(n=256, seed=5, metrics=["cost_ratio", "savings"], n_resamples=20, progress=False)
    ref = bc.sobol(sc, SPEC, **kw)
    got = bc.sobol(sc, SPEC, scheduler=cluster.scheduler_address, chunk_size=1000, **kw)
    assert same(ref.drop_attrs(), got.drop_attrs())


def test_a_killed_worker_is_replaced_and_the_result_is_the_same(sc, cluster):
    from distributed import Client

    n = 40 * 16384
    ref = bc.uncertainty(sc, SPEC, n=n, seed=9, progress=False)
    box = {}

    def run():
        box["got"] = bc.uncertainty(sc, SPEC, n=n, seed=9, progress=False,
                                    scheduler=cluster.scheduler_address, chunk_size=16384)

    with Client(cluster.scheduler_address) as client:
        t = threading.Thread(target=run)
        t.start()
        deadline = time.time() + 30
        while not any(client.processing().values()) and time.time() < deadline:
            time.sleep(0.05)
        pids = client.run(os.getpid)
        victim = sorted(pids)[0]
        os.kill(pids[victim], signal.SIGKILL)  # mid-run: blocks are processing
        t.join(120)
        assert not t.is_alive()
        assert same(ref.drop_attrs(), box["got"].drop_attrs())
        assert victim not in client.run(os.getpid) or client.run(os.getpid)[victim] != pids[victim]


def test_a_user_error_on_a_worker_reaches_the_user_located(cluster):
    from basaltcalc.studies.distributed import run_blocks

    def bad():
        raise ScenarioError(Problem("unknown material 'cast-basalts'; did you mean 'cast-basalt'?",
                                    "insitu.material", "s.yaml", 5, 13))

    with pytest.raises(ScenarioError) as exc:
        list(run_blocks(bad, (), [(1, ())], cluster.scheduler_address, 1, False))
    assert str(exc.value).startswith("s.yaml:5:13 insitu.material: unknown material")
    assert exc.value.line == 5


def run_cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "basaltcalc", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=120)


def test_unreachable_scheduler_is_a_user_error_exit_2_at_once(sc):
    # dask's own client would wait 30 s (distributed.comm.timeouts.connect) and exit 1
    t0 = time.perf_counter()
    out = run_cli("uncertainty", "scenarios/ilrs-south-pole-outpost.yaml", "-n", "4096", "--quiet",
                  "--scheduler", "tcp://127.0.0.1:9")
    assert out.returncode == 2, out.stderr
    assert "cannot reach the dask scheduler at 'tcp://127.0.0.1:9': Connection refused" in out.stderr
    assert "Traceback" not in out.stderr
    assert time.perf_counter() - t0 < 25  # imports and the refusal; a 30 s wait fails (loaded machine: slack)


@pytest.fixture
def not_a_scheduler():
    """A local TCP server that answers like a web server (a dashboard port given by mistake)."""
    import socket
    import threading

    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    conn.recv(1024)
                    conn.sendall(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    server.close()


def test_an_address_that_is_not_a_scheduler_is_a_user_error(sc, not_a_scheduler):
    with pytest.raises(SchedulerUnreachableError, match="answers, but not as a dask scheduler"):
        bc.sweep(sc, GRID, scheduler=not_a_scheduler)


def test_unknown_scheduler_name_is_a_user_error_exit_2(sc):
    out = run_cli("sweep", "scenarios/ilrs-south-pole-outpost.yaml", "--scheduler", "thread")
    assert out.returncode == 2
    assert "unknown scheduler 'thread'; did you mean 'threads'?" in out.stderr
    with pytest.raises(ScenarioError):
        bc.sweep(sc, GRID, scheduler="proceses")


def test_cli_uncertainty_same_on_threads_as_local():
    a = run_cli("uncertainty", "scenarios/ilrs-south-pole-outpost.yaml", "-n", "8192", "--seed", "3",
                "--format", "json", "--quiet")
    b = run_cli("uncertainty", "scenarios/ilrs-south-pole-outpost.yaml", "-n", "8192", "--seed", "3",
                "--format", "json", "--quiet", "--scheduler", "threads", "--chunk-size", "4096")
    assert a.returncode == b.returncode == 0, b.stderr
    import json

    ja, jb = json.loads(a.stdout), json.loads(b.stdout)
    ja.get("attrs", {}).pop("chunk_size", None), jb.get("attrs", {}).pop("chunk_size", None)
    assert ja == jb


def test_unreachable_scheduler_raises_scheduler_error_in_python(sc, monkeypatch):
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        with pytest.raises(SchedulerError, match="cannot reach the dask scheduler"):
            bc.uncertainty(sc, SPEC, n=5000, seed=1, progress=False, scheduler="tcp://127.0.0.1:9")


def test_cluster_blocks_are_submitted_in_a_bounded_window(cluster):
    """The client never holds more than four blocks per worker thread: blocks are taken from the
    (lazy) iterable only as earlier results are consumed, so nothing on the client grows with the
    number of blocks.  The results still come in block order."""
    from basaltcalc.studies.distributed import run_blocks

    taken = []

    def square(offset, x):  # nested: pickled by value for the worker processes
        return offset + x * x

    def blocks():
        for i in range(200):
            taken.append(i)
            yield 1, (i,)

    window = 4 * 2  # the fixture's 2 workers x 1 thread
    got = []
    for out in run_blocks(square, (10,), blocks(), cluster.scheduler_address, 200, False):
        assert len(taken) - len(got) <= window  # in flight: taken, not yet yielded
        got.append(out)
    assert got == [10 + i * i for i in range(200)]
