"""Schemathesis hooks for the contract test (SCHEMATHESIS_HOOKS=schemathesis_hooks): JSON Lines
answers are read as the array of their lines, which the OpenAPI document describes."""
from __future__ import annotations

import json

import schemathesis


@schemathesis.deserializer("application/x-ndjson")
def json_lines(ctx, response):
    return [json.loads(line) for line in response.content.decode("utf-8").splitlines() if line.strip()]
