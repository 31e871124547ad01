// Pure parts of the network modules: context validation, curl config (the password only on stdin), curl outcome
// mapping to the oracle's errors, proxy settings, lease parsing, port-link sync, the defect catalogue's coverage.
import { readdirSync, readFileSync } from "node:fs";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { errorFor } from "../../fixtures/manual/index.ts";
import { factoryDefaults } from "../state/config.ts";
import { loadEndpoint, netContext } from "./context.ts";
import { NET_DEFECT_NAMES } from "../defects.ts";
import { parseLease } from "./dhcp.ts";
import { linkSyncs } from "./ifaces.ts";
import { conditionOf, curlConfig } from "./platform.ts";
import { proxyConditions, proxyOf } from "./proxy.ts";
import { networkOf } from "./routing.ts";
import { inSubnet } from "./syslog.ts";

const ctx = netContext({ stateDir: "/tmp/x", mac: "02:51:00:00:00:01", platform: { url: "https://qualysguard.qualys.test", caCert: "/ca.pem" } });

describe("network context", () => {
  it("names the bad field, what was expected and what was found", () => {
    expect(() => netContext({ stateDir: "/tmp/x", mac: "02-51" })).toThrow('Invalid network context at mac: expected a MAC address like 02:51:aa:bb:cc:dd, found "02-51"');
    expect(() => netContext({ stateDir: "/tmp/x", mac: "02:51:00:00:00:01", defects: ["nope" as never] })).toThrow(/^Invalid network context at defects\[0\]: expected one of /);
  });
  it("loadEndpoint reads url and caCert, and names the file when a field is missing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tw2-"));
    writeFileSync(join(dir, "ok.json"), JSON.stringify({ url: "https://p.test", caCert: "/ca", address: "1.2.3.4" }));
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ url: "https://p.test" }));
    expect(await loadEndpoint(join(dir, "ok.json"))).toEqual({ url: "https://p.test", caCert: "/ca" });
    await expect(loadEndpoint(join(dir, "bad.json"))).rejects.toThrow(`Invalid platform endpoint ${join(dir, "bad.json")} at caCert: expected string, found nothing`);
  });
});

describe("curl", () => {
  const route = { dev: "lan0", platformAddress: null, proxy: { url: "http://10.77.1.3:3128", user: "LAB\\scanner", password: 'p"w\\1' } };
  it("puts the proxy password in the stdin config only, NTLM for domain\\user, Basic otherwise", () => {
    const text = curlConfig(ctx, route, "/appliance/v1/poll", { a: 1 });
    expect(text).toContain("proxy-ntlm\n");
    expect(text).toContain('proxy-user = "LAB\\\\scanner:p\\"w\\\\1"');
    expect(text).toContain('interface = "lan0"');
    expect(text).toContain('cacert = "/ca.pem"');
    expect(curlConfig(ctx, { ...route, proxy: { ...route.proxy, user: "scanner" } }, "/x", {})).toContain("proxy-basic\n");
    const ntlmAsBasic = netContext({ stateDir: "/tmp/x", mac: "02:51:00:00:00:01", platform: { url: "https://p.test", caCert: null }, defects: ["ntlm-as-basic"] });
    expect(curlConfig(ntlmAsBasic, route, "/x", {})).toContain("proxy-basic\n");
  });
  it("resolves the platform itself (--resolve) without a proxy; 30 s timeout scaled", () => {
    const text = curlConfig(netContext({ stateDir: "/t", mac: "02:51:00:00:00:01", timeScale: 0.1, platform: { url: "https://qualysguard.qualys.test", caCert: null } }), { dev: "wan0", platformAddress: "10.77.9.10", proxy: null }, "/p", {});
    expect(text).toContain('resolve = "qualysguard.qualys.test:443:10.77.9.10"');
    expect(text).toContain("max-time = 3\n");
  });
  it("maps exit codes and statuses onto the oracle's conditions", () => {
    const r = (exit: number, http = 0, connect = 0, body = "") => ({ exit, http, connect, body, stderr: "" });
    const text = (c: ReturnType<typeof conditionOf>) => (c ? errorFor(c).text : null);
    expect(text(conditionOf(r(7), false))).toBe("Error connect to server (07)");
    expect(text(conditionOf(r(28), true))).toBe("Timeout was reached (28)");
    expect(text(conditionOf(r(55), false))).toBe("Failed sending peer data (55)");
    expect(text(conditionOf(r(56, 200), false))).toBe("Failed receiving peer data (56)");
    expect(text(conditionOf(r(60), false))).toBe("SSL peer cert was not OK");
    expect(text(conditionOf(r(56, 0, 407), true))).toBe("unexpected proxy HTTP/407");
    expect(text(conditionOf(r(0, 401), false))).toBe("Unexpected QG HTTP/401");
    expect(text(conditionOf(r(0, 500), false))).toBe("Unexpected QG HTTP/500");
    expect(text(conditionOf(r(0, 403, 0, '{"error":{"message":"This Scanner is disabled","code":"scanner-disabled"}}'), false))).toBe("This Scanner is disabled");
    expect(conditionOf(r(0, 200), false)).toBeNull();
  });
});

describe("settings", () => {
  it("proxy settings: invalid IP, half-set account, malformed domain\\user", () => {
    const p = (host: string, user = "", password = "") => proxyOf({ ...factoryDefaults(), proxy: { host, port: "03128", user, password } });
    expect(proxyConditions(p("010.077.001.003"))).toEqual([]);
    expect(proxyConditions(p("000.000.000.000"))).toEqual([{ kind: "invalid-proxy-ip" }]);
    expect(proxyConditions(p("127.000.000.001"))).toEqual([{ kind: "invalid-proxy-ip" }]);
    expect(proxyConditions(p("PROXY.LAB.TEST", "scanner"))).toEqual([{ kind: "invalid-proxy-auth-config" }]);
    expect(proxyConditions(p("PROXY.LAB.TEST", "\\scanner", "x"))).toEqual([{ kind: "invalid-proxy-auth-config" }]);
  });
  it("lease files, networks, port-link sync", () => {
    expect(parseLease("ip=10.0.0.5\nmask=24\nrouter=10.0.0.1 10.0.0.2\ndns=10.0.0.1 10.0.0.9\nlease=600\n")).toMatchObject({ ip: "10.0.0.5", prefix: 24, router: "10.0.0.1", dns: ["10.0.0.1", "10.0.0.9"] });
    expect(parseLease("ip=10.0.0.5\nsubnet=255.255.254.0\n")).toMatchObject({ prefix: 23, router: null, dns: [] });
    expect(parseLease("")).toBeNull();
    expect(networkOf("10.77.2.130", 25)).toBe("10.77.2.128/25");
    expect(networkOf("10.77.2.130", 0)).toBe("0.0.0.0/0");
    expect(() => networkOf("10.77.2", 24)).toThrow("networkOf: expected an IPv4 address and a prefix length, got 10.77.2/24");
    // Which syslog server is on the LAN's own subnet (split mode): IPv4 only.
    expect(inSubnet("10.77.1.200", "10.77.1.10", 24)).toBe(true);
    expect(inSubnet("10.77.2.1", "10.77.1.10", 24)).toBe(false);
    expect(inSubnet("10.77.1.129", "10.77.1.10", 25)).toBe(false);
    expect(inSubnet("192.0.2.1", "10.77.1.10", 0)).toBe(true);
    expect(inSubnet("fd00::1", "10.77.1.10", 24)).toBe(false);
    expect(inSubnet("syslog.lab", "10.77.1.10", 24)).toBe(false);
    expect(linkSyncs("AUTO", "AUTO")).toBe(true);
    expect(linkSyncs("100baseT/Full", "AUTO")).toBe(true);
    expect(linkSyncs("AUTO", "100baseT/Full")).toBe(false);
    expect(linkSyncs("10baseT/Half", "10baseT/Half")).toBe(true);
  });
  it("every network defect is exercised by a lab test of this directory or by a scenario (scenarios/defect-proof.ts runs the catalogue)", () => {
    const dir = new URL(".", import.meta.url).pathname;
    const tests = readdirSync(dir).filter((f) => f.endsWith(".test.ts") && f !== "units.test.ts").map((f) => readFileSync(join(dir, f), "utf8")).join("\n");
    const cat = join(dir, "../../scenarios/catalogue");
    const scenarioCatalogue = [join(dir, "../../scenarios/catalogue.ts"), ...readdirSync(cat).map((f) => join(cat, f))].map((f) => readFileSync(f, "utf8")).join("\n");
    expect(NET_DEFECT_NAMES.filter((n) => !tests.includes(`"${n}"`) && !scenarioCatalogue.includes(`"${n}"`))).toEqual([]);
  });
});
