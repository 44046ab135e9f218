"""Shell and build files (issue 9, class 5 and 6): model commands behind `docker compose
run|exec [opts] SERVICE`, `lms get`, TGI and SGLang launchers, exec-form option lists, and
Modelfiles written by heredocs; with the commands that look alike and fetch nothing."""

from __future__ import annotations

from llmdeps.model import Reference, RefKind, Runtime
from llmdeps.sources.base import SourceFile
from llmdeps.sources.detectors.config import ConfigDetector
from llmdeps.sources.detectors.shell import ShellDetector

DETECTOR = ShellDetector()


def scan(text: str, path: str) -> list[Reference]:
    found = list(DETECTOR.scan(SourceFile(path=path, text=text, name=path.rsplit("/", 1)[-1])))
    refs = [r for r in found if isinstance(r, Reference)]
    assert len(refs) == len(found)
    lines = text.split("\n")
    for ref in refs:  # every position points at the model text in the file
        line = lines[ref.location.line - 1]
        assert line[ref.location.column - 1 :].startswith(ref.model), (ref, line)
    return refs


def rows(text: str, path: str) -> list[tuple[str, int, RefKind, Runtime]]:
    return [(r.model, r.location.line, r.kind, r.runtime) for r in scan(text, path)]


SETUP = """\
#!/usr/bin/env bash
set -euo pipefail
docker compose -f deploy/compose.yml --profile gpu exec -T ollama ollama pull qwen2.5:0.5b
docker compose run --rm -e OLLAMA_HOST=0.0.0.0 ollama ollama pull phi3:mini
docker-compose exec ollama sh -c "ollama pull nomic-embed-text && ollama list"
docker compose run --rm app python manage.py migrate
docker compose exec -u root web ollama-proxy --port 1
kubectl exec -n llm deploy/ollama -- ollama pull llama3.2:1b
lms get llama-3.2-1b-instruct@q4_k_m --gguf -y
lms load qwen2.5-7b-instruct --identifier my-qwen --context-length 8192
lms ls --json
text-generation-launcher --model-id HuggingFaceH4/zephyr-7b-beta --port 8080
python3 -m sglang.launch_server --model-path Qwen/Qwen2.5-7B-Instruct --port 30000
echo "run vllm serve later" && printf '%s\\n' "--model gpt-4o"
"""


def test_compose_kubectl_lms_tgi_sglang() -> None:
    assert rows(SETUP, "scripts/setup.sh") == [
        ("qwen2.5:0.5b", 3, RefKind.PULL, Runtime.OLLAMA),
        ("phi3:mini", 4, RefKind.PULL, Runtime.OLLAMA),
        ("nomic-embed-text", 5, RefKind.PULL, Runtime.OLLAMA),
        ("llama3.2:1b", 8, RefKind.PULL, Runtime.OLLAMA),
        ("llama-3.2-1b-instruct@q4_k_m", 9, RefKind.PULL, Runtime.LMSTUDIO),
        ("qwen2.5-7b-instruct", 10, RefKind.PULL, Runtime.LMSTUDIO),
        ("HuggingFaceH4/zephyr-7b-beta", 12, RefKind.PULL, Runtime.HUGGINGFACE),
        ("Qwen/Qwen2.5-7B-Instruct", 13, RefKind.PULL, Runtime.HUGGINGFACE),
    ]


def test_justfile_and_makefile_recipes() -> None:
    just = 'model := env_var_or_default("MODEL", "Qwen/Qwen2.5-0.5B-Instruct")\n\nserve:\n'
    just += "    vllm serve {{model}} --tokenizer Qwen/Qwen2.5-0.5B-Instruct --port 8000\n"
    just += "pull:\n    docker compose exec ollama ollama pull llama3.1:8b\n"
    got = rows(just, "justfile")
    assert got == [
        ("Qwen/Qwen2.5-0.5B-Instruct", 1, RefKind.ENV_DEFAULT, Runtime.VLLM),
        ("Qwen/Qwen2.5-0.5B-Instruct", 4, RefKind.PULL, Runtime.VLLM),
        ("llama3.1:8b", 6, RefKind.PULL, Runtime.OLLAMA),
    ]
    make = "HF_REPO ?= ggml-org/gemma-3-1b-it-GGUF\n\nserve:\n\tllama-server -hf $(HF_REPO)"
    make += " --port 8080\nfetch:\n\thf download BAAI/bge-m3 --local-dir models/bge-m3\n"
    assert rows(make, "Makefile") == [
        ("ggml-org/gemma-3-1b-it-GGUF", 1, RefKind.ENV_DEFAULT, Runtime.HUGGINGFACE),
        ("BAAI/bge-m3", 6, RefKind.PULL, Runtime.HUGGINGFACE),
    ]


def test_compose_exec_form_option_lists_of_a_model_server() -> None:
    compose = """\
services:
  vllm:
    image: vllm/vllm-openai:latest
    command: ["--model", "Qwen/Qwen2.5-1.5B-Instruct", "--served-model-name", "chat"]
  tgi:
    image: ghcr.io/huggingface/text-generation-inference
    command:
      - --model-id
      - HuggingFaceTB/SmolLM2-360M-Instruct
  web:
    image: nginx
    command: ["--port", "80", "--model-dir", "/srv"]
"""
    found = scan(compose, "docker-compose.yml")
    assert [(r.model, r.location.line, r.group) for r in found] == [
        ("Qwen/Qwen2.5-1.5B-Instruct", 4, "chat"),
        ("HuggingFaceTB/SmolLM2-360M-Instruct", 9, None),
    ]


def test_heredoc_modelfiles() -> None:
    script = (
        "cat > Modelfile <<'EOF'\n"
        "FROM llama3.1:8b\n"
        "PARAMETER temperature 0.2\n"
        'SYSTEM """\n'
        "FROM now on answer briefly.\n"
        '"""\n'
        "EOF\n"
        "ollama create support-bot -f Modelfile\n"
        "ollama create tiny -f - <<EOF\n"
        "FROM ./weights/tiny.gguf\n"
        "EOF\n"
        "psql <<SQL\n"
        "SELECT name\n"
        "FROM users\n"
        "SQL\n"
        "cat > Dockerfile <<EOF\n"
        "FROM python:3.12\n"
        "RUN pip install ollama\n"
        "EOF\n"
    )
    got = rows(script, "bootstrap.sh")
    assert ("llama3.1:8b", 2, RefKind.MODELFILE, Runtime.OLLAMA) in got
    assert ("./weights/tiny.gguf", 10, RefKind.LOCAL_FILE, Runtime.LOCAL) in got
    models = {m for m, *_ in got}
    assert not models & {"users", "python:3.12", "now"}


def test_ci_run_step_with_a_heredoc_and_vllm() -> None:
    workflow = (
        "jobs:\n"
        "  e2e:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: |\n"
        "          cat > Modelfile <<EOF\n"
        "          FROM qwen2.5:0.5b\n"
        "          EOF\n"
        "          vllm serve facebook/opt-125m --served-model-name opt &\n"
    )
    got = rows(workflow, ".github/workflows/e2e.yml")
    assert got == [
        ("qwen2.5:0.5b", 7, RefKind.MODELFILE, Runtime.OLLAMA),
        ("facebook/opt-125m", 9, RefKind.PULL, Runtime.VLLM),
    ]


def test_helm_set_openai_requests_and_server_images() -> None:
    script = (
        "helm install vllm vllm/vllm-stack -f values.yaml --set "
        "servingEngineSpec.modelSpec[0].modelURL=facebook/opt-125m,"
        "servingEngineSpec.modelSpec[0].name=opt\n"
        'helm upgrade x y --set-string llm.model="Qwen/Qwen2.5-0.5B-Instruct" --set image.tag=v1\n'
        "curl -s http://localhost:30080/v1/completions -H 'Content-Type: application/json' "
        """-d '{"model": "facebook/opt-125m", "prompt": "hi"}'\n"""
        "curl http://localhost:8000/v1/models\n"
        """curl https://example.com/search -d '{"model": "gpt-4o"}'\n"""
        "docker run --gpus all -p 8000:8000 vllm/vllm-openai:latest "
        "--model mistralai/Mistral-7B-Instruct-v0.3 --served-model-name m\n"
        "docker run -p 8080:80 ghcr.io/huggingface/text-generation-inference:2.4 "
        "--model-id HuggingFaceH4/zephyr-7b-beta\n"
        "docker run -p 80:80 nginx --model foo/bar\n"
    )
    found = scan(script, "tutorials/run.sh")
    assert [(r.model, r.location.line, r.location.context) for r in found] == [
        ("facebook/opt-125m", 1, "helm --set"),
        ("Qwen/Qwen2.5-0.5B-Instruct", 2, "helm --set"),
        ("facebook/opt-125m", 3, "curl /v1/completions"),
        ("mistralai/Mistral-7B-Instruct-v0.3", 6, "vllm-openai --model"),
        ("HuggingFaceH4/zephyr-7b-beta", 7, "text-generation-inference --model-id"),
    ]
    assert found[3].group == "m"  # the served name is the alias clients use


def test_weights_on_disk_are_local_files() -> None:
    script = (
        "llama-server -m ./models/qwen2.5-7b-instruct-q4_k_m.gguf --port 8080\n"
        "llama-cli -m model.gguf -p hi\n"
        'llama-server -m "$WEIGHTS"\n'
        "vllm serve /models/Qwen2.5-7B-Instruct --port 8000\n"
        "vllm serve ./out --port 1\n"
        "hf download BAAI/bge-m3 --local-dir models/bge-m3\n"
    )
    assert rows(script, "serve.sh") == [
        ("./models/qwen2.5-7b-instruct-q4_k_m.gguf", 1, RefKind.LOCAL_FILE, Runtime.LOCAL),
        ("model.gguf", 2, RefKind.LOCAL_FILE, Runtime.LOCAL),
        ("/models/Qwen2.5-7B-Instruct", 4, RefKind.LOCAL_FILE, Runtime.LOCAL),
        ("BAAI/bge-m3", 6, RefKind.PULL, Runtime.HUGGINGFACE),
    ]


def test_dockerfile_model_settings_exec_options_and_heredoc_modelfile() -> None:
    dockerfile = (
        "FROM vllm/vllm-openai:v0.6.3\n"
        "ARG MODEL=Qwen/Qwen2.5-0.5B-Instruct\n"
        "ENV LLM_MODEL=llama3.1:8b \\\n"
        "    OTHER=1\n"
        "ENV EMBED_MODEL nomic-embed-text\n"
        "ENV HF_HOME=/models MODEL_DIR=/models/qwen OPENAI_API_KEY=sk-not-a-model\n"
        "RUN <<EOF\n"
        "cat > /tmp/Modelfile <<MF\n"
        "FROM llama3.2:1b\n"
        "MF\n"
        "EOF\n"
        'CMD ["--model", "mistralai/Mistral-7B-Instruct-v0.3", "--port", "8000"]\n'
    )
    found = scan(dockerfile, "Dockerfile")
    got = [(r.model, r.location.line, r.kind, r.env_var, r.location.context) for r in found]
    assert sorted(got, key=lambda row: row[1]) == [
        ("Qwen/Qwen2.5-0.5B-Instruct", 2, RefKind.ENV_DEFAULT, "MODEL", "ARG MODEL"),
        ("llama3.1:8b", 3, RefKind.CONFIG, "LLM_MODEL", "ENV LLM_MODEL"),
        ("nomic-embed-text", 5, RefKind.CONFIG, "EMBED_MODEL", "ENV EMBED_MODEL"),
        ("llama3.2:1b", 9, RefKind.MODELFILE, None, "RUN Modelfile FROM"),
        ("mistralai/Mistral-7B-Instruct-v0.3", 12, RefKind.PULL, None, "CMD args --model"),
    ]


def test_extension_less_entrypoints_and_scripts() -> None:
    for path in ("docker-entrypoint", "deploy/entrypoint", "bin/serve-model", "scripts/pull"):
        assert DETECTOR.wants(path, path.rsplit("/", 1)[-1]), path
    for path in ("LICENSE", "docs/notes", "src/app/run.py", "README", "bin/tool.py"):
        assert not DETECTOR.wants(path, path.rsplit("/", 1)[-1]), path
    text = '#!/bin/sh\nset -e\nollama serve &\nollama pull "${MODEL:-llama3.2:3b}"\nexec "$@"\n'
    assert rows(text, "docker-entrypoint") == [
        ("llama3.2:3b", 4, RefKind.ENV_DEFAULT, Runtime.OLLAMA)
    ]


def test_jenkinsfile_sh_steps() -> None:
    text = (
        "pipeline {\n"
        "  agent any\n"
        "  stages {\n"
        "    stage('models') {\n"
        "      steps {\n"
        "        sh 'ollama pull llama3.2:1b'\n"
        '        sh(script: "huggingface-cli download BAAI/bge-m3", label: "fetch")\n'
        "        sh '''\n"
        "          vllm serve Qwen/Qwen2.5-0.5B-Instruct --port 8000 &\n"
        "        '''\n"
        "        // sh 'ollama pull commented-out:1b'\n"
        "        echo 'ollama pull not-a-command:1b'\n"
        "      }\n"
        "    }\n"
        "  }\n"
        "}\n"
    )
    assert rows(text, "Jenkinsfile") == [
        ("llama3.2:1b", 6, RefKind.PULL, Runtime.OLLAMA),
        ("BAAI/bge-m3", 7, RefKind.PULL, Runtime.HUGGINGFACE),
        ("Qwen/Qwen2.5-0.5B-Instruct", 9, RefKind.PULL, Runtime.VLLM),
    ]


TEI_COMPOSE = """\
services:
  txt-inference:
    image: ghcr.io/huggingface/text-embeddings-inference:${TEI_TAG:-cpu-latest}
    command: --model-id thenlper/gte-base --port 80
  web:
    image: nginx
    command: --port 8080 --name frontend
  worker:
    image: python:3.12
    command: python worker.py --queue jobs
"""


def test_compose_command_as_a_plain_string_of_server_options() -> None:
    assert rows(TEI_COMPOSE, "docker-compose.yml") == [
        ("thenlper/gte-base", 4, RefKind.PULL, Runtime.HUGGINGFACE)
    ]


TASKFILE = """\
version: '3'
tasks:
  run:text-embeddings-inference:
    cmds:
      - text-embeddings-router --model-id thenlper/gte-large --port 5500
      - text-embeddings-router --help
"""


def test_text_embeddings_router_launcher() -> None:
    script = "text-embeddings-router --model-id BAAI/bge-small-en-v1.5 --port 8080\n"
    assert rows(script, "scripts/serve.sh") == [
        ("BAAI/bge-small-en-v1.5", 1, RefKind.PULL, Runtime.HUGGINGFACE)
    ]
    config = ConfigDetector()
    found = config.scan(SourceFile(path="Taskfile.yml", text=TASKFILE, name="Taskfile.yml"))
    assert [(r.model, r.location.line) for r in found if isinstance(r, Reference)] == [
        ("thenlper/gte-large", 5)
    ]


OWN_SCRIPTS = """\
./tests/e2e/run-k8s-routing-test.sh all \\
  --model "facebook/opt-125m" \\
  --num-requests 25
python benchmarks/eval.py --model meta-llama/Llama-3.1-8B-Instruct --limit 10
scripts/bench.sh --model-name qwen2.5:7b
./run.sh --model all
./run.sh --model "$MODEL"
python -m pytest --model gpt-4o
make test MODEL=llama3
"""


def test_model_option_of_a_projects_own_script() -> None:
    assert [(m, line) for m, line, *_ in rows(OWN_SCRIPTS, "scripts/ci.sh")] == [
        ("facebook/opt-125m", 2),
        ("meta-llama/Llama-3.1-8B-Instruct", 4),
        ("qwen2.5:7b", 5),
        # any command's model option counts since round 2 (a test run pinned to a model)
        ("gpt-4o", 8),
    ]
