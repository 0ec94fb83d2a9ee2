"""Schemathesis against the OpenAPI description: generated requests never cause a 5xx.

Bounded (few examples per operation) so the run stays well under a minute. Requests are
sent with a valid device token so that generation reaches the body parsers, not only the
401 answer. (Driven through Hypothesis directly: schemathesis' pytest fixture loader
does not work with pytest 9 here.)
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error

from sync.protocol import STREAM_MEDIA
from tests.server.conftest import Server

# The streamed push's body (/v1/push-stream) is bytes: generated bodies go as they are,
# so that endpoint is fuzzed with garbage frames like any other (never a 5xx).
schemathesis.serializer.alias(STREAM_MEDIA, "application/octet-stream")

# CI: a fixed, small sample. CHASQUI_FUZZ_EXAMPLES=200 explores deeper with random data.
EXAMPLES = int(os.environ.get("CHASQUI_FUZZ_EXAMPLES", "10"))
DERANDOMIZE = "CHASQUI_FUZZ_EXAMPLES" not in os.environ


def test_no_server_errors(db_url: str) -> None:
    srv = Server(db_url)
    try:
        device = srv.enroll()
        auth = device.auth
        schema = schemathesis.openapi.from_asgi("/openapi.json", srv.app)
        tried = []
        for result in schema.get_all_operations():
            operation = result.ok()  # type: ignore[union-attr]
            tried.append(operation.label)

            @given(case=operation.as_strategy())
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                database=None,
                derandomize=DERANDOMIZE,
                phases=[Phase.explicit, Phase.generate],  # no shrinking: bounded time
            )
            def run(case: Any) -> None:
                _own(case.body, device.device_id)
                headers = {
                    k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"
                }
                headers.update(auth)
                case.call_and_validate(headers=headers, checks=[not_a_server_error])

            run()
        assert "POST /v1/sync" in tried and "PUT /v1/attachments/{sha256}" in tried
        assert "POST /v1/push-stream" in tried
    finally:
        srv.close()


def _own(body: Any, device_id: str) -> None:
    """Make generated batches claim the enrolled device, so pushes reach the merge."""
    if not isinstance(body, dict):
        return
    if "device_id" in body:
        body["device_id"] = device_id
    changes = body.get("changes")
    if isinstance(changes, list):
        for change in changes:
            if isinstance(change, dict) and "device_id" in change:
                change["device_id"] = device_id
