// Connection check on the standard preset: DHCP to the activation code, name-and-IP after activation, and the
// faults of the LAN/DNS/platform rows produced with real network conditions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Portal } from "../../harness/platform/portal.ts";
import type { Lab } from "../../netns/lab/lab.ts";
import { applyLinkDown, applyDrop, applyReject, applyDnsUnreachable } from "../../netns/faults/index.ts";
import { Deadline } from "../../netns/util/deadline.ts";
import { errorById } from "../../fixtures/manual/index.ts";
import { connectionCheck } from "./check.ts";
import { config, dutContext, labUp, portalSocket } from "./testkit.ts";

let lab: Lab;
beforeAll(async () => {
  lab = await labUp("standard");
}, 90_000);
afterAll(async () => {
  await lab?.down();
});

const errText = async (ctxP: ReturnType<typeof dutContext>, cfg = config(), configuringProxy = false) => {
  const { outcome } = await connectionCheck(cfg, await ctxP, { configuringProxy });
  return outcome.kind === "error" ? outcome.error.id : outcome.kind;
};

describe("standard DHCP", () => {
  it("reaches the activation code, then name and IP after activation through the portal", async () => {
    const ctx = await dutContext(lab);
    const first = await connectionCheck(config(), ctx);
    expect(first.outcome.kind).toBe("activation-code");
    if (first.outcome.kind !== "activation-code") return;
    expect(first.outcome.code).toMatch(/^\d{12}$/);
    expect(first.applied.lan.address).toMatch(/^10\.77\.1\.1\d\d$/);
    await new Portal(portalSocket(lab)).activate(first.outcome.code, "jdoe");
    const second = await connectionCheck(config({ activated: true }), ctx, { applied: first.applied });
    expect(second.outcome).toMatchObject({ kind: "ready", name: "is_jdoe", ip: first.applied.lan.address });
  }, 60_000);

  it("link down: LAN has no IPv4 address; while configuring the proxy, no CARRIER on LAN interface", async () => {
    const f = await applyLinkDown(lab.ns("lanrtr"), "dut");
    try {
      expect(await errText(dutContext(lab))).toBe("no-ipv4-lan");
      expect(await errText(dutContext(lab), config(), true)).toBe("no-carrier-lan");
      expect(await errText(dutContext(lab, { defects: ["carrier-always"] }))).toBe("no-carrier-lan");
    } finally {
      await f.remove();
    }
  }, 30_000);

  it("platform dropped: Timeout was reached (28); rejected: Error connect to server (07)", async () => {
    const drop = await applyDrop(lab.ns("lanrtr"), lab.prefix, { address: "10.77.9.10", port: 443 });
    try {
      expect(await errText(dutContext(lab))).toBe("curl-28");
    } finally {
      await drop.remove();
    }
    const rej = await applyReject(lab.ns("lanrtr"), lab.prefix, { address: "10.77.9.10", port: 443 });
    try {
      expect(await errText(dutContext(lab))).toBe("curl-7");
    } finally {
      await rej.remove();
    }
  }, 60_000);

  it("DNS server unreachable (dropped and refused): LAN DNS server not reachable", async () => {
    for (const mode of ["drop", "reject"] as const) {
      const f = await applyDnsUnreachable(lab.ns("dut"), lab.prefix, "10.77.1.1", mode);
      try {
        expect(await errText(dutContext(lab))).toBe("dns-unreachable-lan");
        if (mode === "drop") expect(await errText(dutContext(lab, { defects: ["wrong-dns-error"] }))).toBe("dns-platform-lan");
      } finally {
        await f.remove();
      }
    }
  }, 60_000);

  it("platform faults: 401, 500, mid-stream close (56), bad certificate", async () => {
    const portal = new Portal(portalSocket(lab));
    const cases = [["http-401", "platform-http-401"], ["http-500", "platform-http-500"], ["close-mid-response", "curl-56"], ["close-mid-request", "curl-56"], ["untrusted-certificate", "ssl-peer-cert"]] as const;
    for (const [fault, id] of cases) {
      await portal.injectFault(fault);
      try {
        expect(await errText(dutContext(lab)), fault).toBe(id);
      } finally {
        await portal.clearFault();
      }
    }
    expect(errorById("ssl-peer-cert").text).toBe("SSL peer cert was not OK");
  }, 90_000);
});
