"""Issue 9, general classes: adapter-namespaced ids (`ns::id`), positional ids in calls whose name
says model/chat/embed/generate, and lists of ids (named model lists, or lists of known families)."""

from __future__ import annotations

from llmdeps.model import RefKind
from llmdeps.sources.idshape import model_like, without_namespace
from llmdeps.sources.names import callee_says_model, family_like

from .support import models, scan


def test_namespaced_ids_are_judged_by_the_id_after_the_namespace() -> None:
    assert without_namespace("ollama_cloud::gemma3:4b") == "gemma3:4b"
    for value in (
        "ollama_cloud::gemma3:4b",
        "aliyun::qwen-plus",
        "bedrock_api::us.anthropic.claude-sonnet-4-6",
        "baidu-coding-openai::glm-5",
    ):
        assert model_like(value) and family_like(value), value
    # Rust paths, enum variants and double namespaces are not model ids
    for value in ("std::vector", "AdapterKind::OpenAI", "genai::chat", "a::b::gpt-4o", "ns::"):
        assert not model_like(value), value


def test_callee_names() -> None:
    assert callee_says_model("exec_chat", "client")
    assert callee_says_model("GenerateContent", "client.Models")
    assert callee_says_model("new", "ModelIden")  # builds a model type
    assert not callee_says_model("new", "model")  # a variable, not a type
    assert not callee_says_model("starts_with", "model_iden.model_name")
    assert not callee_says_model("contains", "model_name")
    assert not callee_says_model("isChatModel", "registry")


def test_rust_namespaced_constants_and_positional_ids() -> None:
    src = """use genai::{Client, ModelIden, adapter::AdapterKind};

const MODEL_OLLAMA_CLOUD: &str = "ollama_cloud::gemma3:4b";
const MODEL_ALIYUN: &str = "aliyun::qwen-plus"; // required namespace

async fn run(client: &Client) -> Result<()> {
    let iden = ModelIden::new(AdapterKind::OpenAI, "gpt-4o-mini");
    let spec = ModelSpec::from_iden((AdapterKind::Anthropic, "claude-opus-4-5"));
    let res = client.exec_chat("baidu-coding-openai::glm-5", req.clone(), None).await?;
    let emb = client.embed("gemini-embedding-001", "Find documents about AI", None).await?;
    Ok(())
}
"""
    refs = scan(src, "examples/c01.rs")
    assert [(r.model, r.location.line, r.kind) for r in refs] == [
        ("ollama_cloud::gemma3:4b", 3, RefKind.CONSTANT),
        ("aliyun::qwen-plus", 4, RefKind.CONSTANT),
        ("gpt-4o-mini", 7, RefKind.CALL),
        ("claude-opus-4-5", 8, RefKind.CALL),
        ("baidu-coding-openai::glm-5", 9, RefKind.CALL),
        ("gemini-embedding-001", 10, RefKind.CALL),
    ]
    assert refs[4].location.context == "examples.c01.run:exec_chat"


def test_rust_positional_hard_negatives() -> None:
    src = """fn route(model_name: &str) -> bool {
    if model_name.starts_with("gpt-") { return true; }
    let msg = ChatMessage::user("Hello, how are you?");
    let filter = EnvFilter::new("genai=info");
    let ep = Endpoint::from_static("http://localhost:11434");
    model_name.contains("claude-sonnet-5")
        || client.exec_chat(MODEL, req, None).is_ok()
        || client.exec_chat("my-house-bot", req, None).is_ok()
}
"""
    assert models(src, "src/router.rs") == []


def test_rust_lists_of_ids() -> None:
    src = """const MODELS: &[&str] = &[
    "command-r-plus",
    "command-r",
];

fn main() {
    let test_cases = vec![
        ("glm-4.6", "Regular ZAI model"),
        ("zai-coding::glm-4.6", "Coding subscription model"),
    ];
}
"""
    refs = scan(src, "src/adapter.rs")
    assert [(r.model, r.location.line, r.kind) for r in refs] == [
        ("command-r-plus", 2, RefKind.CATALOG),
        ("command-r", 3, RefKind.CATALOG),
        ("glm-4.6", 8, RefKind.CATALOG),
        ("zai-coding::glm-4.6", 9, RefKind.CATALOG),
    ]
    assert refs[0].location.context == "src.adapter:MODELS"


def test_rust_list_hard_negatives() -> None:
    src = """fn legacy_supports_effort(model_name: &str) -> bool {
    const SUPPORT_EFFORT_MODELS: &[&str] = &["claude-opus-4-6", "claude-sonnet-4-6"];
    SUPPORT_EFFORT_MODELS.iter().any(|name| model_name.contains(name))
}
const PROVIDERS: &[&str] = &["openai", "anthropic", "gemini"];
const PREFIXES: &[&str] = &["gpt-", "claude-"];
const KEY_NAMES: &[&str] = &["OPENAI_API_KEY", "ANTHROPIC_API_KEY"];
fn one() { let only = vec!["gpt-4o"]; let mixed = vec!["gpt-4o", "hello world"]; }

#[cfg(test)]
mod tests {
    #[test]
    fn test_parse_known_models() {
        let cases = [("claude-opus-4-7", Family::Opus), ("claude-sonnet-5", Family::Sonnet)];
    }
}
"""
    assert models(src, "src/adapters/anthropic/model.rs") == []
