"""Issue 9, round 2 in JS/TS: a model class built with `{ id }` (Agno-style), and model-named
attributes written on an object."""

from __future__ import annotations

from llmdeps.model import RefKind
from tests.sources.detectors.javascript.support import models, scan

MODEL_CLASSES = """\
import { OpenAIChat } from "@agno/models";

const agent = new Agent({
  name: "support",
  model: new OpenAIChat({ id: "gpt-4.1-mini", temperature: 0 }),
});
const embedder = new OllamaEmbedder({ id: "nomic-embed-text", dimensions: 768 });
"""


def test_model_class_id_key_is_the_model() -> None:
    found = {r.model: r for r in scan(MODEL_CLASSES)}
    assert set(found) == {"gpt-4.1-mini", "nomic-embed-text"}
    assert found["gpt-4.1-mini"].kind is RefKind.CALL
    assert found["gpt-4.1-mini"].location.line == 5


def test_id_key_of_other_classes_is_not_a_model() -> None:
    text = """\
const msg = new ChatMessage({ id: "msg_01", role: "user" });
const row = new UserModel({ id: "user-42" });
const run = new Agent({ id: "gpt-4o-agent" });
"""
    assert models(text) == []


def test_model_named_attribute_defaults() -> None:
    text = """\
export class Memory {
  constructor(opts) {
    this.model = opts.model ?? "gpt-4o-mini";
    this.config.embeddingModel = this.config.embeddingModel || "text-embedding-3-small";
    this.modelPath = "models/llama-3-8b";
  }
}
"""
    assert models(text) == ["gpt-4o-mini", "text-embedding-3-small"]
