"""The nginx in front of the server (the shipped ``installer/server/nginx-chasqui.conf``
and the blocks the guides show) passes a streamed upload on as it arrives, with bounds
taken from the code: buffered whole, a cut at 90 % stored nothing and the whole stream
went again; a body limit or a timeout below the server's own cut streams the server
would have taken (one definition: the numbers come from the constants, not from here)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sync import protocol
from sync.server import push_stream

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "installer" / "server" / "nginx-chasqui.conf"
GUIDES = [ROOT / "docs" / "server.md", ROOT / "docs" / "deploy" / "servidor.md"]
STREAM = f"location = {protocol.PUSH_STREAM_PATH}"
SIZES = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}
TIMES = {"": 1, "s": 1, "m": 60, "h": 3600}


def block(text: str, opening: str) -> dict[str, str] | None:
    """The directives (name -> value) of the last ``opening { ... }`` block in ``text``
    (the HTTPS server's: the plain one only redirects)."""
    found = re.findall(re.escape(opening) + r"\s*\{([^}]*)\}", text)
    if not found:
        return None
    lines = (re.sub(r"#.*", "", line).strip() for line in found[-1].split(";"))
    return dict(line.split(None, 1) for line in lines if line)


def amount(value: str, units: dict[str, int]) -> int:
    found = re.fullmatch(r"(\d+)([a-z]?)", value.lower())
    assert found is not None, f"not an nginx amount: {value}"
    number, unit = found.groups()
    return int(number) * units[unit]


def check_stream_location(text: str) -> None:
    got, plain = block(text, STREAM), block(text, "location /")
    assert got is not None, f"no `{STREAM} {{ ... }}`"
    assert plain is not None, "no `location / { ... }`"
    assert got.get("proxy_request_buffering") == "off"
    assert got.get("proxy_http_version") == "1.1"  # else a chunked body is buffered anyway
    assert got.get("proxy_pass") == plain.get("proxy_pass")
    most = amount(got["client_max_body_size"], SIZES)
    assert protocol.MAX_STREAM_BYTES < most <= protocol.MAX_STREAM_BYTES * 5 // 4
    assert amount(got["proxy_read_timeout"], TIMES) >= push_stream.TOTAL_S
    assert amount(got["client_body_timeout"], TIMES) >= push_stream.IDLE_S
    assert amount(got["proxy_send_timeout"], TIMES) >= push_stream.IDLE_S


def test_the_shipped_conf_streams_the_upload_within_the_codes_bounds() -> None:
    """Fails on the old conf (no such location: ``proxy_request_buffering on``)."""
    check_stream_location(CONF.read_text(encoding="utf-8"))


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_each_nginx_block_of_the_guides_streams_the_upload(guide: Path) -> None:
    """Every nginx block a guide shows with a ``location /`` also has the stream's
    location, within the same bounds. Fails on the old guides (none had it)."""
    fences = re.findall(r"```nginx\n(.*?)```", guide.read_text(encoding="utf-8"), re.S)
    shown = [text for text in fences if block(text, "location /") is not None]
    assert shown, f"{guide.name} shows no nginx server block"
    for text in shown:
        check_stream_location(text)


def test_the_check_catches_a_buffered_stream() -> None:
    text = CONF.read_text(encoding="utf-8")
    buffered = text.replace("proxy_request_buffering off", "proxy_request_buffering on")
    with pytest.raises(AssertionError):
        check_stream_location(buffered)
    short = re.sub(
        r"(location = /v1/push-stream \{[^}]*proxy_read_timeout )\d+s", r"\g<1>120s", text
    )
    with pytest.raises(AssertionError):
        check_stream_location(short)
