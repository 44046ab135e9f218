"""Issue 10 done-means: real scans of five app shapes, then `report --without VENDOR`.

One repository built in tmp_path holds five workflows (top-level directories):

* chat: a multi-provider app, a runtime choice among 10 models of 6 lineage vendors plus a default;
* local: a Llama-only workflow whose weights are installed in an Ollama store (digest-locked);
* hosted: Llama served by Groq (open weights, hosted by a third party);
* chain: GPT-4o with a LangChain `.with_fallbacks([ChatOllama(model="qwen2.5:7b")])`;
* proxy: a LiteLLM proxy whose group `chat` has an OpenAI and an Anthropic deployment.

The statuses are asserted from the JSON report and the sentences from the text report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from llmdeps.cli.app import app
from llmdeps.lockfile import read
from llmdeps.model import ModelUse
from tests.conftest import MakeRepo
from tests.ollama_fixtures import standard_store

runner = CliRunner()

MODELS = [
    "gpt-4o-2024-08-06",
    "gpt-4.1-mini-2025-04-14",
    "claude-sonnet-4-5-20250929",
    "claude-haiku-4-5-20251001",
    "gemini-2.5-pro",
    "gemini-2.5-flash",
    "mistral-large-2411",
    "mistral-small-2503",
    "meta-llama/Llama-3.3-70B-Instruct",
    "Qwen/Qwen3-235B-A22B-Instruct-2507",
]

FILES: dict[str, str | bytes] = {
    "chat/models.py": (
        "import os\nfrom openai import OpenAI\n\nMODELS = [\n"
        + "".join(f'    "{m}",\n' for m in MODELS)
        + "]\n"
        'DEFAULT_MODEL = "gpt-4o-2024-08-06"\n\n\n'
        "def chat(prompt: str, model: str = DEFAULT_MODEL) -> str:\n"
        '    client = OpenAI(base_url=os.environ["GATEWAY_URL"])\n'
        "    reply = client.chat.completions.create(\n"
        '        model=model, messages=[{"role": "user", "content": prompt}]\n'
        "    )\n"
        '    return reply.choices[0].message.content or ""\n'
    ),
    "local/run.py": (
        "import ollama\n\n\ndef summarize(text: str) -> str:\n"
        '    reply = ollama.chat(model="llama3.1:8b", messages=[{"role": "user", "content": text}])\n'
        '    return reply["message"]["content"]\n'
    ),
    "hosted/run.py": (
        "from groq import Groq\n\n\ndef answer(q: str) -> str:\n"
        "    return Groq().chat.completions.create(\n"
        '        model="llama-3.3-70b-versatile", messages=[{"role": "user", "content": q}]\n'
        "    ).choices[0].message.content\n"
    ),
    "chain/chain.py": (
        "from langchain_ollama import ChatOllama\n"
        "from langchain_openai import ChatOpenAI\n\n"
        'llm = ChatOpenAI(model="gpt-4o-2024-08-06").with_fallbacks(\n'
        '    [ChatOllama(model="qwen2.5:7b")]\n'
        ")\n"
    ),
    "proxy/config.yaml": (
        "model_list:\n"
        "  - model_name: chat\n"
        "    litellm_params:\n"
        "      model: openai/gpt-4o-2024-08-06\n"
        "  - model_name: chat\n"
        "    litellm_params:\n"
        "      model: anthropic/claude-haiku-4-5-20251001\n"
    ),
}

EXPECTED = {
    "openai": {
        "chain": "degraded",
        "chat": "switchable",
        "hosted": "unaffected",
        "local": "unaffected",
        "proxy": "degraded",
    },
    "meta": {
        "chain": "unaffected",
        "chat": "switchable",
        "hosted": "frozen",
        "local": "frozen",
        "proxy": "unaffected",
    },
    "alibaba": {
        "chain": "unaffected",
        "chat": "switchable",
        "hosted": "unaffected",
        "local": "unaffected",
        "proxy": "unaffected",
    },
}


@pytest.fixture
def apps(make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The five workflows scanned, with the Ollama store read; returns the repository."""
    monkeypatch.setenv("OLLAMA_HOST", "127.0.0.1:9")  # no server: only the store is read
    root = make_repo(FILES)
    store = tmp_path / "store"
    standard_store(store)
    result = runner.invoke(app, ["scan", str(root), "--ollama-models", str(store), "-q"])
    assert result.exit_code == 0, result.stderr
    return root


def report(root: Path, vendor: str, fmt: str) -> str:
    result = runner.invoke(app, ["report", str(root), "--without", vendor, "--format", fmt])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_lock_records_calls_fallbacks_and_options(apps: Path) -> None:
    lock = read(apps / "llmdeps.lock")
    workflows = {w.name: w for w in lock.workflows}
    chat = workflows["chat"]
    assert chat.switchable and len(chat.models) == 10
    assert {u.use for u in chat.uses} == {ModelUse.OPTION}
    assert len(set(chat.vendors)) == 6
    chain = {u.model: u.use for u in workflows["chain"].uses}
    # The LangChain backup is a fallback, never a primary: the workflow depends on OpenAI.
    assert chain == {
        "ollama/qwen2.5:7b": ModelUse.FALLBACK,
        "openai/gpt-4o-2024-08-06": ModelUse.CALLS,
    }
    assert workflows["chain"].vendors == ("OpenAI",)
    assert {u.use for u in workflows["proxy"].uses} == {ModelUse.CALLS}
    assert not workflows["local"].switchable
    # Portability counts the switchable app and the configurable proxy with a cross-vendor group.
    assert lock.concentration.portability == pytest.approx(2 / 5)


@pytest.mark.parametrize("vendor", sorted(EXPECTED))
def test_each_workflow_gets_the_right_status(apps: Path, vendor: str) -> None:
    doc = json.loads(report(apps, vendor, "json"))
    sim = doc["exit_simulation"]
    assert sim["requested"] is True
    assert {w["workflow"]: w["status"] for w in sim["workflows"]} == EXPECTED[vendor]
    counts = {s: list(EXPECTED[vendor].values()).count(s) for s in sim["statuses"]}
    assert sim["statuses"] == counts
    # Nothing stops in any of these exits: no "N workflows stop working" next to the figures.
    assert not any(r["code"] == "exit-loss" for r in doc["risks"])
    text = report(apps, vendor, "text")
    for w in sim["workflows"]:
        assert f"{w['status']} (" in text


def test_without_meta_says_what_keeps_running_and_how(apps: Path) -> None:
    sim = json.loads(report(apps, "meta", "json"))["exit_simulation"]
    by_name = {w["workflow"]: w for w in sim["workflows"]}
    local = by_name["local"]
    assert local["frozen"] == ["ollama/llama3.1:8b"]
    assert local["installed"] == ["ollama/llama3.1:8b"]
    assert local["digest_locked"] == ["ollama/llama3.1:8b"]
    assert local["withdrawn"] == []
    assert "installed here and locked by digest" in local["sentence"]
    assert "no new releases from Meta" in local["sentence"]
    assert by_name["hosted"]["installed"] == []
    assert "served by groq" in by_name["hosted"]["sentence"]
    # The OpenAI SDK pointed at a gateway from the environment: ids keep the SDK's runtime.
    assert by_name["chat"]["frozen"] == ["openai/meta-llama/Llama-3.3-70B-Instruct"]
    assert len(by_name["chat"]["options"]) == 9
    text = " ".join(report(apps, "meta", "text").split())
    assert "Without Meta: 2 workflows run on frozen open weights;" in text
    assert "local keeps working on Meta's open weights llama3.1:8b (installed here and locked" in text


def test_without_openai_names_the_fallback_that_takes_over(apps: Path) -> None:
    sim = json.loads(report(apps, "openai", "json"))["exit_simulation"]
    by_name = {w["workflow"]: w for w in sim["workflows"]}
    assert by_name["chain"]["withdrawn"] == ["openai/gpt-4o-2024-08-06"]
    assert by_name["chain"]["fallback"] == ["ollama/qwen2.5:7b"]
    assert by_name["proxy"]["fallback"] == ["anthropic/claude-haiku-4-5-20251001"]
    assert "users pick among 8 models of 5 other vendors" in by_name["chat"]["sentence"]
    md = report(apps, "openai", "markdown")
    assert "- **degraded** (2): keeps working on a fallback from another vendor." in md
    assert "- **switchable** (1):" in md


def test_without_alibaba_only_a_fallback_and_an_option_go(apps: Path) -> None:
    sim = json.loads(report(apps, "alibaba", "json"))["exit_simulation"]
    chain = next(w for w in sim["workflows"] if w["workflow"] == "chain")
    assert chain["lost_fallbacks"] == ["ollama/qwen2.5:7b"]
    assert chain["sentence"] == (
        "chain keeps working: it uses no Alibaba model, but loses its fallback qwen2.5:7b."
    )


def test_a_vendor_no_workflow_uses_is_an_answer(apps: Path) -> None:
    text = report(apps, "xAI", "text")
    assert "No workflow calls or offers any xAI model: nothing changes without xAI." in text
    sim = json.loads(report(apps, "xai", "json"))["exit_simulation"]
    assert sim["vendor"] == "xAI" and sim["models"] == []
    assert set(sim["statuses"]) >= {"unaffected"} and sim["statuses"]["unaffected"] == 5


def test_every_output_counts_the_same_figures(
    make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 10, one set of figures: scan summary, lock, scan JSON, report JSON and text agree."""
    monkeypatch.setenv("OLLAMA_HOST", "127.0.0.1:9")
    # The same reference on two lines is one reference and two occurrences.
    files = {**FILES, "local/again.py": "import ollama\nollama.chat(model='llama3.1:8b')\n" * 2}
    root = make_repo(files)
    store = tmp_path / "store"
    standard_store(store)
    scan = runner.invoke(app, ["scan", str(root), "--ollama-models", str(store)])
    assert scan.exit_code == 0, scan.stderr
    lock = read(root / "llmdeps.lock")
    pins = [m.pin.value for m in lock.models]
    expect = {
        "models": len(lock.models),
        "references": len(lock.references),
        "files": len({r.path for r in lock.references}),
        "pinned": pins.count("pinned"),
        "digest_locked": pins.count("digest"),
        "floating": pins.count("floating"),
    }
    assert expect["files"] == len(FILES) + 1 and expect["digest_locked"] == 1
    head = next(x for x in scan.stderr.splitlines() if " references to " in x)
    assert head.startswith(
        f"llmdeps: {expect['references']} references to {expect['models']} models in "
        f"{expect['files']} files ("
    )
    assert (
        f"{expect['pinned']} pinned, {expect['digest_locked']} digest-locked, "
        f"{expect['floating']} floating" in head
    )
    as_json = runner.invoke(
        app, ["scan", str(root), "--ollama-models", str(store), "--format", "json", "-q"]
    )
    summary = json.loads(as_json.stdout)["summary"]
    assert {k: summary[k] for k in expect} == expect
    assert summary["occurrences"] == len(json.loads(as_json.stdout)["references"])
    assert summary["occurrences"] > summary["references"]
    report_summary = json.loads(report(root, "meta", "json"))["summary"]
    assert {k: report_summary[k] for k in expect} == expect
    text = report(root, "meta", "text")
    assert (
        f"models           {expect['models']} ({expect['pinned']} pinned, "
        f"{expect['digest_locked']} digest-locked, {expect['floating']} floating;" in text
    )
    assert f"references       {expect['references']} in {expect['files']} files" in text


def test_a_switchable_app_is_not_reported_as_exposed(apps: Path) -> None:
    """The multi-provider app lets users pick another vendor: no risk calls it exposed."""
    doc = json.loads(report(apps, "openai", "json"))
    rows = {w["name"]: w for w in doc["matrix"]["workflows"]}
    assert rows["chat"]["switchable"] is True
    concentration = next(r for r in doc["risks"] if r["code"] == "vendor-concentration")
    assert "chat" not in concentration["subjects"]
    assert "1 lets users pick another vendor's model" in concentration["sentence"]
    hard = next(r for r in doc["risks"] if r["code"] == "hard-coded")
    assert "chat" not in hard["subjects"]


def test_every_report_format_states_the_statuses(apps: Path) -> None:
    doc = json.loads(report(apps, "meta", "json"))
    rows = {w["name"]: w for w in doc["matrix"]["workflows"]}
    assert {u["use"] for u in rows["chat"]["uses"]} == {"option"}
    assert {u["model"]: u["use"] for u in rows["chain"]["uses"]} == {
        "ollama/qwen2.5:7b": "fallback",
        "openai/gpt-4o-2024-08-06": "calls",
    }
    html = report(apps, "meta", "html")
    assert "frozen (2): keeps working on open weights that will get no new releases" in html
    bom = json.loads(report(apps, "meta", "cyclonedx"))
    props = {
        c["name"]: {p["name"]: p["value"] for p in c.get("properties", [])}
        for c in bom["components"]
        if c["type"] == "application"
    }
    assert {name: p["llmdeps:exit_status"] for name, p in props.items()} == EXPECTED["meta"]
    assert props["chat"]["llmdeps:switchable"] == "true"
    assert "no new releases from Meta" in props["local"]["llmdeps:exit_sentence"]
