"""Work started as the server starts, before any browser has asked for a page.

Between ``streamlit run`` and the first page there is about a second in which the browser fetches
and starts Streamlit's front end and the server has nothing to do. Reading the bundled sample in
that second (on its own thread, so the server answers the browser meanwhile) means the first
person to open the app finds the sample read or nearly so. Their page waits on the same lock as
any second browser would (:func:`diagnostic.app.state.read_sample`), so the sample is still read
once, and with memoising off nothing is read ahead.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from diagnostic import parallel

log = logging.getLogger("diagnostic.app")


def _read_sample() -> None:
    try:
        from diagnostic.app import state  # here, not above: importing pandas is part of the work

        state.read_sample()
    except Exception as exc:  # the first browser then reads the sample itself; the log names the code, never the data
        where = traceback.extract_tb(exc.__traceback__)[-1]
        log.warning("reading the sample ahead failed: %s at %s:%s", type(exc).__name__, Path(where.filename).name, where.lineno)


@asynccontextmanager
async def read_ahead(_app) -> AsyncIterator[None]:
    """``st.App``'s lifespan: start reading the sample, and serve at once."""
    parallel.start()  # first: the second process gets ready while this one imports
    threading.Thread(target=_read_sample, name="read-ahead", daemon=True).start()
    yield
