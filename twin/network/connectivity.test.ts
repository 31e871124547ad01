// The connectivity defects: each changes exactly the condition (or older model's code) it names, nothing else.
import { describe, expect, it } from "vitest";
import type { NetworkCondition } from "../../fixtures/manual/index.ts";
import { connectivityLegacy, connectivityMisreport } from "./connectivity.ts";
import { netContext } from "./context.ts";
import { CONNECTIVITY_DEFECTS } from "./defects/connectivity.ts";

const ctxWith = (...defects: string[]) => netContext({ stateDir: "/tmp/x", mac: "02:51:00:00:00:01", defects: defects as never });

const cases: readonly [string, NetworkCondition, NetworkCondition][] = [
  ["proxy-407-as-403", { kind: "proxy-http-status", status: 407 }, { kind: "proxy-http-status", status: 403 }],
  ["proxy-403-as-407", { kind: "proxy-http-status", status: 403 }, { kind: "proxy-http-status", status: 407 }],
  ["proxy-503-as-qg-500", { kind: "proxy-http-status", status: 503 }, { kind: "platform-http-status", status: 500 }],
  ["proxy-ip-unchecked", { kind: "invalid-proxy-ip" }, { kind: "connect-failed", viaProxy: true }],
  ["proxy-auth-unchecked", { kind: "invalid-proxy-auth-config" }, { kind: "proxy-http-status", status: 407 }],
  ["proxy-dns-as-qg-url", { kind: "dns-cannot-resolve-proxy", iface: "LAN" }, { kind: "dns-cannot-resolve-platform", iface: "LAN" }],
  ["proxy-refused-as-timeout", { kind: "connect-failed", viaProxy: true }, { kind: "timeout", viaProxy: true }],
  ["timeout-as-connect", { kind: "timeout", viaProxy: false }, { kind: "connect-failed", viaProxy: false }],
  ["recv-as-send", { kind: "recv-failed", viaProxy: true }, { kind: "send-failed", viaProxy: true }],
  ["send-as-recv", { kind: "send-failed", viaProxy: false }, { kind: "recv-failed", viaProxy: false }],
  ["ssl-as-recv", { kind: "ssl-peer-cert" }, { kind: "recv-failed", viaProxy: false }],
  ["http401-as-500", { kind: "platform-http-status", status: 401 }, { kind: "platform-http-status", status: 500 }],
];

describe("connectivity defects", () => {
  it.each(cases)("%s misreports its condition", (defect, from, to) => {
    expect(connectivityMisreport(from, ctxWith(defect))).toEqual(to);
    expect(connectivityMisreport(from, ctxWith())).toEqual(from);
  });

  it("leave unrelated conditions alone", () => {
    const all = ctxWith(...CONNECTIVITY_DEFECTS.map((d) => d.name).filter((n) => !n.startsWith("legacy-")));
    expect(connectivityMisreport({ kind: "connect-failed", viaProxy: false }, all)).toEqual({ kind: "connect-failed", viaProxy: false });
    expect(connectivityMisreport({ kind: "platform-http-status", status: 500 }, all)).toEqual({ kind: "platform-http-status", status: 500 });
  });

  it("older model's codes: E06 for proxy errors, E02 for NTLM errors, E02 for HTTPS errors", () => {
    expect(connectivityLegacy(["E03"], ctxWith("legacy-proxy-as-e06"))).toEqual(["E06"]);
    expect(connectivityLegacy(["E00", "E01", "E02"], ctxWith("legacy-ntlm-as-e03"))).toEqual(["E03"]);
    expect(connectivityLegacy(["E02"], ctxWith("legacy-ntlm-as-e03"))).toEqual(["E02"]);
    expect(connectivityLegacy(["E06"], ctxWith("legacy-https-as-e02"))).toEqual(["E02"]);
    expect(connectivityLegacy(["E05"], ctxWith("legacy-proxy-as-e06", "legacy-https-as-e02"))).toEqual(["E05"]);
  });
});
