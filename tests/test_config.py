"""load_config: .llmdeps.yaml, [tool.llmdeps], defaults, and errors located by line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from llmdeps.config import (
    DEFAULT_CRITICALITY_WEIGHTS,
    DEFAULT_MAX_FILE_BYTES,
    Config,
    Policy,
    WorkflowSpec,
    load_config,
    parse_size,
)
from llmdeps.errors import ConfigError
from tests.conftest import MakeRepo

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"

FULL = """\
# which jobs depend on which files
workflows:
  grant-summaries:
    paths: ["service/summaries.py", "ollama/**"]
    owner: programs
    criticality: high
  case-triage: {paths: ["service/triage.py", "litellm/**"], criticality: critical}
policy:
  max_vendor_share: 0.8
  max_hhi: 7000
  require_cross_vendor_fallback: [critical]
  allowed_vendors: []
  denied_vendors: [DeepSeek]
  allowed_licenses: [apache-2.0, mit]
  require_pinned: true
criticality_weights: {critical: 5}
scan: {max_file_size: 512k, exclude: ["legacy/**"]}
"""


def _error(root: Path, explicit: Path | None = None) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load_config(root, explicit)
    return info.value


def test_no_config_gives_defaults(make_repo: MakeRepo) -> None:
    root = make_repo({"app.py": "x = 1\n"})
    assert load_config(root) == Config()


def test_full_yaml(make_repo: MakeRepo) -> None:
    config = load_config(make_repo({".llmdeps.yaml": FULL}))
    assert config.workflows == (
        WorkflowSpec("grant-summaries", ("service/summaries.py", "ollama/**"), "programs", "high"),
        WorkflowSpec("case-triage", ("service/triage.py", "litellm/**"), None, "critical"),
    )
    assert config.policy == Policy(
        max_vendor_share=0.8,
        max_hhi=7000,
        require_cross_vendor_fallback=("critical",),
        allowed_vendors=(),
        denied_vendors=("DeepSeek",),
        allowed_licenses=("apache-2.0", "mit"),
        require_pinned=True,
    )
    assert config.criticality_weights == {**DEFAULT_CRITICALITY_WEIGHTS, "critical": 5.0}
    assert config.max_file_bytes == 512 * 1024
    assert config.exclude == ("legacy/**",)
    assert config.source == ".llmdeps.yaml"


def test_demo_config_loads() -> None:
    config = load_config(DEMO)
    assert [w.name for w in config.workflows][:2] == ["grant-summaries", "case-triage"]
    assert config.policy.require_cross_vendor_fallback == ("critical",)
    assert config.policy.max_hhi == 7000


def test_empty_yaml_is_defaults(make_repo: MakeRepo) -> None:
    config = load_config(make_repo({".llmdeps.yaml": "# nothing yet\n"}))
    assert config.workflows == () and config.policy == Policy()
    assert config.source == ".llmdeps.yaml"


def test_require_cross_vendor_fallback_true(make_repo: MakeRepo) -> None:
    root = make_repo({".llmdeps.yaml": "policy:\n  require_cross_vendor_fallback: true\n"})
    assert load_config(root).policy.require_cross_vendor_fallback is True


def test_max_file_size_as_bytes(make_repo: MakeRepo) -> None:
    root = make_repo({".llmdeps.yaml": "scan:\n  max_file_size: 1000\n"})
    assert load_config(root).max_file_bytes == 1000
    root2 = make_repo({".llmdeps.yaml": "scan:\n  exclude: [a/**]\n"})
    assert load_config(root2).max_file_bytes == DEFAULT_MAX_FILE_BYTES


def test_yaml_wins_over_pyproject(make_repo: MakeRepo) -> None:
    root = make_repo(
        {
            ".llmdeps.yaml": "policy: {max_hhi: 100}\n",
            "pyproject.toml": "[tool.llmdeps.policy]\nmax_hhi = 200\n",
        }
    )
    assert load_config(root).policy.max_hhi == 100


@pytest.mark.parametrize(
    ("text", "line", "key", "message"),
    [
        (
            FULL.replace("max_vendor_share: 0.8", "max_vendor_share: 1.5"),
            9,
            "policy.max_vendor_share",
            "must be between 0 and 1",
        ),
        (
            FULL.replace("max_hhi: 7000", "max_hhi: 12000"),
            10,
            "policy.max_hhi",
            "must be between 0 and 10000",
        ),
        (
            FULL.replace("max_hhi: 7000", "max_hhi: lots"),
            10,
            "policy.max_hhi",
            "must be a number, not a string",
        ),
        (
            FULL.replace("max_hhi: 7000", "max_hhi: true"),
            10,
            "policy.max_hhi",
            "must be a number, not a boolean",
        ),
        (
            FULL.replace("  require_pinned: true", "  require_pined: true"),
            15,
            "policy.require_pined",
            "unknown key",
        ),
        (
            FULL.replace("  require_pinned: true", "  require_pinned: yes please"),
            15,
            "policy.require_pinned",
            "must be true or false",
        ),
        (
            FULL.replace("criticality: high", "criticality: urgent"),
            6,
            "workflows.grant-summaries.criticality",
            "must be one of low, medium, high, critical",
        ),
        (
            FULL.replace("[critical]", "[critical, severe]"),
            11,
            "policy.require_cross_vendor_fallback[1]",
            "must be one of",
        ),
        (
            FULL.replace("owner: programs", "owner: [programs]"),
            5,
            "workflows.grant-summaries.owner",
            "must be a non-empty string",
        ),
        (
            FULL.replace('paths: ["service/summaries.py", "ollama/**"]', "paths: 3"),
            4,
            "workflows.grant-summaries.paths",
            "must be a list of strings",
        ),
        (
            FULL.replace('    paths: ["service/summaries.py", "ollama/**"]\n', ""),
            3,
            "workflows.grant-summaries",
            "paths: is required",
        ),
        (
            FULL.replace("max_file_size: 512k", "max_file_size: huge"),
            17,
            "scan.max_file_size",
            "use bytes or a size like 2MB",
        ),
        (
            FULL.replace("max_file_size: 512k", "max_file_size: 0"),
            17,
            "scan.max_file_size",
            "must be positive",
        ),
        (
            FULL.replace("{critical: 5}", "{critical: -1}"),
            16,
            "criticality_weights.critical",
            "must be at least 0",
        ),
        (FULL + "plugins: [x]\n", 18, "plugins", "unknown key"),
        (FULL.split("policy:")[0] + "policy: 3\n", 8, "policy", "must be a mapping"),
        (
            FULL.replace("denied_vendors: [DeepSeek]", "denied_vendors: [DeepSeek, 7]"),
            13,
            "policy.denied_vendors[1]",
            "must be a non-empty string",
        ),
    ],
)
def test_invalid_yaml_values_are_located(
    make_repo: MakeRepo, text: str, line: int, key: str, message: str
) -> None:
    err = _error(make_repo({".llmdeps.yaml": text}))
    assert (err.path, err.line, err.key) == (".llmdeps.yaml", line, key)
    assert message in str(err)
    assert str(err).startswith(f".llmdeps.yaml:{line}: {key}: ")


def test_error_text_matches_readme_example(make_repo: MakeRepo) -> None:
    text = FULL.replace("max_vendor_share: 0.8", "max_vendor_share: 2")
    err = _error(make_repo({".llmdeps.yaml": text}))
    assert str(err) == ".llmdeps.yaml:9: policy.max_vendor_share: must be between 0 and 1"


def test_custom_criticality_is_accepted_once_weighted(make_repo: MakeRepo) -> None:
    text = (
        "criticality_weights: {vital: 10}\nworkflows:\n  a: {paths: [a/**], criticality: vital}\n"
    )
    config = load_config(make_repo({".llmdeps.yaml": text}))
    assert config.workflows[0].criticality == "vital"
    assert config.criticality_weights["vital"] == 10.0
    assert config.criticality_weights["low"] == 1.0


def test_broken_yaml_has_its_line(make_repo: MakeRepo) -> None:
    text = "workflows:\n  a:\n    paths: [a/**\npolicy: {}\n"
    err = _error(make_repo({".llmdeps.yaml": text}))
    assert err.path == ".llmdeps.yaml" and err.line == 4
    assert "invalid YAML" in str(err)


def test_duplicate_key_is_an_error(make_repo: MakeRepo) -> None:
    text = "policy:\n  max_hhi: 100\n  max_hhi: 200\n"
    err = _error(make_repo({".llmdeps.yaml": text}))
    assert (err.line, err.key) == (3, "max_hhi")


def test_top_level_must_be_a_mapping(make_repo: MakeRepo) -> None:
    err = _error(make_repo({".llmdeps.yaml": "- a\n- b\n"}))
    assert err.line == 1 and "must be a mapping" in str(err)


def test_explicit_missing_file(make_repo: MakeRepo) -> None:
    root = make_repo({"app.py": ""})
    err = _error(root, root / "nope.yaml")
    assert "not found" in str(err) and err.path.endswith("nope.yaml")


def test_explicit_file_wins(make_repo: MakeRepo) -> None:
    root = make_repo(
        {".llmdeps.yaml": "policy: {max_hhi: 1}\n", "ci/llmdeps.yaml": "policy: {max_hhi: 2}\n"}
    )
    config = load_config(root, root / "ci" / "llmdeps.yaml")
    assert config.policy.max_hhi == 2
    assert config.source == str(root / "ci" / "llmdeps.yaml")


PYPROJECT = """\
[project]
name = "service"

[tool.ruff]
line-length = 100

[tool.llmdeps.workflows.api]
paths = ["api/**"]
owner = "web"
criticality = "high"

[tool.llmdeps.workflows.batch]
paths = ["jobs/**"]

[tool.llmdeps.policy]
max_vendor_share = 0.7
require_cross_vendor_fallback = ["high"]

[tool.llmdeps.scan]
max_file_size = "1MB"
"""


def test_pyproject_tool_table(make_repo: MakeRepo) -> None:
    config = load_config(make_repo({"pyproject.toml": PYPROJECT}))
    assert config.workflows == (
        WorkflowSpec("api", ("api/**",), "web", "high"),
        WorkflowSpec("batch", ("jobs/**",)),
    )
    assert config.policy.max_vendor_share == 0.7
    assert config.policy.require_cross_vendor_fallback == ("high",)
    assert config.max_file_bytes == 1024 * 1024
    assert config.source == "pyproject.toml"


def test_pyproject_without_tool_table_is_defaults(make_repo: MakeRepo) -> None:
    root = make_repo({"pyproject.toml": '[project]\nname = "x"\n'})
    assert load_config(root) == Config()


@pytest.mark.parametrize(
    ("old", "new", "line", "key"),
    [
        ("max_vendor_share = 0.7", "max_vendor_share = 7", 16, "policy.max_vendor_share"),
        ('criticality = "high"', 'criticality = "huge"', 10, "workflows.api.criticality"),
        ('owner = "web"', 'team = "web"', 9, "workflows.api.team"),
        ('max_file_size = "1MB"', 'max_file_size = "big"', 20, "scan.max_file_size"),
    ],
)
def test_pyproject_errors_are_located(
    make_repo: MakeRepo, old: str, new: str, line: int, key: str
) -> None:
    err = _error(make_repo({"pyproject.toml": PYPROJECT.replace(old, new)}))
    assert (err.path, err.line, err.key) == ("pyproject.toml", line, key)


def test_pyproject_inline_table_error_is_located(make_repo: MakeRepo) -> None:
    text = '[project]\nname = "x"\n\n[tool.llmdeps]\npolicy = {max_hhi = 20000}\n'
    err = _error(make_repo({"pyproject.toml": text}))
    assert (err.line, err.key) == (5, "policy.max_hhi")


def test_broken_toml_has_its_line(make_repo: MakeRepo) -> None:
    text = "[tool.llmdeps.policy]\nmax_hhi = 10\nmax_vendor_share = = 2\n"
    err = _error(make_repo({"pyproject.toml": text}))
    assert err.line == 3 and "invalid TOML" in str(err)


def test_explicit_toml_needs_the_table(make_repo: MakeRepo) -> None:
    root = make_repo({"other.toml": '[project]\nname = "x"\n'})
    err = _error(root, root / "other.toml")
    assert "[tool.llmdeps]" in str(err)


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("2MB", 2 * 1024**2),
        ("512k", 512 * 1024),
        ("1048576", 1048576),
        ("1.5 kb", 1536),
        ("3G", 3 * 1024**3),
    ],
)
def test_parse_size(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["lots", "", "-1MB", "0", "inf", "2TB"])
def test_parse_size_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_size(text)


def test_invalid_glob_is_located(make_repo: MakeRepo) -> None:
    err = _error(make_repo({".llmdeps.yaml": "scan:\n  exclude: ['legacy/**', '!']\n"}))
    assert (err.line, err.key) == (2, "scan.exclude") and "invalid glob" in str(err)
    err = _error(make_repo({".llmdeps.yaml": "workflows:\n  a:\n    paths: ['!']\n"}))
    assert (err.line, err.key) == (3, "workflows.a.paths")
