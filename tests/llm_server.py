"""A real OpenAI-compatible HTTP server on 127.0.0.1 for the tests, with failures on demand.

It speaks `POST /v1/chat/completions` (plain JSON, or SSE when `stream` is set, HTTP/1.1 chunked),
`POST /v1/audio/transcriptions` (multipart upload; answers with `transcription(fields)`, verbose_json by default)
and `GET /v1/models`. Structured output: `response_format` of type `json_schema` and `json_object` (with or without
a `schema`, as llama.cpp accepts it); `refuse` lists the types it answers with HTTP 500, like llama.cpp's server
does for `json_schema`. Each request takes the next behaviour from `script` ("ok" when it is empty):

  ok · slow (waits `slow_seconds`) · 429 (Retry-After: `retry_after`) · 500 · broken (the connection drops
  mid-stream, mid-body) · truncated (a stream that stops cleanly before the model finished) · invalid-json ·
  schema-violation · empty

Replies come from `reply(body)` (text) and `json_reply(body)` (structured), both replaceable per test.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from typing import Any

Body = dict[str, Any]
JUDGEMENT = {"star": {"situation": [], "task": [], "action": [], "result": []}, "key_points_covered": [],
             "red_flags": [], "overall": 3, "reasons": ["a fair answer"]}


def default_reply() -> Callable[[Body], str]:
    n = count(1)
    return lambda body: f"Line {next(n)} from the server: what did you do next?"


def default_transcription(fields: Body) -> Body:
    """verbose_json with word timings, as OpenAI's whisper-1 answers, including two filled pauses."""
    words = ["so", "um", "I", "added", "a", "contract", "test", "and", "uh", "the", "failures", "stopped"]
    timed = [{"word": w, "start": round(0.4 * i, 2), "end": round(0.4 * i + 0.3, 2)} for i, w in enumerate(words)]
    return {"task": "transcribe", "language": "english", "duration": 6.0, "text": " ".join(words), "words": timed}


class FakeOpenAIServer:
    def __init__(self, models: tuple[str, ...] = ("tiny",)) -> None:
        self.models = list(models)
        self.requests: list[Body] = []
        self.script: list[str] = []
        self.refuse: set[str] = set()
        self.slow_seconds = 2.0
        self.retry_after = "0"
        self.reply: Callable[[Body], str] = default_reply()
        self.json_reply: Callable[[Body], str] = lambda body: json.dumps(JUDGEMENT)
        self.transcription: Callable[[Body], Body] = default_transcription
        self._lock = threading.Lock()
        server = self

        class Handler(_Handler):
            owner = server

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def start(self) -> FakeOpenAIServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def next_behaviour(self, body: Body) -> str:
        with self._lock:
            self.requests.append(body)
            return self.script.pop(0) if self.script else "ok"


class _Handler(BaseHTTPRequestHandler):
    owner: FakeOpenAIServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/v1/models":
            data = [{"id": m, "object": "model", "created": 0, "owned_by": "test"} for m in self.owner.models]
            return self._json(200, {"object": "list", "data": data})
        return self._json(404, {"error": {"message": f"no route {self.path}"}})

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path == "/v1/audio/transcriptions":
            return self._transcription(raw)
        body = json.loads(raw or b"{}")
        if self.path != "/v1/chat/completions":
            return self._json(404, {"error": {"message": f"no route {self.path}"}})
        behaviour = self.owner.next_behaviour(body)
        if body.get("model") not in self.owner.models:
            return self._json(404, {"error": {"message": f"model {body.get('model')!r} not found"}})
        fmt = (body.get("response_format") or {}).get("type")
        if fmt in self.owner.refuse:
            return self._json(500, {"error": {"message": f"response_format {fmt} is not supported"}})
        if behaviour == "slow":
            time.sleep(self.owner.slow_seconds)
        if behaviour == "429":
            return self._json(429, {"error": {"message": "rate limited", "type": "rate_limit"}},
                              {"Retry-After": self.owner.retry_after})
        if behaviour == "500":
            return self._json(500, {"error": {"message": "model crashed", "type": "server_error"}})
        text = self._text(body, fmt, behaviour)
        if body.get("stream"):
            return self._stream(text, behaviour)
        if behaviour == "broken":
            return self._drop(b'{"id": "c1", "choices": [')
        return self._json(200, _completion(text))

    def _transcription(self, raw: bytes) -> None:
        """Multipart form: the text fields are recorded (with the uploaded file's size under "file_bytes")."""
        fields: Body = {"file_bytes": 0}
        for part in raw.split(b"--" + str(self.headers.get_boundary()).encode()):
            head, _, value = part.partition(b"\r\n\r\n")
            name = re.search(rb'name="([^"]+)"', head)
            if not name:
                continue
            value = value.removesuffix(b"\r\n")
            if b"filename=" in head:
                fields["file_bytes"] = len(value)
            else:
                fields.setdefault(name.group(1).decode(), []).append(value.decode())
        behaviour = self.owner.next_behaviour({"transcription": fields})
        if behaviour == "500":
            return self._json(500, {"error": {"message": "transcriber crashed", "type": "server_error"}})
        if behaviour == "slow":
            time.sleep(self.owner.slow_seconds)
        return self._json(200, self.owner.transcription(fields))

    def _text(self, body: Body, fmt: str | None, behaviour: str) -> str:
        if behaviour == "empty":
            return ""
        if fmt or "JSON schema" in body["messages"][0]["content"]:
            if behaviour == "invalid-json":
                return '{"overall": 3, "reasons": ["unterminated'
            if behaviour == "schema-violation":
                return '{"overall": 9, "star": "all of them"}'
            return self.owner.json_reply(body)
        return self.owner.reply(body)

    def _json(self, status: int, payload: Body, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        try:
            self.send_response(status)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client gave up (a timeout test)
            self.close_connection = True

    def _stream(self, text: str, behaviour: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        words = text.split(" ")
        try:
            for i, word in enumerate(words):
                if behaviour in ("broken", "truncated") and i == max(1, len(words) // 2):
                    if behaviour == "broken":
                        return self._drop(b"400\r\ndata: {\"id\"")
                    self._chunk(b"")  # a clean end of the body, but no finish_reason and no [DONE]
                    return
                self._event({"delta": {"content": word if i == 0 else " " + word}, "finish_reason": None})
            self._event({"delta": {}, "finish_reason": "stop"})
            self._chunk(b"data: [DONE]\n\n")
            self._chunk(b"")
        except OSError:
            self.close_connection = True

    def _event(self, choice: Body) -> None:
        chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": "m",
                 "choices": [{"index": 0, **choice}]}
        self._chunk(f"data: {json.dumps(chunk)}\n\n".encode())

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _drop(self, partial: bytes) -> None:
        """Send a little, then cut the connection."""
        try:
            if not partial.startswith(b"400"):
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "1000")
                self.end_headers()
            self.wfile.write(partial)
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.close_connection = True


def _completion(text: str) -> Body:
    return {
        "id": "c1", "object": "chat.completion", "created": 0, "model": "m",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }
