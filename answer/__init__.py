"""Answering: follow-up rewriting, evidence, extractive and LLM answerers, verified citations."""
