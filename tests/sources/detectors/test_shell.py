"""Model-fetching commands in Dockerfiles, shell scripts, Makefiles, CI workflows and compose files."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from llmdeps.model import Reference, RefKind, Runtime
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.shell import ShellDetector
from llmdeps.sources.detectors.shell.interpreter import model_arguments
from llmdeps.sources.parse.shellwords import whole

DEMO = Path(__file__).resolve().parents[3] / "examples" / "demo"
DETECTOR = ShellDetector()

Row = tuple[str, int, int, str]


def scan(text: str, path: str) -> list[Reference]:
    name = path.rsplit("/", 1)[-1]
    found = list(DETECTOR.scan(SourceFile(path=path, text=text, name=name)))
    refs = [r for r in found if isinstance(r, Reference)]
    assert len(refs) == len(found)
    lines = (text[1:] if text.startswith("\ufeff") else text).split("\n")
    for ref in refs:  # every position points at the model text in the file
        line = lines[ref.location.line - 1]
        assert line[ref.location.column - 1 :].startswith(ref.model), (ref, line)
        assert ref.detector == "shell" and ref.location.path == path
    return refs


def rows(text: str, path: str) -> list[Row]:
    return [
        (r.model, r.location.line, r.location.column, r.location.context) for r in scan(text, path)
    ]


def test_wants_by_file_name() -> None:
    wanted = [
        "Dockerfile",
        "docker/Dockerfile.gpu",
        "app.dockerfile",
        "Containerfile",
        "scripts/pull.sh",
        "x.bash",
        "x.zsh",
        "Makefile",
        "GNUmakefile",
        "build/rules.mk",
        "justfile",
        "Procfile",
        ".github/workflows/ci.yml",
        ".github/workflows/eval.yaml",
        ".gitlab-ci.yml",
        "docker-compose.yml",
        "deploy/docker-compose.prod.yaml",
        "compose.yaml",
    ]
    for path in wanted:
        assert DETECTOR.wants(path, path.rsplit("/", 1)[-1]), path
    for path in (
        "config.yaml",
        "litellm/config.yml",
        "app.py",
        "README.md",
        "x.ps1",
        ".env",
        "Modelfile",
    ):
        assert not DETECTOR.wants(path, path.rsplit("/", 1)[-1]), path


def test_demo_dockerfile() -> None:
    found = scan((DEMO / "Dockerfile").read_text(), "Dockerfile")
    assert [(r.model, r.location.line, r.location.column, r.location.context) for r in found] == [
        ("llama3.1:8b", 6, 20, "RUN ollama pull"),
        ("nomic-embed-text", 7, 20, "RUN ollama pull"),
        ("grant-writer", 8, 22, "RUN ollama create"),
    ]
    assert all(r.kind is RefKind.PULL and r.runtime is Runtime.OLLAMA for r in found)
    assert all(r.env_var is None for r in found)


def test_demo_pull_script() -> None:
    found = scan((DEMO / "deploy" / "pull-models.sh").read_text(), "deploy/pull-models.sh")
    got = [(r.model, r.location.line, r.location.column, r.kind, r.env_var) for r in found]
    assert got == [
        ("llama3.1:8b", 4, 21, RefKind.ENV_DEFAULT, "LLM_MODEL"),
        ("nomic-embed-text", 6, 13, RefKind.PULL, None),
        ("mistral:7b", 7, 13, RefKind.PULL, None),
    ]
    assert {r.location.context for r in found} == {"ollama pull"}


SCRIPT = """#!/usr/bin/env bash
set -euo pipefail
# ollama pull commented-out-model
pull_all() {
  for m in llama3 "mistral:7b"; do ollama pull $m; done
}
MODELS=(qwen2.5:7b phi3)
for m in "${MODELS[@]}"; do
  ollama pull "$m"   # ollama pull trailing-comment
done
echo "now run: ollama pull notamodel"
docker exec -it ollama ollama pull gemma2:2b
docker compose exec -T ollama ollama run llama3.2
sudo -u ollama env OLLAMA_HOST=0.0.0.0 ollama pull granite3.1-dense:2b
sh -c "ollama pull deepseek-r1:7b && echo ok"
cat <<EOF > README.txt
ollama pull in-a-readme
EOF
bash <<'EOS'
ollama pull from-heredoc
EOS
: "${EMBED:=nomic-embed-text}"
ollama pull "$EMBED"
ollama pull $UNKNOWN
ollama pull "${TAG}-q4"
ollama serve & sleep 5; ollama run mistral "Why is the sky blue?" | tee out.txt
ollama cp llama3 my-llama
ollama list; ollama ps
"""


def test_shell_script_commands_loops_functions_and_heredocs() -> None:
    assert rows(SCRIPT, "scripts/pull.sh") == [
        ("llama3", 5, 12, "pull_all:ollama pull"),
        ("mistral:7b", 5, 20, "pull_all:ollama pull"),
        ("qwen2.5:7b", 7, 9, "ollama pull"),
        ("phi3", 7, 20, "ollama pull"),
        ("gemma2:2b", 12, 36, "ollama pull"),
        ("llama3.2", 13, 42, "ollama run"),
        ("granite3.1-dense:2b", 14, 52, "ollama pull"),
        ("deepseek-r1:7b", 15, 20, "ollama pull"),
        ("from-heredoc", 20, 13, "ollama pull"),
        ("nomic-embed-text", 22, 13, "ollama pull"),
        ("mistral", 26, 36, "ollama run"),
        ("llama3", 27, 11, "ollama cp"),
        ("my-llama", 27, 18, "ollama cp"),
    ]
    # `llama3` on line 27 is the same model as on line 5 but a distinct place
    found = scan(SCRIPT, "scripts/pull.sh")
    embed = next(r for r in found if r.model == "nomic-embed-text")
    assert embed.kind is RefKind.ENV_DEFAULT and embed.env_var == "EMBED"


def test_same_literal_used_twice_is_one_reference() -> None:
    text = 'MODEL="${LLM_MODEL:-llama3.1:8b}"\nollama pull "$MODEL"\nollama run "$MODEL" hi\n'
    found = scan(text, "run.sh")
    assert [(r.model, r.location.line, r.location.column, r.env_var) for r in found] == [
        ("llama3.1:8b", 1, 21, "LLM_MODEL")
    ]


def test_direct_default_expansion() -> None:
    text = "ollama pull ${OLLAMA_MODEL:-qwen2.5-coder:7b}\n"
    (ref,) = scan(text, "x.sh")
    assert (ref.model, ref.location.column, ref.kind, ref.env_var) == (
        "qwen2.5-coder:7b",
        29,
        RefKind.ENV_DEFAULT,
        "OLLAMA_MODEL",
    )


def test_vllm_huggingface_and_llama_cpp() -> None:
    text = (
        "vllm serve meta-llama/Llama-3.1-8B-Instruct \\\n"
        "    --revision 0e9e39f249a16976918f6564b8830bc894c89659 \\\n"
        "    --served-model-name chat --port 8000\n"
        "python -m vllm.entrypoints.openai.api_server --model Qwen/Qwen2.5-7B-Instruct\n"
        "huggingface-cli download TheBloke/Mistral-7B-Instruct-v0.2-GGUF mistral.Q4_K_M.gguf --revision main\n"
        "hf download --local-dir ./m BAAI/bge-m3\n"
        "hf download --repo-type dataset HuggingFaceH4/ultrachat_200k\n"
        "llama-server -hf ggml-org/gemma-3-1b-it-GGUF:Q4_K_M --port 8080\n"
    )
    found = scan(text, "serve.sh")
    got = [
        (r.model, r.location.line, r.location.column, r.runtime, r.revision, r.group) for r in found
    ]
    assert got == [
        (
            "meta-llama/Llama-3.1-8B-Instruct",
            1,
            12,
            Runtime.VLLM,
            "0e9e39f249a16976918f6564b8830bc894c89659",
            "chat",
        ),
        ("Qwen/Qwen2.5-7B-Instruct", 4, 54, Runtime.VLLM, None, None),
        ("TheBloke/Mistral-7B-Instruct-v0.2-GGUF", 5, 26, Runtime.HUGGINGFACE, "main", None),
        ("BAAI/bge-m3", 6, 29, Runtime.HUGGINGFACE, None, None),
        ("ggml-org/gemma-3-1b-it-GGUF:Q4_K_M", 8, 18, Runtime.HUGGINGFACE, None, None),
    ]
    assert [r.location.context for r in found] == [
        "vllm serve",
        "vllm api_server",
        "huggingface-cli download",
        "hf download",
        "llama-server -hf",
    ]


def test_dockerfile_heredoc_args_exec_form_and_comments() -> None:
    text = (
        "# syntax=docker/dockerfile:1\n"
        "FROM ollama/ollama:0.5.1 AS base\n"
        "ARG MODEL=llama3.1:8b\n"
        "ENV EMBED=nomic-embed-text\n"
        "RUN --mount=type=cache,target=/root/.ollama <<EOF\n"
        "ollama serve &\n"
        "sleep 5\n"
        "ollama pull $MODEL\n"
        "ollama pull ${EMBED}\n"
        "EOF\n"
        "RUN cat <<EOF > /notes.txt\n"
        "ollama pull not-a-command\n"
        "EOF\n"
        "# RUN ollama pull commented\n"
        "RUN ollama pull \\\n"
        "# a comment line inside a continuation is dropped\n"
        "    qwen2.5:0.5b\n"
        'CMD ["ollama", "run", "phi3"]\n'
        'ENTRYPOINT ["/bin/sh", "-c", "ollama serve & sleep 2 && ollama pull smollm2:135m"]\n'
    )
    found = scan(text, "Dockerfile")
    got = [
        (r.model, r.location.line, r.location.column, r.location.context, r.kind, r.env_var)
        for r in found
    ]
    assert got == [
        ("llama3.1:8b", 3, 11, "RUN ollama pull", RefKind.ENV_DEFAULT, "MODEL"),
        ("nomic-embed-text", 4, 11, "RUN ollama pull", RefKind.PULL, None),
        ("qwen2.5:0.5b", 17, 5, "RUN ollama pull", RefKind.PULL, None),
        ("phi3", 18, 24, "CMD ollama run", RefKind.PULL, None),
        ("smollm2:135m", 19, 69, "ENTRYPOINT ollama pull", RefKind.PULL, None),
    ]


def test_container_images_and_crlf() -> None:
    text = "FROM ollama/ollama:latest\r\nFROM vllm/vllm-openai:v0.6.0\r\nRUN ollama pull llama3.2:3b \\\r\n && echo done\r\n"
    assert rows(text, "Dockerfile") == [("llama3.2:3b", 3, 17, "RUN ollama pull")]


MAKEFILE = """MODEL ?= llama3.1:8b
MODELS := mistral phi3:mini
EMBED = nomic-embed-text # the embedder
.PHONY: pull models
pull: ## pull the chat model
\t@ollama pull $(MODEL)
\t-ollama pull ${EMBED}
# ollama pull not-a-recipe
models:
\tfor m in $(MODELS); do \\
\t  ollama pull $$m; \\
\tdone
help:
\t@echo "ollama pull $(MODEL) to start"
"""


def test_makefile_recipes_and_variables() -> None:
    found = scan(MAKEFILE, "Makefile")
    got = [
        (r.model, r.location.line, r.location.column, r.location.context, r.kind, r.env_var)
        for r in found
    ]
    assert got == [
        ("llama3.1:8b", 1, 10, "pull:ollama pull", RefKind.ENV_DEFAULT, "MODEL"),
        ("nomic-embed-text", 3, 9, "pull:ollama pull", RefKind.PULL, None),
        ("mistral", 2, 11, "models:ollama pull", RefKind.PULL, None),
        ("phi3:mini", 2, 19, "models:ollama pull", RefKind.PULL, None),
    ]


WORKFLOW = """name: eval
on: [push]
env:
  run: ollama pull not-a-step
defaults:
  run:
    shell: bash
jobs:
  eval:
    runs-on: ubuntu-latest
    env:
      MODEL: llama3
    steps:
      - uses: actions/checkout@v4
      - name: Pull
        run: ollama pull qwen2.5:0.5b
      - run: |
          ollama serve &
          sleep 5
          ollama pull "${{ matrix.model }}"
          ollama pull smollm2:135m   # tiny
        shell: bash
      - name: Describe
        uses: some/action@v1
        with:
          run: ollama pull an-input-of-an-action
          body: |
            run: ollama pull inside-a-with-block
  other:
    steps:
    - run: >
        ollama run
        phi3:mini
    - run: "ollama pull 'gemma2:2b'"
"""


def test_github_workflow_run_steps_only() -> None:
    assert rows(WORKFLOW, ".github/workflows/eval.yml") == [
        ("qwen2.5:0.5b", 16, 26, "jobs.eval.steps[1].run:ollama pull"),
        ("smollm2:135m", 21, 23, "jobs.eval.steps[2].run:ollama pull"),
        ("phi3:mini", 33, 9, "jobs.other.steps[0].run:ollama run"),
        ("gemma2:2b", 34, 26, "jobs.other.steps[1].run:ollama pull"),
    ]


def test_compose_and_gitlab_and_procfile() -> None:
    compose = (
        "services:\n"
        "  ollama:\n"
        "    image: ollama/ollama:latest\n"
        '    entrypoint: ["/bin/sh", "-c", "ollama serve & sleep 3 && ollama pull llama3.2:1b && wait"]\n'
        "  init:\n"
        "    environment:\n"
        "      - LLM_MODEL=not-read-here\n"
        "    command:\n"
        "      - sh\n"
        "      - -c\n"
        "      - ollama pull nomic-embed-text\n"
    )
    assert rows(compose, "docker-compose.yml") == [
        ("llama3.2:1b", 4, 74, "services.ollama.entrypoint:ollama pull"),
        ("nomic-embed-text", 11, 21, "services.init.command:ollama pull"),
    ]
    gitlab = "test:\n  image: ollama/ollama\n  script:\n    - ollama pull llama3\n    - |\n      ollama pull mistral\n"
    assert rows(gitlab, ".gitlab-ci.yml") == [
        ("llama3", 4, 19, "test.script:ollama pull"),
        ("mistral", 6, 19, "test.script:ollama pull"),
    ]
    procfile = "web: uvicorn app:main\nllm: ollama run llama3.2:3b\n"
    assert rows(procfile, "Procfile") == [("llama3.2:3b", 2, 17, "llm:ollama run")]


def test_justfile() -> None:
    text = (
        'model := env_var_or_default("LLM_MODEL", "llama3.1:8b")\n'
        'embed := "nomic-embed-text"\n'
        "\n"
        "pull:\n"
        "    ollama pull {{model}}\n"
        "    ollama pull {{ embed }}\n"
        "\n"
        'serve name="qwen2.5:0.5b" port="8000": pull\n'
        "    ollama run {{name}}\n"
        "# ollama pull {{model}}\n"
        "other:\n"
        "    ollama run {{name}}\n"
    )
    found = scan(text, "justfile")
    got = [
        (r.model, r.location.line, r.location.column, r.location.context, r.env_var) for r in found
    ]
    assert got == [
        ("llama3.1:8b", 1, 43, "pull:ollama pull", "LLM_MODEL"),
        ("nomic-embed-text", 2, 11, "pull:ollama pull", None),
        ("qwen2.5:0.5b", 8, 13, "serve:ollama run", None),
    ]


def test_hard_negatives() -> None:
    text = (
        "# ollama pull llama3\n"
        "echo 'ollama pull llama3'\n"
        "printf '%s\\n' \"vllm serve meta-llama/x\"\n"
        "docker pull ollama/ollama:latest\n"
        "docker run -d -p 11434:11434 ollama/ollama\n"
        "ollama pull\n"
        "ollama pull $1\n"
        'ollama pull "$MODEL"\n'
        "ollama serve\n"
        "ollama rm llama3\n"
        "pip install vllm huggingface_hub\n"
        "ollama pull model\n"
        "git commit -m 'ollama pull llama3'\n"
    )
    assert rows(text, "x.sh") == []


TEXT = st.text(
    alphabet=st.sampled_from(list("ollama pull run llama3:8b $MODEL{}()\"'\\\n\t;&|<>#=-:-EOF")),
    max_size=200,
)


@given(
    TEXT,
    st.sampled_from(
        [
            "x.sh",
            "Dockerfile",
            "Makefile",
            "justfile",
            "Procfile",
            ".github/workflows/a.yml",
            "docker-compose.yml",
            ".gitlab-ci.yml",
        ]
    ),
)
def test_never_raises_and_positions_are_inside_the_file(text: str, path: str) -> None:
    scan(text, path)


@given(st.text(max_size=300))
def test_never_raises_on_any_text(text: str) -> None:
    for path in ("x.sh", "Dockerfile", "Makefile", ".github/workflows/a.yml"):
        scan(text, path)


def test_model_arguments_of_a_piece_of_script() -> None:
    """What the notebook detector reads its `!` lines with: offsets into the given text."""
    text = "sudo ollama run 'phi3:mini' hi && M=llama3 && hf download org/m --revision v1\n"
    got = [
        (f.value.text, f.value.offs[0], f.hit.label, f.hit.revision, f.hit.word.quoted)
        for f in model_arguments(whole(text), "cell:")
    ]
    assert got == [
        ("phi3:mini", 17, "ollama run", None, True),
        ("org/m", 58, "hf download", "v1", False),
    ]
    assert [f.context for f in model_arguments(whole("ollama pull x1\n"), "cell:")] == [
        "cell:ollama pull"
    ]


def test_xargs_pipelines_and_ollama_api_calls() -> None:
    text = (
        'echo llama3 "mistral:7b qwen2.5:0.5b" | xargs -n1 ollama pull\n'
        "printf '%s\\n' phi3 gemma2:2b | xargs -I{} ollama pull {}\n"
        "cat models.txt | xargs -n1 ollama pull\n"
        'curl -s http://localhost:11434/api/pull -d \'{"name": "llama3.2:1b"}\'\n'
        'curl http://ollama:11434/api/generate --json \'{"model":"smollm2:135m","prompt":"hi"}\'\n'
        'curl https://api.example.com/v1/chat/completions -d \'{"model":"gpt-4o"}\'\n'
    )
    assert rows(text, "x.sh") == [
        ("llama3", 1, 6, "ollama pull"),
        ("mistral:7b", 1, 14, "ollama pull"),
        ("qwen2.5:0.5b", 1, 25, "ollama pull"),
        ("phi3", 2, 15, "ollama pull"),
        ("gemma2:2b", 2, 20, "ollama pull"),
        ("llama3.2:1b", 4, 55, "curl /api/pull"),
        ("smollm2:135m", 5, 57, "curl /api/generate"),
    ]


def test_branches_keep_every_value_and_script_argument_defaults() -> None:
    text = (
        "MODEL=${1:-llama3.2:3b}\n"
        'if [ "${GPU:-0}" = "1" ]; then\n'
        "  MODEL=llama3.1:70b\n"
        "fi\n"
        'ollama pull "$MODEL"\n'
        'case "$SIZE" in\n'
        "  small) EMBED=all-minilm ;;\n"
        "  *) EMBED=mxbai-embed-large ;;\n"
        "esac\n"
        "ollama pull $EMBED\n"
        "CHAT=phi3\n"
        "CHAT=qwen2.5:7b\n"
        "ollama pull $CHAT\n"
    )
    found = scan(text, "pull.sh")
    assert [(r.model, r.location.line, r.kind) for r in found] == [
        ("llama3.2:3b", 1, RefKind.PULL),
        ("llama3.1:70b", 3, RefKind.PULL),
        ("all-minilm", 7, RefKind.PULL),
        ("mxbai-embed-large", 8, RefKind.PULL),
        ("qwen2.5:7b", 12, RefKind.PULL),
    ]
    assert all(r.env_var is None for r in found)


def test_makefile_variables_defined_after_the_recipe_and_overrides() -> None:
    text = "pull:\n\tollama pull $(MODEL)\nMODEL := llama3.1:8b\nMODEL ?= ignored-because-set:1b\n"
    assert [(r.model, r.location.line, r.kind) for r in scan(text, "Makefile")] == [
        ("llama3.1:8b", 3, RefKind.PULL)
    ]


def test_composite_action_run_steps() -> None:
    text = "runs:\n  using: composite\n  steps:\n    - run: ollama pull llama3.2:1b\n      shell: bash\n"
    assert rows(text, ".github/actions/setup/action.yml") == [
        ("llama3.2:1b", 4, 24, "runs.steps[0].run:ollama pull")
    ]


def test_compose_healthcheck_commands() -> None:
    text = (
        "services:\n"
        "  ollama:\n"
        "    image: ollama/ollama\n"
        "    healthcheck:\n"
        '      test: ["CMD", "ollama", "show", "llama3.2:1b"]\n'
        "  webui:\n"
        "    healthcheck:\n"
        '      test: ["CMD-SHELL", "curl -f http://ollama:11434/api/show -d \'{\\"name\\":\\"phi3\\"}\'"]\n'
    )
    found = rows(text, "docker-compose.yml")
    assert found[0] == ("llama3.2:1b", 5, 40, "services.ollama.healthcheck.test:ollama show")
    assert [r[0] for r in found] == ["llama3.2:1b", "phi3"]


def test_dockerfile_arg_through_env_and_zsh_functions() -> None:
    dockerfile = (
        "FROM ollama/ollama:latest\n"
        "ARG MODEL_NAME=gemma3:27b\n"
        "ENV MODEL_NAME=${MODEL_NAME}\n"
        "# RUN ollama serve & sleep 5 && for model in $MODELS; do ollama pull $model; done\n"
        "RUN ollama serve & \\\n"
        "    sleep 5 && \\\n"
        "    ollama pull ${MODEL_NAME} && \\\n"
        "    pkill ollama\n"
    )
    (ref,) = scan(dockerfile, "Dockerfile")
    assert (ref.model, ref.location.line, ref.location.column) == ("gemma3:27b", 2, 16)
    assert (ref.kind, ref.env_var, ref.location.context) == (
        RefKind.ENV_DEFAULT,
        "MODEL_NAME",
        "RUN ollama pull",
    )
    script = "function setup {\n  ollama pull llama3\n}\nfunction other() {\n  ollama pull phi3\n}\nollama pull gemma2\n"
    assert rows(script, "x.zsh") == [
        ("llama3", 2, 15, "setup:ollama pull"),
        ("phi3", 5, 15, "other:ollama pull"),
        ("gemma2", 7, 13, "ollama pull"),
    ]


GHA_EXPRESSIONS = """name: eval
on:
  workflow_dispatch:
    inputs:
      model:
        description: Model to evaluate
        default: "qwen2.5:0.5b"
env:
  OLLAMA_MODEL: llama3.2:1b
jobs:
  matrix-test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        model: [tinyllama, "phi3:mini", gemma2:2b]
        size:
          - small
    steps:
      - run: ollama pull ${{ matrix.model }}
      - run: ollama pull "$OLLAMA_MODEL"
      - name: with step env
        env:
          EMBED: nomic-embed-text
        run: ollama pull $EMBED
  dispatch:
    env:
      OLLAMA_MODEL: mistral:7b
    steps:
      - run: |
          docker exec ${{ job.services.ollama.id }} ollama pull ${{ github.event.inputs.model || 'llama3.2:3b' }}
          ollama pull ${{ env.OLLAMA_MODEL }}
          ollama pull ${{ matrix.model }}
"""


def test_workflow_expressions_env_matrix_and_input_defaults() -> None:
    found = scan(GHA_EXPRESSIONS, ".github/workflows/eval.yml")
    got = [(r.model, r.location.line, r.location.column, r.kind, r.env_var) for r in found]
    assert got == [
        ("tinyllama", 15, 17, RefKind.PULL, None),
        ("phi3:mini", 15, 29, RefKind.PULL, None),
        ("gemma2:2b", 15, 41, RefKind.PULL, None),
        ("llama3.2:1b", 9, 17, RefKind.PULL, None),
        ("nomic-embed-text", 23, 18, RefKind.PULL, None),
        ("qwen2.5:0.5b", 7, 19, RefKind.ENV_DEFAULT, "inputs.model"),
        ("llama3.2:3b", 30, 99, RefKind.ENV_DEFAULT, "inputs.model"),
        ("mistral:7b", 27, 21, RefKind.PULL, None),
    ]
    contexts = {r.model: r.location.context for r in found}
    assert contexts["tinyllama"] == "jobs.matrix-test.steps[0].run:ollama pull"
    assert contexts["mistral:7b"] == "jobs.dispatch.steps[0].run:ollama pull"
    # `matrix.model` of one job is not visible in another; `small` is never a command argument
    assert "small" not in contexts


def test_command_substitutions_are_commands_too() -> None:
    text = (
        'summary=$(ollama run llama3.2:3b "Summarise: $(cat notes.txt)")\n'
        "tags=`ollama run phi3 'tags please'`\n"
        'echo "$(ollama list)" $((1 + 2))\n'
    )
    assert rows(text, "x.sh") == [
        ("llama3.2:3b", 1, 22, "ollama run"),
        ("phi3", 2, 18, "ollama run"),
    ]


def test_gitlab_variables_reach_scripts() -> None:
    text = (
        "variables:\n"
        "  OLLAMA_MODEL: llama3.2:1b\n"
        "  EMBED:\n"
        "    value: nomic-embed-text\n"
        "    description: embedder\n"
        "eval:\n"
        "  variables:\n"
        '    CHAT: "qwen2.5:0.5b"\n'
        "  script:\n"
        '    - ollama pull "$OLLAMA_MODEL"\n'
        "    - ollama pull $EMBED && ollama pull ${CHAT}\n"
        "other:\n"
        "  script: ollama pull $CHAT\n"
    )
    assert rows(text, ".gitlab-ci.yml") == [
        ("llama3.2:1b", 2, 17, "eval.script:ollama pull"),
        ("nomic-embed-text", 4, 12, "eval.script:ollama pull"),
        ("qwen2.5:0.5b", 8, 12, "eval.script:ollama pull"),
    ]


def test_api_call_in_a_file_that_never_says_ollama() -> None:
    text = '#!/bin/sh\ncurl -fsS http://llm:11434/api/pull -d \'{"name":"qwen2.5:0.5b"}\'\n'
    assert rows(text, "entrypoint.sh") == [("qwen2.5:0.5b", 2, 50, "curl /api/pull")]


def test_secrets_in_scripts_never_reach_a_detection() -> None:
    text = (
        "ENV OPENAI_API_KEY=sk-proj-Zq3xA9bT7uV1wX2yZ4aB6cD8eF0g\n"
        "ARG HF_TOKEN=hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345\n"
        "RUN huggingface-cli download --token $HF_TOKEN meta-llama/Llama-3.2-1B \\\n"
        "    && hf download Qwen/Qwen2.5-0.5B --token=hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345 \\\n"
        "    && vllm serve $OPENAI_API_KEY --api-key sk-proj-Zq3xA9bT7uV1wX2yZ4aB6cD8eF0g\n"
        'RUN curl -H "Authorization: Bearer sk-proj-Zq3xA9bT7uV1wX2yZ4aB6cD8eF0g" '
        'http://ollama:11434/api/pull -d \'{"name":"llama3.2:1b"}\'\n'
    )
    found = scan(text, "Dockerfile")
    assert [r.model for r in found] == [
        "meta-llama/Llama-3.2-1B",
        "Qwen/Qwen2.5-0.5B",
        "llama3.2:1b",
    ]
    shown = repr(found)
    assert "sk-proj" not in shown and "hf_AbCd" not in shown
