"""Issue 9, batch 4 classes: a JSON request body written in code (Rust's `json!`, Go, Java, Kotlin
and C# map literals), a model resource's positional id (`client.models().retrieve("x")`), a model
in a URL's query (`?model=gpt-realtime`), and a reply's model field (a negative)."""

from __future__ import annotations

from llmdeps.model import RefKind

from .support import models, scan


def test_rust_json_macro_bodies_models_resource_and_nested_builders() -> None:
    src = """use async_openai::Client;
use serde_json::json;

async fn run(client: &Client<OpenAIConfig>) -> Result<(), Box<dyn Error>> {
    let response: serde_json::Value = client
        .chat()
        .create_byot(serde_json::json!({
            "messages": [{"role": "user", "content": "What do you think about life?"}],
            "model": "gpt-4o",
            "store": false
        }))
        .await?;
    let pair = json!(["model", "gpt-4o-mini"]);
    let reply = json!({"role": "assistant", "content": "gpt-4o says hi"});
    let model = client.models().retrieve("gpt-3.5-turbo-instruct").await?;
    let file = client.files().retrieve("file-abc123").await?;
    let cached = cache.retrieve("gpt-4o").await?;
    let request = CreateImageRequestArgs::default()
        .model(ImageModel::Other("imagen-3.0-generate-002".to_string()))
        .prompt(prompt.to_string())
        .build()?;
    Ok(())
}
"""
    refs = scan(src, "examples/byot/src/main.rs")
    assert [(r.model, r.location.line, r.kind) for r in refs] == [
        ("gpt-4o", 9, RefKind.CALL),
        ("gpt-3.5-turbo-instruct", 15, RefKind.CALL),
        ("imagen-3.0-generate-002", 19, RefKind.CALL),
    ]


def test_map_literal_bodies_in_go_java_kotlin_and_csharp() -> None:
    go = """package main

func run(client *openai.Client) {
	body := map[string]any{"model": "gpt-4o", "messages": msgs}
	headers := map[string]string{"content-type": "gpt-4o", "x-model-hint": "fast"}
	_, err := client.GetEngine(ctx, "text-davinci-003")
	_, err = client.GetFile(ctx, "gpt-4o")
}
"""
    assert models(go, "cmd/run.go") == [("gpt-4o", 4), ("text-davinci-003", 6)]
    java = """class Body {
    void run() {
        Map<String, Object> body = Map.of("model", "gpt-4o", "stream", false);
        var b = new HashMap<String, Object>();
        b.put("model", "llama3.1:8b");
        b.put("prompt", "gpt-4o is nice");
        b.put("modelFormat", "json");
    }
}
"""
    assert models(java, "src/main/java/Body.java") == [("gpt-4o", 3), ("llama3.1:8b", 5)]
    kotlin = """fun run() {
    val body = mapOf("model" to "gpt-4o", "stream" to false)
    val labels = mapOf("name" to "gpt-4o")
    val json = buildJsonObject { put("model", "gpt-4o-mini"); put("user", "o3") }
}
"""
    assert models(kotlin, "src/main/kotlin/Body.kt") == [("gpt-4o", 2), ("gpt-4o-mini", 4)]
    csharp = """class Body {
    void Run() {
        var a = new Dictionary<string, object> { ["model"] = "gpt-4o", ["user"] = "gpt-4o" };
        var b = new Dictionary<string, object> { { "model", "gpt-4o-mini" }, { "name", "o3" } };
    }
}
"""
    assert models(csharp, "src/Body.cs") == [("gpt-4o", 3), ("gpt-4o-mini", 4)]


def test_a_model_in_a_url_query_in_every_language() -> None:
    rust = 'let url = "wss://api.openai.com/v1/realtime?model=gpt-realtime";\n'
    assert models(rust, "examples/realtime/src/main.rs") == [("gpt-realtime", 1)]
    go = 'package main\n\nconst u = "https://x.openai.azure.com/realtime?api-version=1&deployment=gpt-4o"\n'
    assert models(go, "main.go") == [("gpt-4o", 3)]
    java = 'class A { String u = "wss://api.openai.com/v1/realtime?model=gpt-4o-realtime-preview"; }\n'
    assert models(java, "A.java") == [("gpt-4o-realtime-preview", 1)]
    # a template, a path segment, a non-model parameter and a bare query are not references
    negatives = """package main

var a = "wss://api.openai.com/v1/realtime?model=%s"
var b = "https://api.openai.com/v1/models/gpt-4o"
var c = "https://example.com/search?q=gpt-4o&modelling=true"
var d = "?model=gpt-4o"
"""
    assert models(negatives, "main.go") == []


def test_a_model_field_of_a_reply_literal_is_no_reference() -> None:
    src = """package openai_test

func TestStream(t *testing.T) {
	stream, _ := client.CreateCompletionStream(ctx, openai.CompletionRequest{
		Model:     "text-davinci-002",
		MaxTokens: 10,
	})
	expected := []openai.CompletionResponse{
		{ID: "1", Model: "text-davinci-002"},
	}
	job := openai.FineTuningJob{Model: "davinci-002", ID: "ftjob-1"}
	req := struct{ Model string }{Model: "gpt-4o"}
}
"""
    refs = scan(src, "stream_test.go")
    assert [(r.model, r.location.line, r.kind) for r in refs] == [
        ("text-davinci-002", 5, RefKind.TEST),
        ("gpt-4o", 12, RefKind.TEST),
    ]


def test_java_models_resource_and_ruby_urls() -> None:
    java = """class Models {
    void run() {
        var model = client.models().retrieve("gpt-4o");
        var file = client.files().retrieve("file-abc123");
    }
}
"""
    assert models(java, "src/main/java/Models.java") == [("gpt-4o", 3)]
    kotlin = """suspend fun run() {
    val model = client.models().retrieve("o3-mini")
    val file = client.files().retrieve("file-abc123")
}
"""
    assert models(kotlin, "src/main/kotlin/Models.kt") == [("o3-mini", 2)]
    ruby = 'URL = "wss://api.openai.com/v1/realtime?model=gpt-realtime"\n'
    assert models(ruby, "lib/realtime.rb") == [("gpt-realtime", 1)]


def test_a_mocked_reply_body_is_no_reference() -> None:
    rust = """#[tokio::test]
async fn parses_usage() {
    let server = mock(serde_json::json!({
        "id": "chatcmpl-test",
        "model": "gpt-4o-mini-2024-07-18",
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }));
    let request = json!({"model": "gpt-4o-mini", "messages": [], "stream": false});
}
"""
    assert models(rust, "src/adapter/openai.rs") == [("gpt-4o-mini", 8)]
    go = """package main

func handler(w http.ResponseWriter, r *http.Request) {
	reply := map[string]any{"id": "cmpl-1", "model": "gpt-4o", "created": 1699896916, "choices": nil}
	json.NewEncoder(w).Encode(reply)
	req := map[string]any{"model": "gpt-4o-mini", "messages": msgs, "stream": true}
}
"""
    assert models(go, "server/mock.go") == [("gpt-4o-mini", 6)]
