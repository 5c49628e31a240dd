"""The app run in-process with Streamlit's AppTest: one place for its path, its timeout and what
every page run must be (no exception, no "something went wrong")."""

from __future__ import annotations

import secrets
from pathlib import Path

from streamlit.testing.v1 import AppTest

from diagnostic.app import uploads
from diagnostic.app.shell import PAGE_FAILED, PAGES

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TIMEOUT = 120  # the whole sample read and scored on a busy two-core machine


def started() -> AppTest:
    """The app opened on Home, with no uploads (the bundled sample)."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    return at


def texts(at: AppTest) -> str:
    """Everything a page says in words: Markdown, our HTML, captions, errors and notes."""
    parts = [m.value for m in at.markdown] + [h.value for h in at.html] + [c.value for c in at.caption] + [e.value for e in at.error]
    parts += [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


def assert_healthy(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert PAGE_FAILED not in [e.value for e in at.error]


def open_page(at: AppTest, page: str) -> AppTest:
    """Switch to ``page`` (a file under the app's pages) as the sidebar does, and check it drew."""
    at.switch_page(str(PAGES / page)).run(timeout=TIMEOUT)
    assert_healthy(at)
    return at


def started_with(files: tuple[tuple[str, bytes], ...]) -> tuple[AppTest, str]:
    """The app opened at an address whose token names ``files`` ((name, bytes) pairs) in the upload
    store, the way a refresh finds an upload (AppTest cannot drive the file uploader itself); and
    that token."""
    token = secrets.token_urlsafe(16)
    uploads.store().put(token, uploads.owner_of("", ""), files, uploads.files_key(files))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params[uploads.TOKEN_PARAM] = token
    at.run()
    assert_healthy(at)
    return at, token
