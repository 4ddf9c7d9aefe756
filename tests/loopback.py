"""Fault routes for crawler tests: the broken things real sites do, over real loopback HTTP.

The server is the project's one loopback server (govdocs.samplesite.server.serve_routes);
this module adds the routes: truncated bodies, hangs, trickles, bombs, resets, floods.
"""

from __future__ import annotations

import contextlib
import gzip
import time

from govdocs.samplesite.server import Route, send, serve_routes

serve = serve_routes  # serve(routes) → (base_url, request_log) on 127.0.0.1, a free port


def html(body: str, status: int = 200, **kw) -> Route:
    return lambda h: send(h, status, body.encode("utf-8"), **kw)


def raw(data: bytes, status: int = 200, ctype: str = "text/html") -> Route:
    return lambda h: send(h, status, data, ctype=ctype)


def redirect(location: str, status: int = 302) -> Route:
    return lambda h: send(h, status, b"", headers={"Location": location})


def truncated(declared: int = 5000, sent: bytes = b"<html><body>partial") -> Route:
    def route(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(declared))
        h.end_headers()
        h.wfile.write(sent)
        h.wfile.flush()
        h.close_connection = True

    return route


def hang(seconds: float = 5.0) -> Route:
    def route(h):
        time.sleep(seconds)
        send(h, 200, b"<html>late</html>")

    return route


def trickle(total: int = 50, every: float = 0.2) -> Route:
    def route(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(total))
        h.end_headers()
        for _ in range(total):
            try:
                h.wfile.write(b"x")
                h.wfile.flush()
            except OSError:
                return
            time.sleep(every)

    return route


def gzip_bomb(decoded_size: int = 50_000_000) -> Route:
    payload = gzip.compress(b"\0" * decoded_size, compresslevel=9)
    return lambda h: send(h, 200, payload, headers={"Content-Encoding": "gzip"})


def flaky(fail_times: int, then: Route, status: int = 503) -> Route:
    calls = {"n": 0}

    def route(h):
        calls["n"] += 1
        if calls["n"] <= fail_times:
            send(h, status, b"busy")
        else:
            then(h)

    route.calls = calls
    return route


def reset_mid_body() -> Route:
    """Send headers and part of the body, then reset the connection (RST, not FIN)."""
    import socket
    import struct

    def route(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        h.wfile.write(b"<html>" + b"x" * 1000)
        h.wfile.flush()
        h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        h.connection.close()
        h.close_connection = True

    return route


def broken_chunked() -> Route:
    def route(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        h.wfile.write(b"10\r\n<html>0123456789\r\nZZ\r\nnot hex\r\n")
        h.wfile.flush()
        h.close_connection = True

    return route


@contextlib.contextmanager
def serve_tls(routes: dict[str, Route], tmp_path):
    """Like serve(), over TLS with a freshly made self-signed certificate."""
    import datetime
    import ssl

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert_file, key_file)
    with serve(routes, tls_context=ctx) as served:
        yield served


def header_trickle(every: float = 0.05, for_s: float = 8.0) -> Route:
    """A status line, then header bytes one at a time: each read succeeds, the headers never end."""

    def route(h):
        try:
            h.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            h.wfile.flush()
            end = time.monotonic() + for_s
            while time.monotonic() < end:
                h.wfile.write(b"a")
                h.wfile.flush()
                time.sleep(every)
        except OSError:
            pass
        h.close_connection = True

    return route


def informational_flood(every: float = 0.01, for_s: float = 8.0) -> Route:
    """`102 Processing` interim responses forever (httpcore skips 1xx and reads on)."""

    def route(h):
        try:
            end = time.monotonic() + for_s
            while time.monotonic() < end:
                h.wfile.write(b"HTTP/1.1 102 Processing\r\n\r\n")
                h.wfile.flush()
                time.sleep(every)
        except OSError:
            pass
        h.close_connection = True

    return route


def raw_response(data: bytes) -> Route:
    """Write `data` as the whole response, then close (for malformed status lines and headers)."""

    def route(h):
        try:
            h.wfile.write(data)
            h.wfile.flush()
        except OSError:
            pass
        h.close_connection = True

    return route
