"""Answering with an LLM: prompts, context budgeting, chat models and the answerer.

Nothing here is imported until an LLM is configured (``DOSSIER_LLM``).
"""
