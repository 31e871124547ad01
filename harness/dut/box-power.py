#!/usr/bin/env python3
"""Press a twin box's power, as a PDU's command line would: box-power.py CONTROL_SOCKET on|off|cut.

Sends `power <action>` to the box's control socket; exits 0 when it answers `ok`, else 1 with the answer on stderr.
"""
import socket, sys

def main() -> int:
    if len(sys.argv) != 3 or sys.argv[2] not in ("on", "off", "cut"):
        sys.stderr.write("usage: box-power.py CONTROL_SOCKET on|off|cut\n")
        return 2
    path, action = sys.argv[1], sys.argv[2]
    try:
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(10)
            s.connect(path)
            s.sendall(("power %s\n" % action).encode())
            reply = s.makefile().readline().strip()
    except OSError as e:
        sys.stderr.write("box power %s: cannot reach %s: %s\n" % (action, path, e))
        return 1
    if reply != "ok":
        sys.stderr.write("box power %s: the box answered %r\n" % (action, reply))
        return 1
    return 0

if __name__ == "__main__":
    sys.exit(main())
