import pytest

from ces_nlp.errors import TaxonomyError
from ces_nlp.taxonomy import load_taxonomy, parse_taxonomy


def test_default_taxonomy_has_the_four_guideline_drivers(taxonomy):
    assert taxonomy.ids == ["repeating_problem", "channel_switching", "transfers", "repeat_contacts"]
    assert taxonomy.version
    for d in taxonomy.drivers:
        assert d.description and set(d.cues) == {"en", "de", "nl", "et"}


def test_fingerprint_changes_with_definition(taxonomy):
    data = taxonomy.to_dict()
    data["drivers"][0]["description"] += " changed"
    assert parse_taxonomy(data).fingerprint != taxonomy.fingerprint
    assert parse_taxonomy(taxonomy.to_dict()).fingerprint == taxonomy.fingerprint


@pytest.mark.parametrize("data,match", [
    ({"id": "x", "version": "1"}, "missing key 'drivers'"),
    ({"id": "x", "version": "1", "drivers": []}, "non-empty"),
    ({"id": "x", "version": "1", "drivers": [{"id": "Bad Id"}]}, "must match"),
    ({"id": "x", "version": "1", "drivers": [{"id": "a"}, {"id": "a"}]}, "twice"),
    ({"id": "x", "version": "1", "drivers": [{"id": "a", "cues": {"en": "not a list"}}]}, "list"),
])
def test_invalid_taxonomies_are_refused_with_a_reason(data, match):
    with pytest.raises(TaxonomyError, match=match):
        parse_taxonomy(data)


def test_custom_taxonomy_file(tmp_path):
    p = tmp_path / "t.yaml"
    p.write_text("id: mine\nversion: '2'\ndrivers:\n  - id: long_wait\n    cues: {en: [on hold forever]}\n")
    t = load_taxonomy(p)
    assert t.ids == ["long_wait"] and t["long_wait"].cues["en"] == ("on hold forever",)
    with pytest.raises(TaxonomyError, match="not found"):
        load_taxonomy(tmp_path / "missing.yaml")
