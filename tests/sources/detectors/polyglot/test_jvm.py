"""Java and Kotlin: LangChain4j and Spring AI builders, openai-java params, fields and properties."""

from __future__ import annotations

from llmdeps.model import RefKind, Runtime
from llmdeps.sources.testpaths import is_test_path

from .support import DETECTOR, models, scan


def test_wants_jvm_files() -> None:
    for name in ("Chat.java", "Chat.kt", "build.gradle.kts"):
        assert DETECTOR.wants(f"src/{name}", name)
    assert not DETECTOR.wants("Chat.class", "Chat.class")


def test_langchain4j_and_spring_ai_builders() -> None:
    src = """package com.acme.chat;

import dev.langchain4j.model.openai.OpenAiChatModel;

public class Assistant {
    private static final String DEFAULT_MODEL = "gpt-4o-mini";

    ChatLanguageModel build() {
        return OpenAiChatModel.builder()
            .apiKey(System.getenv("OPENAI_API_KEY"))
            .modelName("gpt-4o")
            .temperature(0.2)
            .build();
    }

    ChatOptions options() {
        return OpenAiChatOptions.builder().model("o3-mini").build();
    }
}
"""
    refs = scan(src, "src/main/java/com/acme/chat/Assistant.java")
    assert [(r.model, r.location.line, r.kind) for r in refs] == [
        ("gpt-4o-mini", 6, RefKind.CONSTANT),
        ("gpt-4o", 11, RefKind.CALL),
        ("o3-mini", 17, RefKind.CALL),
    ]
    assert refs[1].location.context == "com.acme.chat.Assistant.build:modelName"
    assert refs[1].runtime is Runtime.OPENAI


def test_ollama_builder_runtime_from_the_builder_class() -> None:
    src = """class Local {
    void run() {
        var m = OllamaChatModel.builder().baseUrl(url).modelName("llama3.2").build();
    }
}
"""
    refs = scan(src, "Local.java")
    assert [(r.model, r.runtime, r.location.context) for r in refs] == [
        ("llama3.2", Runtime.OLLAMA, "Local.Local.run:modelName")
    ]


def test_java_hard_negatives() -> None:
    src = """package a;

// .modelName("gpt-4o") is the default
/** Uses model "llama3" unless configured. */
class Notes {
    String modelLabel = "GPT-4o (fast)";
    String modelPath = "/opt/models/llama.gguf";
    void log() {
        logger.info("model gpt-4o loaded");
        String provider = "openai";
        builder.modelName(name);
        builder.apiKey("sk-abcdefghijklmnopqrstuvwxyzABCDEFGH0123456789");
    }
}
"""
    assert models(src, "src/main/java/a/Notes.java") == []


def test_java_test_class_gives_test_references() -> None:
    assert is_test_path("src/test/java/a/AssistantTest.java")
    assert is_test_path("app/AssistantTest.java")
    src = 'class AssistantTest { String model = "gpt-4o"; }\n'
    assert [(r.model, r.kind) for r in scan(src, "app/AssistantTest.java")] == [
        ("gpt-4o", RefKind.TEST)
    ]


def test_kotlin_builders_named_arguments_and_properties() -> None:
    src = """package com.acme.bot

import dev.langchain4j.model.ollama.OllamaChatModel

class Bot(private val url: String) {
    fun model() = OllamaChatModel.builder().baseUrl(url).modelName("llama3.2").build()

    fun openai() {
        val client = OpenAI(token = key)
        val req = ChatCompletionRequest(model = ModelId("gpt-4o"), messages = msgs)
        val judge = Judge(model = "claude-3-5-haiku-latest")
        val chatModel: String = "qwen2.5:7b"
        val fallback = System.getenv("LLM_MODEL") ?: "mistral-nemo"
    }

    companion object {
        const val DEFAULT_MODEL = "gpt-4o-mini"
    }
}
"""
    refs = scan(src, "src/main/kotlin/com/acme/bot/Bot.kt")
    assert [(r.model, r.location.line, r.kind) for r in refs] == [
        ("llama3.2", 6, RefKind.CALL),
        ("gpt-4o", 10, RefKind.CALL),
        ("claude-3-5-haiku-latest", 11, RefKind.CALL),
        ("qwen2.5:7b", 12, RefKind.CONSTANT),
        ("mistral-nemo", 13, RefKind.ENV_DEFAULT),
        ("gpt-4o-mini", 17, RefKind.CONSTANT),
    ]
    assert refs[0].runtime is Runtime.OLLAMA
    assert refs[4].env_var == "LLM_MODEL"
    assert refs[5].location.context == "com.acme.bot.Bot:DEFAULT_MODEL"


def test_kotlin_hard_negatives() -> None:
    src = """package a

// modelName("gpt-4o")
fun f() {
    println("using model gpt-4o")
    val name = "$provider/$model"
    val modelTemplate = "{{ model }}"
    val displayModel = "GPT 4o"
}
"""
    assert models(src, "a.kt") == []
