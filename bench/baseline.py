"""The comparison point: a plain llama-index pipeline with default settings on the same PDFs and queries.

``VectorStoreIndex`` over a Chroma collection, ``HuggingFaceEmbedding`` on the local e5 folder, the
default ``SentenceSplitter`` (1,024 tiktoken tokens, 200 overlap) and ``MockLLM`` (no OpenAI import).
PDFs are read page by page with pypdf into llama-index Documents (what a plain pipeline does offline).
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.stats import summary_ms, timed_calls


def _load_pdf_pages(paths: list[Path]):
    from llama_index.core import Document
    from pypdf import PdfReader

    documents = []
    for path in paths:
        for number, page in enumerate(PdfReader(path).pages, 1):
            documents.append(Document(text=page.extract_text() or "", metadata={"file_name": path.name, "page": number}))
    return documents


def run_baseline(pdfs: list[Path], chroma_dir: Path, model_dir: Path, queries: list[str], count_tokens) -> dict:
    """Ingest ``pdfs`` the plain llama-index way, then time retrieval of ``queries``."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import Settings as LlamaSettings
    from llama_index.core import StorageContext, VectorStoreIndex
    from llama_index.core.llms import MockLLM
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.chroma import ChromaVectorStore

    started = time.perf_counter()
    embed_model = HuggingFaceEmbedding(model_name=str(model_dir), device="cpu")
    load_s = time.perf_counter() - started
    LlamaSettings.llm = MockLLM()
    LlamaSettings.embed_model = embed_model
    client = chromadb.PersistentClient(path=str(chroma_dir), settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.get_or_create_collection("baseline", embedding_function=None)
    embed_model.get_text_embedding_batch(["Opwarmen van het model."] * 4)

    started = time.perf_counter()
    documents = _load_pdf_pages(pdfs)
    loaded = time.perf_counter()
    index = VectorStoreIndex.from_documents(
        documents, storage_context=StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection)),
        embed_model=embed_model,
    )
    ingest_s = time.perf_counter() - started
    texts = collection.get(include=["documents"])["documents"]
    tokens = [count_tokens(text) for text in texts]
    window = int(embed_model._model.max_seq_length)

    retriever = index.as_retriever(similarity_top_k=5)
    durations, results = timed_calls(retriever.retrieve, queries)
    splitter = LlamaSettings.node_parser
    return {
        "pipeline": "llama-index VectorStoreIndex + ChromaVectorStore + HuggingFaceEmbedding (defaults)",
        "splitter": f"{type(splitter).__name__}(chunk_size={splitter.chunk_size}, chunk_overlap={splitter.chunk_overlap})",
        "embed_batch_size": embed_model.embed_batch_size,
        "model_load_s": round(load_s, 2),
        "pages": len(documents), "chunks": len(texts),
        "load_pdf_s": round(loaded - started, 2), "ingest_s": round(ingest_s, 2),
        "pages_per_s": round(len(documents) / ingest_s, 2), "chunks_per_s": round(len(texts) / ingest_s, 2),
        "chunk_tokens_mean": round(sum(tokens) / len(tokens), 1) if tokens else 0.0,
        "chunks_over_window": sum(1 for t in tokens if t > window), "window_tokens": window,
        "retrieval": summary_ms(durations),
        "empty_results": sum(1 for r in results if not r),
        "query_prefix_used": bool(embed_model._model.prompts.get("query")),
    }
