"""A progress bar for long work: tqdm on a terminal, after 2 s; nothing otherwise."""
from __future__ import annotations

import contextlib
import sys

__all__ = ["progress_bar", "DELAY"]

#: Seconds of work before a bar appears (shorter work never shows one).
DELAY = 2.0


class _Silent:
    def update(self, n=1):
        pass


@contextlib.contextmanager
def progress_bar(total, enabled=None, *, unit="it", desc=None):
    """Context manager yielding an object with ``update(n)``.

    ``enabled``: True to show, False to hide, None to show only when stderr is a terminal.  The bar
    appears only once the work has run for :data:`DELAY` seconds, and is closed on any exit,
    Ctrl-C included.
    """
    if enabled is None:
        enabled = bool(getattr(sys.stderr, "isatty", lambda: False)())
    if not enabled:
        yield _Silent()
        return
    from tqdm.auto import tqdm

    bar = tqdm(total=total, unit=unit, unit_scale=True, delay=DELAY, desc=desc, leave=False,
               file=sys.stderr, dynamic_ncols=True)
    try:
        yield bar
    finally:
        bar.close()
