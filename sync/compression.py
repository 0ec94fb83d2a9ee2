"""Body encodings of the sync protocol: zstd with the protocol's dictionary (preferred),
zstd, gzip and identity, with caps.

Owns turning a JSON document into wire bytes and back, and ``DICTIONARY``: the frozen
zstd dictionary of the ``x-chasqui-zd1`` coding — sample bodies of protocol 2 (the
field names, an empty exchange, a note), so that a small body (nothing to sync, one
note) is mostly references into it. It is a constant: changing it needs a new coding
name, since both sides must hold the same bytes. Decoding never expands more than
``max_decompressed`` bytes: both decompressors are driven in bounded steps, so a
decompression bomb is refused after reading at most the cap, never expanded in memory.
Used by the client transport and by the server alike (no FastAPI here).
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zlib
from collections.abc import Iterator
from typing import IO, Any

import zstandard

ZSTD_DICT = "x-chasqui-zd1"  # zstd with DICTIONARY (raw content), protocol 2
ZSTD = "zstd"
GZIP = "gzip"
IDENTITY = "identity"
ENCODINGS: tuple[str, ...] = (ZSTD_DICT, ZSTD, GZIP, IDENTITY)
# Frozen sample content (the end is what small bodies refer to most). Never edit it:
# a new dictionary is a new coding name.
DICTIONARY = (
    b'{"error":{"code":"update_required","message":""},"epoch":"","server_time":1}'
    b'["display_name","name","office_id","role"]'
    b'["birth_date","created_by","doc_number","doc_type","given_names","interpreter_needed",'
    b'"maternal_surname","mother_tongue","office_id","paternal_surname","phone","sex","ubigeo"]'
    b'["answers","defender_id","form_id","form_version","matter","office_id","person_id",'
    b'"recorded_at","service_type","status"]'
    b'["defender_id","intake_id","internal_number","matter","office_id","opened_at",'
    b'"person_id","status","summary"]["case_id","person_id","role"]'
    b'"entities":["user","person","intake","case","case_party","note","hearing"],'
    b'{"change_id":"","entity":"","entity_id":"","op":"upsert","fields":{},"base":{},'
    b'"hlc":"","device_id":"","seq":1,"user_id":null,"extra":{}}'
    b'{"push":{"epoch":"","server_time":1796000000000,"accepted":[[1,1]],"items":'
    b'[{"change_id":"","status":"rejected","code":"","reason":""}]},'
    b'"pull":{"changes":{},"next_cursor":1,"more":false,"epoch":"","server_time":1796000000000,'
    b'"forms":[],"catalogs":[]},"epoch":"","server_time":1796000000000}'
    b'{"device_id":"","protocol_version":2,"client_version":"0.1.0",'
    b'"form_versions":{"ficha_atencion":1,"cierre_caso":1},"catalog_versions":{},'
    b'"changes":{"nodes":[""],"users":["01"],"entities":["note"],'
    b'"shapes":[["author_id","case_id","created_at","text"]],"rows":[[0,"01",1,1796000000000,0,0,0]],'
    b'"columns":[[["01"],["01"],["2026-11-30T00:00:00-05:00"],["Se "]]]},'
    b'"cursor":1,"limit":500,"max_bytes":1536000}'
)

MAX_BODY_BYTES = 4 * 1024 * 1024  # compressed size accepted on the wire
MAX_DECOMPRESSED_BYTES = 16 * 1024 * 1024  # size of the JSON text after decompression
# Level 12: lean change blocks (sync.protocol.lean) come out about 9 % smaller than at
# 6 for about 45 ms per MB of JSON on this machine (19 saves 8 % more but takes 40 times
# as long); bodies are bounded by the link's page size.
ZSTD_LEVEL = 12
# A busy server answers at this level instead (``level=`` of ``compress``/``encode``):
# on a 15 KB pull page, level 12 took ~2-6 ms of CPU, level 3 ~0.2 ms for ~12 % more
# bytes; 200 laptops syncing at once need the server's CPU more than those bytes.
ZSTD_FAST_LEVEL = 3
# A pipelined push body is compressed while the body before it is on the link, so its
# time is off the link's path: level 16 (a 2,000-change block of the bench's office:
# 78.2 -> 74.0 KB, 34 -> 207 ms of CPU; 19: 71.8 KB, 836 ms).
ZSTD_UPLOAD_LEVEL = 16
# A streamed upload (``/v1/push-stream``: one context, flushed every 500 changes) is
# compressed ahead of the link too; the bench's 9,000 changes: level 12 337.6 KB in
# 0.11 s of CPU, 13 334.8 KB in 0.19 s, 14 325.4 KB in 0.29 s, 15 321.0 KB in 0.41 s,
# 16 316.2 KB in 0.76 s (2,000-change pushes at 16, each its own context: 329.7 KB in
# 0.65 s). 14: the client's CPU for a first upload is a target too (<= 3 s on a machine
# about three times slower than the one measured).
ZSTD_STREAM_LEVEL = 14
# The largest window a frame may declare (the decoder allocates it up front): the levels
# we compress at (3-16, and 19) use at most 2^22; zstd's default limit, 2^27, let a 38 KB
# body of 4 lines hold ~121 MB of the server's memory per stream.
MAX_WINDOW = 1 << 23
_STEP = 64 * 1024
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


class BodyError(ValueError):
    """A body that cannot be decoded. ``code`` is a protocol error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def dumps(doc: Any) -> bytes:
    """Compact UTF-8 JSON text of a document."""
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


_ZDICT: list[zstandard.ZstdCompressionDict] = []


def _zdict() -> zstandard.ZstdCompressionDict:
    if not _ZDICT:
        _ZDICT.append(
            zstandard.ZstdCompressionDict(DICTIONARY, dict_type=zstandard.DICT_TYPE_RAWCONTENT)
        )
    return _ZDICT[0]


# Above this size a body is compressed without the dictionary (still decodable with it):
# the dictionary helps small bodies and costs big ones (a 1,800-change block: 73 KB
# plain, 94 KB with it).
DICT_MAX_BYTES = 64 * 1024


def compress(raw: bytes, encoding: str, level: int = ZSTD_LEVEL) -> bytes:
    """``raw`` in ``encoding``; ``level``: zstd's (decoders need nothing else)."""
    if encoding == ZSTD_DICT and len(raw) <= DICT_MAX_BYTES:
        return zstandard.ZstdCompressor(level=level, dict_data=_zdict()).compress(raw)
    if encoding in (ZSTD, ZSTD_DICT):
        return zstandard.ZstdCompressor(level=level).compress(raw)
    if encoding == GZIP:
        return gzip.compress(raw, compresslevel=6, mtime=0)
    if encoding == IDENTITY:
        return raw
    raise BodyError("unsupported_encoding", f"unsupported content encoding {encoding!r}")


def encode(
    doc: Any, encoding: str = ZSTD, level: int = ZSTD_LEVEL
) -> tuple[bytes, dict[str, str]]:
    """Wire bytes and headers (Content-Type, Content-Encoding) for a JSON document."""
    body = compress(dumps(doc), encoding, level)
    headers = {"Content-Type": "application/json"}
    if encoding != IDENTITY:
        headers["Content-Encoding"] = encoding
    return body, headers


def normalize_encoding(header: str | None) -> str:
    """The single content coding named by a Content-Encoding header ('' means identity)."""
    value = (header or "").strip().lower()
    if value in ("", IDENTITY):
        return IDENTITY
    if value in (ZSTD_DICT, ZSTD, GZIP, "x-gzip"):
        return GZIP if value == "x-gzip" else value
    raise BodyError("unsupported_encoding", f"unsupported content encoding {value[:40]!r}")


def choose_encoding(accept_encoding: str | None, among: tuple[str, ...] = ENCODINGS) -> str:
    """Best response coding of ``among`` (in its order of preference: zstd with the
    dictionary, zstd, gzip) that an Accept-Encoding header offers (``q=0`` refuses),
    else identity. The one parser of that header (the server's answers and its streamed
    snapshot, which is plain zstd)."""
    offered: set[str] = set()
    for part in (accept_encoding or "").split(","):
        name, _, params = part.strip().lower().partition(";")
        if params.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            continue
        name = name.strip()
        offered.add(GZIP if name == "x-gzip" else name)
    return next((coding for coding in among if coding in offered), IDENTITY)


def _decompressor(zdict: zstandard.ZstdCompressionDict | None = None) -> zstandard.ZstdDecompressor:
    """The one zstd decoder of what we are sent: at most ``MAX_WINDOW`` of window."""
    return zstandard.ZstdDecompressor(dict_data=zdict, max_window_size=MAX_WINDOW)


def _too_large(limit: int) -> BodyError:
    return BodyError("too_large", f"decompressed body exceeds {limit} bytes")


TRUNCATED = "truncated"  # ``BodyError.code`` of a stream of lines ending inside one


def lines(
    raw: IO[bytes], max_line: int = MAX_DECOMPRESSED_BYTES, max_total: int | None = None
) -> Iterator[bytes]:
    """Each line of the zstd frame read from ``raw``, as soon as it is whole: the one
    reader of a stream of JSON lines (a streamed snapshot on the client, a streamed
    push on the server). Decompressed in ``_STEP`` pieces, so a line is refused once it
    passes ``max_line``, and the whole text once it passes ``max_total``, never
    expanding further (``BodyError`` ``too_large``); each piece is searched for the end
    of its line once (a long line costs its length, not its length squared); not zstd:
    ``bad_request``; the text ending inside a line: ``TRUNCATED``."""
    reader = _decompressor().stream_reader(raw)
    pending = bytearray()
    searched = total = 0  # bytes of ``pending`` holding no newline; decompressed so far
    try:
        while True:
            data = reader.read1(_STEP)
            if not data:
                break
            total += len(data)
            if max_total is not None and total > max_total:
                raise BodyError("too_large", f"the stream is longer than {max_total} bytes")
            pending += data
            while (end := pending.find(b"\n", searched)) >= 0:
                line = bytes(pending[:end])
                del pending[: end + 1]
                searched = 0
                yield line
            searched = len(pending)
            if len(pending) > max_line:
                raise BodyError("too_large", f"a line is longer than {max_line} bytes")
    except zstandard.ZstdError:
        raise BodyError("bad_request", "the stream is not valid zstd") from None
    if pending.strip():
        raise BodyError(TRUNCATED, "the stream ended inside a line")


def decompress(data: bytes, encoding: str, max_decompressed: int = MAX_DECOMPRESSED_BYTES) -> bytes:
    """Decompress with a hard cap on the output size (raises ``BodyError``)."""
    if encoding == IDENTITY:
        if len(data) > max_decompressed:
            raise _too_large(max_decompressed)
        return data
    if encoding in (ZSTD, ZSTD_DICT):
        try:
            zdict = _zdict() if encoding == ZSTD_DICT else None
            reader = _decompressor(zdict).stream_reader(io.BytesIO(data))
            out = bytearray()
            while True:
                chunk = reader.read(min(_STEP, max_decompressed + 1 - len(out)))
                if not chunk:
                    break
                out += chunk
                if len(out) > max_decompressed:
                    raise _too_large(max_decompressed)
            return bytes(out)
        except zstandard.ZstdError as exc:
            raise BodyError("bad_request", "body is not valid zstd data") from exc
    if encoding == GZIP:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = bytearray()
        pending = data
        try:
            while pending:
                out += inflater.decompress(pending, max_decompressed + 1 - len(out))
                if len(out) > max_decompressed:
                    raise _too_large(max_decompressed)
                pending = inflater.unconsumed_tail
                if inflater.eof:
                    break
                if not pending:
                    out += inflater.flush()
            if not inflater.eof:
                raise BodyError("bad_request", "gzip body is truncated")
        except zlib.error as exc:
            raise BodyError("bad_request", "body is not valid gzip data") from exc
        if len(out) > max_decompressed:
            raise _too_large(max_decompressed)
        return bytes(out)
    raise BodyError("unsupported_encoding", f"unsupported content encoding {encoding!r}")


def unwrap(
    data: bytes,
    content_encoding: str | None,
    max_body: int = MAX_BODY_BYTES,
    max_decompressed: int = MAX_DECOMPRESSED_BYTES,
) -> bytes:
    """The JSON text of a wire body, enforcing both caps (raises ``BodyError``)."""
    if len(data) > max_body:
        raise BodyError("too_large", f"body exceeds {max_body} bytes")
    return decompress(data, normalize_encoding(content_encoding), max_decompressed)


def decode(
    data: bytes,
    content_encoding: str | None,
    max_body: int = MAX_BODY_BYTES,
    max_decompressed: int = MAX_DECOMPRESSED_BYTES,
) -> Any:
    """Parse a wire body into a JSON document, enforcing both caps and refusing JSON
    nested deeper than the interpreter can walk (``BodyError``, never RecursionError)."""
    raw = unwrap(data, content_encoding, max_body, max_decompressed)
    try:
        doc = json.loads(raw.decode("utf-8"))
        if _SURROGATE_ESCAPE.search(raw):  # "\ud800" alone is valid JSON, not storable text
            dumps(doc).decode("utf-8")
        return doc
    except (UnicodeDecodeError, UnicodeEncodeError, ValueError) as exc:
        raise BodyError("bad_request", "body is not valid UTF-8 JSON") from exc
    except RecursionError:
        raise BodyError("bad_request", "body JSON is nested too deeply") from None
