#!/usr/bin/env python3
"""Test peer for the capture tests, run inside the peer namespace.

Listens on ADDR: TCP 80 (HTTP 200), TCP 3128 (a proxy that always answers 407; to an NTLM type-1
token it sends a type-2 challenge so the client follows with type 3), TCP 3129 (an open proxy: CONNECT
gets "200 Connection established", then it reads the tunnelled ClientHello and closes), TCP 443 (accepts, reads the
ClientHello, closes) and TCP 514 (syslog: reads and discards). Prints "ready" once every socket is bound.
"""
import socket
import struct
import sys
import threading

ADDR = sys.argv[1]


def ntlm_challenge() -> bytes:
    # Signature, type 2, empty target name at offset 48, flags (unicode | NTLM), challenge, reserved, empty target info.
    flags = 0x00000001 | 0x00000200
    return (b"NTLMSSP\x00" + struct.pack("<I", 2) + struct.pack("<HHI", 0, 0, 48) + struct.pack("<I", flags)
            + b"\x01\x23\x45\x67\x89\xab\xcd\xef" + b"\x00" * 8 + struct.pack("<HHI", 0, 0, 48))


def read_request(conn: socket.socket, buf: bytes):
    while b"\r\n\r\n" not in buf:
        data = conn.recv(4096)
        if not data:
            return None, b""
        buf += data
    head, _, rest = buf.partition(b"\r\n\r\n")
    return head.decode("latin-1"), rest


def proxy(conn: socket.socket) -> None:
    import base64
    buf = b""
    while True:
        head, buf = read_request(conn, buf)
        if head is None:
            return
        auth = [l.split(":", 1)[1].strip() for l in head.split("\r\n") if l.lower().startswith("proxy-authorization:")]
        offer = "Proxy-Authenticate: NTLM\r\nProxy-Authenticate: Basic realm=\"lab\"\r\n"
        if auth and auth[0].startswith("NTLM ") and base64.b64decode(auth[0][5:])[8:12] == struct.pack("<I", 1):
            offer = "Proxy-Authenticate: NTLM " + base64.b64encode(ntlm_challenge()).decode() + "\r\n"
        conn.sendall(("HTTP/1.1 407 Proxy Authentication Required\r\n" + offer
                      + "Content-Length: 0\r\nProxy-Connection: keep-alive\r\n\r\n").encode())


def open_proxy(conn: socket.socket) -> None:
    head, _ = read_request(conn, b"")
    if head is not None and head.startswith("CONNECT "):
        conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        sink(conn)


def http(conn: socket.socket) -> None:
    head, _ = read_request(conn, b"")
    if head is not None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n")


def sink(conn: socket.socket) -> None:
    conn.settimeout(2)
    conn.recv(65536)  # one read (a ClientHello, a syslog line), then close


def serve(sock: socket.socket, handler) -> None:
    while True:
        conn, _ = sock.accept()

        def run(c=conn):
            with c:
                try:
                    handler(c)
                except OSError:
                    pass

        threading.Thread(target=run, daemon=True).start()


def listen(port: int) -> socket.socket:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((ADDR, port))
    s.listen(16)
    return s


threads = [threading.Thread(target=serve, args=(listen(p), h), daemon=True)
           for p, h in ((80, http), (3128, proxy), (443, sink), (514, sink), (3129, open_proxy))]
for t in threads:
    t.start()
print("ready", flush=True)
sys.stdin.read()  # exit when the test closes our stdin (or kills us)
