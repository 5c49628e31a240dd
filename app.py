"""Streamlit entry point: ``streamlit run app.py``. Everything it shows comes from ``diagnostic``.

Streamlit reads this file twice over. As the server starts, it finds ``app`` (an ``st.App``), whose
start-up reads the bundled sample while the first browser is still fetching the page. Then, for
every browser and every click, it runs this file as the page script, which draws the app.
"""

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

if get_script_run_ctx(suppress_warning=True) is None:  # the server starting: no page is being drawn
    from diagnostic.app.warm import read_ahead

    app = st.App(__file__, lifespan=read_ahead)
else:
    from diagnostic.app.shell import run

    run()
