#!/usr/bin/env python3
"""Send hand-built Ethernet frames with AF_PACKET (this kernel has no 8021q module).

usage: rawframes.py IFACE DST_MAC SRC_IP DST_IP SPEC...
SPEC is a dot-separated VLAN stack, outer first: "10" (802.1Q tag 10), "100.200" (two 802.1Q tags),
"ad300.30" (802.1ad S-tag 300 then 802.1Q tag 30), or "none" (untagged); "SPEC*N" sends it N times.
Each frame carries a UDP datagram to port 9999 whose payload names its spec.
"""
import socket
import struct
import sys

iface, dst_mac, src_ip, dst_ip, *specs = sys.argv[1:]


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\x00"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ipv4_udp(payload: bytes) -> bytes:
    udp = struct.pack("!HHHH", 40000, 9999, 8 + len(payload), 0) + payload
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0,
                         socket.inet_aton(src_ip), socket.inet_aton(dst_ip))
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return header + udp


sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
sock.bind((iface, 0))
src_mac = sock.getsockname()[4]
sent = 0
for item in specs:
    spec, _, times = item.partition("*")
    tags = b""
    if spec != "none":
        for part in spec.split("."):
            tpid = 0x88A8 if part.startswith("ad") else 0x8100
            tags += struct.pack("!HH", tpid, int(part.removeprefix("ad")))
    frame = bytes.fromhex(dst_mac.replace(":", "")) + src_mac + tags + b"\x08\x00" + ipv4_udp(f"vlan {spec}".encode())
    for _ in range(int(times or 1)):
        sock.send(frame)
        sent += 1
print(f"sent {sent}", flush=True)
