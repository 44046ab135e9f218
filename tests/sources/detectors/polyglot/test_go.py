"""Go: the Ollama Go API, openai-go, go-openai, anthropic-sdk-go, langchaingo, constants, env, flags."""

from __future__ import annotations

from llmdeps.model import RefKind, Runtime
from llmdeps.sources.testpaths import is_test_path

from .support import DETECTOR, models, scan


def test_wants_go_files() -> None:
    assert DETECTOR.wants("cmd/main.go", "main.go")
    assert not DETECTOR.wants("go.mod", "go.mod")
    assert not DETECTOR.wants("main.golden", "main.golden")


def test_ollama_go_api_request_structs() -> None:
    src = """package chat

import "github.com/ollama/ollama/api"

func (s *Server) Ask(ctx context.Context) error {
	req := &api.ChatRequest{Model: "llama3.2", Messages: msgs}
	gen := api.GenerateRequest{
		Model:  "qwen2.5-coder:7b",
		Prompt: "why is the sky blue?",
	}
	pull := &api.PullRequest{Model: "nomic-embed-text"}
	emb := &api.EmbedRequest{Model: "mxbai-embed-large", Input: "hello"}
	return nil
}
"""
    refs = scan(src, "chat/server.go")
    assert [(r.model, r.location.line) for r in refs] == [
        ("llama3.2", 6),
        ("qwen2.5-coder:7b", 8),
        ("nomic-embed-text", 11),
        ("mxbai-embed-large", 12),
    ]
    first = refs[0]
    assert first.kind is RefKind.CALL
    assert first.runtime is Runtime.OLLAMA
    assert first.location.context == "chat.Server.Ask:ChatRequest"
    assert first.location.column == src.splitlines()[5].index('"llama3.2"') + 1
    assert first.detector == "polyglot"


def test_go_openai_and_openai_go_and_anthropic() -> None:
    src = """package main

import (
	openai "github.com/sashabaranov/go-openai"
)

func main() {
	resp, _ := client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model:    "gpt-4o-mini",
		Messages: nil,
	})
	p := openai.ChatCompletionNewParams{Model: openai.F("gpt-4o"), Seed: openai.Int(1)}
	q := openai.ChatCompletionNewParams{Model: shared.ChatModel("o3-mini")}
	m := anthropic.MessageNewParams{Model: anthropic.Model("claude-3-7-sonnet-latest"), MaxTokens: 1024}
	c := openai.ChatCompletionNewParams{Model: openai.ChatModelGPT4o}
}
"""
    refs = scan(src, "main.go")
    assert [(r.model, r.runtime) for r in refs] == [
        ("gpt-4o-mini", Runtime.OPENAI),
        ("gpt-4o", Runtime.OPENAI),
        ("o3-mini", Runtime.OPENAI),
        ("claude-3-7-sonnet-latest", Runtime.ANTHROPIC),
    ]


def test_langchaingo_options() -> None:
    src = """package main

import (
	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/ollama"
)

func main() {
	llm, err := ollama.New(ollama.WithModel("mistral"))
	oa, err := openai.New(openai.WithModel("gpt-4-turbo"), openai.WithEmbeddingModel("text-embedding-3-small"))
	g, err := googleai.New(ctx, googleai.WithDefaultModel("gemini-1.5-flash"))
	out, err := llms.GenerateFromSinglePrompt(ctx, llm, prompt, llms.WithModel("llama3.1:8b"))
}
"""
    refs = scan(src, "main.go")
    assert [(r.model, r.runtime, r.location.context) for r in refs] == [
        ("mistral", Runtime.OLLAMA, "main.main:WithModel"),
        ("gpt-4-turbo", Runtime.OPENAI, "main.main:WithModel"),
        ("text-embedding-3-small", Runtime.OPENAI, "main.main:WithEmbeddingModel"),
        ("gemini-1.5-flash", Runtime.GOOGLE, "main.main:WithDefaultModel"),
        ("llama3.1:8b", Runtime.OLLAMA, "main.main:WithModel"),
    ]
    assert all(r.kind is RefKind.CALL for r in refs)


def test_constants_and_vars_whose_name_says_model() -> None:
    src = """package ai

const (
	defaultBaseURL = "http://localhost:11434"
	defaultModel   = "llama3"
	clientName     = "anthropic"
	maxTokens      = 2048
)

var FallbackModel = "gpt-4o-mini"

func pick() string {
	embeddingModel := "nomic-embed-text"
	cfg.Model = "qwen2.5:14b"
	modelPath := "./models/llama.gguf"
	return embeddingModel
}
"""
    refs = scan(src, "pkg/ai/ollama.go")
    assert [(r.model, r.location.context, r.kind) for r in refs] == [
        ("llama3", "ai:defaultModel", RefKind.CONSTANT),
        ("gpt-4o-mini", "ai:FallbackModel", RefKind.CONSTANT),
        ("nomic-embed-text", "ai.pick:embeddingModel", RefKind.CONSTANT),
        ("qwen2.5:14b", "ai.pick:Model", RefKind.CONSTANT),
    ]


def test_env_default_helpers_and_flags() -> None:
    src = """package main

func main() {
	model := getEnv("LLM_MODEL", "llama3")
	alt := envOr("OPENAI_MODEL", "gpt-4o")
	emb := cmp.Or(os.Getenv("EMBED_MODEL"), "bge-m3")
	host := getEnv("OLLAMA_HOST", "http://localhost:11434")
	m := flag.String("model", "llama3.1:8b", "model to use")
	cmd.Flags().StringVarP(&cfg.Model, "model", "m", "gpt-4.1", "the model")
	cmd.Flags().StringVar(&cfg.Judge, "judge-model", "claude-3-5-haiku-latest", "judge")
	v := flag.String("voice", "alloy", "voice")
}
"""
    refs = scan(src, "main.go")
    assert [(r.model, r.kind, r.env_var) for r in refs] == [
        ("llama3", RefKind.ENV_DEFAULT, "LLM_MODEL"),
        ("gpt-4o", RefKind.ENV_DEFAULT, "OPENAI_MODEL"),
        ("bge-m3", RefKind.ENV_DEFAULT, "EMBED_MODEL"),
        ("llama3.1:8b", RefKind.CONSTANT, None),
        ("gpt-4.1", RefKind.CONSTANT, None),
        ("claude-3-5-haiku-latest", RefKind.CONSTANT, None),
    ]
    assert refs[1].runtime is Runtime.OPENAI


def test_catalogue_of_named_models() -> None:
    src = """package ai

var defaultModels = []bedrock_support.BedrockModel{
	{
		Name:       "anthropic.claude-v2",
		Completion: &bedrock_support.CohereCompletion{},
		Config: bedrock_support.BedrockModelConfig{
			MaxTokens: 100,
			ModelName: "anthropic.claude-v2",
		},
	},
}

var regions = []Region{{Name: "us-east-1"}, {Name: "eu-west-1"}}
"""
    refs = scan(src, "pkg/ai/amazonbedrock.go")
    assert [(r.model, r.location.line, r.kind) for r in refs] == [
        ("anthropic.claude-v2", 5, RefKind.CATALOG),
        ("anthropic.claude-v2", 9, RefKind.CONSTANT),
    ]
    assert refs[0].location.context == "ai:defaultModels"


def test_hard_negatives() -> None:
    src = """package main

// Model: "gpt-4o" is the default; see api.ChatRequest{Model: "llama3"}
/* const defaultModel = "llama3" */
func main() {
	log.Printf("pulling model %s (default llama3)", name)
	fmt.Println("Default model (gpt-3.5-turbo, gpt-4, ggml-gpt4all-j...)")
	if strings.HasPrefix(mod.Name, "o1") {
	}
	if request.API != "perplexity" {
	}
	passwordlessProviders := []string{"localai", "ollama"}
	vendorCohere := "cohere"
	modelKey := "sk-abcdefghijklmnopqrstuvwxyz0123456789ABCD"
	modelDir := "/var/lib/models"
	modelName := fmt.Sprintf("%s:%s", name, tag)
	req := api.ChatRequest{Model: name}
	display := UI{Label: "GPT-4o (fast)"}
}
"""
    assert models(src, "main.go") == []


def test_test_files_give_test_references() -> None:
    src = """package chat

func TestChat(t *testing.T) {
	req := &api.ChatRequest{Model: "llama3.2"}
}
"""
    assert is_test_path("chat/chat_test.go")
    refs = scan(src, "chat/chat_test.go")
    assert [(r.model, r.kind) for r in refs] == [("llama3.2", RefKind.TEST)]


def test_broken_source_still_yields_what_parses() -> None:
    src = """package main

func main() {
	req := api.ChatRequest{Model: "llama3.2"
"""
    assert models(src, "main.go") == [("llama3.2", 4)]


def test_scan_is_deterministic() -> None:
    src = 'package p\nconst defaultModel = "llama3"\nvar chatModel = "gpt-4o"\n'
    assert scan(src, "p.go") == scan(src, "p.go")


def test_langchaingo_other_llm_packages_and_positional_model_arguments() -> None:
    src = """package main

import (
	"github.com/tmc/langchaingo/llms/maritaca"
	"github.com/tmc/langchaingo/llms/watsonx"
)

func main() {
	opts := []maritaca.Option{maritaca.WithToken(token), maritaca.WithModel("sabia-2-medium")}
	llm, err := watsonx.New(
		"meta-llama/llama-3-70b-instruct",
		// wx.WithWatsonxAPIKey("YOUR WATSONX API KEY"),
	)
	cached, err := helper.CreateCachedContent(ctx, "gemini-2.0-flash",
		[]llms.MessageContent{}, 5*time.Minute)
	emb, e := getEmbedding("gemma:2b", "http://127.0.0.1:11434")
	// hard negatives: not the model argument, no model slot, not a known family
	w, err := watsonx.New(cfg, "us-south")
	c, err := helper.CreateCachedContent(ctx, name, "display-name")
	m, e := getEmbedding("my-index", "http://127.0.0.1:11434")
	x, e := fmt.Sprintf("llama3.1:8b", "x")
	s := strings.Replace(text, "llama3:8b", "y", 1)
}
"""
    refs = scan(src, "main.go")
    assert [(r.model, r.location.line, r.runtime) for r in refs] == [
        ("sabia-2-medium", 9, Runtime.UNKNOWN),
        ("meta-llama/llama-3-70b-instruct", 11, Runtime.UNKNOWN),
        ("gemini-2.0-flash", 14, Runtime.GOOGLE),
        ("gemma:2b", 16, Runtime.UNKNOWN),
    ]
    assert all(r.kind is RefKind.CALL for r in refs)
