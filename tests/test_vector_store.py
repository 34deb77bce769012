"""The embedded Chroma store gives every process the same, exact nearest neighbours.

Below Chroma's sync threshold (1,000 vectors) each process rebuilds its HNSW graph from the write-ahead
log, with several threads, so at Chroma's default search breadth two processes reading one index got
different dense hits for one question (docs/EVAL.md). The vectors here are clustered, like real
passages, where a narrow search misses close neighbours."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from beleid.settings import IngestSettings, Settings
from index.vector_store import ChromaStore

DIM, CLUSTERS, PER_CLUSTER, QUERIES, K = 384, 30, 30, 40, 30

_QUERY_IN_A_NEW_PROCESS = """
import json, sys
import numpy as np
from beleid.settings import IngestSettings, Settings
from index.vector_store import ChromaStore
data_dir, queries = sys.argv[1], np.load(sys.argv[2])
store = ChromaStore(Settings(data_dir=data_dir, ingest=IngestSettings(corpus_dir=data_dir)))
print(json.dumps([[cid for cid, _ in store.query(vector, int(sys.argv[3]))] for vector in queries]))
"""


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def _clustered_vectors(rng: np.random.Generator) -> np.ndarray:
    centres = rng.normal(size=(CLUSTERS, DIM))
    return _unit(np.repeat(centres, PER_CLUSTER, axis=0) + rng.normal(scale=0.35, size=(CLUSTERS * PER_CLUSTER, DIM)))


def _hits_in_a_new_process(data_dir: Path, queries_file: Path) -> list[list[str]]:
    repo = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", _QUERY_IN_A_NEW_PROCESS, str(data_dir), str(queries_file), str(K)],
                          cwd=repo, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_two_processes_get_the_exact_same_nearest_neighbours(tmp_path):
    rng = np.random.default_rng(7)
    vectors = _clustered_vectors(rng)
    vectors[1] = vectors[0]  # one text repeated (a running header): equal scores come back in one order
    ids = [f"chunk-{i:04d}" for i in range(len(vectors))]
    data_dir = tmp_path / "data"
    ChromaStore(Settings(data_dir=data_dir, ingest=IngestSettings(corpus_dir=tmp_path))).add(
        ids, vectors, [f"doc-{i // PER_CLUSTER}" for i in range(len(vectors))])
    queries = _unit(vectors[rng.choice(len(vectors), QUERIES, replace=False)] + rng.normal(scale=0.3, size=(QUERIES, DIM)))
    queries[0] = vectors[0]
    queries_file = tmp_path / "queries.npy"
    np.save(queries_file, queries)

    similarity = queries @ vectors.T
    exact = [[ids[j] for j in sorted(range(len(ids)), key=lambda j: (-similarity[q, j], ids[j]))[:K]]
             for q in range(QUERIES)]
    first, second = (_hits_in_a_new_process(data_dir, queries_file) for _ in range(2))
    assert first[0][:2] == ["chunk-0000", "chunk-0001"]
    assert first == exact
    assert second == exact


def test_the_hnsw_measurement_counts_exact_hits_against_numpy():
    from eval.hnsw import grown, measure

    rng = np.random.default_rng(3)
    vectors = grown(_clustered_vectors(rng)[:300], 450)
    assert len(vectors) == 450 and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    queries = vectors[:5]
    row = measure(vectors, queries, ef_search=500)
    assert row["recall@30"] == 1.0 and row["exact_questions"] == 5 and row["vectors"] == 450
