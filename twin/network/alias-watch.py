#!/usr/bin/env python3
"""Watch one interface's alias from inside its namespace (run under `ip netns exec NS`, which mounts that namespace's
sysfs): prints "alias <text>" at start and on every change, "gone" when the interface disappears or is replaced (its
ifindex changes), then exits. Exits when stdin closes (the twin is gone). Cheap: one sysfs read every 200 ms.
Usage: alias-watch.py IFNAME IFINDEX
"""
import os, select, sys

def read(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return None

def main() -> int:
    if len(sys.argv) != 3:
        sys.stderr.write("usage: alias-watch.py IFNAME IFINDEX\n")
        return 2
    name, index = sys.argv[1], sys.argv[2]
    base = "/sys/class/net/%s/" % name
    last = None
    while True:
        if read(base + "ifindex") != index:
            sys.stdout.write("gone\n")
            sys.stdout.flush()
            return 0
        alias = read(base + "ifalias") or ""
        if alias != last:
            sys.stdout.write("alias %s\n" % alias)
            sys.stdout.flush()
            last = alias
        ready, _, _ = select.select([sys.stdin], [], [], 0.2)
        if ready and not os.read(sys.stdin.fileno(), 4096):
            return 0

if __name__ == "__main__":
    sys.exit(main())
