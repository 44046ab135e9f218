#!/usr/bin/env python3
"""Write inventory.example.yaml and examples/demo-report.md: the demo's lock and report.

    python examples/make_demo_lock.py

The lock is `llmdeps scan examples/demo` with the demo's Ollama store, Hugging Face cache and LM
Studio folder, and the vLLM the demo's drafting service calls at `http://vllm:8000` (its compose
service name). No vLLM runs here: the replies vLLM documents (recorded with their sources in
tests/openai_fixtures.py) are served by a loopback proxy that answers for that address, so the
lock names the server as the code reaches it. tests/test_cli.py checks the committed files
against this.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.openai_fixtures import DEMO_VLLM, demo_vllm  # noqa: E402

FOLDERS = [
    *("--ollama-models", "examples/ollama-store"),
    *("--hf-cache", "examples/hf-cache"),
    *("--lmstudio-models", "examples/lmstudio-models"),
    *("--openai-host", DEMO_VLLM),
]


def main() -> None:
    llmdeps = [sys.executable, "-m", "llmdeps"]
    with demo_vllm() as proxy:
        env = {**os.environ, "HTTP_PROXY": proxy, "OLLAMA_HOST": "127.0.0.1:9"}
        env.pop("NO_PROXY", None)
        env.pop("no_proxy", None)
        subprocess.run(
            [*llmdeps, "scan", "examples/demo", *FOLDERS, "-o", "inventory.example.yaml", "-q"],
            cwd=ROOT,
            env=env,
            check=True,
        )
    subprocess.run(
        [*llmdeps, "report", "examples/demo", "--lock", "inventory.example.yaml", "--format",
         "markdown", "-o", "examples/demo-report.md"],
        cwd=ROOT,
        check=True,
    )  # fmt: skip
    print("wrote inventory.example.yaml and examples/demo-report.md")


if __name__ == "__main__":
    main()
