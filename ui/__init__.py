"""The Gradio web app: one small module per part of the page (no chromadb or llama-index here)."""
