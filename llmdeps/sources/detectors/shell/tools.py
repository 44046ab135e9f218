"""The model tools recognised on a command line, and the shape of their command lines.

Which options take a value (so the word after them is not the model), which commands run another
command (`sudo`, `docker exec`, `sh -c`), and what an Ollama model name looks like: the tables the
interpreter reads commands with, kept apart from its logic so they can be read as facts.
"""

from __future__ import annotations

from llmdeps.lazyre import lazy_compile
from llmdeps.model import Runtime
from llmdeps.sources.idshape import plausible
from llmdeps.sources.sourceurl import model_source

_TOOL_WORDS = (
    r"ollama|vllm|huggingface-cli|\bhf\b|llama-|/api/|\blms\b|sglang|text-generation-launcher"
    r"|text-embeddings-router|llama_cpp\.server|\btabby\b|huggingface\.co/"
    r"|--model|-hf\b|Modelfile|/v1/|\bhelm\b|trtllm-serve|\.llamafile"
)
TOOLS = lazy_compile(_TOOL_WORDS)
"""A file without any of these holds no command we recognise."""
OPTION_TOOLS = lazy_compile(_TOOL_WORDS + r"|--tokenizer|(?<!\S)-m(?!\S)")
"""The same for a command line of a config file, whose option list may stand alone."""

# -- ollama -------------------------------------------------------------------------------------

OLLAMA_MODEL_VERBS = frozenset({"pull", "run", "show", "push", "create"})
"""`ollama <verb> MODEL`."""
OLLAMA_COPY_VERBS = frozenset({"cp", "copy"})
"""`ollama cp SOURCE DESTINATION`: both are models."""
OLLAMA_VALUE_OPTS = frozenset(
    {
        "-f",
        "--file",
        "-q",
        "--quantize",
        "--quantization",
        "--format",
        "--keepalive",
        "--dimensions",
    }
)
OLLAMA_API = lazy_compile(r"/api/(pull|show|create|generate|chat|embed|embeddings|copy|push)\b")
"""An Ollama REST endpoint in a `curl`/`wget` URL."""
JSON_MODEL = lazy_compile(r'"(model|name|from|source|destination)"\s*:\s*"([^"\\$]+)"')
"""The model field of the JSON body sent to that endpoint."""

# Ollama library names that are also provider words (`mistral`) are models after `ollama pull`.
_OLLAMA_NAME = lazy_compile(r"[a-z0-9][a-z0-9._-]*(?::[\w.-]+)?")
_NOT_NAMES = frozenset(
    {"model", "models", "none", "null", "true", "false", "default", "auto", "llm"}
)


def model_arg(text: str, runtime: Runtime) -> bool:
    """Is a command's model argument id-shaped? `ollama pull mistral` is, though a provider word;
    a Hub file URL names its repository."""
    if plausible(text) or (runtime is Runtime.HUGGINGFACE and model_source(text) is not None):
        return True
    return (
        runtime is Runtime.OLLAMA
        and text.lower() not in _NOT_NAMES
        and _OLLAMA_NAME.fullmatch(text) is not None
        and not text.replace(".", "").isdigit()
    )


# -- huggingface-cli / hf download --------------------------------------------------------------

HF_VALUE_OPTS = frozenset(
    {
        "--repo-type",
        "--revision",
        "--include",
        "--exclude",
        "--cache-dir",
        "--local-dir",
        "--token",
        "--max-workers",
        "--local-dir-use-symlinks",
        "--etag-timeout",
    }
)

# -- commands that run another command ----------------------------------------------------------

DOCKER_TOOLS = frozenset({"docker", "podman", "nerdctl", "docker-compose"})
DOCKER_EXEC_VALUE_OPTS = frozenset(
    {"-e", "--env", "-u", "--user", "-w", "--workdir", "--env-file", "--detach-keys", "--index"}
)
DOCKER_RUN_VALUE_OPTS = frozenset(
    {
        "-v", "--volume", "-p", "--publish", "-e", "--env", "--name", "--gpus", "-w", "--workdir",
        "--network", "--net", "--entrypoint", "--mount", "-u", "--user", "--env-file", "-l",
        "--label", "--restart", "--runtime", "--shm-size", "-m", "--memory", "--cpus",
        "--add-host", "--device", "--platform", "--pull", "--ipc", "--ulimit", "-h", "--hostname",
    }
)  # fmt: skip
COMPOSE_GLOBAL_VALUE_OPTS = frozenset(
    {"-f", "--file", "-p", "--project-name", "--profile", "--env-file", "--project-directory",
     "--ansi", "--progress", "--parallel"}
)  # fmt: skip
"""`docker compose [these VALUE] exec|run ...`."""
COMPOSE_RUN_VALUE_OPTS = frozenset(
    {"-e", "--env", "-u", "--user", "-w", "--workdir", "--name", "--entrypoint", "-p",
     "--publish", "-v", "--volume", "-l", "--label", "--env-from-file", "--pull", "--cap-add",
     "--cap-drop"}
)  # fmt: skip
"""`docker compose run [these VALUE] SERVICE COMMAND...`."""
OLLAMA_IMAGE = "ollama/ollama"
"""`docker run ollama/ollama pull x`: the image's entrypoint is `ollama`."""
KUBECTL_TOOLS = frozenset({"kubectl", "oc"})
HTTP_TOOLS = frozenset({"curl", "wget", "http", "https", "xh"})
SHELLS = frozenset({"sh", "bash", "zsh", "dash", "ash", "ksh"})
SSH_VALUE_OPTS = frozenset({"-i", "-p", "-o", "-l", "-F", "-J", "-L", "-R"})
WRAPPERS = frozenset(
    {"sudo", "env", "nohup", "exec", "time", "command", "nice", "timeout", "doas", "setsid"}
    | {"stdbuf", "ionice", "unbuffer"}
)
"""`sudo ollama pull x`: the wrapped command follows the wrapper's options."""
WRAPPER_VALUE_OPTS = ("-u", "-g", "-n", "-k", "-s")
XARGS_VALUE_OPTS = ("-n", "-P", "-L", "-d", "-s", "-E", "-a")


# -- model servers' own options (vLLM, SGLang, TGI, llama.cpp) ----------------------------------

SERVER_MODEL_OPTS: tuple[tuple[str, ...], ...] = (
    ("--model", "--model-name-or-path"),
    ("--model-id",),
    ("--model-path",),
    ("--hf-repo", "-hf", "-hfr"),
    ("--tokenizer",),
    ("-m",),
)
"""Options whose value is a model (or tokenizer) repository; each group is one slot."""
SCRIPT_MODEL_OPTS = ("--model", "--model-id", "--model-name", "--model_name", "--model_id")
"""The model options of a project's own script (read as a weak slot: the value must look like a
model)."""
MODEL_SOURCE_OPTS = ("--model-uri", "--model-url", "--model-source")
"""Options of any command whose value is where a model's weights come from (a storage URL)."""
TABBY_MODEL_VERBS = frozenset({"serve", "download"})
TABBY_MODEL_OPTS = (("--model",), ("--chat-model",))
"""`tabby serve --model TabbyML/StarCoder-1B --chat-model Qwen2-1.5B-Instruct`, `tabby download`."""
PROSE_TOOLS = frozenset({"echo", "printf", "cat", "read", "grep", "sed", "awk", "test", "["})
"""Commands whose words are text, not options: `echo "--model gpt-4o"` runs nothing."""

# -- lms (LM Studio's CLI, REFERENCE.md 13) -------------------------------------------------------

LMS_MODEL_VERBS = frozenset({"get", "load"})
"""`lms get <model>` downloads, `lms load <model>` loads one."""
LMS_VALUE_OPTS = frozenset(
    {"--gpu", "--context-length", "-c", "--identifier", "--ttl", "--host", "--port"}
)

# -- OpenAI-compatible requests and Helm values on the command line --------------------------------

OPENAI_API = lazy_compile(
    r"^(?:https?://)?(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|[\w.-]+:\d+)(?::\d+)?"
    r"/v1/(chat/completions|completions|embeddings|responses|messages)\b"
)
"""An OpenAI-compatible endpoint of a server the script runs or reaches on a port (vLLM, TGI,
LiteLLM, LM Studio) in a `curl` URL. A hosted vendor's API is `HOSTED_API`: a script or a notebook
cell that calls it depends on the model it asks for (a request example in prose is never read)."""
HOSTED_API = lazy_compile(
    r"^(?:https?://)?(?:api\.openai\.com|api\.anthropic\.com|api\.mistral\.ai|api\.groq\.com"
    r"|openrouter\.ai/api|api\.together\.xyz|api\.deepseek\.com|api\.x\.ai|api\.cohere\.(?:com|ai)"
    r"|generativelanguage\.googleapis\.com)/"
)
GEMINI_REST_MODEL = lazy_compile(r"generativelanguage\.googleapis\.com/v\w+/models/([\w.-]+):\w+")
"""`.../v1beta/models/gemini-embedding-001:embedContent`: Gemini's REST API names the model in the
path."""
JSON_MODEL_FIELD = lazy_compile(r'"model"\s*:\s*"([^"\\$]+)"')
"""The model field of that request's JSON body."""
SERVER_IMAGES = (
    "vllm-openai",
    "vllm/vllm",
    "text-generation-inference",
    "text-embeddings-inference",
    "sglang",
    "llama.cpp",
    "tabbyml/tabby",
)
"""Container images whose entrypoint is a model server taking `--model` / `--model-id`."""
_HELM_MODEL_KEY = lazy_compile(r"(?i)(?:^|[.\]])(model|model_?url|model_?id|model_?name|repo_?id)$")


def helm_model_key(key: str) -> bool:
    """A `--set` key path whose last part names a model (`modelSpec[0].modelURL`, `llm.model`)."""
    return _HELM_MODEL_KEY.search(key.strip()) is not None
