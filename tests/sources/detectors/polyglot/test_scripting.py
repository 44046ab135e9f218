"""Ruby (ruby-openai) and PHP (openai-php, Laravel env)."""

from __future__ import annotations

from llmdeps.model import RefKind, Runtime
from llmdeps.sources.testpaths import is_test_path

from .support import DETECTOR, models, scan


def test_wants_rb_and_php() -> None:
    assert DETECTOR.wants("app/bot.rb", "bot.rb")
    assert DETECTOR.wants("src/Bot.php", "Bot.php")
    assert not DETECTOR.wants("Gemfile.lock", "Gemfile.lock")


def test_ruby_openai_hashes_constants_and_env() -> None:
    src = """require "openai"

module Chat
  class Bot
    DEFAULT_MODEL = "gpt-4o-mini"

    def ask(prompt)
      client.chat(parameters: { model: "gpt-4o", messages: [{ role: "user", content: prompt }] })
      @embedding_model = ENV.fetch("EMBEDDING_MODEL", "text-embedding-3-small")
      judge = ENV["JUDGE_MODEL"] || "o3-mini"
      legacy = { "model" => "gpt-3.5-turbo" }
    end
  end
end
"""
    refs = scan(src, "app/chat/bot.rb")
    assert [(r.model, r.location.line, r.kind) for r in refs] == [
        ("gpt-4o-mini", 5, RefKind.CONSTANT),
        ("gpt-4o", 8, RefKind.CALL),
        ("text-embedding-3-small", 9, RefKind.ENV_DEFAULT),
        ("o3-mini", 10, RefKind.ENV_DEFAULT),
        ("gpt-3.5-turbo", 11, RefKind.CALL),
    ]
    assert refs[1].location.context == "app.chat.bot.Chat.Bot.ask:model"
    assert refs[1].runtime is Runtime.OPENAI
    assert refs[2].env_var == "EMBEDDING_MODEL"


def test_ruby_hard_negatives_and_specs() -> None:
    src = """# client.chat(parameters: { model: "gpt-4o" })
puts "using model gpt-4o"
label = { model: "GPT-4o (fast)" }
name = "#{provider}/#{model}"
opts = { model: model_name }
"""
    assert models(src, "lib/notes.rb") == []
    assert is_test_path("spec/bot_spec.rb")
    assert is_test_path("spec/support/helpers.rb")
    assert not is_test_path("spec/helpers.js")
    refs = scan('DEFAULT_MODEL = "gpt-4o"\n', "spec/support/helpers.rb")
    assert [(r.model, r.kind) for r in refs] == [("gpt-4o", RefKind.TEST)]


def test_openai_php_arrays_constants_and_env() -> None:
    src = """<?php

namespace App\\Chat;

use OpenAI\\Client;

class Bot
{
    const DEFAULT_MODEL = "gpt-4o-mini";
    private string $model = 'gpt-4o';

    public function ask(string $prompt): string
    {
        $result = $this->client->chat()->create([
            'model' => 'gpt-4.1-mini',
            'messages' => [['role' => 'user', 'content' => $prompt]],
        ]);
        $judge = env('JUDGE_MODEL', 'o3-mini');
        $local = getenv('LLM_MODEL') ?: 'llama3';
        $this->model = "claude-3-5-haiku-latest";
        return $result->choices[0]->message->content;
    }
}
"""
    refs = scan(src, "src/Chat/Bot.php")
    assert [(r.model, r.location.line, r.kind) for r in refs] == [
        ("gpt-4o-mini", 9, RefKind.CONSTANT),
        ("gpt-4o", 10, RefKind.CONSTANT),
        ("gpt-4.1-mini", 15, RefKind.CALL),
        ("o3-mini", 18, RefKind.ENV_DEFAULT),
        ("llama3", 19, RefKind.ENV_DEFAULT),
        ("claude-3-5-haiku-latest", 20, RefKind.CONSTANT),
    ]
    assert refs[2].location.context == "App.Chat.Bot.ask:model"
    assert refs[2].runtime is Runtime.OPENAI


def test_php_hard_negatives_and_tests() -> None:
    src = """<?php
// $client->chat()->create(['model' => 'gpt-4o']);
echo "model gpt-4o";
$opts = ['model' => $model, 'label' => 'GPT-4o'];
$name = "{$provider}/{$model}";
$modelPath = '/var/models/llama.gguf';
"""
    assert models(src, "src/notes.php") == []
    assert is_test_path("tests/Unit/BotTest.php")
    refs = scan("<?php\n$model = 'gpt-4o';\n", "src/BotTest.php")
    assert [(r.model, r.kind) for r in refs] == [("gpt-4o", RefKind.TEST)]
