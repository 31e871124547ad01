#!/usr/bin/env python3
"""Send one DHCPv6 SOLICIT (client ID = DUID-LL of MAC, IA_NA, asking for DNS servers) from IFACE to ff02::1:2.

usage: solicit.py IFACE MAC
"""
import socket
import struct
import sys

iface, mac = sys.argv[1], bytes.fromhex(sys.argv[2].replace(":", ""))
duid = struct.pack("!HH", 3, 1) + mac
ia_na = struct.pack("!HHIII", 3, 12, 1, 0, 0)  # IA_NA, IAID 1: ask for an address
oro = struct.pack("!HHH", 6, 2, 23)  # Option Request: DNS recursive name servers
message = bytes([1]) + b"\x12\x34\x56" + struct.pack("!HH", 1, len(duid)) + duid + struct.pack("!HHH", 8, 2, 0) + ia_na + oro
sock = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, iface.encode())
sock.bind(("::", 546))
sock.sendto(message, ("ff02::1:2", 547, 0, socket.if_nametoindex(iface)))
print("sent", flush=True)
