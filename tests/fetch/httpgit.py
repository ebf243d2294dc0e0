"""A git HTTP server on 127.0.0.1 for tests: smart (`git http-backend`) or dumb (static files).

Smart mode can demand Basic auth, so a credentialed URL is exercised end to end exactly as
with GitHub (a 401, then the credentials from the URL), without any network. It can also refuse
to send given objects: an upload-pack request that wants one of `refuse` gets an HTTP 500, the
way a hosting server fails on one object it cannot pack.
"""

from __future__ import annotations

import base64
import gzip
import os
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


class GitHTTPServer:
    def __init__(
        self,
        root: Path,
        *,
        user: str | None = None,
        password: str | None = None,
        dumb: bool = False,
        refuse: set[str] | frozenset[str] = frozenset(),
    ):
        self.root = Path(root)
        self.dumb = dumb
        self.refuse = set(refuse)
        self.refused: list[str] = []  # the refused oids, one per refused request
        self.expected = (
            "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode() if user else None
        )
        self.requests: list[tuple[str, str, bool]] = []  # method, path, authorized
        self.httpd: ThreadingHTTPServer | None = None

    def url(self, name: str) -> str:
        assert self.httpd is not None
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{name}"

    def __enter__(self) -> GitHTTPServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                self.handle_git("GET")

            def do_POST(self) -> None:
                self.handle_git("POST")

            def handle_git(self, method: str) -> None:
                auth = self.headers.get("Authorization")
                ok = server.expected is None or auth == server.expected
                server.requests.append((method, self.path, auth is not None))
                if not ok:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="git"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if server.dumb:
                    self.static()
                else:
                    self.backend(method)

            def static(self) -> None:
                rel = urlsplit(self.path).path.lstrip("/")
                path = (server.root / rel).resolve()
                if server.root.resolve() not in path.parents or not path.is_file():
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                data = path.read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def body(self) -> bytes:
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    data = b""
                    while True:
                        size = int(self.rfile.readline().strip(), 16)
                        if size == 0:
                            self.rfile.readline()
                            return data
                        data += self.rfile.read(size)
                        self.rfile.readline()
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def refused(self, body: bytes) -> str | None:
                """The first refused oid this upload-pack request wants, if any."""
                if self.headers.get("Content-Encoding", "").lower() == "gzip":
                    body = gzip.decompress(body)
                return next((o for o in server.refuse if f"want {o}".encode() in body), None)

            def backend(self, method: str) -> None:
                parts = urlsplit(self.path)
                body = self.body() if method == "POST" else b""
                oid = self.refused(body) if parts.path.endswith("/git-upload-pack") else None
                if oid is not None:
                    server.refused.append(oid)
                    self.send_response(500)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                env = {
                    "PATH": os.environ["PATH"],
                    "GIT_PROJECT_ROOT": str(server.root),
                    "GIT_HTTP_EXPORT_ALL": "1",
                    "REQUEST_METHOD": method,
                    "PATH_INFO": parts.path,
                    "QUERY_STRING": parts.query,
                    "CONTENT_TYPE": self.headers.get("Content-Type", ""),
                    "REMOTE_ADDR": "127.0.0.1",
                    "REMOTE_USER": "student",
                    "GIT_CONFIG_NOSYSTEM": "1",
                    "HOME": str(server.root),
                }
                if self.headers.get("Content-Encoding"):
                    env["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
                if self.headers.get("Git-Protocol"):
                    env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
                out = subprocess.run(
                    ["git", "http-backend"],
                    input=body,
                    env=env,
                    capture_output=True,
                    check=False,
                ).stdout
                head, _, payload = out.partition(b"\r\n\r\n")
                status = 200
                headers = []
                for line in head.decode().split("\r\n"):
                    name, _, value = line.partition(":")
                    if name.lower() == "status":
                        status = int(value.strip().split()[0])
                    elif name:
                        headers.append((name, value.strip()))
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.httpd is not None
        self.httpd.shutdown()
        self.httpd.server_close()
