"""Evaluation: gold question sets, fixture documents, metrics and reports."""
