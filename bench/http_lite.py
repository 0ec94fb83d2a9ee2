"""A lean HTTP/1.1 client for the server benchmark's simulated devices.

Owns ``Connection``: one keep-alive connection to a ``chasqui-server serve`` on asyncio
streams; ``post`` writes a request in one piece and reads the answer by its
``Content-Length`` (the server's answers always carry it), decoding zstd. The load
generator shares the server's two cores: through ``httpx`` a /v1/sync round cost it
about 5-6 ms of CPU, as much as the server's own work, so a 200-device burst measured
the generator as much as the server. Not a general client: no chunked bodies, no
redirects, no TLS. A device closes its connection before pausing (the server ends an
idle one after 75 s) and opens one again for its next round.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass

import zstandard


@dataclass
class Answer:
    status: int
    body: bytes  # decoded (identity)
    wire: int  # bytes of the body as received


class Connection:
    def __init__(self, host: str, port: int, headers: dict[str, str]) -> None:
        self.host, self.port = host, port
        fixed = {"Host": f"{host}:{port}", **headers}
        self.head = "".join(f"{k}: {v}\r\n" for k, v in fixed.items())
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.unzstd = zstandard.ZstdDecompressor()

    async def post(self, path: str, body: bytes) -> Answer:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        request = f"POST {path} HTTP/1.1\r\n{self.head}Content-Length: {len(body)}\r\n\r\n"
        self.writer.write(request.encode("ascii") + body)
        line = await self.reader.readline()
        if not line:  # the server closed the connection (its keep-alive ran out)
            await self.close()
            raise ConnectionResetError("the server closed the connection")
        status = int(line.split()[1])
        length, encoding = 0, ""
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "content-encoding":
                encoding = value.strip().lower()
        raw = await self.reader.readexactly(length)
        decoded = self.unzstd.decompress(raw) if encoding == "zstd" else raw
        return Answer(status, decoded, len(raw))

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
            self.writer = None
