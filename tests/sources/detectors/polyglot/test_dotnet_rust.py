"""C# (Semantic Kernel, the OpenAI .NET SDK) and Rust (async-openai, ollama-rs)."""

from __future__ import annotations

from llmdeps.model import RefKind, Runtime
from llmdeps.sources.testpaths import is_test_path

from .support import DETECTOR, models, scan


def test_wants_cs_and_rs() -> None:
    assert DETECTOR.wants("src/Program.cs", "Program.cs")
    assert DETECTOR.wants("src/main.rs", "main.rs")
    assert not DETECTOR.wants("App.csproj", "App.csproj")


def test_semantic_kernel_and_openai_dotnet() -> None:
    src = """using Microsoft.SemanticKernel;

namespace Acme.Chat;

public class Setup
{
    private const string DefaultModel = "gpt-4o";

    public void Configure(IKernelBuilder builder)
    {
        builder.AddOpenAIChatCompletion(modelId: "gpt-4o-mini", apiKey: key);
        builder.AddOllamaChatCompletion("llama3.2", new Uri("http://localhost:11434"));
        builder.AddAzureOpenAIChatCompletion(deploymentName: "gpt-4o-prod", endpoint: url, apiKey: key);
        var client = new ChatClient(model: "gpt-4.1", apiKey: key);
        var other = new ChatClient("o3-mini", key);
        var chat = openAiClient.GetChatClient("gpt-4o-mini");
        var req = new Request { Model = "qwen2.5:7b", Stream = true };
        var model = Environment.GetEnvironmentVariable("LLM_MODEL") ?? "llama3";
    }

    public string EmbeddingModel { get; set; } = "text-embedding-3-small";
}
"""
    refs = scan(src, "src/Setup.cs")
    assert [(r.model, r.location.line, r.kind, r.runtime) for r in refs] == [
        ("gpt-4o", 7, RefKind.CONSTANT, Runtime.UNKNOWN),
        ("gpt-4o-mini", 11, RefKind.CALL, Runtime.OPENAI),
        ("llama3.2", 12, RefKind.CALL, Runtime.OLLAMA),
        ("gpt-4o-prod", 13, RefKind.CALL, Runtime.AZURE),
        ("gpt-4.1", 14, RefKind.CALL, Runtime.OPENAI),
        ("o3-mini", 15, RefKind.CALL, Runtime.OPENAI),
        ("gpt-4o-mini", 16, RefKind.CALL, Runtime.OPENAI),
        ("qwen2.5:7b", 17, RefKind.CONSTANT, Runtime.UNKNOWN),
        ("llama3", 18, RefKind.ENV_DEFAULT, Runtime.UNKNOWN),
        ("text-embedding-3-small", 21, RefKind.CONSTANT, Runtime.UNKNOWN),
    ]
    assert refs[1].location.context == "Acme.Chat.Setup.Configure:modelId"


def test_csharp_hard_negatives_and_tests() -> None:
    src = """namespace A {
    // builder.AddOpenAIChatCompletion("gpt-4o", key);
    class B {
        void C() {
            Console.WriteLine("model gpt-4o ready");
            var name = $"{provider}/{model}";
            builder.AddOpenAIChatCompletion(modelId: config.Model, apiKey: key);
            string modelLabel = "GPT-4o";
        }
    }
}
"""
    assert models(src, "B.cs") == []
    assert is_test_path("tests/Chat.Tests/SetupTests.cs")
    refs = scan('class SetupTests { string Model = "gpt-4o"; }\n', "src/SetupTests.cs")
    assert [(r.model, r.kind) for r in refs] == [("gpt-4o", RefKind.TEST)]


def test_async_openai_and_ollama_rs() -> None:
    src = """use async_openai::types::CreateChatCompletionRequestArgs;

const DEFAULT_MODEL: &str = "gpt-4o-mini";

impl Agent {
    async fn ask(&self) -> Result<()> {
        let req = CreateChatCompletionRequestArgs::default()
            .model("gpt-4o")
            .max_tokens(512u32)
            .build()?;
        let gen = GenerationRequest::new("llama3.2".to_string(), prompt);
        let model = std::env::var("LLM_MODEL").unwrap_or_else(|_| "llama3".to_string());
        let s = Settings { model: String::from("qwen2.5:7b"), n: 1 };
        Ok(())
    }
}
"""
    refs = scan(src, "src/agent.rs")
    assert [(r.model, r.location.line, r.kind) for r in refs] == [
        ("gpt-4o-mini", 3, RefKind.CONSTANT),
        ("gpt-4o", 8, RefKind.CALL),
        ("llama3.2", 11, RefKind.CALL),
        ("llama3", 12, RefKind.ENV_DEFAULT),
        ("qwen2.5:7b", 13, RefKind.CONSTANT),
    ]
    assert refs[1].location.context == "src.agent.Agent.ask:model"
    assert refs[1].runtime is Runtime.OPENAI
    assert refs[2].runtime is Runtime.OLLAMA
    assert refs[3].env_var == "LLM_MODEL"


def test_rust_hard_negatives() -> None:
    src = """// .model("gpt-4o")
/// Uses `llama3` by default.
fn main() {
    println!("model gpt-4o");
    let provider = "openai";
    let model_dir = "/models/llama3";
    let m = format!("{}:{}", name, tag);
    let b = builder.model(name);
}
"""
    assert models(src, "src/main.rs") == []


def test_csharp_model_records_and_placeholders() -> None:
    text = """\
Dictionary<int, ModelDefinition> GetBedrockModels() => new()
{
    { 1, new ModelDefinition { Name = "anthropic.claude-3-haiku-20240307-v1:0", CanStream = true } },
    { 2, new ModelDefinition { Name = "amazon.titan-text-express-v1", CanStream = false } },
};
var user = new UserDefinition { Name = "gpt-4o-fan" };
var plugin = new ModelDefinition { Name = "Weather" };
services.AddOpenAIChatCompletion(serviceId: "lmstudio", modelId: "N/A", endpoint: uri);
"""
    found = [(r.model, r.location.line, r.kind) for r in scan(text, "Demos/Bedrock/Program.cs")]
    assert found == [
        ("anthropic.claude-3-haiku-20240307-v1:0", 3, RefKind.CATALOG),
        ("amazon.titan-text-express-v1", 4, RefKind.CATALOG),
    ]


def test_csharp_a_model_named_key_and_its_value() -> None:
    text = """\
var context = new RequestContext();
context.SetArg("custom_text_generation_model_name", "llama2:70b");
context.SetArg("custom_index_name", "docs-2024");
headers.Add("x-request-id", "abc-1");
"""
    found = [(r.model, r.location.line) for r in scan(text, "examples/Program.cs")]
    assert found == [("llama2:70b", 2)]
