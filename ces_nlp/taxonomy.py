"""Effort-driver taxonomies: a versioned YAML file is the only list of drivers.

A taxonomy file looks like ``ces_nlp/resources/taxonomy.yaml``::

    id: my-drivers
    version: "1.1.0"
    drivers:
      - id: long_wait
        name: Long wait
        description: ...
        cues: {en: [on hold for ages], de: [ewig in der Warteschleife]}

Driver ids are lower-case identifiers; they become column names
(``score_<id>``) and label columns in labelled data.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from .errors import TaxonomyError

DRIVER_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
DEFAULT_TAXONOMY = "resources/taxonomy.yaml"


@dataclass(frozen=True)
class Driver:
    id: str
    name: str
    description: str
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Taxonomy:
    id: str
    version: str
    drivers: tuple[Driver, ...]
    source: str = "<memory>"

    @property
    def ids(self) -> list[str]:
        return [d.id for d in self.drivers]

    def __getitem__(self, driver_id: str) -> Driver:
        for d in self.drivers:
            if d.id == driver_id:
                return d
        raise KeyError(driver_id)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "version": self.version,
            "drivers": [
                {"id": d.id, "name": d.name, "description": d.description,
                 "cues": {lang: list(c) for lang, c in d.cues.items()}}
                for d in self.drivers
            ],
        }

    @property
    def fingerprint(self) -> str:
        """sha256 of the canonical JSON form: changes whenever any definition changes."""
        canon = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canon.encode("utf-8")).hexdigest()

    def ref(self) -> dict:
        return {"id": self.id, "version": self.version, "drivers": self.ids, "sha256": self.fingerprint}


def parse_taxonomy(data: object, source: str = "<memory>") -> Taxonomy:
    """Validate a taxonomy given as parsed YAML/JSON."""
    def fail(msg: str) -> TaxonomyError:
        return TaxonomyError(f"{source}: {msg}")

    if not isinstance(data, dict):
        raise fail("expected a mapping with keys id, version, drivers")
    for key in ("id", "version", "drivers"):
        if key not in data:
            raise fail(f"missing key '{key}'")
    drivers_raw = data["drivers"]
    if not isinstance(drivers_raw, list) or not drivers_raw:
        raise fail("'drivers' must be a non-empty list")
    drivers: list[Driver] = []
    seen: set[str] = set()
    for i, raw in enumerate(drivers_raw, start=1):
        if not isinstance(raw, dict) or "id" not in raw:
            raise fail(f"driver #{i} must be a mapping with at least an 'id'")
        did = str(raw["id"])
        if not DRIVER_ID.match(did):
            raise fail(f"driver id '{did}' must match {DRIVER_ID.pattern} (lower case, digits, underscores)")
        if did in seen:
            raise fail(f"driver id '{did}' appears twice")
        seen.add(did)
        cues_raw = raw.get("cues") or {}
        if not isinstance(cues_raw, dict):
            raise fail(f"driver '{did}': 'cues' must map a language code to a list of phrases")
        cues = {}
        for lang, phrases in cues_raw.items():
            if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
                raise fail(f"driver '{did}': cues for '{lang}' must be a list of non-empty strings")
            cues[str(lang)] = tuple(p.strip() for p in phrases)
        drivers.append(Driver(id=did, name=str(raw.get("name", did)),
                              description=str(raw.get("description", "")).strip(), cues=cues))
    return Taxonomy(id=str(data["id"]), version=str(data["version"]), drivers=tuple(drivers), source=source)


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Load a taxonomy file; ``None`` gives the default taxonomy shipped with the package."""
    if path is None:
        return _default_taxonomy()
    p = Path(path)
    if not p.is_file():
        raise TaxonomyError(f"taxonomy file not found: {p}")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise TaxonomyError(f"{p}: not valid YAML ({exc})") from exc
    return parse_taxonomy(data, source=str(p))


@cache
def _default_taxonomy() -> Taxonomy:
    text = resources.files("ces_nlp").joinpath(DEFAULT_TAXONOMY).read_text(encoding="utf-8")
    return parse_taxonomy(yaml.safe_load(text), source="ces_nlp:" + DEFAULT_TAXONOMY)
