#!/usr/bin/python3
"""Build and stop the bare `standard` topology with mininet (LinuxBridge switch, no controller), N times.

Prints one JSON line: {"up": [ms...], "down": [ms...]}. Used by netns/lab.bench.ts for a side-by-side figure.
The switch runs in its own namespace (inNamespace=True) so nothing is added to the host's namespace.
"""
import json
import sys
import time

from mininet.log import setLogLevel
from mininet.net import Mininet
from mininet.nodelib import LinuxBridge


def build_once():
    net = Mininet(topo=None, switch=LinuxBridge, controller=None, build=False, autoSetMacs=False, waitConnected=False)
    hosts = {name: net.addHost(name, ip=None) for name in ("dut", "lanrtr", "target1", "target2", "cloud")}
    lan = net.addSwitch("hilmn1", inNamespace=True)
    for name in ("dut", "target1", "target2", "lanrtr"):
        net.addLink(hosts[name], lan)
    net.addLink(hosts["lanrtr"], hosts["cloud"])
    t0 = time.perf_counter()
    net.build()
    net.start()
    t1 = time.perf_counter()
    net.stop()
    t2 = time.perf_counter()
    return (t1 - t0) * 1000, (t2 - t1) * 1000


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    setLogLevel("error")
    ups, downs = [], []
    for _ in range(runs):
        up, down = build_once()
        ups.append(round(up, 1))
        downs.append(round(down, 1))
    print(json.dumps({"up": ups, "down": downs}))


if __name__ == "__main__":
    main()
