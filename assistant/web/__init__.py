"""The web chat (Gradio) and the REST API (FastAPI) over one Assistant."""
