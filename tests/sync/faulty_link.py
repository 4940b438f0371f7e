"""A loopback TCP relay between the sync client and the service that breaks on cue.

It reads each whole HTTP request (the client closes each connection after one), and
passes it on, unless a fault is queued for that path:

- ``lose_answer``: the service gets the request and answers; the client gets nothing.
- ``deliver_twice``: the service gets the request twice; the client the second answer.
- ``then``: a function run after the request reached the service and before its answer
  is read (a test kills the service there).

``passing`` lets that many requests for the path through before the fault.
"""

from __future__ import annotations

import socket
import threading
from collections import deque
from collections.abc import Callable


def _read_request(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def _exchange(port: int, request: bytes, then: Callable[[], None] | None = None) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=60) as upstream:
        upstream.sendall(request)
        if then:
            then()
        answer = b""
        try:
            while chunk := upstream.recv(65536):
                answer += chunk
        except OSError:
            pass
        return answer


class FaultyLink:
    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.faults: deque[list] = deque()
        self.seen: list[str] = []
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def queue(
        self, fault: str, path: str, then: Callable[[], None] | None = None, *, passing: int = 0
    ) -> None:
        self.faults.append([fault, path, then, passing])

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(client,), daemon=True).start()

    def _handle(self, client: socket.socket) -> None:
        with client:
            request = _read_request(client)
            if not request:
                return
            path = request.split(b" ", 2)[1].decode().split("?")[0]
            self.seen.append(path)
            fault = None
            if self.faults and self.faults[0][1] == path:
                if self.faults[0][3] > 0:
                    self.faults[0][3] -= 1
                else:
                    fault = self.faults.popleft()
            if fault and fault[0] == "deliver_twice":
                _exchange(self.target_port, request)
            answer = _exchange(self.target_port, request, fault[2] if fault else None)
            if fault and fault[0] == "lose_answer":
                return
            client.sendall(answer)

    def close(self) -> None:
        self._server.close()
