#!/usr/bin/env python3
"""A tiny stand-in for the GitHub REST API's issue comments, for
scripts/test-action-comment.sh: lists, creates and updates comments in memory,
and logs each request (method, path, whether the expected token arrived) to
the log file. With --fail, every request is answered with HTTP 500.

usage: mock-github-api.py PORT_FILE LOG_FILE EXPECTED_TOKEN [--fail]
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlparse

port_file, log_file, token = sys.argv[1], sys.argv[2], sys.argv[3]
fail = "--fail" in sys.argv[4:]
comments = []  # {"id", "issue", "body"}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def record(self):
        auth = self.headers.get("Authorization", "")
        ok = "auth-ok" if auth == f"Bearer {token}" else "auth-missing"
        with open(log_file, "a") as log:
            log.write(f"{self.command} {self.path} {ok}\n")
        return ok == "auth-ok"

    def reply(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        length = int(self.headers.get("Content-Length", "0"))
        return json.loads(self.rfile.read(length) or b"{}")

    def handle_any(self):
        if not self.record():
            return self.reply(401, {"message": "Bad credentials"})
        if fail:
            return self.reply(500, {"message": "Server Error"})
        parts = urlparse(self.path).path.strip("/").split("/")
        # repos/OWNER/REPO/issues/N/comments  or  repos/OWNER/REPO/issues/comments/ID
        if len(parts) == 6 and parts[3] == "issues" and parts[5] == "comments":
            issue = int(parts[4])
            if self.command == "GET":
                page = [c for c in comments if c["issue"] == issue]
                query = urlparse(self.path).query
                if "page=" in query and "page=1" not in query.split("&"):
                    page = []
                return self.reply(200, [{"id": c["id"], "body": c["body"]} for c in page])
            if self.command == "POST":
                c = {"id": 1000 + len(comments), "issue": issue, "body": self.body()["body"]}
                comments.append(c)
                return self.reply(201, {"id": c["id"], "body": c["body"]})
        if len(parts) == 6 and parts[3:5] == ["issues", "comments"] and self.command == "PATCH":
            for c in comments:
                if c["id"] == int(parts[5]):
                    c["body"] = self.body()["body"]
                    return self.reply(200, {"id": c["id"], "body": c["body"]})
            return self.reply(404, {"message": "Not Found"})
        if parts == ["state"]:
            return self.reply(200, comments)
        return self.reply(404, {"message": "Not Found"})

    do_GET = do_POST = do_PATCH = handle_any


server = HTTPServer(("127.0.0.1", 0), Handler)
with open(port_file, "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
