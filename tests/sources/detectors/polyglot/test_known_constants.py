"""Issue 9, batch 4 class: a constant whose name says nothing still holds a model when its declared
type says model (`AdaSimilarity EmbeddingModel = "..."`) or its value is an id the catalog knows
(`Whisper1 = "whisper-1"`, `LLAMA_3_1 = "llama3.1"`), in Go, Java, Kotlin, C# and Rust."""

from __future__ import annotations

from llmdeps.model import RefKind

from .support import models, scan


def test_go_const_blocks_of_known_ids_and_model_types() -> None:
    src = """package openai

// Audio transcription models provided by OpenAI.
const (
	Whisper1        = "whisper-1"
	GPT4oTranscribe = "gpt-4o-transcribe"
	GPTTranscribe   = "gpt-transcribe"
)

type EmbeddingModel string

const (
	AdaSimilarity   EmbeddingModel = "text-similarity-ada-001"
	SmallEmbedding3 EmbeddingModel = "text-embedding-3-small"
)

type SpeechModel string
type SpeechVoice string
type AudioResponseFormat string
type EmbeddingEncodingFormat string

const (
	TTSModelCanary SpeechModel = "canary-tts"
	VoiceAlloy     SpeechVoice = "alloy"
	FormatJSON     AudioResponseFormat = "json"
	EncodingFloat  EmbeddingEncodingFormat = "float"
)

const (
	LanguageAda    = "ada"
	GreekPhi       = "phi"
	ProjectName    = "gpt-researcher"
	RecipesRepo    = "llama-recipes"
	DefaultBranch  = "main"
	Version        = "v1.2.3"
)
"""
    refs = scan(src, "audio.go")
    assert [(r.model, r.location.line, r.kind) for r in refs] == [
        ("whisper-1", 5, RefKind.CONSTANT),
        ("gpt-4o-transcribe", 6, RefKind.CONSTANT),
        ("text-similarity-ada-001", 13, RefKind.CONSTANT),
        ("text-embedding-3-small", 14, RefKind.CONSTANT),
        ("canary-tts", 23, RefKind.CONSTANT),
    ]
    assert refs[2].location.context == "openai:AdaSimilarity"


def test_go_vars_and_locals_still_need_a_model_name() -> None:
    src = """package main

var greeting = "gpt-4o"

func main() {
	label := "llama3.1"
	fmt.Println(greeting, label)
}
"""
    assert models(src, "main.go") == []


def test_java_static_final_constants_and_model_enums() -> None:
    src = """package utils;

public class OllamaImage {

    public static final String OLLAMA_IMAGE = "ollama/ollama:latest";

    public static final String LLAMA_3_1 = "llama3.1";

    public static final String TINY_DOLPHIN = "tinydolphin";

    private static final String GREETING = "hello-world";

    void run() {
        String label = "llama3.2";
    }
}

enum OpenAiChatModelName {
    GPT_4_O("gpt-4o"),
    O3_MINI("o3-mini");

    OpenAiChatModelName(String value) {}
}

enum Colour { RED("red-1") }

public interface OpenAiModelName {
    String GPT_3_5_TURBO = "gpt-3.5-turbo";
    String DAVINCI_EDIT = "text-davinci-edit-001";
}

interface Routes { String CHAT = "chat-completions"; }

class AnthropicModelName { public static final String CLAUDE_NEXT = "claude-next-preview"; }
"""
    assert models(src, "src/main/java/utils/OllamaImage.java") == [
        ("llama3.1", 7),
        ("gpt-4o", 19),
        ("o3-mini", 20),
        ("gpt-3.5-turbo", 28),
        ("text-davinci-edit-001", 29),
        ("claude-next-preview", 34),
    ]


def test_kotlin_csharp_and_rust_constants() -> None:
    kotlin = """object Models {
    const val CLAUDE = "claude-sonnet-4-5"
    const val TAG = "MainActivity"
    val greeting = "gpt-4o"
}
"""
    assert models(kotlin, "app/src/main/kotlin/Models.kt") == [("claude-sonnet-4-5", 2)]
    csharp = """public static class Ids
{
    public const string Gpt4o = "gpt-4o";
    public static readonly string Embedder = "text-embedding-3-small";
    public const string Route = "chat/completions";
    public const string Vendor = "openai";
}
"""
    assert models(csharp, "src/Ids.cs") == [("gpt-4o", 3), ("text-embedding-3-small", 4)]
    rust = """const GPT_4O: &str = "gpt-4o";
static SORA: &str = "sora-2";
const USER_AGENT: &str = "async-openai";
const API_BASE: &str = "https://api.openai.com/v1";
"""
    assert models(rust, "src/consts.rs") == [("gpt-4o", 1), ("sora-2", 2)]


def test_ruby_and_php_constants() -> None:
    ruby = """module Models
  GPT_4O = "gpt-4o"
  GREETING = "hello"
  GEM_NAME = "gemini-cli"
end
"""
    assert models(ruby, "lib/models.rb") == [("gpt-4o", 2)]
    php = """<?php
class Models {
    const GPT_4O = 'gpt-4o';
    public const CLAUDE = "claude-sonnet-4-5";
    const VERSION = '1.2.3';
    const VENDOR = 'openai';
}
define('DEFAULT_LLM', 'llama3.1:8b');
define('APP_NAME', 'llama-recipes');
"""
    assert models(php, "src/Models.php") == [
        ("gpt-4o", 3),
        ("claude-sonnet-4-5", 4),
        ("llama3.1:8b", 8),
    ]


def test_go_types_that_only_start_with_model_are_no_model_types() -> None:
    """KAITO's API types: a mirror's mode and phase, an image's access mode."""
    src = """package v1alpha1

type ModelMirrorMode string
type ModelMirrorPhase string
type ModelName string

const (
	ModelMirrorModeManaged  ModelMirrorMode  = "Managed"
	ModelMirrorPhasePending ModelMirrorPhase = "Pending"
	ModelImageAccessPublic  ModelImageAccessMode = "public"
	DefaultPreset           ModelName = "phi-4-mini-instruct"
)
"""
    assert models(src, "api/v1alpha1/modelmirror_types.go") == [("phi-4-mini-instruct", 11)]
