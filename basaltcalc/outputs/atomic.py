"""Writing output files safely: whole or not at all.

Rules (each one a case of ``tests/test_atomic.py``):

* a regular file (new or existing) is written to a temporary file beside it, named
  ``.NAME.basaltcalc-PID@HOST.XXXX.tmp`` (HOST: 8 hex digits of the machine's name), then renamed
  over it; an error, Ctrl-C or SIGTERM before the rename removes the temporary and leaves the
  target as it was;
* temporaries of a process that no longer runs (a SIGKILL leaves one) are removed by the next
  write into the same folder, whatever its target: only names of that exact form, only of this
  machine (a folder shared over the network may hold another machine's live ones), and only where
  no process of that id runs (a reused id keeps the file: never removed wrongly);
* the files written whole by this process are listed by :func:`written` (the command line says
  which, when a signal stops it after writing);
* a new file gets mode ``0666 & ~umask``, as ``open()`` would give it; an existing one keeps its
  mode;
* a symbolic link is written *through*: the file it points to is replaced atomically, the link
  stays a link;
* ``-`` is standard output, and a device or FIFO (``/dev/null``, ``/dev/stdout``) is written
  directly (the bytes are made in a private temporary, then copied: there is nothing to rename);
* a target that cannot be written (a missing folder, a read-only folder, a folder as target, a
  full disk) raises :class:`OutputError`, a :class:`~basaltcalc.errors.BasaltcalcError` naming the
  target, never the temporary.
"""
from __future__ import annotations

import errno
import functools
import os
import re
import shutil
import stat
import sys
import tempfile
from pathlib import Path

from ..errors import BasaltcalcError

__all__ = ["write_atomic", "write_atomic_with", "OutputError", "is_stream", "TEMP_TAG",
           "clean_stale_temps", "written", "forget_written"]

#: The tag in the name of every temporary file basaltcalc writes beside a target.
TEMP_TAG = "basaltcalc"
#: ``.NAME.basaltcalc-PID@HOST.XXXX.tmp`` (``@HOST`` absent in the names of earlier versions).
_TEMP_NAME = re.compile(re.escape(f".{TEMP_TAG}-") + r"(\d+)(?:@([0-9a-f]{8}))?\.[a-z0-9_]+\.tmp$")
#: Targets written whole by this process, in order (:func:`written`).
_WRITTEN: list[str] = []


def written() -> list[str]:
    """The targets this process has written whole (renamed into place), in order."""
    return list(_WRITTEN)


def forget_written() -> None:
    """Start a new list for :func:`written` (each command run in a process starts one)."""
    _WRITTEN.clear()


@functools.cache
def _host() -> str:
    """8 hex digits naming this machine in temporary names (CRC-32 of its host name)."""
    import socket
    import zlib

    return f"{zlib.crc32(socket.gethostname().encode('utf-8', 'backslashreplace')):08x}"


class OutputError(BasaltcalcError, OSError):
    """An output target that cannot be written; the message names the target."""


def is_stream(path) -> bool:
    """True for ``-`` (standard output) and for an existing target that is neither a regular file
    nor a folder (a device such as ``/dev/null``, a FIFO)."""
    if str(path) == "-":
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _fail(target, exc: OSError) -> OutputError:
    reason = exc.strerror or str(exc)
    if exc.errno == errno.EISDIR:
        reason = "it is a folder"
    return OutputError(f"cannot write {str(target)!r}: {reason}")


def _umask() -> int:
    old = os.umask(0o022)
    os.umask(old)
    return old


def clean_stale_temps(target: Path) -> list[Path]:
    """Remove the temporaries left in ``target``'s folder (for any target) by processes of this
    machine that no longer run; returns them.  A temporary of a live process (a concurrent
    write), another machine's, or any other file is left alone."""
    folder, removed, host = Path(target).parent, [], _host()
    try:
        names = [n for n in os.listdir(folder) if n.startswith(".") and n.endswith(".tmp")]
    except OSError:
        return removed
    for name in names:
        m = _TEMP_NAME.search(name)
        if not m or m.start() == 0 or (m.group(2) or host) != host or _alive(int(m.group(1))):
            continue
        try:
            if not stat.S_ISREG(os.lstat(folder / name).st_mode):
                continue
            os.unlink(folder / name)
            removed.append(folder / name)
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _resolve(path) -> Path:
    """The file to replace: the target of a symbolic link (written through), else ``path``."""
    path = Path(path)
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def _to_stream(path, writer) -> None:
    """Write via a private temporary, then copy its bytes to stdout or the device ``path``."""
    with tempfile.TemporaryDirectory(prefix=f"{TEMP_TAG}-") as tmpdir:
        tmp = os.path.join(tmpdir, "out")
        writer(tmp)
        with open(tmp, "rb") as src:
            if str(path) == "-":
                sys.stdout.flush()
                shutil.copyfileobj(src, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            else:
                try:
                    with open(path, "wb") as dst:
                        shutil.copyfileobj(src, dst)
                except OSError as exc:
                    raise _fail(path, exc) from None


def write_atomic_with(path, writer) -> None:
    """Call ``writer(tmp_path)`` to write a temporary file beside ``path``, then rename it over
    ``path`` (see the module docstring for links, devices, ``-``, modes and errors).

    A crash, an error, Ctrl-C or SIGTERM before the rename leaves any existing file untouched and
    no partial file behind (the temporary is removed).
    """
    if is_stream(path):
        return _to_stream(path, writer)
    shown, path = path, _resolve(path)
    if path.is_dir():
        raise OutputError(f"cannot write {str(shown)!r}: it is a folder")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"cannot write {str(shown)!r}: folder {str(parent)!r} does not exist")
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    clean_stale_temps(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.{TEMP_TAG}-{os.getpid()}@{_host()}.",
                                   suffix=".tmp")
    except OSError as exc:
        raise _fail(shown, exc) from None
    os.close(fd)
    try:
        os.chmod(tmp, mode)
        writer(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _WRITTEN.append(str(shown))
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, BasaltcalcError):
            raise _fail(shown, exc) from None
        raise


def write_atomic(path, data: str | bytes) -> None:
    """Write text or bytes to ``path`` atomically (see :func:`write_atomic_with`)."""
    def writer(tmp):
        if isinstance(data, bytes):
            Path(tmp).write_bytes(data)
        else:
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                fh.write(data)

    write_atomic_with(path, writer)
