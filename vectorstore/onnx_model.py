"""The embedding model on ONNX Runtime: the same weights, exported once, run without torch.

For a sentence-transformers model made of a BERT-style transformer, mean pooling
and normalisation (all-MiniLM-L6-v2 is), the whole model is exported once to an
ONNX file in the cache folder (by torch's exporter, from the loaded
sentence-transformers model) and then run by ONNX Runtime, which chromadb
already depends on. Measured here (bench/precision.py): about 1.5x the speed of
torch fp32 on the CPU, vectors within 2e-7 of torch's, and a process that only
embeds queries imports onnxruntime and tokenizers (well under a second) instead
of torch and sentence-transformers (4-5 s).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

PAD_RATIO = 0.9

_MODULES = [
    "sentence_transformers.models.Transformer",
    "sentence_transformers.models.Pooling",
    "sentence_transformers.models.Normalize",
]


def exportable(model_dir: str | Path) -> bool:
    """True for a BERT-style model with mean pooling and normalisation (what we export)."""
    folder = Path(model_dir)
    try:
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
        if [m["type"] for m in modules] != _MODULES:
            return False
        pooling_dir = folder / modules[1]["path"]
        pooling = json.loads((pooling_dir / "config.json").read_text(encoding="utf-8"))
        modes = {k for k, v in pooling.items() if k.startswith("pooling_mode") and v is True}
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        return modes == {"pooling_mode_mean_tokens"} and config.get("model_type") == "bert"
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return False


def onnx_path(model_dir: str | Path, cache_dir: str | Path) -> Path:
    """Where the export of ``model_dir`` is cached (keyed by the weights' size and time)."""
    folder = Path(model_dir).resolve()
    stamp = [str(folder)]
    for weights in sorted(folder.glob("*.safetensors")) + sorted(folder.glob("*.bin")):
        info = weights.stat()
        stamp.append(f"{weights.name}:{info.st_size}:{int(info.st_mtime)}")
    key = hashlib.sha1("|".join(stamp).encode()).hexdigest()[:12]
    return Path(cache_dir) / "onnx" / f"{folder.name}-{key}.onnx"


def export(sentence_transformer: Any, target: Path) -> bool:
    """Exports the model (transformer, mean pooling, normalisation) to ``target``.

    Returns:
        False when the exporter is not installed or fails (the caller stays on torch).
    """
    import torch

    class _Whole(torch.nn.Module):
        def __init__(self, bert: Any) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            out = self.bert(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=torch.zeros_like(input_ids),
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(out.dtype)
            mean = (out * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    example = sentence_transformer.tokenizer(["a b", "c"], padding=True, return_tensors="pt")
    try:
        import warnings

        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _Whole(sentence_transformer[0].auto_model.eval()),
                (example["input_ids"], example["attention_mask"]),
                str(tmp),
                input_names=["input_ids", "attention_mask"],
                output_names=["embedding"],
                dynamic_axes={
                    "input_ids": {0: "batch", 1: "tokens"},
                    "attention_mask": {0: "batch", 1: "tokens"},
                    "embedding": {0: "batch"},
                },
                opset_version=17,
                dynamo=False,
            )
        tmp.replace(target)  # atomic: a concurrent process never loads half a file
        return True
    except Exception as error:  # the exporter is optional: torch serves instead
        log.warning("could not export the embedding model to ONNX (%s); using torch", error)
        tmp.unlink(missing_ok=True)
        return False


class OnnxEncoder:
    """Runs an exported model: texts -> float32 unit vectors.

    Args:
        path: The exported ``.onnx`` file.
        tokenizer_file: The model's ``tokenizer.json``.
        max_length: The model window in word pieces (longer texts are truncated,
            as sentence-transformers does).
    """

    def __init__(self, path: Path, tokenizer_file: Path, max_length: int) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.enable_truncation(max_length)
        self.tokenizer.no_padding()  # padded per batch, to the batch's longest text
        self.dimension = int(self.encode(["dimension"], 1).shape[1])

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        encoded = self.tokenizer.encode_batch(texts)
        lengths = np.array([len(e.ids) for e in encoded])
        done: list[tuple[list[int], np.ndarray]] = []
        for rows in _batches(lengths, batch_size):
            width = int(lengths[rows[0]])
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for k, i in enumerate(rows):
                ids[k, : lengths[i]] = encoded[i].ids
                mask[k, : lengths[i]] = 1
            feed = {"input_ids": ids, "attention_mask": mask}
            done.append((rows, self.session.run(None, feed)[0]))
        out = np.empty((len(texts), done[0][1].shape[1]), dtype=np.float32)
        for rows, vectors in done:
            out[rows] = vectors
        return out


def _batches(lengths: np.ndarray, batch_size: int) -> list[list[int]]:
    """Rows grouped longest first into batches that pad little.

    A batch is cut at ``batch_size`` or when the next text is shorter than
    ``PAD_RATIO`` of the batch's longest. Every row is padded to that longest, and the
    work grows with it: on the answerer's candidate sentences (5 to 80 word pieces),
    fixed batches of 64 took 1.6x as long (bench/sentence_scorer.py).
    """
    order = np.argsort(-lengths, kind="stable")
    batches: list[list[int]] = []
    for i in order.tolist():
        current = batches[-1] if batches else None
        if current and len(current) < batch_size and lengths[i] >= PAD_RATIO * lengths[current[0]]:
            current.append(i)
        else:
            batches.append([i])
    return batches
