"""Property-based requests generated from the OpenAPI description (schemathesis): valid and
invalid inputs to every operation; none makes the API answer with a server error, and every
client error has the one error shape. Examples are bounded and derandomized so CI stays quick
and repeatable."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

schemathesis = pytest.importorskip("schemathesis")
EXAMPLES = 20


@pytest.fixture(scope="module")
def api_schema(web_db):
    from marsad.web import create_app

    return schemathesis.openapi.from_asgi("/openapi.json", create_app(web_db))


def operations(schema):
    return [r.ok() for r in schema.get_all_operations()]


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_no_server_errors(api_schema, mode) -> None:
    ops = operations(api_schema)
    assert len(ops) >= 15
    seen = {"calls": 0}
    for op in ops:
        @given(case=op.as_strategy(generation_mode=schemathesis.GenerationMode(mode)))
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case) -> None:
            response = case.call()
            seen["calls"] += 1
            assert response.status_code < 500, (op.label, case.path_parameters, case.query, response.status_code, response.text[:300])
            if response.status_code >= 400:
                err = response.json()["error"]
                assert err["status"] == response.status_code and err["code"] and err["message"]

        try:
            check()
        except Unsatisfiable:  # an operation without parameters has no invalid input to make
            assert mode == "negative"
    assert seen["calls"] >= len(ops)
