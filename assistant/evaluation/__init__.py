"""Evaluation: answers against a question set, retrieval against a BEIR set.

``dossier eval`` is the entry point (see :mod:`assistant.evaluation.command`);
:mod:`~assistant.evaluation.metrics` defines every number it reports.
"""
