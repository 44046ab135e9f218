"""Model-layer packages from every manifest and lock-file shape of REFERENCE.md 12."""

from __future__ import annotations

from llmdeps.sources.packages import read_packages, role_of
from llmdeps.sources.packages.base import DeclaredPackage, Ecosystem


def by_name(found: tuple[DeclaredPackage, ...]) -> dict[str, DeclaredPackage]:
    return {p.name: p for p in found}


def test_requirements_with_hashes_continuations_and_options() -> None:
    text = (
        "-r base.txt\n"
        "-c constraints.txt\n"
        "--index-url https://pypi.example.invalid/simple\n"
        "litellm==1.82.7 \\\n"
        "    --hash=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
        "openai>=1.40,<2  # the SDK\n"
        "LangChain_Community[extra]~=0.3 ; python_version >= '3.10'\n"
        "requests==2.32.3\n"
        "-e git+https://github.com/example/pkg#egg=pkg\n"
    )
    found = by_name(read_packages("requirements.txt", text))
    assert set(found) == {"litellm", "openai", "langchain-community"}  # requests is not AI
    litellm = found["litellm"]
    assert (litellm.version, litellm.spec, litellm.hashed, litellm.line) == (
        "1.82.7",
        "==1.82.7",
        True,
        4,
    )
    assert found["openai"].version is None and found["openai"].spec == "<2,>=1.40"
    assert found["langchain-community"].line == 7


def test_pyproject_pep621_groups_poetry_pdm_uv() -> None:
    text = """\
[project]
name = "app"
dependencies = ["litellm>=1.82", "httpx"]
[project.optional-dependencies]
local = ["ollama==0.4.7"]
[dependency-groups]
dev = ["pydantic-ai-slim[openai]>=0.1"]
[tool.poetry.dependencies]
python = "^3.11"
mistralai = "2.4.6"
anthropic = {version = "^0.40", optional = true}
[tool.poetry.group.ml.dependencies]
transformers = "^4.44"
[tool.pdm.dev-dependencies]
test = ["cohere>=5"]
[tool.uv]
dev-dependencies = ["groq"]
"""
    found = by_name(read_packages("pyproject.toml", text))
    assert set(found) == {
        "litellm", "ollama", "pydantic-ai-slim", "mistralai", "anthropic", "transformers",
        "cohere", "groq",
    }  # fmt: skip
    assert found["litellm"].spec == ">=1.82" and found["litellm"].version is None
    assert found["litellm"].key == "project.dependencies" and found["litellm"].line == 3
    assert found["ollama"].version == "0.4.7"
    assert found["mistralai"].version == "2.4.6"  # a bare Poetry version is exact
    assert found["anthropic"].spec == "^0.40" and found["anthropic"].version is None
    assert found["transformers"].key == "tool.poetry.group.ml.dependencies.transformers"


def test_setup_cfg() -> None:
    text = "[options]\ninstall_requires =\n    openai==1.51.0\n    click\n[options.extras_require]\nlocal = ollama\n"
    found = by_name(read_packages("setup.cfg", text))
    assert found["openai"].version == "1.51.0" and "ollama" in found and "click" not in found


def test_uv_poetry_and_pdm_locks() -> None:
    uv = """\
version = 1
revision = 5
[[package]]
name = "app"
version = "0.1.0"
source = { virtual = "." }
[[package]]
name = "litellm"
version = "1.82.8"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://x.invalid/litellm.tar.gz", hash = "sha256:ab" }
"""
    found = by_name(read_packages("uv.lock", uv))
    assert set(found) == {"litellm"}
    assert (found["litellm"].version, found["litellm"].hashed, found["litellm"].locked) == (
        "1.82.8",
        True,
        True,
    )
    poetry = """\
[[package]]
name = "mistralai"
version = "2.4.6"
groups = ["main"]
files = [{file = "mistralai-2.4.6-py3-none-any.whl", hash = "sha256:cd"}]
[metadata]
lock-version = "2.1"
"""
    lock = read_packages("poetry.lock", poetry)
    assert [(p.name, p.version, p.hashed, p.line) for p in lock] == [
        ("mistralai", "2.4.6", True, 2)
    ]
    pdm = '[[package]]\nname = "Llama-Index-Core"\nversion = "0.12.1"\n[metadata]\nlock_version = "4.5.0"\n'
    assert [(p.name, p.version) for p in read_packages("pdm.lock", pdm)] == [
        ("llama-index-core", "0.12.1")
    ]


def test_lock_tables_are_parsed_one_by_one_as_the_whole_lock_reads_them() -> None:
    """Only counted packages' tables are parsed; subtables stay with their package; a table that
    does not parse alone falls back to the whole lock."""
    uv = """\
version = 1
requires-python = ">=3.11"

[[package]]
name = "anyio"
version = "4.4.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "idna" },
    { name = "openai" },
]
wheels = [{ url = "https://x.invalid/anyio.whl", hash = "sha256:aa" }]

[[package]]
name = "openai"
version = "1.51.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "anyio" }]
sdist = { url = "https://x.invalid/openai.tar.gz", hash = "sha256:bb" }

[package.optional-dependencies]
realtime = [{ name = "websockets" }]

[[package]]
name = "langchain-core"
version = "0.3.8"
source = { registry = "https://pypi.org/simple" }
"""
    found = [(p.name, p.version, p.hashed, p.line) for p in read_packages("uv.lock", uv)]
    assert found == [("openai", "1.51.0", True, 15), ("langchain-core", "0.3.8", False, 25)]
    poetry = """\
[[package]]
name = "litellm"
version = "1.82.6"
optional = false
files = []

[package.dependencies]
openai = ">=1.40"
name = "not-a-package-name"

[package.extras]
proxy = ["fastapi"]

[[package]]
name = "requests"
version = "2.32.3"

[metadata]
lock-version = "2.1"
content-hash = "abc"
"""
    lock = read_packages("poetry.lock", poetry)
    assert [(p.name, p.version, p.hashed) for p in lock] == [("litellm", "1.82.6", False)]
    # a counted table that does not parse alone: the whole lock decides (here: it does not parse)
    broken = poetry.replace('version = "1.82.6"', 'version = "1.82.6')
    assert read_packages("poetry.lock", broken) == ()


def test_pipfile_lock() -> None:
    text = '{"default": {"openai": {"version": "==1.51.0", "hashes": ["sha256:aa"]}, "six": {"version": "==1.16.0"}}, "develop": {"vllm": {"git": "https://x", "ref": "abc"}}}'
    found = read_packages("Pipfile.lock", text)
    assert [(p.name, p.version, p.hashed) for p in found] == [("openai", "1.51.0", True)]


def test_package_json_and_locks() -> None:
    manifest = '{"dependencies": {"@mistralai/mistralai": "2.2.3", "ai": "^4.1.0", "react": "19.0.0"},\n "devDependencies": {"@ai-sdk/openai": "~1.0.5"}}'
    found = by_name(read_packages("package.json", manifest))
    assert set(found) == {"@mistralai/mistralai", "ai", "@ai-sdk/openai"}
    assert found["@mistralai/mistralai"].version == "2.2.3" and found["ai"].version is None
    lock3 = """{
  "lockfileVersion": 3,
  "packages": {
    "": {"name": "app"},
    "node_modules/@mistralai/mistralai": {"version": "2.2.3", "integrity": "sha512-xx"},
    "node_modules/foo/node_modules/openai": {"version": "4.77.0"},
    "packages/web": {"link": true}
  }
}"""
    found = by_name(read_packages("package-lock.json", lock3))
    assert found["@mistralai/mistralai"].version == "2.2.3" and found["@mistralai/mistralai"].hashed
    assert found["@mistralai/mistralai"].line == 5 and found["openai"].version == "4.77.0"
    lock1 = '{"lockfileVersion": 1, "dependencies": {"openai": {"version": "4.0.0", "dependencies": {"ollama": {"version": "0.5.0"}}}}}'
    assert {(p.name, p.version) for p in read_packages("package-lock.json", lock1)} == {
        ("openai", "4.0.0"),
        ("ollama", "0.5.0"),
    }


def test_pnpm_v6_and_v9() -> None:
    v6 = "lockfileVersion: '6.0'\npackages:\n  /@ai-sdk/openai@1.0.5(zod@3.23.8):\n    resolution: {integrity: sha512-aa}\n"
    v9 = "lockfileVersion: '9.0'\npackages:\n  '@anthropic-ai/sdk@0.32.1':\n    resolution: {integrity: sha512-bb}\n"
    assert [(p.name, p.version, p.hashed) for p in read_packages("pnpm-lock.yaml", v6)] == [
        ("@ai-sdk/openai", "1.0.5", True)
    ]
    assert [(p.name, p.version) for p in read_packages("pnpm-lock.yaml", v9)] == [
        ("@anthropic-ai/sdk", "0.32.1")
    ]


def test_yarn_v1_and_berry() -> None:
    v1 = '# yarn lockfile v1\n\n\n"@mistralai/mistralai@^2.2.0", "@mistralai/mistralai@^2.2.2":\n  version "2.2.4"\n  resolved "https://registry.yarnpkg.com/x#abc"\n  integrity sha512-zz\n\nms@^2.1.3:\n  version "2.1.3"\n'
    assert [(p.name, p.version, p.hashed, p.line) for p in read_packages("yarn.lock", v1)] == [
        ("@mistralai/mistralai", "2.2.4", True, 4)
    ]
    berry = '__metadata:\n  version: 8\n  cacheKey: 10c0\n\n"app@workspace:.":\n  version: 0.0.0-use.local\n\n"openai@npm:^4.77.0":\n  version: 4.77.0\n  checksum: 10c0/abc\n'
    assert [(p.name, p.version, p.hashed) for p in read_packages("yarn.lock", berry)] == [
        ("openai", "4.77.0", True)
    ]


def test_bun_lock() -> None:
    text = '{\n  "lockfileVersion": 1,\n  "packages": {\n    "ollama": ["ollama@0.5.11", "", {}, "sha512-cc"],\n    "app": ["app@workspace:."],\n  },\n}\n'
    assert [(p.name, p.version, p.hashed, p.line) for p in read_packages("bun.lock", text)] == [
        ("ollama", "0.5.11", True, 4)
    ]


def test_go_mod_with_replace() -> None:
    text = """\
module example.com/svc

go 1.22

require github.com/ollama/ollama v0.5.1

require (
\tgithub.com/sashabaranov/go-openai v1.36.0 // indirect
\tgithub.com/gin-gonic/gin v1.10.0
)

replace github.com/sashabaranov/go-openai => github.com/fork/go-openai v1.36.1
"""
    found = by_name(read_packages("go.mod", text))
    assert set(found) == {"github.com/ollama/ollama", "github.com/sashabaranov/go-openai"}
    assert found["github.com/ollama/ollama"].version == "0.5.1"
    assert found["github.com/sashabaranov/go-openai"].version == "1.36.1"
    assert found["github.com/sashabaranov/go-openai"].line == 8


def test_broken_files_give_nothing_and_never_raise() -> None:
    for name in ("pyproject.toml", "uv.lock", "package.json", "package-lock.json", "pnpm-lock.yaml",
                 "Pipfile.lock", "bun.lock", "yarn.lock", "go.mod", "requirements.txt", "setup.cfg"):  # fmt: skip
        for text in ("", "\x00\xff{[", "[" * 5000, "a = [\n" * 3000):
            assert isinstance(read_packages(name, text), tuple)


def test_roles_and_patterns() -> None:
    assert role_of(Ecosystem.PYPI, "LiteLLM") == "gateway"
    assert role_of(Ecosystem.PYPI, "langchain_openai") == "framework"
    assert role_of(Ecosystem.NPM, "@ai-sdk/anthropic") == "sdk"
    assert role_of(Ecosystem.NPM, "@langchain/core") == "framework"
    assert role_of(Ecosystem.GO, "github.com/openai/openai-go/v2") == "sdk"
    assert role_of(Ecosystem.PYPI, "requests") is None
