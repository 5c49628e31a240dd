"""Uploaded files kept in this server's memory, so that refreshing the page finds them again.

A refresh starts a new Streamlit session with an empty uploader: without this, every upload would
silently be dropped and the fictional sample would come back. A random token in the page's
address (``?files=...``) names this tab's files in a store held in memory only, never on disk.
Files are dropped after ``IDLE_SECONDS`` unused, oldest first when the store would pass
``MAX_BYTES``, when the app stops, or on "Clear my files". The store remembers which browser put
the files (its address and user agent, hashed): the same address opened on another computer finds
nothing. Files too large to keep are still used, with a warning that a refresh will lose them.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

Files = tuple[tuple[str, bytes], ...]

TOKEN_PARAM = "files"  # the page address's parameter that holds the token
IDLE_HOURS = 2
IDLE_SECONDS = IDLE_HOURS * 60 * 60
MAX_BYTES = 1024**3  # every tab's files together
WIDGET_KEY = "uploads"
_GENERATION = "uploads_generation"  # bumped by "Clear my files": a new uploader starts empty
_TOKEN = "uploads_token"
_SIGNATURE = "uploads_signature"  # the uploader's file ids last seen, so files are stored once per change
_KEPT = "uploads_kept"  # files found again after a refresh, to which new uploads are added
_CURRENT = "uploads_current"  # (key, files) in use in this session
_CHECKED = "uploads_checked"  # the address's token has been looked up in this session
_NOTICE = "uploads_notice"  # "lost" or "too_big": what the sidebar must warn about


@dataclass
class Entry:
    files: Files
    key: str
    owner: str
    size: int
    used: float


class UploadStore:
    """Token -> files, in memory, with an idle time-out and a size cap over all tokens. Thread-safe:
    every browser session on the server shares one store."""

    def __init__(self, max_bytes: int = MAX_BYTES, idle_seconds: float = IDLE_SECONDS, clock: Callable[[], float] = time.monotonic):
        self._entries: dict[str, Entry] = {}
        self._lock = threading.Lock()
        self.max_bytes, self.idle_seconds, self._clock = max_bytes, idle_seconds, clock

    def put(self, token: str, owner: str, files: Files, key: str) -> bool:
        """Keep ``files`` under ``token``; False (and nothing kept) when they alone pass the cap."""
        size = sum(len(data) for _, data in files)
        with self._lock:
            self._entries.pop(token, None)
            if size > self.max_bytes:
                return False
            now = self._clock()
            self._expire(now)
            while self._entries and self.size() + size > self.max_bytes:
                oldest = min(self._entries, key=lambda t: (self._entries[t].used, t))
                del self._entries[oldest]
            self._entries[token] = Entry(files, key, owner, size, now)
            return True

    def get(self, token: str, owner: str) -> Entry | None:
        """The files kept under ``token`` for this owner (and the idle clock restarted), or None."""
        with self._lock:
            now = self._clock()
            self._expire(now)
            entry = self._entries.get(token)
            if entry is None or not secrets.compare_digest(entry.owner, owner):
                return None
            entry.used = now
            return entry

    def drop(self, token: str) -> None:
        with self._lock:
            self._entries.pop(token, None)

    def size(self) -> int:
        return sum(e.size for e in self._entries.values())

    def _expire(self, now: float) -> None:
        for token in [t for t, e in self._entries.items() if now - e.used > self.idle_seconds]:
            del self._entries[token]


def files_key(files: Files) -> str:
    """The data key of a set of uploaded files: their names and a digest of their bytes."""
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    return f"upload:{len(files)}:{digest.hexdigest()[:24]}"


@st.cache_resource(show_spinner=False)
def store() -> UploadStore:
    """The one store of the server process (``cache_resource`` is shared by every session, in memory)."""
    return UploadStore()


def widget_key() -> str:
    """The uploader's key: a new one after "Clear my files", so the uploader starts empty."""
    return f"{WIDGET_KEY}-{st.session_state.get(_GENERATION, 0)}"


def current() -> tuple[str, Files] | None:
    """(data key, files) this tab has loaded, from the uploader or kept from before a refresh; None for none."""
    _sync()
    return st.session_state.get(_CURRENT)


def _owner() -> str:
    """Which browser this is, as far as the server can tell (hashed): its address and user agent."""
    ip = st.context.ip_address if isinstance(st.context.ip_address, str) else ""
    agent = st.context.headers.get("User-Agent", "") if st.context.headers else ""
    return owner_of(ip, agent)


def owner_of(ip: str, agent: str) -> str:
    return hashlib.sha256(f"{ip}|{agent}".encode()).hexdigest()


def _sync() -> None:
    """Bring this session, the store and the page address into line with the uploader. Idempotent."""
    state = st.session_state
    if not state.get(_CHECKED):
        state[_CHECKED] = True
        _find_again(st.query_params.get(TOKEN_PARAM))
    widget = widget_key()
    if widget in state:
        uploads = state[widget] or []
        signature = tuple(u.file_id for u in uploads)
        if signature != state.get(_SIGNATURE, ()):
            state[_SIGNATURE] = signature
            _keep(state.get(_KEPT, ()) + tuple((u.name, u.getvalue()) for u in uploads))
    elif state.get(_SIGNATURE):
        # The uploader was not drawn (workshop mode), so Streamlit forgot what it held and will draw
        # it empty: what it held is kept, as after a refresh, and never read as the user removing it.
        current = state.get(_CURRENT)
        state.update({_KEPT: current[1] if current else (), _SIGNATURE: ()})
    token = state.get(_TOKEN)
    if token and st.query_params.get(TOKEN_PARAM) != token:
        st.query_params[TOKEN_PARAM] = token  # page changes can drop it; a refresh must find it
    elif token:
        store().get(token, _owner())  # restart the idle clock


def _find_again(token: str | None) -> None:
    """After a refresh: the files the address's token names, or a warning that they are gone."""
    if not token:
        return
    entry = store().get(token, _owner())
    if entry is None:
        del st.query_params[TOKEN_PARAM]
        st.session_state[_NOTICE] = "lost"
        return
    st.session_state.update({_TOKEN: token, _KEPT: entry.files, _CURRENT: (entry.key, entry.files)})


def _keep(files: Files) -> None:
    state = st.session_state
    if not files:
        clear()
        return
    key = files_key(files)
    token = state.get(_TOKEN) or secrets.token_urlsafe(24)
    if store().put(token, _owner(), files, key):
        state.update({_TOKEN: token, _NOTICE: None})
    else:
        state.update({_TOKEN: None, _NOTICE: "too_big"})
        if TOKEN_PARAM in st.query_params:
            del st.query_params[TOKEN_PARAM]
    state[_CURRENT] = (key, files)


def clear() -> None:
    """Drop this tab's files from the store, the session and the address; the uploader starts empty."""
    state = st.session_state
    token = state.get(_TOKEN)
    if token:
        store().drop(token)
    if TOKEN_PARAM in st.query_params:
        del st.query_params[TOKEN_PARAM]
    for name in (_TOKEN, _KEPT, _CURRENT, _NOTICE):
        state.pop(name, None)
    if state.get(widget_key()):  # files still in the uploader: a new, empty one replaces it
        state[_GENERATION] = state.get(_GENERATION, 0) + 1
    state[_SIGNATURE] = ()


def sidebar() -> None:
    """Under the uploader: what is kept and for how long, a button to clear it, and any warning."""
    _sync()
    state = st.session_state
    notice = state.get(_NOTICE)
    if notice == "lost":
        st.warning(
            "The files you loaded before are no longer kept: "
            f"they are cleared {IDLE_HOURS} hours after last use, or when the app restarts. Load them again."
        )
    elif notice == "too_big":
        st.warning(
            f"These files are too large to keep if the page is refreshed (over {MAX_BYTES // 1024**3:,} GB in all). "
            "They are in use now, but refreshing or closing this tab will drop them."
        )
    current = state.get(_CURRENT)
    if not current:
        return
    kept = len(state.get(_KEPT, ()))
    if kept:
        st.caption(
            f"{kept:,} {'file' if kept == 1 else 'files'} loaded earlier {'is' if kept == 1 else 'are'} still in use "
            "(the box above shows only files added since)."
        )
    if state.get(_TOKEN):
        st.caption(
            f"Your {len(current[1]):,} {'file is' if len(current[1]) == 1 else 'files are'} kept in this app's memory, never on disk, "
            f"so a refresh keeps them. They are cleared {IDLE_HOURS} hours after last use, or now:"
        )
    st.button("Clear my files", on_click=clear, help="Forget every file loaded in this tab and go back to the fictional sample.")
