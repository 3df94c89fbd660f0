"""A stand-in for an external model server, for tests: it speaks /v1/chat/completions on 127.0.0.1.

A real OpenAI-compatible server (the organisation's own or a cloud's) cannot run in the test
environment, so this double answers with whatever the test sets, after an optional delay, and records
every request it gets, so a test can also assert that nothing was sent.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class FakeModelServer:
    url: str = ""
    content: str = ""  # the model's reply text, wrapped in a chat-completion JSON
    raw: bytes | None = None  # sent as is instead (malformed replies)
    status: int = 200
    delay: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)


def _handler(fake: FakeModelServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            fake.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
            time.sleep(fake.delay)
            if self.path != "/v1/chat/completions":
                self.send_error(404)
                return
            payload = fake.raw
            if payload is None:
                message = {"role": "assistant", "content": fake.content}
                payload = json.dumps({"choices": [{"index": 0, "message": message}]}).encode()
            try:
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                pass

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def fake_model_server() -> Iterator[FakeModelServer]:
    fake = FakeModelServer()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
