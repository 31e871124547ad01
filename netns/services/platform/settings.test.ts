// Validation of portal input against the manual's limits: the message names field, expected and found.
import { describe, expect, it } from "vitest";
import { PlatformError } from "./messages.ts";
import { parseIpv6, parseRoutes, parseScan, parseSyslog, parseVlans, vlanLimit } from "./settings.ts";
import { parseConfig } from "./config.ts";
import { parsePoll } from "./registry.ts";

function failure(fn: () => unknown): PlatformError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PlatformError) return error;
    throw error;
  }
  throw new Error("expected a PlatformError, got success");
}

const vlans = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1, address: `10.${Math.floor((i + 1) / 256)}.${(i + 1) % 256}.10/24` }));

describe("VLANs (manual: 4094 VLANs for serial numbers over 29000, else 99)", () => {
  it("derives the limit from the serial number", () => {
    expect(vlanLimit("29001")).toBe(4094);
    expect(vlanLimit("29000")).toBe(99);
    expect(vlanLimit("12345")).toBe(99);
    expect(vlanLimit("AB-77")).toBe(99);
  });

  it("accepts 99 VLANs on a small serial and refuses the 100th, naming the serial", () => {
    expect(parseVlans(vlans(99), "12345")).toHaveLength(99);
    const e = failure(() => parseVlans(vlans(100), "12345"));
    expect(e.message).toBe("Expected `vlans` to be at most 99 VLANs (serial 12345 is not over 29000), got \"100 VLANs\" in request");
    expect(e.detail).toEqual({ field: "vlans", expected: "at most 99 VLANs (serial 12345 is not over 29000)", found: '"100 VLANs"' });
  });

  it("accepts 4094 VLANs over serial 29000 and refuses 4095", () => {
    expect(parseVlans(vlans(4094), "30001")).toHaveLength(4094);
    expect(failure(() => parseVlans(vlans(4095), "30001")).detail.expected).toBe("at most 4094 VLANs (serial 30001 is over 29000)");
  });

  it("names the field of a bad VLAN ID, address, gateway, duplicate and unknown key", () => {
    expect(failure(() => parseVlans([{ id: 5000, address: "10.0.0.1/24" }], "1")).message).toBe(
      "Expected `vlans[0].id` to be an integer 1-4094, got 5000 in request",
    );
    expect(failure(() => parseVlans([{ id: 7, address: "10.0.0.300/24" }], "1")).detail).toMatchObject({ field: "vlans[0].address", found: '"10.0.0.300/24"' });
    expect(failure(() => parseVlans([{ id: 7, address: "10.0.0.2/24", gateway: "10.0.1.1" }], "1")).message).toBe(
      'Expected `vlans[0].gateway` to be an address inside 10.0.0.2/24, got "10.0.1.1" in request',
    );
    expect(failure(() => parseVlans([{ id: 7, address: "10.0.0.2/24" }, { id: 7, address: "10.0.1.2/24" }], "1")).message).toBe(
      "Expected `vlans[1].id` to be a VLAN ID not already used at vlans[0], got 7 in request",
    );
    expect(failure(() => parseVlans([{ id: 7, address: "10.0.0.2/24", tag: 1 }], "1")).detail).toMatchObject({ field: "vlans[0].tag", expected: "absent (not a known field)" });
  });
});

describe("static routes (manual: up to 99)", () => {
  const routes = (n: number) => Array.from({ length: n }, (_, i) => ({ destination: `10.${i}.0.0/16`, gateway: "192.168.1.1" }));

  it("accepts 99 and refuses 100", () => {
    expect(parseRoutes(routes(99))).toHaveLength(99);
    expect(failure(() => parseRoutes(routes(100))).message).toBe('Expected `staticRoutes` to be at most 99 static routes, got "100 static routes" in request');
  });

  it("wants network destinations and a gateway address", () => {
    expect(failure(() => parseRoutes([{ destination: "10.1.2.3/16", gateway: "192.168.1.1" }])).detail).toMatchObject({
      field: "staticRoutes[0].destination",
      expected: "a network address (host bits zero)",
    });
    expect(failure(() => parseRoutes([{ destination: "10.1.0.0/16" }])).detail).toMatchObject({ field: "staticRoutes[0].gateway", found: "nothing" });
  });
});

describe("IPv6 scanning and syslog forwarding", () => {
  it("takes off, auto and static IPv6 (expanded or compressed)", () => {
    expect(parseIpv6({ mode: "auto" })).toEqual({ mode: "auto" });
    expect(parseIpv6({ mode: "static", address: "2001:470:8418:ffe:250:56ff:feb3:b89", prefixLength: 64 }).mode).toBe("static");
    expect(failure(() => parseIpv6({ mode: "static", address: "2001:db8::1", prefixLength: 129 })).detail.field).toBe("ipv6Scanning.prefixLength");
    expect(failure(() => parseIpv6({ mode: "dhcp" })).detail.expected).toBe('one of "off", "auto", "static"');
  });

  it("defaults the syslog port to 514 and takes an IP or a DNS name", () => {
    expect(parseSyslog({ enabled: true, protocol: "udp", server: "logs.lab.test" })).toEqual({ enabled: true, protocol: "udp", port: 514, server: "logs.lab.test" });
    expect(parseSyslog({ enabled: true, protocol: "tcp", port: 6514, server: "2001:db8::5" })).toMatchObject({ port: 6514 });
    expect(failure(() => parseSyslog({ enabled: true, protocol: "TLS", server: "10.0.0.5" })).message).toBe('Expected `syslog.protocol` to be "tcp" or "udp", got "TLS" in request');
    expect(failure(() => parseSyslog({ enabled: true, protocol: "tcp", port: 70000, server: "10.0.0.5" })).detail.field).toBe("syslog.port");
    expect(failure(() => parseSyslog({ enabled: true, protocol: "tcp", server: "bad_name!" })).detail.field).toBe("syslog.server");
  });

  it("checks scan targets", () => {
    expect(parseScan({ title: "t", targets: ["10.0.0.1", "10.0.1.0/24", "10.0.2.1-10.0.2.9", "2001:db8::1"] }).targets).toHaveLength(4);
    expect(failure(() => parseScan({ title: "t", targets: [] })).detail.field).toBe("scan.targets");
    expect(failure(() => parseScan({ title: "t", targets: ["10.0.0.9-10.0.0.1"] })).detail.field).toBe("scan.targets[0]");
  });
});

describe("appliance request bodies", () => {
  it("names a missing body and a bad MAC", () => {
    expect(failure(() => parsePoll(undefined)).message).toBe("Expected `(body)` to be a JSON object, got nothing in poll request");
    expect(failure(() => parsePoll({ serial: "30001", mac: "0050.56b3.0b89" })).message).toBe(
      'Expected `mac` to be a MAC address like 00:50:56:b3:0b:89, got "0050.56b3.0b89" in poll request',
    );
  });
});

describe("server config file", () => {
  const good = {
    platformNames: ["qualysguard.qualys.test"], listen: { addresses: ["10.78.0.1", "fd78::1"] }, portalSocket: "/run/x/p.sock", pidFile: "/run/x/p.pid", readyFile: "/run/x/r",
    tls: { cert: "/a", key: "/b", untrustedCert: "/c", untrustedKey: "/d" },
  };

  it("fills defaults and rejects unknown keys naming the file", () => {
    expect(parseConfig(good, "/x/config.json")).toMatchObject({ listen: { port: 443 }, pollIntervalSeconds: 180, latest: { software: "6.7.20-1" } });
    expect(() => parseConfig({ ...good, colour: "blue" }, "/x/config.json")).toThrow('Expected `colour` to be absent (not a known field), got "blue" in /x/config.json');
    expect(() => parseConfig({ ...good, listen: { addresses: ["10.78.0.1", "cloud"] } }, "/x/c.json")).toThrow(
      'Expected `listen.addresses[1]` to be an IP address, got "cloud" in /x/c.json',
    );
  });
});
