"""The model catalog: vendor, lineage, licence, pin status and alternatives, from YAML data."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from llmdeps.catalog import lookup
from llmdeps.catalog.alternatives import alternatives as ranked_alternatives
from llmdeps.model import Alternative, ModelIdentity, Runtime, Vendor


class Catalog:
    """Facts about model ids, read once from `llmdeps/catalog/*.yaml`."""

    def __init__(self, data: lookup.Data) -> None:
        self._data = data

    @classmethod
    def load(cls) -> Catalog:
        """The packaged catalog (cached)."""
        return _packaged()

    @property
    def reviewed(self) -> str:
        """The date the catalog was last checked against its sources (`2026-12-03`)."""
        return self._data.reviewed

    def identify(
        self, model: str, runtime: Runtime = Runtime.UNKNOWN, revision: str | None = None
    ) -> ModelIdentity:
        """Identity of one id as written in code or config (REFERENCE.md 5.3, 6, 7)."""
        return _identify(self._data, model, runtime, revision)

    def vendor_for_organization(self, org: str) -> Vendor | None:
        """Vendor named by a GGUF organization, HF org or base-model repo org, if known."""
        vendor = self._data.orgs.get(lookup.norm(org))
        return Vendor(vendor) if vendor else None

    def alternatives(
        self,
        *,
        exclude_vendor: Vendor,
        task: str,
        parameters_b: float | None,
        limit: int = 3,
        runtime: Runtime | None = None,
    ) -> tuple[Alternative, ...]:
        """Models of other lineage vendors, same task and runtime: freest licence, then size."""
        return ranked_alternatives(
            self._data,
            exclude_vendor=exclude_vendor,
            task=task,
            parameters_b=parameters_b,
            limit=limit,
            runtime=runtime,
        )


@lru_cache(maxsize=1)
def license_labels() -> Mapping[str, str]:
    """Licence id (lower case) -> the label a report shows, read once from `licenses.yaml`."""
    return MappingProxyType(lookup.load_license_labels())


@lru_cache(maxsize=1)
def _packaged() -> Catalog:
    return Catalog(lookup.load_data())


@lru_cache(maxsize=8192)
def _identify(
    data: lookup.Data, model: str, runtime: Runtime, revision: str | None
) -> ModelIdentity:
    return lookup.identify(data, model, runtime, revision)
