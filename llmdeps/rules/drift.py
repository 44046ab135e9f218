"""Compare the installs recorded in the lock with what is installed now, per model and location.

Locations are compared by place, not spelling (`sources/installs/hosts.py`: `localhost:11434`,
`127.0.0.1:11434/api` and `[::1]:11434` are one server). A location read now that the lock records
is compared install by install. A location the lock does not record is still held to the pins: a
locked tag (an Ollama tag, an LM Studio file, a served name) that it has under another digest, or
a locked Hugging Face repo it holds only at other commits, is `drift-digest` naming it; the pin
holds on every host. A location read that holds none of the locked models is only a notice, and
`check` says what it compared.

Per source kind:
* Ollama server or store: the manifest digest (the message tells a moved tag from new weights);
  a model a server holds in memory (`/api/ps`) under another digest than the lock's is drift too.
* Hugging Face cache: a locked snapshot (commit) gone is `drift-missing`; the same commit with
  other weights (a blob replaced) is `drift-digest`; a ref the lock recorded (`main`) now naming
  another commit is `drift-digest` ("refs/main moved").
* LM Studio folder: a file's digest (its GGUF identity or content) changed, or the file is gone.
* OpenAI-compatible server: the served name now stands for another model (what it was loaded
  from, its revision or quantisation changed), or the server no longer serves it.

* `drift-digest` (error): the tag now names another manifest. When both sides know the weights
  layer, the message says whether only the tag moved (same weights: a new template, parameters or
  licence) or the weights themselves changed.
* `drift-missing` (error): a locked install is gone from a source that was read.
* `drift-new` (warning): a referenced model is now installed on a read source where the lock has
  no install of it. Nothing the lock promised changed, but the lock no longer describes the
  machine; `llmdeps scan` records it.

Installs nobody references (Lock.unreferenced_installs) are machine state, not dependencies, and
are not compared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from llmdeps.lockfile.model import Lock, LockedInstall, LockedModel
from llmdeps.model import (
    Finding,
    Install,
    InstallLocation,
    LoadedModel,
    ModelId,
    Runtime,
    Severity,
)
from llmdeps.rules.base import Rule, RuleId
from llmdeps.sources.installs.hosts import host_key, host_label

FIX = (
    "if the change is intended, run `llmdeps scan` and commit llmdeps.lock; "
    "otherwise restore the locked model on that host"
)

RULES: tuple[Rule, ...] = (
    Rule(
        RuleId.DRIFT_DIGEST,
        "An installed model is not the locked version",
        "A location read now has a locked model under another identity than llmdeps.lock pins: "
        "an Ollama tag with another manifest digest (on any host, the message says whether the "
        "weights changed), a Hugging Face ref that moved or a snapshot with other weights, an "
        "LM Studio file that changed, a served name that now stands for another model.",
        FIX,
        Severity.ERROR,
        ("llm", "supply-chain", "drift"),
        "very-high",
    ),
    Rule(
        RuleId.DRIFT_MISSING,
        "A locked install is gone",
        "A model install recorded in llmdeps.lock (an Ollama tag, a Hugging Face snapshot, an "
        "LM Studio file, a served model) is no longer present where it was, in a location read "
        "in this run.",
        "install the model again (`ollama pull NAME`, `hf download REPO --revision COMMIT`) and "
        "compare digests, or run `llmdeps scan` if it was removed on purpose",
        Severity.ERROR,
        ("llm", "supply-chain", "drift"),
        "very-high",
    ),
    Rule(
        RuleId.DRIFT_NEW,
        "A referenced model is installed but not locked there",
        "A model the code references is installed on a server, store or cache where "
        "llmdeps.lock records no install of it; the lock no longer describes the machine.",
        "run `llmdeps scan` and commit llmdeps.lock to record the install and its digest",
        Severity.WARNING,
        ("llm", "supply-chain", "drift"),
        "high",
    ),
)


def _norm(digest: str) -> str:
    return digest.lower().removeprefix("sha256:").removeprefix("sha256-")


def short(digest: str | None) -> str:
    """The first 12 hex digits of a digest, without a `sha256:` prefix."""
    if not digest:
        return "unknown"
    return _norm(digest)[:12]


def _where(runtime: Runtime, location: InstallLocation) -> str:
    from llmdeps.sources.registry import install_source  # every detector: not for `report`

    source = install_source(runtime, location.kind)
    label = source.label if source else f"the {runtime} {location.kind}"
    return f"{label} {location.where}"


def _paths(lock: Lock, model_id: ModelId) -> tuple[str, ...]:
    return tuple(sorted({r.path for r in lock.references if r.model_id == model_id}))


def _weights_note(old: LockedInstall, new: Install) -> str:
    if not old.weights_digest or not new.weights_digest:
        return "it is not known whether the weights changed"
    if _norm(old.weights_digest) == _norm(new.weights_digest):
        return "tag moved, same weights: the template, parameters or licence changed"
    return (
        f"weights changed: {short(old.weights_digest)} -> {short(new.weights_digest)}; "
        "the model may answer differently"
    )


def _served_note(old: LockedInstall, new: Install) -> str:
    if (old.served_from or "") != (new.served_from or ""):
        return (
            f"served from {old.served_from or 'unknown'} then, {new.served_from or 'unknown'} now"
        )
    if (old.revision or "") != (new.revision or ""):
        return f"revision {short(old.revision)} then, {short(new.revision)} now"
    if (old.quantization or "") != (new.quantization or ""):
        then, now = old.quantization or "unknown", new.quantization or "unknown"
        return f"quantisation {then} then, {now} now"
    return "the server describes it differently"


def _change_note(runtime: Runtime, old: LockedInstall, new: Install) -> str:
    if runtime is Runtime.OPENAI_COMPATIBLE:
        return _served_note(old, new)
    return _weights_note(old, new)


def _wanted(model: LockedModel) -> str:
    return model.id.split("/", 1)[1] if "/" in model.id else model.id


def _first(items: Iterable[str]) -> str | None:
    listed = sorted(items)
    return listed[0] if len(listed) == 1 else None


def _runtime_of(old: LockedInstall, model: LockedModel, current: Sequence[Install]) -> Runtime:
    """The runtime of the source a locked install came from: the lock records its location
    only, so it is the model's, unless a source of another runtime serves that kind of name."""
    from llmdeps.sources.registry import install_source

    location = InstallLocation.from_lock_text(old.source)
    for install in current:
        if host_key(install.location) == host_key(location) and install.name == old.name:
            return install.runtime
    if install_source(model.runtime, location.kind) is not None:
        return model.runtime
    if location.kind.value == "server" and (old.server or old.served_from):
        return Runtime.OPENAI_COMPATIBLE
    if old.revision is not None:
        return Runtime.HUGGINGFACE
    return model.runtime


def _pin(runtime: Runtime, digest: str, revision: str | None) -> str:
    """What a lock pins an install by: a Hugging Face snapshot's commit, else its digest."""
    if runtime is Runtime.HUGGINGFACE and revision:
        return revision.lower()
    return _norm(digest)


def _files_note(old: LockedInstall, new: Install) -> str | None:
    """A Hugging Face snapshot's weights that differ from the lock's, named; None if the same."""
    if old.weights_digest and new.weights_digest:
        if _norm(old.weights_digest) == _norm(new.weights_digest):
            return None
    elif not old.files or not new.files:
        return None
    then = {f.path: f.sha256 for f in old.files}
    now = {f.path: f.sha256 for f in new.files}
    changed = sorted(p for p in then.keys() | now.keys() if then.get(p) != now.get(p))
    if not changed:
        return None
    shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
    return f"weights files differ from the lock: {shown}"


@dataclass(frozen=True, slots=True)
class Comparison:
    """What drift judged: its findings, what it compared where, and idle locations."""

    findings: tuple[Finding, ...]
    compared: tuple[str, ...]
    """One line per location compared: `compared 2 locked installs on ollama:11434`."""
    idle: tuple[str, ...]
    """Locations read that hold none of the locked models (a notice, not a finding)."""


@dataclass(slots=True)
class _Judge:
    locked: Lock
    current: tuple[Install, ...]
    read: tuple[InstallLocation, ...]
    findings: list[Finding]
    counts: dict[str, int]

    def add(self, model: LockedModel, finding: Finding) -> None:
        """Record a finding about a locked model: its files, workflow, vendor and id filled in."""
        self.findings.append(
            replace(
                finding,
                paths=_paths(self.locked, model.id),
                workflow=_first(model.workflows),
                vendor=model.lineage_vendor,
                model=model.id,
            )
        )

    def count(self, location: InstallLocation) -> None:
        label = host_label(location)
        self.counts[label] = self.counts.get(label, 0) + 1


def _same_place(
    judge: _Judge, model: LockedModel, compared: dict[str, InstallLocation]
) -> set[tuple[str, str]]:
    """Locked installs against the same location now; returns the (place, name) pairs seen."""
    seen: set[tuple[str, str]] = set()
    for old in sorted(model.installs, key=lambda i: (i.source, i.name, i.revision or "")):
        place = host_key(InstallLocation.from_lock_text(old.source))
        location = compared.get(place)
        if location is None:
            continue
        runtime = _runtime_of(old, model, judge.current)
        seen.add((place, old.name.lower()))
        judge.count(location)
        where = _where(runtime, location)
        here = [
            i
            for i in judge.current
            if host_key(i.location) == place and i.name.lower() == old.name.lower()
        ]
        if runtime is Runtime.HUGGINGFACE:
            _hf_snapshot(judge, model, old, here, where)
            continue
        new = here[0] if here else None
        if new is None:
            judge.add(
                model,
                Finding(
                    RuleId.DRIFT_MISSING,
                    f"{old.name} ({model.id}) is no longer installed on {where}; the lock recorded "
                    f"digest {short(old.digest)}.",
                    fix=(
                        f"run `ollama pull {old.name}` (then compare digests), or "
                        "`llmdeps scan` if it was removed on purpose"
                        if runtime is Runtime.OLLAMA
                        else "install it there again, or run `llmdeps scan` if it was removed on "
                        "purpose"
                    ),
                ),
            )
        elif _norm(new.digest) != _norm(old.digest):
            judge.add(
                model,
                Finding(
                    RuleId.DRIFT_DIGEST,
                    f"{old.name} ({model.id}) on {where} is not the locked version: digest "
                    f"{short(old.digest)} in the lock, {short(new.digest)} now "
                    f"({_change_note(runtime, old, new)}).",
                    fix=FIX,
                ),
            )
    return seen


def _hf_snapshot(
    judge: _Judge, model: LockedModel, old: LockedInstall, here: list[Install], where: str
) -> None:
    commit = (old.revision or "").lower()
    snapshot = next((i for i in here if (i.revision or "").lower() == commit), None)
    if snapshot is None:
        judge.add(
            model,
            Finding(
                RuleId.DRIFT_MISSING,
                f"snapshot {short(commit)} of {old.name} ({model.id}) is gone from {where}; the "
                "lock pins that commit.",
                fix=f"run `hf download {old.name} --revision {commit}`, or `llmdeps scan` if "
                "it was removed on purpose",
            ),
        )
    else:
        note = _files_note(old, snapshot)
        if note:
            judge.add(
                model,
                Finding(
                    RuleId.DRIFT_DIGEST,
                    f"snapshot {short(commit)} of {old.name} ({model.id}) on {where} is not the "
                    f"locked version: {note}.",
                    fix=FIX,
                ),
            )
    for ref in old.refs:
        now_at = next((i for i in here if ref in i.refs), None)
        if now_at is not None and (now_at.revision or "").lower() != commit:
            judge.add(
                model,
                Finding(
                    RuleId.DRIFT_DIGEST,
                    f"refs/{ref} of {old.name} ({model.id}) on {where} moved: "
                    f"{short(commit)} in the lock, {short(now_at.revision)} now; code that loads "
                    f"{old.name} without a revision gets the new commit.",
                    fix=FIX,
                ),
            )


def _other_places(
    judge: _Judge,
    model: LockedModel,
    compared: dict[str, InstallLocation],
    seen: set[tuple[str, str]],
) -> None:
    """A locked tag anywhere else read now must carry a locked pin (issue 13 item 1)."""
    pins: dict[str, set[str]] = defaultdict(set)
    where_locked: dict[str, str] = {}
    runtimes: dict[str, Runtime] = {}
    for old in model.installs:
        runtime = _runtime_of(old, model, judge.current)
        key = old.name.lower()
        pins[key].add(_pin(runtime, old.digest, old.revision))
        where_locked.setdefault(key, InstallLocation.from_lock_text(old.source).where)
        runtimes[key] = runtime
    if not pins:
        return
    by_place: dict[tuple[str, str], list[Install]] = defaultdict(list)
    for install in judge.current:
        place = host_key(install.location)
        key = install.name.lower()
        if place in compared or key not in pins or install.runtime is not runtimes[key]:
            continue
        by_place[(place, key)].append(install)
    for (_place, key), held in sorted(by_place.items()):
        location = held[0].location
        judge.count(location)
        runtime = runtimes[key]
        if any(_pin(runtime, i.digest, i.revision) in pins[key] for i in held):
            continue
        new = held[0]
        locked_pin = sorted(pins[key])[0]
        what = "commit" if runtime is Runtime.HUGGINGFACE else "digest"
        now_pin = ", ".join(sorted(short(_pin(runtime, i.digest, i.revision)) for i in held))
        judge.add(
            model,
            Finding(
                RuleId.DRIFT_DIGEST,
                f"{new.name} ({model.id}) on {_where(runtime, location)} is not the locked "
                f"version: the lock pins {what} {short(locked_pin)} (as on "
                f"{where_locked[key]}), this location has {now_pin}; the lock does not record "
                "this location.",
                fix="restore the locked version on that host, or run `llmdeps scan` with it read "
                "to record its digests in llmdeps.lock",
            ),
        )


def _new_installs(
    judge: _Judge,
    model: LockedModel,
    compared: dict[str, InstallLocation],
    seen: set[tuple[str, str]],
) -> None:
    from llmdeps.sources.registry import serves, source_of

    wanted = _wanted(model)
    reported: set[tuple[str, str]] = set()
    for new in sorted(judge.current, key=lambda i: (i.location.lock_text(), i.name)):
        place = host_key(new.location)
        key = (place, new.name.lower())
        if place not in compared or key in seen or key in reported:
            continue
        source = source_of(new)
        if source is None or model.runtime not in serves(source):
            continue
        if not source.same_model(wanted, new):
            continue
        reported.add(key)
        judge.add(
            model,
            Finding(
                RuleId.DRIFT_NEW,
                f"{new.name} ({model.id}) is installed on {_where(new.runtime, new.location)} "
                f"with digest {short(new.digest)}, but the lock has no install of it there.",
                severity=Severity.WARNING,
                fix="run `llmdeps scan` and commit llmdeps.lock to record it",
            ),
        )


def _loaded(judge: _Judge, loaded: Sequence[LoadedModel]) -> None:
    """A model a server holds in memory under another digest than every locked one of its tag."""
    for model in sorted(judge.locked.models, key=lambda m: m.id):
        if model.runtime is not Runtime.OLLAMA:
            continue
        pins: dict[str, set[str]] = defaultdict(set)
        for old in model.installs:
            pins[old.name.lower()].add(_norm(old.digest))
        for item in sorted(loaded, key=lambda m: (m.location.lock_text(), m.name)):
            digests = pins.get(item.name.lower())
            if not digests or _norm(item.digest) in digests:
                continue
            until = f" (loaded until {item.expires_at})" if item.expires_at else ""
            judge.add(
                model,
                Finding(
                    RuleId.DRIFT_DIGEST,
                    f"{item.name} ({model.id}) loaded in memory on "
                    f"{_where(model.runtime, item.location)}{until} is not the locked version: "
                    f"digest {short(sorted(digests)[0])} in the lock, {short(item.digest)} loaded.",
                    fix=FIX,
                ),
            )


def compare(
    locked: Lock,
    installs: tuple[Install, ...],
    read: tuple[InstallLocation, ...],
    loaded: Sequence[LoadedModel] = (),
) -> Comparison:
    """Drift findings for every referenced model on every location read now, and what was
    compared where."""
    recorded = {host_key(InstallLocation.from_lock_text(s)) for s in locked.install_sources}
    read_places = {host_key(r): r for r in sorted(read, key=InstallLocation.lock_text)}
    compared = {k: v for k, v in read_places.items() if k in recorded}
    judge = _Judge(locked, installs, read, [], {})
    for model in sorted(locked.models, key=lambda m: m.id):
        seen = _same_place(judge, model, compared)
        _other_places(judge, model, compared, seen)
        _new_installs(judge, model, compared, seen)
    _loaded(judge, loaded)
    locked_names = {i.name.lower() for m in locked.models for i in m.installs}
    idle = tuple(
        f"{host_label(location)} was read but holds none of the locked models"
        for place, location in sorted(read_places.items())
        if locked_names
        and not any(
            host_key(i.location) == place and i.name.lower() in locked_names for i in installs
        )
    )
    compared_lines = tuple(
        f"compared {n} locked install{'s' if n != 1 else ''} on {label}"
        for label, n in sorted(judge.counts.items())
    )
    return Comparison(tuple(judge.findings), compared_lines, idle)


def compare_installs(
    locked: Lock,
    installs: tuple[Install, ...],
    read: tuple[InstallLocation, ...],
    loaded: Sequence[LoadedModel] = (),
) -> list[Finding]:
    """Drift findings for every referenced model in every location read now."""
    if not locked.install_sources and not loaded:
        return []
    return list(compare(locked, installs, read, loaded).findings)
