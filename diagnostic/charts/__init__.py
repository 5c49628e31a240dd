"""Altair chart builders. They take computed frames and return charts; they never call Streamlit."""
