"""Benchmark harness: ingest throughput, retrieval and answer latency, cold start, memory, disk,
a plain llama-index baseline, Chroma server mode and a load test, reported as JSON and Markdown.

Run ``python -m bench [--sizes small|full] [--out docs/bench]``; see docs/BENCHMARKS.md.
"""
