"""Streamlit entry point: ``streamlit run app.py``. Everything it shows comes from ``diagnostic``."""

from diagnostic.app.shell import run

run()
