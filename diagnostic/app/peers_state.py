"""Peers' benchmark packs in the app: the bundled fictional peers beside the sample, or packs the
user uploaded on the Peers page, and where this organisation sits among them.

Kept apart from :mod:`diagnostic.app.state` so that pages which never compare with peers (Home
above all) do not import the pack readers and their schema checker.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from diagnostic.app.state import SAMPLES, current_files, data_key, loaded, per_data, scorecard, settings
from diagnostic.peers.compare import compare
from diagnostic.peers.pack import pack_for
from diagnostic.peers.reading import MAX_PACK_BYTES, Peers, check_packs, read_peers

SAMPLE_PEERS = SAMPLES / "peers"
PEER_UPLOAD_KEY = "peer_packs"  # the uploader on the Peers page
PEER_FILES_KEY = "peer_pack_files"  # what it held, kept while other pages are open (a widget's state is not)


@st.cache_resource(scope="global", max_entries=1, show_spinner=False)
def _sample_peers() -> Peers:
    return read_peers(SAMPLE_PEERS)


def keep_peer_uploads() -> None:
    """Keep the packs just uploaded as (name, bytes), cut at one byte over a pack's limit, so they outlive the Peers page."""
    uploads = st.session_state.get(PEER_UPLOAD_KEY) or []
    st.session_state[PEER_FILES_KEY] = tuple((u.name, u.getvalue()[: MAX_PACK_BYTES + 1]) for u in uploads)


def peers() -> tuple[Peers | None, bool]:
    """(peers' packs, whether they are the bundled fictional peers).

    Packs uploaded on the Peers page win. The fictional peers are offered only beside the
    fictional sample organisation: set beside a real council's figures they would mislead.
    """
    files = st.session_state.get(PEER_FILES_KEY) or ()
    if files:
        return _uploaded_peers(peers_key(), files), False
    _, _, is_sample = current_files()
    return (_sample_peers(), True) if is_sample and SAMPLE_PEERS.is_dir() else (None, False)


@st.cache_resource(scope="session", max_entries=2, show_spinner=False)
def _uploaded_peers(key: str, _files: tuple[tuple[str, bytes], ...]) -> Peers:
    return check_packs(list(_files))


def peers_key() -> str:
    """A short key for the packs in use: their names and a digest of their bytes."""
    files = st.session_state.get(PEER_FILES_KEY) or ()
    digest = hashlib.sha256(b"".join(name.encode("utf-8") + hashlib.sha256(data).digest() for name, data in files)).hexdigest()[:16]
    return f"peers:{len(files)}:{digest}"


def our_pack(label: str | None = None) -> dict:
    """This organisation's benchmark pack, from the loaded data and settings."""
    dataset, results, _ = loaded()
    return pack_for(dataset, results, scorecard(), settings(), label)


@per_data(max_entries=4, show_spinner="Comparing with peers…")
def _comparison(key: str, peers_key: str, _ours: dict, _peers: Peers) -> dict:
    return compare(_ours, _peers)


def comparison() -> dict | None:
    """Where we sit among the peers in use, or None when there are none."""
    found, _ = peers()
    if found is None:
        return None
    return _comparison(data_key(), peers_key(), our_pack(), found)
