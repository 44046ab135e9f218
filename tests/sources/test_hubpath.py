"""Hub ids under `checkpoint_path` keys, in YAML and in a Python dict (`model_path` stays a path)."""

from __future__ import annotations

from llmdeps.model import Reference
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.config import ConfigDetector
from llmdeps.sources.hubpath import hub_id_under_path_key, hub_path_key
from tests.sources.detectors.python.helpers import refs as python_refs


def config_refs(text: str, path: str = "config.example.yaml") -> list[Reference]:
    file = SourceFile(path=path, text=text, name=path.rsplit("/", 1)[-1])
    return [d for d in ConfigDetector().scan(file) if isinstance(d, Reference)]


def test_the_shape_of_a_hub_id_under_a_path_key() -> None:
    assert hub_path_key("checkpoint_path") and hub_path_key("ckpt-path")
    assert not hub_path_key("output_path") and not hub_path_key("model_path")
    assert hub_id_under_path_key("routellm/mf_gpt4_augmented")
    assert hub_id_under_path_key("lmsys/vicuna-7b-v1.5")
    for path in (
        "checkpoints/last",
        "runs/exp1",
        "outputs/mf_gpt4",
        "./routellm/mf",
        "/mnt/ckpt/mf",
        "routellm/mf/step-100",
        "routellm/mf.ckpt",
        "models/bge-m3",
        " routellm/mf",
        "",
    ):
        assert not hub_id_under_path_key(path), path


def test_yaml_checkpoint_paths_holding_hub_ids_are_references() -> None:
    text = (
        "causal_llm:\n"
        "    checkpoint_path: routellm/causal_llm_gpt4_augmented\n"
        "mf:\n"
        "    checkpoint_path: routellm/mf_gpt4_augmented\n"
        "trainer:\n"
        "    checkpoint_path: checkpoints/mf_gpt4_augmented\n"
        "    output_path: routellm/not_a_model_gpt4\n"
        "    model_path: meta-llama/Llama-3.1-8B\n"
    )
    found = config_refs(text)
    assert [(r.model, r.location.line) for r in found] == [
        ("routellm/causal_llm_gpt4_augmented", 2),
        ("routellm/mf_gpt4_augmented", 4),
    ]


def test_python_dict_checkpoint_paths_holding_hub_ids_are_references() -> None:
    found = python_refs(
        """\
        GPT_4_AUGMENTED_CONFIG = {
            "causal_llm": {"checkpoint_path": "routellm/causal_llm_gpt4_augmented"},
            "bert": {"checkpoint_path": "routellm/bert_gpt4_augmented"},
            "local": {"checkpoint_path": "runs/bert_gpt4_augmented"},
            "save": {"output_path": "routellm/bert_gpt4_augmented"},
        }
        """,
        path="routellm/controller.py",
    )
    assert [(r.model, r.location.line) for r in found] == [
        ("routellm/causal_llm_gpt4_augmented", 2),
        ("routellm/bert_gpt4_augmented", 3),
    ]
