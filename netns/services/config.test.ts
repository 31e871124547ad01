import { describe, expect, it } from "vitest";
import { parseLeases, renderDnsmasqConfig } from "./dnsmasq-config.ts";
import { renderRadvdConfig } from "./radvd.ts";
import { dnsmasqSchema, parseOptions, radvdSchema, squidSchema, syslogSchema } from "./schema.ts";
import { ntlmUserAcl, renderSquidConfig } from "./squid-config.ts";

const paths = { dir: "/run/hil/x/squid", htpasswd: "/run/hil/x/squid/htpasswd", cacheLog: "/c.log", accessLog: "/a.log" };

describe("dnsmasq config", () => {
  it("sends empty router/DNS options when none are given, so the lease lacks them", () => {
    const o = parseOptions("dnsmasq", dnsmasqSchema, { interfaces: ["eth0"], dhcp: { ranges: [{ start: "10.0.0.10", end: "10.0.0.20" }] } });
    const text = renderDnsmasqConfig(o);
    expect(text).toContain("dhcp-option=option:router\n");
    expect(text).toContain("dhcp-option=option:dns-server\n");
    expect(text).toContain("port=0\n");
    expect(text).toContain("dhcp-range=10.0.0.10,10.0.0.20,3600\n");
    expect(text).not.toContain("netbios");
  });

  it("renders WINS (option 44), records, NXDOMAIN names and DHCPv6 without router advertisements", () => {
    const o = parseOptions("dnsmasq", dnsmasqSchema, {
      interfaces: ["eth0", "eth1"],
      dhcp: { ranges: [{ start: "10.0.0.10", end: "10.0.0.20", leaseSeconds: 600 }], netmask: "255.255.255.0", router: "10.0.0.1", winsServers: ["10.0.0.4", "10.0.0.5"] },
      dhcpv6: { ranges: [{ start: "2001:db8::10", end: "2001:db8::20" }], dnsServers: ["2001:db8::53"] },
      dns: { records: [{ name: "qg.example", address: "10.0.0.80" }], nxdomain: ["bad.example"] },
    });
    const text = renderDnsmasqConfig(o);
    for (const line of [
      "interface=eth0",
      "interface=eth1",
      "dhcp-range=10.0.0.10,10.0.0.20,255.255.255.0,600",
      "dhcp-option=option:router,10.0.0.1",
      "dhcp-option=option:netbios-ns,10.0.0.4,10.0.0.5",
      "dhcp-range=2001:db8::10,2001:db8::20,64,3600",
      "dhcp-option=option6:dns-server,[2001:db8::53]",
      "host-record=qg.example,10.0.0.80",
      "address=/bad.example/",
      "local=/#/",
      "port=53",
    ]) expect(text.split("\n")).toContain(line);
    expect(text).not.toMatch(/enable-ra|ra-only|ra-stateless/);
  });

  it("forwards a name to other resolvers (upstream platform mode) beside local=/#/", () => {
    const o = parseOptions("dnsmasq", dnsmasqSchema, { interfaces: ["br0"], dns: { forward: [{ name: "qualysguard.qualys.com", servers: ["192.0.2.53", "2001:db8::53"] }] } });
    const lines = renderDnsmasqConfig(o).split("\n");
    expect(lines).toContain("server=/qualysguard.qualys.com/192.0.2.53");
    expect(lines).toContain("server=/qualysguard.qualys.com/2001:db8::53");
    expect(lines).toContain("local=/#/");
    expect(() => parseOptions("dnsmasq", dnsmasqSchema, { interfaces: ["br0"], dns: { forward: [{ name: "x.test", servers: [] }] } })).toThrow();
  });

  it("parses IPv4 and IPv6 lease lines", () => {
    const leases = parseLeases("1700000000 02:00:00:00:00:01 10.0.0.11 host1 01:02:00:00:00:00:01\nduid 00:01:00:01\n1700000100 1234 2001:db8::11 * 00:03:00:01\n");
    expect(leases).toEqual([
      { expires: 1700000000, mac: "02:00:00:00:00:01", address: "10.0.0.11", hostname: "host1", clientId: "01:02:00:00:00:00:01", family: 4 },
      { expires: 1700000100, mac: "1234", address: "2001:db8::11", hostname: "*", clientId: "00:03:00:01", family: 6 },
    ]);
  });

  it("rejects an instance with no function at all", () => {
    expect(() => parseOptions("dnsmasq", dnsmasqSchema, { interfaces: ["eth0"] }, "lab.yaml at services[0]")).toThrow(
      "Invalid dnsmasq options in lab.yaml at services[0]:\n  (options): expected at least one of dhcp, dhcpv6, dns, got {\"interfaces\":[\"eth0\"]}",
    );
  });
});

describe("squid config", () => {
  it("NTLM user ACL tolerates ntlm_fake_auth's stray trailing byte and drops the domain", () => {
    expect(ntlmUserAcl("authed", ["LAB\\alice", "bob.smith"])).toBe("acl authed proxy_auth_regex -i ^(alice|bob\\.smith).?$");
    const re = /^(alice|bob\.smith).?$/i;
    expect(["alice", "alice\u0001", "ALICE", "bob.smith"].every((u) => re.test(u))).toBe(true);
    expect(["alicex1", "mallory", "bobxsmith"].some((u) => re.test(u))).toBe(false);
  });

  it("orders access rules: 407 for bad credentials first, then 403 denies, then allow", () => {
    const o = parseOptions("squid", squidSchema, {
      auth: { scheme: "basic", users: [{ user: "alice", password: "pw-not-in-config" }] },
      deny: { destinations: ["192.0.2.0/24"], users: ["bob"] },
    });
    const text = renderSquidConfig(o, paths);
    const access = text.split("\n").filter((l) => l.startsWith("http_access"));
    expect(access).toEqual(["http_access deny !authed", "http_access deny denied_users all", "http_access deny denied_dst", "http_access allow all"]);
    expect(text).toContain(`auth_param basic program /usr/lib/squid/basic_ncsa_auth ${paths.htpasswd}`);
    expect(text).not.toContain("pw-not-in-config");
    expect(text).not.toMatch(/^cache_dir/m);
    expect(text).toContain("pid_filename none");
  });

  it("an open proxy listens on every address by default and allows all", () => {
    const text = renderSquidConfig(parseOptions("squid", squidSchema, {}), paths);
    expect(text).toContain("http_port 3128\n");
    expect(text.split("\n").filter((l) => l.startsWith("http_access"))).toEqual(["http_access allow all"]);
  });
});

describe("radvd and syslog options", () => {
  it("renders prefix, RDNSS and flags", () => {
    const o = parseOptions("radvd", radvdSchema, { interface: "eth0", prefixes: [{ prefix: "2001:db8:1::/64", autonomous: false }], rdnss: ["2001:db8:1::53"], other: true });
    const text = renderRadvdConfig(o);
    expect(text).toContain("prefix 2001:db8:1::/64 { AdvOnLink on; AdvAutonomous off; };");
    expect(text).toContain("RDNSS 2001:db8:1::53 { };");
    expect(text).toContain("AdvManagedFlag off;");
    expect(text).toContain("AdvOtherConfigFlag on;");
  });

  it("syslog needs at least one protocol and defaults to port 514", () => {
    expect(parseOptions("syslog", syslogSchema, {})).toEqual({ port: 514, udp: true, tcp: true });
    expect(() => parseOptions("syslog", syslogSchema, { udp: false, tcp: false })).toThrow(/expected udp or tcp \(or both\) to be enabled/);
    expect(() => parseOptions("syslog", syslogSchema, { port: 70000 })).toThrow(/port: Too big: expected number to be <=65535, got 70000/);
  });

  it("returns deeply frozen options", () => {
    const o = parseOptions("radvd", radvdSchema, { interface: "eth0", rdnss: ["2001:db8::1"] });
    expect(Object.isFrozen(o) && Object.isFrozen(o.rdnss)).toBe(true);
  });
});
