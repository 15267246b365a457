"""Output files (basaltcalc.outputs.atomic and the CLI's -o): whole or nothing, named errors,
modes, links, devices, standard output, stale temporaries, SIGTERM (issue 12, section 5)."""
from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from basaltcalc.cli import main
from basaltcalc.outputs import atomic
from basaltcalc.outputs.atomic import OutputError, write_atomic, write_atomic_with

ROOT = Path(__file__).resolve().parents[1]
OUTPOST = str(ROOT / "scenarios" / "ilrs-south-pole-outpost.yaml")
DEAD_PID = 2 ** 31 - 2  # above Linux's pid_max (at most 2^22): no process has it


def temps(folder) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.endswith(".tmp"))


# ---- unwritable targets: (target relative to tmp_path, prepare, message fragment) ------------
def _folder(tmp):
    (tmp / "dir").mkdir()


UNWRITABLE = [
    ("missing/out.txt", None, "folder '{tmp}/missing' does not exist"),
    ("dir", _folder, "it is a folder"),
    ("dir/", _folder, "it is a folder"),
]


@pytest.mark.parametrize("target, prepare, fragment", UNWRITABLE)
def test_unwritable_target_exits_2_naming_it(tmp_path, capsys, target, prepare, fragment):
    if prepare:
        prepare(tmp_path)
    path = f"{tmp_path}/{target}"
    assert main(["run", OUTPOST, "-o", path]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"basaltcalc: error: cannot write '{path}': ")
    assert fragment.format(tmp=tmp_path) in err and ".tmp" not in err and "Traceback" not in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_exits_2(tmp_path, capsys):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        assert main(["run", OUTPOST, "-o", str(ro / "out.txt")]) == 2
    finally:
        ro.chmod(0o700)
    assert f"cannot write '{ro / 'out.txt'}': Permission denied" in capsys.readouterr().err


# simulated failures (they hold for root too): where the OSError is raised, its errno, the text
FAILURES = [
    ("mkstemp", errno.EACCES, "Permission denied"),   # a read-only folder
    ("mkstemp", errno.EROFS, "Read-only file system"),
    ("writer", errno.ENOSPC, "No space left on device"),  # a full disk, mid-write
    ("writer", errno.EDQUOT, "Disk quota exceeded"),
    ("replace", errno.EXDEV, "Invalid cross-device link"),
]


@pytest.mark.parametrize("where, code, text", FAILURES)
def test_os_failures_name_the_target_and_leave_nothing(tmp_path, monkeypatch, where, code, text):
    target = tmp_path / "out.nc"
    target.write_text("old")

    def fail(*a, **k):
        raise OSError(code, os.strerror(code), str(tmp_path / ".out.nc.basaltcalc-1.x.tmp"))

    if where == "mkstemp":
        monkeypatch.setattr(atomic.tempfile, "mkstemp", fail)
    elif where == "replace":
        monkeypatch.setattr(atomic.os, "replace", fail)
    with pytest.raises(OutputError) as info:
        write_atomic_with(target, fail if where == "writer" else lambda tmp: Path(tmp).write_text("new"))
    assert str(info.value) == f"cannot write '{target}': {text}"
    assert isinstance(info.value, OSError)
    assert target.read_text() == "old" and temps(tmp_path) == []


def test_full_device_is_a_named_error(capsys):
    # /dev/full: every write fails with ENOSPC, as a full disk does
    assert main(["run", OUTPOST, "-o", "/dev/full"]) == 2
    assert "cannot write '/dev/full': No space left on device" in capsys.readouterr().err


# ---- modes --------------------------------------------------------------------------------
@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664), (0o000, 0o666)])
def test_new_file_mode_is_0666_less_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "new.txt").st_mode) == mode


@pytest.mark.parametrize("mode", [0o640, 0o600, 0o755, 0o444])
def test_existing_file_keeps_its_mode(tmp_path, mode):
    target = tmp_path / "old.txt"
    target.write_text("old")
    target.chmod(mode)
    write_atomic(target, "new")
    assert target.read_text() == "new" and stat.S_IMODE(os.stat(target).st_mode) == mode


# ---- links, devices, standard output ------------------------------------------------------
def test_symlink_is_written_through(tmp_path):
    real = tmp_path / "data" / "real.txt"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new" and temps(tmp_path) == [] and temps(real.parent) == []


def test_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "made.txt")
    write_atomic(link, "new")
    assert link.is_symlink() and (tmp_path / "made.txt").read_text() == "new"


def test_dev_null_stays_a_device(capsys):
    assert main(["run", OUTPOST, "-o", "/dev/null"]) == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_write_to_standard_output(target):
    run = subprocess.run([sys.executable, "-m", "basaltcalc", "run", OUTPOST, "--format", "json",
                          "-o", target], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.lstrip().startswith("{") and '"cost_ratio"' in run.stdout


def test_sweep_to_stdout_keeps_the_summary_on_stderr():
    run = subprocess.run([sys.executable, "-m", "basaltcalc", "sweep", OUTPOST, "--quiet", "-o", "-"],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    rows = run.stdout.splitlines()
    assert rows[0].startswith("transport.landed_cost [") and len(rows) == 1 + 40 * 4  # CSV, 160 points
    assert "sweep of" in run.stderr and "sweep of" not in run.stdout


# ---- stale temporaries ----------------------------------------------------------------------
def test_stale_temps_are_named_and_cleaned_on_the_next_write_into_the_folder(tmp_path):
    host = atomic._host()
    target = tmp_path / "out.txt"
    dead = tmp_path / f".out.txt.basaltcalc-{DEAD_PID}@{host}.k3j2.tmp"
    old_style = tmp_path / f".out.txt.basaltcalc-{DEAD_PID}.k3j2.tmp"  # an earlier version's
    other = tmp_path / f".other.txt.basaltcalc-{DEAD_PID}@{host}.k3j2.tmp"  # another target's
    live = tmp_path / f".out.txt.basaltcalc-{os.getpid()}@{host}.q9z8.tmp"  # a concurrent write
    remote = tmp_path / f".out.txt.basaltcalc-{DEAD_PID}@{'0' * 8 if host != '0' * 8 else '1' * 8}.k3j2.tmp"
    foreign = [tmp_path / ".out.txt.x.tmp", tmp_path / f"out.basaltcalc-{DEAD_PID}.k3j2.tmp",
               tmp_path / f".basaltcalc-{DEAD_PID}.k3j2.tmp"]  # not of the form
    for p in (dead, old_style, other, live, remote, *foreign):
        p.write_text("partial")
    (tmp_path / "sub").mkdir()
    write_atomic(tmp_path / "sub" / "x.txt", "elsewhere")  # another folder: nothing removed here
    assert len(temps(tmp_path)) == 8
    write_atomic(target, "whole")
    assert target.read_text() == "whole"
    assert sorted(temps(tmp_path)) == sorted(p.name for p in (live, remote, *foreign))


def test_stale_temp_of_a_killed_command_is_removed_by_any_next_command(tmp_path):
    # SIGKILL during a sweep's write leaves its temporary; a run writing another file removes it
    out = tmp_path / "sweep.nc"
    proc = subprocess.Popen([sys.executable, "-c", "import os, sys, time\n"
                             "from basaltcalc.outputs.atomic import write_atomic_with\n"
                             "def hang(tmp):\n    open(tmp, 'w').write('half'); print('ready', flush=True); time.sleep(60)\n"
                             f"write_atomic_with({str(out)!r}, hang)"], stdout=subprocess.PIPE, cwd=ROOT)
    assert proc.stdout.readline().strip() == b"ready"
    proc.kill()
    proc.wait()
    assert len(temps(tmp_path)) == 1 and not out.exists()
    assert main(["run", OUTPOST, "--format", "json", "-o", str(tmp_path / "run.json")]) == 0
    assert temps(tmp_path) == [] and sorted(os.listdir(tmp_path)) == ["run.json"]


def test_temp_name_carries_tag_pid_and_host(tmp_path):
    seen = []
    write_atomic_with(tmp_path / "out.bin", lambda tmp: (seen.append(Path(tmp).name),
                                                         Path(tmp).write_bytes(b"1")))
    assert seen[0].startswith(f".out.bin.basaltcalc-{os.getpid()}@{atomic._host()}.") and seen[0].endswith(".tmp")
    assert atomic.written()[-1] == str(tmp_path / "out.bin")


# ---- SIGTERM --------------------------------------------------------------------------------
def test_sigterm_while_writing_removes_the_temp_and_exits_143(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out.txt"
    out.write_text("old")

    def terminated(fd):  # SIGTERM arrives after the bytes are written, before the rename
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(1)  # the handler raises here at the latest

    monkeypatch.setattr(atomic.os, "fsync", terminated)
    assert main(["run", OUTPOST, "-o", str(out)]) == 143
    assert "terminated (SIGTERM); no output written" in capsys.readouterr().err
    assert out.read_text() == "old" and temps(tmp_path) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # main() restores the handler


def _cpu_seconds(pid) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_sigterm_mid_monte_carlo_exits_143_with_no_file(tmp_path):
    out = tmp_path / "mc.nc"
    proc = subprocess.Popen([sys.executable, "-m", "basaltcalc", "uncertainty", OUTPOST, "--method",
                             "random", "-n", str(1 << 26), "--chunk-size", "4096", "--quiet", "-o",
                             str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    try:
        deadline = time.monotonic() + 120
        # imports take about 1 s of CPU; past 4 s the sampling loop is running (2^26 samples
        # take minutes)
        while _cpu_seconds(proc.pid) < 4.0 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert proc.poll() is None, proc.stderr.read()
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 143, err
    assert b"terminated (SIGTERM); no output written" in err and b"Traceback" not in err
    assert os.listdir(tmp_path) == []


# ---- a signal once the output is in place -------------------------------------------------------
@pytest.mark.parametrize("sig,code,what", [(signal.SIGINT, 130, "interrupted"),
                                           (signal.SIGTERM, 143, "terminated (SIGTERM)")])
def test_signal_after_the_output_is_written_exits_with_its_status_and_says_so(tmp_path, sig, code, what):
    # the command as the process runs it (argv from sys.argv), then the signal while the process
    # shuts down: the output stays whole, the status is the signal's, the message names the file
    out = tmp_path / "out.json"
    script = ("import os, signal, sys, time\n"
              "from basaltcalc.cli import main\n"
              f"sys.argv = ['basaltcalc', 'run', {OUTPOST!r}, '--format', 'json', '-o', {str(out)!r}]\n"
              "status = main()\n"
              f"os.kill(os.getpid(), {int(sig)})\n"
              "time.sleep(30)\n"
              "sys.exit(status)\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    assert run.returncode == code, run.stderr
    assert f"basaltcalc: {what} while exiting, after the command had finished; written in full " \
           f"before the signal: {out}" in run.stderr and "Traceback" not in run.stderr
    assert out.read_text().startswith("{") and temps(tmp_path) == []


def test_signal_while_building_the_parser_exits_130_with_its_message(monkeypatch, capsys):
    import basaltcalc.cli as cli

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_parser", interrupted)
    assert main(["run"]) == 130
    assert "basaltcalc: interrupted; no output written" in capsys.readouterr().err
