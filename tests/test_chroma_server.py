"""The index on a real Chroma server (`chroma run`), reached through Chroma's HTTP client."""

from beleid.settings import IndexSettings, IngestSettings, Settings
from index.catalog import IndexCatalog
from index.indexer import Indexer
from index.retriever import Retriever
from index.vector_store import ChromaStore
from tests.chroma_server import chroma_server


def test_ingest_and_search_work_against_a_real_chroma_server(tmp_path, data_dir, seed_corpus, embedder):
    with chroma_server(tmp_path / "chroma-server") as port:
        settings = Settings(
            data_dir=data_dir,
            ingest=IngestSettings(corpus_dir=seed_corpus),
            index=IndexSettings(chroma_host="127.0.0.1", chroma_port=port),
        )
        catalog = IndexCatalog(settings, embedder=embedder)
        assert catalog.store.client.get_settings().chroma_api_impl.endswith("FastAPI")  # HTTP, not embedded
        assert not settings.chroma_dir.exists()
        assert catalog.store.collection.configuration["hnsw"]["ef_search"] == settings.index.ef_search
        report = Indexer(settings, catalog).ingest()
        assert report.count("added") == 2
        hits = Retriever(catalog).search("Hoeveel sectorconsulenten zijn er in 2021-2022?", k=3)
        assert any("128 sectorconsulenten" in h.text for h in hits)
        # A second client sees the same vectors: they live in the server, not in this process.
        assert ChromaStore(settings).ids() == set(catalog.state.chunk_ids())
