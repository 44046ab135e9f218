"""Version order and specs per ecosystem: PEP 440 through `packaging` (PyPI), SemVer 2.0 and
npm's range grammar (npm, Go module versions without their `v`).

`compare(ecosystem, a, b)` orders two versions (None when either cannot be read);
`admits(ecosystem, spec, version)` says whether a spec as written would accept a version (None
when the spec cannot be read: a URL, a tag, a workspace link).
"""

from __future__ import annotations

import re

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from llmdeps.lazyre import lazy_compile
from llmdeps.sources.packages.base import Ecosystem

_SEMVER = lazy_compile(
    r"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$"
)
_NPM_PART = lazy_compile(
    r"^(<=|>=|<|>|=|\^|~>?|)\s*v?([0-9xX*]+(?:\.[0-9xX*]+){0,2}(?:-[\w.-]+)?)$"
)

SemVer = tuple[int, int, int, tuple[tuple[int, int | str], ...]]


def semver(text: str) -> SemVer | None:
    """`1.2.3-rc.1` (a `v` prefix and build metadata allowed; missing minor/patch are 0)."""
    m = _SEMVER.match(text.strip())
    if not m:
        return None
    pre: tuple[tuple[int, int | str], ...] = ()
    if m.group(4):
        pre = tuple((0, int(p)) if p.isdigit() else (1, p) for p in m.group(4).split("."))
    return (int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0), pre)


def _semver_key(v: SemVer) -> tuple[int, int, int, int, tuple[tuple[int, int | str], ...]]:
    # A release sorts after its pre-releases (SemVer 2.0 section 11).
    return (v[0], v[1], v[2], 0 if v[3] else 1, v[3])


def _pypi(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def compare(ecosystem: Ecosystem, a: str, b: str) -> int | None:
    """-1, 0 or 1; None when either version cannot be read in the ecosystem's scheme."""
    if ecosystem is Ecosystem.PYPI:
        va, vb = _pypi(a), _pypi(b)
        if va is None or vb is None:
            return None
        return (va > vb) - (va < vb)
    sa, sb = semver(a), semver(b)
    if sa is None or sb is None:
        return None
    ka, kb = _semver_key(sa), _semver_key(sb)
    return (ka > kb) - (ka < kb)


def same_version(ecosystem: Ecosystem, a: str, b: str) -> bool:
    """Equal in the ecosystem's scheme (`1.0` == `1.0.0` on PyPI), else as text."""
    order = compare(ecosystem, a, b)
    return order == 0 if order is not None else a.strip() == b.strip()


def admits(ecosystem: Ecosystem, spec: str | None, version: str) -> bool | None:
    """Would an install from this spec accept `version`? None when the spec cannot be judged."""
    if spec is None or not spec.strip() or spec.strip() == "*":
        return True
    if ecosystem is Ecosystem.PYPI:
        return _pypi_admits(spec, version)
    return _npm_admits(spec, version)


def _pypi_admits(spec: str, version: str) -> bool | None:
    parsed = _pypi(version)
    if parsed is None:
        return None
    specifiers = pypi_specifiers(spec)
    if specifiers is None:
        return None
    return specifiers.contains(parsed, prereleases=True)


def pypi_specifiers(spec: str) -> SpecifierSet | None:
    """A PEP 440 spec, or a Poetry one (`^1.2`, `~1.2`, `1.2.*`, a bare `2.4.6`) made PEP 440."""
    try:
        return SpecifierSet(spec)
    except InvalidSpecifier:
        pass
    parts = []
    for item in (p.strip() for p in spec.split(",")):
        converted = _poetry(item)
        if converted is None:
            return None
        parts.append(converted)
    try:
        return SpecifierSet(",".join(parts))
    except InvalidSpecifier:
        return None


def _poetry(item: str) -> str | None:
    m = re.match(r"^(\^|~=?|)\s*(\d+(?:\.\d+)*)$", item)
    if not m:
        return None
    op, ver = m.groups()
    nums = [int(n) for n in ver.split(".")]
    if op == "":
        return f"=={ver}"
    if op == "~=":
        return f"~={ver}"
    if op == "^":
        first = next((i for i, n in enumerate(nums) if n != 0), len(nums) - 1)
        upper = nums[: first + 1]
        upper[-1] += 1
        return f">={ver},<{'.'.join(map(str, upper))}"
    upper = nums[:2] if len(nums) >= 2 else nums[:1]  # ~1.2.3 -> <1.3, ~1 -> <2
    upper[-1] += 1
    return f">={ver},<{'.'.join(map(str, upper))}"


def _npm_admits(spec: str, version: str) -> bool | None:
    target = semver(version)
    if target is None:
        return None
    alternatives = [a.strip() for a in spec.split("||")]
    answer = False
    for alternative in alternatives:
        ok = _npm_set(alternative, target)
        if ok is None:
            return None
        answer = answer or ok
    return answer


def _npm_set(text: str, target: SemVer) -> bool | None:
    if not text or text in ("*", "x", "X", "latest"):
        return not target[3] if text != "latest" else None
    hyphen = re.match(r"^(\S+)\s+-\s+(\S+)$", text)
    comparators: list[tuple[str, SemVer]] = []
    if hyphen:
        low, high = _lower(hyphen.group(1)), _partial(hyphen.group(2))
        if low is None or high is None:
            return None
        comparators.append((">=", low))
        comparators.append(("<", high[1]) if high[0] else ("<=", high[1]))
    else:
        tokens = re.sub(r"(<=|>=|<|>|=|\^|~>?)\s+", r"\1", text).split()
        for token in tokens:
            expanded = _expand(token)
            if expanded is None:
                return None
            comparators.extend(expanded)
    key = _semver_key(target)
    for op, bound in comparators:
        b = _semver_key(bound)
        ok = {
            ">=": key >= b,
            ">": key > b,
            "<=": key <= b,
            "<": key < b,
            "=": key == b,
        }[op]
        if not ok:
            return False
    if target[3]:  # npm: a pre-release matches only a comparator on the same x.y.z with one
        return any(b[3] and b[:3] == target[:3] for _, b in comparators)
    return True


def _numbers(text: str) -> tuple[list[int | None], tuple[tuple[int, int | str], ...]] | None:
    core, _, pre = text.partition("-")
    nums: list[int | None] = []
    for part in core.split("."):
        if part in ("x", "X", "*"):
            nums.append(None)
        elif part.isdigit():
            nums.append(int(part))
        else:
            return None
    while len(nums) < 3:
        nums.append(None)
    parsed = semver(f"0.0.0-{pre}") if pre else None
    return nums, (parsed[3] if parsed else ())


def _lower(text: str) -> SemVer | None:
    got = _numbers(text.lstrip("v="))
    if got is None:
        return None
    nums, pre = got
    return (nums[0] or 0, nums[1] or 0, nums[2] or 0, pre)


def _partial(text: str) -> tuple[bool, SemVer] | None:
    """(exclusive, bound) of a range's upper end: `1.2` means `<1.3.0-0`."""
    got = _numbers(text.lstrip("v="))
    if got is None:
        return None
    nums, pre = got
    if nums[0] is None:
        return None
    if nums[1] is None:
        return True, (nums[0] + 1, 0, 0, ((0, 0),))
    if nums[2] is None:
        return True, (nums[0], nums[1] + 1, 0, ((0, 0),))
    return False, (nums[0], nums[1], nums[2], pre)


def _expand(token: str) -> list[tuple[str, SemVer]] | None:
    m = _NPM_PART.match(token)
    if not m:
        return None
    op, ver = m.groups()
    got = _numbers(ver)
    if got is None:
        return None
    nums, pre = got
    major, minor, patch = nums
    floor: SemVer = (major or 0, minor or 0, patch or 0, pre)
    if major is None:
        return []
    if op == "^":
        if major != 0 or minor is None:
            upper: SemVer = (major + 1, 0, 0, ((0, 0),))
        elif minor != 0 or patch is None:
            upper = (0, minor + 1, 0, ((0, 0),))
        else:
            upper = (0, 0, patch + 1, ((0, 0),))
        return [(">=", floor), ("<", upper)]
    if op.startswith("~"):
        upper = (major + 1, 0, 0, ((0, 0),)) if minor is None else (major, minor + 1, 0, ((0, 0),))
        return [(">=", floor), ("<", upper)]
    if minor is None or patch is None:  # a partial version is a range: 1.2 = >=1.2.0 <1.3.0-0
        partial = _partial(ver)
        assert partial is not None
        if op in ("", "="):
            return [(">=", floor), ("<", partial[1])]
        if op == ">":
            return [(">=", partial[1])]
        if op == "<=":
            return [("<", partial[1])]
        return [(op, floor)]
    return [(op or "=", floor)]
