"""`ces-nlp keys`: a created key is accepted by the store, listed by name only, and can be revoked."""

from __future__ import annotations

from typer.testing import CliRunner

from ces_nlp.cli import app
from ces_nlp.store import make_engine
from ces_nlp.store.keys import active_hashes, key_matches


def test_keys_commands(tmp_path):
    url = f"sqlite:///{tmp_path / 'keys.db'}"
    run = CliRunner()
    added = run.invoke(app, ["keys", "add", "crm", "--database-url", url])
    assert added.exit_code == 0, added.output
    key = added.stdout.strip()
    engine = make_engine(url)
    assert key_matches(key, active_hashes(engine))
    listed = run.invoke(app, ["keys", "list", "--database-url", url])
    assert listed.exit_code == 0 and "crm" in listed.stdout and key not in listed.stdout
    again = run.invoke(app, ["keys", "add", "crm", "--database-url", url])
    assert again.exit_code == 2 and "already exists" in again.output
    assert run.invoke(app, ["keys", "revoke", "crm", "--database-url", url]).exit_code == 0
    assert not key_matches(key, active_hashes(engine))
    assert run.invoke(app, ["keys", "revoke", "crm", "--database-url", url]).exit_code == 2
