"""Install drift: digest changes (tag moved vs weights changed), missing and new installs."""

from __future__ import annotations

from llmdeps.lockfile.model import Lock
from llmdeps.model import Install, InstallLocation, PinStatus, Runtime, Severity
from llmdeps.rules.drift import compare_installs, short
from tests.factories import install, lock, model, ref

STORE = "store:examples/ollama-store"
HOST = "http://127.0.0.1:11434"
OTHER = "http://10.0.0.9:11434"
LLAMA = "ollama/llama3.1:8b"
HAIKU = "anthropic/claude-3-5-haiku-20241022"

A, B, C, D = ("a" * 64, "b" * 64, "c" * 64, "d" * 64)


def _lock(sources: tuple[str, ...] = (STORE, HOST)) -> Lock:
    """llama3.1:8b locked on the store and the local server; digest aaa.., weights bbb.."""
    return lock(
        models=(
            model(
                HAIKU,
                runtime=Runtime.ANTHROPIC,
                vendor="Anthropic",
                lineage_vendor="Anthropic",
                pin=PinStatus.PINNED,
                workflows=("triage",),
            ),
            model(
                LLAMA,
                pin=PinStatus.DIGEST,
                installed=True,
                installs=(install(source=HOST), install(source=STORE)),
                workflows=("summaries",),
            ),
        ),
        references=(ref("service/summaries.py", LLAMA, workflow="summaries"),),
        install_sources=sources,
    )


def now(
    source: str = STORE, name: str = "llama3.1:8b", digest: str = A, weights: str | None = B
) -> Install:
    location = InstallLocation.from_lock_text(source)
    return Install(name, Runtime.OLLAMA, location, digest=digest, weights_digest=weights)


def read(*sources: str) -> tuple[InstallLocation, ...]:
    """The locations read now, named as the lock names them."""
    return tuple(InstallLocation.from_lock_text(s) for s in sources)


def test_unchanged_installs_are_clean() -> None:
    assert compare_installs(_lock(), (now(STORE), now(HOST)), read(STORE, HOST)) == []


def test_tag_moved_same_weights() -> None:
    (f,) = compare_installs(_lock(), (now(STORE, digest=C), now(HOST)), read(STORE, HOST))
    assert (f.rule, f.severity, f.model, f.vendor) == (
        "drift-digest",
        Severity.ERROR,
        LLAMA,
        "Meta",
    )
    assert f.message == (
        "llama3.1:8b (ollama/llama3.1:8b) on the Ollama model store examples/ollama-store is not "
        "the locked version: digest aaaaaaaaaaaa in the lock, cccccccccccc now (tag moved, same "
        "weights: the template, parameters or licence changed)."
    )
    assert f.paths == ("service/summaries.py",) and f.workflow == "summaries"
    assert f.fix and "llmdeps scan" in f.fix


def test_weights_changed() -> None:
    (f,) = compare_installs(
        _lock(), (now(STORE), now(HOST, digest=C, weights=D)), read(STORE, HOST)
    )
    assert f.rule == "drift-digest"
    assert "on the Ollama server http://127.0.0.1:11434" in f.message
    assert "weights changed: bbbbbbbbbbbb -> dddddddddddd" in f.message
    assert "tag moved" not in f.message


def test_weights_unknown() -> None:
    (f,) = compare_installs(
        _lock(), (now(STORE, digest=C, weights=None), now(HOST)), read(STORE, HOST)
    )
    assert "not known whether the weights changed" in f.message


def test_sha256_prefix_is_not_a_change() -> None:
    assert (
        compare_installs(_lock(), (now(STORE, digest="sha256:" + A), now(HOST)), read(STORE, HOST))
        == []
    )
    assert short("sha256:" + "0123456789abcdef" * 4) == "0123456789ab"
    assert short(None) == "unknown"


def test_missing_install() -> None:
    (f,) = compare_installs(_lock(), (now(HOST),), read(STORE, HOST))
    assert (f.rule, f.severity, f.model) == ("drift-missing", Severity.ERROR, LLAMA)
    assert "no longer installed on the Ollama model store examples/ollama-store" in f.message
    assert "aaaaaaaaaaaa" in f.message
    assert f.fix and "ollama pull llama3.1:8b" in f.fix


def test_new_install_on_another_read_source() -> None:
    locked = _lock((STORE, HOST, OTHER))
    findings = compare_installs(
        locked, (now(STORE), now(HOST), now(OTHER, digest=C)), read(STORE, HOST, OTHER)
    )
    (f,) = findings
    assert (f.rule, f.severity, f.model) == ("drift-new", Severity.WARNING, LLAMA)
    assert (
        "installed on the Ollama server http://10.0.0.9:11434 with digest cccccccccccc" in f.message
    )


def test_new_install_of_a_model_that_was_not_installed() -> None:
    locked = lock(
        models=(model(LLAMA, installed=False, installs=(), workflows=("summaries",)),),
        install_sources=(HOST,),
    )
    (f,) = compare_installs(locked, (now(HOST, name="llama3.1:8b", digest=C),), read(HOST))
    assert f.rule == "drift-new" and f.severity is Severity.WARNING


def test_other_tags_and_unreferenced_models_are_ignored() -> None:
    current = (
        now(STORE),
        now(HOST),
        now(HOST, name="llama3.1:70b", digest=C),  # another tag of the family: another model
        now(HOST, name="mistral:latest", digest=D),  # nobody references it
    )
    assert compare_installs(_lock(), current, read(STORE, HOST)) == []


def test_only_sources_read_now_and_in_the_lock() -> None:
    # The store was not read this run: its missing install is not drift.
    assert compare_installs(_lock(), (now(HOST),), read(HOST)) == []
    # A server read now that the lock never saw, serving the locked tag at a locked digest: fine.
    assert (
        compare_installs(
            _lock(), (now(STORE), now(HOST), now(OTHER, digest=A)), read(STORE, HOST, OTHER)
        )
        == []
    )
    # Nothing read now: nothing compared.
    assert compare_installs(_lock(), (), read()) == []
    # The lock was written without Ollama: nothing compared.
    assert compare_installs(_lock(()), (now(HOST, digest=C),), read(HOST)) == []


def test_several_findings_in_a_stable_order() -> None:
    current = (now(HOST, digest=C),)
    first = compare_installs(_lock(), current, read(STORE, HOST))
    assert [
        (f.rule, f.message.split(" on ")[1][:20] if " on " in f.message else "") for f in first
    ] == [
        ("drift-digest", "the Ollama server ht"),
        ("drift-missing", "the Ollama model sto"),
    ]
    assert first == compare_installs(_lock(), tuple(reversed(current)), read(HOST, STORE))


def test_an_install_of_another_runtime_is_never_new() -> None:
    locked = lock(
        models=(model(LLAMA, installed=False, installs=(), workflows=("summaries",)),),
        install_sources=(HOST,),
    )
    other = Install(
        "llama3.1:8b", Runtime.VLLM, InstallLocation.from_lock_text(HOST), digest=C
    )  # no source reads vLLM servers yet: nothing can say it is the same model
    assert compare_installs(locked, (other,), read(HOST)) == []
