"""The Peers page and the peers' screens of workshop mode, run in-process with Streamlit's AppTest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from diagnostic.app import ui
from diagnostic.app.peers_state import PEER_FILES_KEY
from diagnostic.app.shell import PAGES
from tests.app_run import APP, TIMEOUT, assert_healthy, open_page, texts
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow  # the whole app on the sample


def test_the_peers_page_shows_where_the_sample_sits_among_the_fictional_peers():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    open_page(at, "peers.py")
    assert at.title[0].value == "Peers"
    assert any("8 fictional peers" in i.value for i in at.info)
    assert not at.warning  # every committed pack reads cleanly
    assert any("count working hours differently" in i.value for i in at.info)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Peers compared"] == "8"
    assert metrics["Our compost index"].endswith(" points") and metrics["Peers' median"].endswith(" points")
    assert "Packs named by their owners: Fictional council A" in texts(at)
    at.selectbox(key="peers-domain").select("audits").run(timeout=TIMEOUT)
    assert_healthy(at)
    table = at.dataframe[0].value
    assert "Audits about practice, not compliance" in set(table["Indicator"])
    assert "must not be used for individual performance management" in texts(at)


def test_workshop_mode_shows_one_peer_finding_per_domain_without_a_label():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["mode"] = "workshop"
    at.run()
    at.switch_page(str(PAGES / "workshop.py")).run(timeout=TIMEOUT)
    titles = []
    for _ in range(30):
        assert_healthy(at)
        titles.append(at.title[0].value)
        assert "Fictional council" not in texts(at) + " ".join(titles)
        following = next(b for b in at.button if b.label == "Next →")
        if following.disabled:
            break
        following.click().run(timeout=TIMEOUT)
    among = [t for t in titles if t.endswith("among peers")]
    assert len(among) == len(set(among)) >= 5


def test_packs_loaded_on_the_peers_page_are_compared_and_a_bad_one_is_named():
    files = tuple((p.name, p.read_bytes()) for p in sorted((SAMPLES / "peers").glob("*.json"))[:6]) + (("broken.json", b"{not json"),)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state[PEER_FILES_KEY] = files
    at.run()
    open_page(at, "peers.py")
    assert [w.value for w in at.warning] == [ui.plain("broken.json is not a benchmark pack (it is not readable JSON). It is left out.")]
    assert not any("fictional peers" in i.value for i in at.info)
    assert {m.label: m.value for m in at.metric}["Peers compared"] == "6"
    assert "Comparing with the 7 files you loaded earlier." in texts(at)
