"""Writing output files safely: whole or not at all."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_atomic", "write_atomic_with"]


def write_atomic_with(path, writer) -> None:
    """Call ``writer(tmp_path)`` to write a temporary file beside ``path``, then rename it over
    ``path``.

    A crash, an error or Ctrl-C before the rename leaves any existing file untouched and no
    partial file behind (the temporary is removed).
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".",
                               prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        writer(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
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
