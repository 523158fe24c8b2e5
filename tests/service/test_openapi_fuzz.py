"""Schemathesis against the OpenAPI schema of a running server: generated requests (valid and invalid)
never cause a server error and every answer matches the documented status codes and schemas."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (content_type_conformance, not_a_server_error, response_schema_conformance,
                                 status_code_conformance)

from service.app import create_app

from .conftest import API_KEY, demo_items, make_settings, running_server

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory, shipped_model):
    db = tmp_path_factory.mktemp("fuzz") / "ces.db"
    app = create_app(make_settings(f"sqlite:///{db}"), model=shipped_model)
    with running_server(app) as base:
        import httpx

        httpx.post(f"{base}/v1/responses", json={"responses": demo_items(60, seed=71)},
                   headers={"Authorization": f"Bearer {API_KEY}"}, timeout=60).raise_for_status()
        yield base


# the schema as the app documents it (building the app loads no model and opens no database)
schema = schemathesis.openapi.from_dict(create_app(make_settings("sqlite:///unused.db")).openapi())


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case, base_url):
    for headers in ({"Authorization": f"Bearer {API_KEY}"}, {}):
        response = case.call(base_url=base_url, headers=headers, timeout=30)
        case.validate_response(response, checks=CHECKS)
        assert API_KEY not in response.text
