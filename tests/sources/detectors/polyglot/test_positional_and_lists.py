"""Issue 9, general classes: adapter-namespaced ids (`ns::id`), positional ids in calls whose name
says model/chat/embed/generate, and lists of ids (named model lists, or lists of known families)."""

from __future__ import annotations

from llmdeps.model import RefKind
from llmdeps.sources.detectors.polyglot.spec import with_predicate
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


def test_jvm_positional_ids_and_lists() -> None:
    java = """package com.acme.ai;

public class Assistant {
    private static final List<String> MODELS = List.of("gpt-4o-mini", "gpt-4o");
    private static final String[] CHOICES = {"llama3.1:8b", "qwen2.5:7b"};
    private static final List<String> PROVIDERS = List.of("openai", "anthropic");
    private static final List<String> HEADERS = List.of("X-App-UA", "App-Agent/1.0");
    void run() {
        var r = ollamaAPI.generate("llama3.1:8b", prompt, false, options);
        var c = client.chat("mistral-small3.1", messages);
        var req = new OllamaChatRequest("gemma3:4b", msgs);
        log.info("chat", "gpt-4o");
        if (name.startsWith("gpt-4o")) { return; }
        client.chat("Hello there", messages);
    }
}
"""
    assert models(java, "src/main/java/Assistant.java") == [
        ("gpt-4o-mini", 4), ("gpt-4o", 4), ("llama3.1:8b", 5), ("qwen2.5:7b", 5),
        ("llama3.1:8b", 9), ("mistral-small3.1", 10), ("gemma3:4b", 11),
    ]  # fmt: skip
    kotlin = """package com.acme

val models = listOf("gpt-4o", "gpt-4o-mini")
val names = listOf("alice", "bob")
val providers = setOf("openai", "ollama")
suspend fun main() {
    val g = generator.generate("qwen2.5:7b", prompt)
    val t = translator.translate("gpt-4o", text)
}
"""
    assert models(kotlin, "src/main/kotlin/App.kt") == [
        ("gpt-4o", 3), ("gpt-4o-mini", 3), ("qwen2.5:7b", 7),
    ]  # fmt: skip


def test_csharp_ruby_php_positional_ids_and_lists() -> None:
    csharp = """using OpenAI.Chat;
namespace Acme;
public class Program {
    static readonly string[] Models = { "gpt-4o", "gpt-4o-mini" };
    static readonly string[] Providers = { "openai", "ollama" };
    public static void Main() {
        ChatClient client = new("gpt-4o", apiKey);
        var ollama = new OllamaApiClient(new Uri("http://localhost:11434"), "llama3.1:8b");
        var r = await chat.GetResponseAsync("hi");
        var h = new HttpClient("gpt-4o");
    }
}
"""
    assert models(csharp, "src/Program.cs") == [
        ("gpt-4o", 4), ("gpt-4o-mini", 4), ("gpt-4o", 7), ("llama3.1:8b", 8),
    ]  # fmt: skip
    ruby = """require "openai"
MODELS = %w[gpt-4o gpt-4o-mini].freeze
PROVIDERS = %w[openai anthropic]
CHOICES = ["llama3.1:8b", "qwen2.5:7b"]
r = client.generate("llama3.1:8b", prompt)
puts "using gpt-4o"
"""
    assert models(ruby, "lib/chat.rb") == [
        ("gpt-4o", 2), ("gpt-4o-mini", 2), ("llama3.1:8b", 4), ("qwen2.5:7b", 4),
        ("llama3.1:8b", 5),
    ]  # fmt: skip
    php = """<?php
namespace App;
use OpenAI;
$models = ['gpt-4o', 'gpt-4o-mini'];
$providers = ['openai', 'anthropic'];
$response = Prism::text()->using(Provider::Anthropic, 'claude-3-5-sonnet-20241022')->generate();
$r = $ollama->generate('llama3.1:8b', $prompt);
$headers = ['X-App-UA' => 'App-Agent/1.0'];
echo 'gpt-4o';
"""
    refs = scan(php, "src/Chat.php")
    assert [(r.model, r.location.line) for r in refs] == [
        ("gpt-4o", 4), ("gpt-4o-mini", 4), ("claude-3-5-sonnet-20241022", 6), ("llama3.1:8b", 7),
    ]  # fmt: skip
    assert refs[0].location.context == "App:models"


def test_go_positional_ids_and_slices() -> None:
    src = """package main

var supportedModels = []string{"llama3.1:8b", "qwen2.5:7b"}
var providers = []string{"openai", "anthropic"}
var skipModels = []string{"gpt-4o", "gpt-4o-mini"}

func main() {
	res, _ := client.Models.GenerateContent(ctx, "gemini-2.5-flash", genai.Text("hi"), nil)
	emb, _ := client.Models.EmbedContent(ctx, "gemini-embedding-001", contents, nil)
	out, _ := client.Chat("llama3.1:8b", msgs)
	ok := strings.HasPrefix(model, "gpt-4o")
	log.Printf("model %s", "gpt-4o")
}

func TestGenerate(t *testing.T) {
	cases := []string{"llama3.1:8b", "qwen2.5:7b"}
	_ = client.GenerateContent(ctx, "gemini-2.5-flash", nil)
}
"""
    refs = scan(src, "cmd/app/main.go")
    assert [(r.model, r.location.line, r.kind) for r in refs] == [
        ("llama3.1:8b", 3, RefKind.CATALOG),
        ("qwen2.5:7b", 3, RefKind.CATALOG),
        ("gemini-2.5-flash", 8, RefKind.CALL),
        ("gemini-embedding-001", 9, RefKind.CALL),
        ("llama3.1:8b", 10, RefKind.CALL),
        ("gemini-2.5-flash", 17, RefKind.TEST),  # a call in a test function is a test reference
    ]


def test_callee_queries_get_the_family_shape_inside_each_pattern() -> None:
    query = '(call name: (id) @name) ; a comment (with parens)\n((x "a)b" @value) (#eq? @name "c"))'
    got = with_predicate(query, "(#p @value)")
    assert got == (
        '(call name: (id) @name (#p @value)) ; a comment (with parens)\n'
        '((x "a)b" @value) (#eq? @name "c") (#p @value))'
    )


def test_java_and_dotnet_configured_defaults() -> None:
    java = """class Config {
    String model = Optional.ofNullable(System.getenv("LLM_MODEL")).orElse("llama3.1:8b");
    String chat = Objects.requireNonNullElse(System.getenv("CHAT_MODEL"), "gpt-4o-mini");
    String embed = env.getProperty("app.ai.embedding-model", "nomic-embed-text");
    String host = Optional.ofNullable(System.getenv("APP_HOST")).orElse("localhost");
    String level = env.getProperty("logging.level", "INFO");
}
"""
    refs = scan(java, "src/main/java/Config.java")
    assert [(r.model, r.location.line, r.env_var) for r in refs] == [
        ("llama3.1:8b", 2, "LLM_MODEL"),
        ("gpt-4o-mini", 3, "CHAT_MODEL"),
        ("nomic-embed-text", 4, "app.ai.embedding-model"),
    ]
    csharp = """class Startup {
    void Configure() {
        var model = builder.Configuration["OpenAI:ChatModel"] ?? "gpt-4o-mini";
        var local = config.GetValue<string>("Ollama:Model") ?? "llama3.2";
        var embed = config.GetValue("AI:EmbeddingModel", "text-embedding-3-small");
        var level = config["Logging:LogLevel"] ?? "Information";
        var url = config.GetValue("Ollama:Endpoint", "http://localhost:11434");
    }
}
"""
    refs = scan(csharp, "src/Startup.cs")
    assert [(r.model, r.location.line, r.kind) for r in refs] == [
        ("gpt-4o-mini", 3, RefKind.ENV_DEFAULT),
        ("llama3.2", 4, RefKind.ENV_DEFAULT),
        ("text-embedding-3-small", 5, RefKind.ENV_DEFAULT),
    ]
    assert refs[0].env_var == "OpenAI:ChatModel"


def test_spring_and_microprofile_property_defaults() -> None:
    src = """@Service
public class ChatService {
    @Value("${spring.ai.openai.chat.options.model:gpt-4o-mini}")
    private String model;
    @ConfigProperty(name = "app.llm.model", defaultValue = "llama3.1:8b")
    String llm;
    @Value("${app.embedding.model}") String noDefault;
    @Value("${server.port:8080}") int port;
    @Value("${app.model.greeting:Hello}") String greeting;
    @ConfigProperty(name = "app.title", defaultValue = "qwen2.5:7b") String title;
}
"""
    refs = scan(src, "src/main/java/ChatService.java")
    assert [(r.model, r.location.line, r.env_var) for r in refs] == [
        ("gpt-4o-mini", 3, "spring.ai.openai.chat.options.model"),
        ("llama3.1:8b", 5, "app.llm.model"),
    ]
    assert refs[0].kind is RefKind.ENV_DEFAULT


def test_ruby_and_php_environment_defaults() -> None:
    ruby = """model = ENV.fetch("LLM_MODEL") { "llama3.1:8b" }
host = ENV.fetch("OLLAMA_HOST") { "http://localhost:11434" }
"""
    assert [(r.model, r.env_var) for r in scan(ruby, "lib/llm.rb")] == [("llama3.1:8b", "LLM_MODEL")]
    php = """<?php
$model = $_ENV['OPENAI_MODEL'] ?? 'gpt-4o-mini';
$local = $_SERVER['LLM_MODEL'] ?? 'llama3.1:8b';
$chat = config('services.openai.model', 'gpt-4o');
$name = config('app.name', 'gpt-4o');
$env = $_ENV['APP_ENV'] ?? 'production';
"""
    assert [(r.model, r.location.line, r.env_var) for r in scan(php, "config/ai.php")] == [
        ("gpt-4o-mini", 2, "OPENAI_MODEL"),
        ("llama3.1:8b", 3, "LLM_MODEL"),
        ("gpt-4o", 4, "services.openai.model"),
    ]


def test_bare_model_words_in_a_model_named_list_beside_a_model() -> None:
    src = """package ai

func DefaultModels() []string {
	return []string{"llama3.1:8b", "mistral"}
}

var modelProviders = []string{"openai", "mistral"}
var models = []string{"mistral", "openai"}  // provider words only: no model beside them
"""
    assert models(src, "internal/ai/models.go") == [("llama3.1:8b", 4), ("mistral", 4)]


def test_a_table_of_known_ids_with_numbers_is_no_catalogue() -> None:
    src = """fn prices() -> HashMap<&'static str, f64> {
    let table = HashMap::from([("gpt-4o", 2.5), ("gpt-4o-mini", 0.15)]);
    let limits = [("claude-3-5-haiku-latest", 8192), ("claude-sonnet-4-5", 64000)];
    table
}
"""
    assert models(src, "src/cost.rs") == []
