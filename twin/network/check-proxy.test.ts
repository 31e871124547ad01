// Connection check through squid: open, Basic and NTLM proxies reach the activation code and name-and-IP; the proxy
// rows (403, 407, 503, unresolvable proxy name, invalid settings) give the oracle's exact errors; captures show the
// NTLM handshake and that the password never travels as Basic.
import { afterAll, describe, expect, it } from "vitest";
import { startCapture, httpConnectTo } from "../../harness/capture/index.ts";
import { Portal } from "../../harness/platform/portal.ts";
import { applyDrop } from "../../netns/faults/index.ts";
import type { Lab } from "../../netns/lab/lab.ts";
import { Deadline } from "../../netns/util/deadline.ts";
import type { TwinConfig } from "../state/config.ts";
import { connectionCheck } from "./check.ts";
import { config, dutContext, labUp, portalSocket, preset } from "./testkit.ts";
import type { NetDefectName } from "../defects.ts";

const labs: Lab[] = [];
afterAll(async () => {
  await Promise.allSettled(labs.map((l) => l.down()));
});
const up = async (spec: Parameters<typeof labUp>[0]) => {
  const l = await labUp(spec);
  labs.push(l);
  return l;
};
const proxied = (host: string, user = "", password = ""): TwinConfig => config({ proxy: { host, port: "03128", user, password } });
async function outcomeId(lab: Lab, cfg: TwinConfig, defects: NetDefectName[] = [], timeScale = 0.05) {
  const { outcome } = await connectionCheck(cfg, await dutContext(lab, { defects, timeScale }));
  return outcome.kind === "error" ? outcome.error.id : outcome.kind;
}

async function activates(lab: Lab, cfg: TwinConfig) {
  const ctx = await dutContext(lab);
  const first = await connectionCheck(cfg, ctx);
  expect(first.outcome.kind, JSON.stringify(first.outcome)).toBe("activation-code");
  if (first.outcome.kind !== "activation-code") return;
  await new Portal(portalSocket(lab)).activate(first.outcome.code, "proxyuser");
  const second = await connectionCheck({ ...cfg, activated: true }, ctx, { applied: first.applied });
  expect(second.outcome).toMatchObject({ kind: "ready", name: "is_proxyuser" });
}

describe("proxy open", () => {
  it("by IP and by name: activation code then name and IP; unresolvable proxy name; invalid proxy settings", async () => {
    const lab = await up("proxy-open");
    await activates(lab, proxied("010.077.001.003"));
    expect(await outcomeId(lab, proxied("PROXY.LAB.TEST"))).toBe("ready");
    expect(await outcomeId(lab, proxied("NOPROXY.LAB.TEST"))).toBe("dns-proxy-lan");
    expect(await outcomeId(lab, proxied("000.000.000.000"))).toBe("invalid-proxy-ip");
    expect(await outcomeId(lab, proxied("010.077.001.003", "scanner", ""))).toBe("invalid-proxy-auth");
  }, 120_000);
});

describe("proxy basic", () => {
  it("right credentials activate; a wrong password gives unexpected proxy HTTP/407", async () => {
    const lab = await up("proxy-basic");
    await activates(lab, proxied("010.077.001.003", "scanner", "lab-proxy-Pw1"));
    expect(await outcomeId(lab, proxied("010.077.001.003", "scanner", "wrong-Pw2"))).toBe("proxy-http-407");
  }, 120_000);

  it("403 for a denied user, 503 when the proxy cannot reach the platform", async () => {
    const t = await preset("proxy-basic");
    const squid = (t.hosts.proxy!.services as Record<string, Record<string, unknown>>).squid!;
    squid.auth = { scheme: "basic", users: [{ user: "scanner", password: "lab-proxy-Pw1" }, { user: "mallory", password: "lab-proxy-Pw2" }] };
    squid.deny = { users: ["mallory"], destinations: [] };
    squid.connectTimeoutSeconds = 1;
    t.name = "proxy-deny";
    const lab = await up(t);
    expect(await outcomeId(lab, proxied("010.077.001.003", "mallory", "lab-proxy-Pw2"))).toBe("proxy-http-403");
    const drop = await applyDrop(lab.ns("proxy"), lab.prefix, { address: "10.77.9.10" });
    try {
      // The proxy gives up on the platform after 1 s; the appliance waits 30 s scaled (6 s here), so the 503 arrives first.
      expect(await outcomeId(lab, proxied("010.077.001.003", "scanner", "lab-proxy-Pw1"), [], 0.2)).toBe("proxy-http-503");
    } finally {
      await drop.remove();
    }
  }, 120_000);
});

describe("proxy NTLM", () => {
  it("domain\\user uses NTLM (types 1 and 3 on the wire, never Basic) and activates", async () => {
    const lab = await up("proxy-ntlm");
    const cfg = proxied("010.077.001.003", "LAB\\scanner", "ntlm-Pw_1");
    await using cap = await startCapture({ ns: lab.ns("dut"), iface: "lan0", file: lab.path("ntlm.pcap"), filter: "tcp port 3128", deadline: Deadline.in(10_000) });
    await activates(lab, cfg);
    await cap.stop();
    const frames = await cap.frames();
    const auth = frames.filter((f) => f.http?.method === "CONNECT").map((f) => f.http!.proxyAuth);
    expect(auth.some((a) => a?.scheme === "NTLM" && a.ntlmType === 1)).toBe(true);
    expect(auth.some((a) => a?.scheme === "NTLM" && a.ntlmType === 3)).toBe(true);
    expect(frames.filter((f) => httpConnectTo("qualysguard.qualys.test", "Basic").test(f))).toHaveLength(0);
    expect(await outcomeId(lab, proxied("010.077.001.003", "LAB\\mallory", "x"))).toBe("proxy-http-407");
  }, 120_000);

  it("defect ntlm-as-basic: the password goes as Basic (the capture sees it)", async () => {
    const lab = labs.find((l) => l.topology.name === "proxy-ntlm")!;
    await using cap = await startCapture({ ns: lab.ns("dut"), iface: "lan0", file: lab.path("basic.pcap"), filter: "tcp port 3128", deadline: Deadline.in(10_000) });
    await outcomeId(lab, proxied("010.077.001.003", "LAB\\scanner", "ntlm-Pw_1"), ["ntlm-as-basic"]);
    await cap.stop();
    const frames = await cap.frames();
    expect(frames.filter((f) => httpConnectTo("qualysguard.qualys.test", "Basic").test(f)).length).toBeGreaterThan(0);
  }, 60_000);
});
