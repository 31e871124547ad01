// Scans on the vlan preset (LAN = 802.1Q trunk, DHCP on VLAN 100): probes leave tagged with the UI VLAN, a portal VLAN
// gets its own tag, S1 is lit while scanning, results reach the platform; the untagged-scan defect is seen on the wire.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anyOf, arp, onVlan, startCapture, untagged, ipTo } from "../../harness/capture/index.ts";
import { Portal } from "../../harness/platform/portal.ts";
import type { Lab } from "../../netns/lab/lab.ts";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import { connectionCheck, type PollAnswer } from "./check.ts";
import { Scanner, expandTargets } from "./scan.ts";
import { Poller } from "./poll.ts";
import { applyReject } from "../../netns/faults/index.ts";
import { config, dutContext, labUp, portalSocket } from "./testkit.ts";
import type { NetDefectName } from "../defects.ts";

let lab: Lab;
let portal: Portal;
let id = "";
beforeAll(async () => {
  lab = await labUp("vlan");
  portal = new Portal(portalSocket(lab));
}, 90_000);
afterAll(async () => {
  await lab?.down();
});

const cfg = config({ vlan: 100, activated: true });
async function scanOnce(job: { targets: string[]; vlanId?: number }, pcap: string, defects: NetDefectName[] = []) {
  const ctx = await dutContext(lab, { defects });
  const { outcome, applied } = await connectionCheck(cfg, ctx);
  if (outcome.kind === "activation-code") {
    id = (await portal.activate(outcome.code, "scan")).id;
  } else if (outcome.kind !== "ready") throw new Error(JSON.stringify(outcome));
  id ||= (outcome as { answer: PollAnswer }).answer.applianceId!;
  const scan = await portal.launchScan(id, { title: pcap, ...job });
  await using cap = await startCapture({ ns: lab.ns("dut"), iface: "lan0", file: lab.path(`${pcap}.pcap`), filter: "icmp or arp or vlan", deadline: Deadline.in(10_000) });
  const polled = await connectionCheck(cfg, ctx, { applied });
  if (polled.outcome.kind !== "ready") throw new Error(JSON.stringify(polled.outcome));
  const scanner = new Scanner(cfg, ctx, applied);
  const runs = scanner.handle(polled.outcome.answer);
  const litWhileScanning = scanner.s1;
  await Promise.all(runs);
  await cap.stop();
  const view = await pollUntil(async () => {
    const s = await portal.scan(scan.id);
    return s.state === "finished" ? s : undefined;
  }, Deadline.in(10_000, "scan finished on the platform"));
  return { litWhileScanning, s1After: scanner.s1, frames: await cap.frames(), view };
}

describe("scans", () => {
  it("expands targets (address, CIDR, range)", () => {
    expect(expandTargets(["10.0.0.1", "10.0.1.0/30", "10.0.2.1-10.0.2.3"])).toEqual(["10.0.0.1", "10.0.1.1", "10.0.1.2", "10.0.2.1", "10.0.2.2", "10.0.2.3"]);
  });

  it("UI VLAN 100: probes tagged 100, S1 lit while scanning, results uploaded", async () => {
    const r = await scanOnce({ targets: ["10.77.101.21"] }, "vlan100");
    expect(r.litWhileScanning).toBe(true);
    expect(r.s1After).toBe(false);
    const probes = r.frames.filter((f) => ipTo("10.77.101.21").test(f));
    expect(probes.length).toBeGreaterThan(0);
    expect(probes.every((f) => onVlan(100).test(f))).toBe(true);
    expect(r.view.results).toEqual([expect.objectContaining({ target: "10.77.101.21", icmp: true })]);
  }, 120_000);

  it("portal VLAN 200: probes tagged 200", async () => {
    await lab.addVlan("lanrtr", "trunk0", 200);
    await lab.exec("lanrtr", "ip", ["addr", "add", "10.77.200.1/24", "dev", "trunk0.200"]);
    await portal.setVlans(id, [{ id: 200, address: "10.77.200.5/24", gateway: "10.77.200.1" }]);
    const r = await scanOnce({ targets: ["10.77.200.1"], vlanId: 200 }, "vlan200");
    const probes = r.frames.filter((f) => ipTo("10.77.200.1").test(f));
    expect(probes.length).toBeGreaterThan(0);
    expect(probes.every((f) => onVlan(200).test(f))).toBe(true);
    expect(r.view.results).toEqual([expect.objectContaining({ target: "10.77.200.1", icmp: true })]);
  }, 120_000);

  it("defect untagged-scan: probes leave untagged", async () => {
    const r = await scanOnce({ targets: ["10.77.101.21"] }, "untagged", ["untagged-scan"]);
    expect(r.frames.filter((f) => untagged().and(anyOf(ipTo("10.77.101.21"), arp("request", "10.77.101.21"))).test(f)).length).toBeGreaterThan(0);
  }, 120_000);

  it("a configuration change cancels the running scan: the probe process ends, S1 goes off, the platform sees it cancelled", async () => {
    const ctx = await dutContext(lab);
    const { outcome, applied } = await connectionCheck(cfg, ctx);
    if (outcome.kind !== "ready") throw new Error(JSON.stringify(outcome));
    const scan = await portal.launchScan(id, { title: "long", targets: ["10.77.101.100-10.77.101.140"] });
    const polled = await connectionCheck(cfg, ctx, { applied });
    const scanner = new Scanner(cfg, ctx, applied);
    const runs = scanner.handle((polled.outcome as { answer: PollAnswer }).answer);
    await pollUntil(async () => ((await portal.scan(scan.id)).state === "running" ? true : undefined), Deadline.in(20_000, "scan running"));
    expect(scanner.s1).toBe(true);
    scanner.cancelAll();
    await Promise.all(runs);
    expect(scanner.s1).toBe(false);
    expect((await portal.scan(scan.id)).state).toBe("cancelled");
  }, 120_000);

  it("COMMUNICATION FAILURE while scanning shows only after the running scan has ended (S1 off)", async () => {
    const ctx = await dutContext(lab, { timeScale: 0.01 });
    const { outcome, applied } = await connectionCheck(cfg, ctx);
    if (outcome.kind !== "ready") throw new Error(JSON.stringify(outcome));
    await portal.setPollingInterval(id, 60);
    await portal.launchScan(id, { title: "during failure", targets: ["10.77.101.100-10.77.101.102"] });
    const scanner = new Scanner(cfg, ctx, applied);
    const seen: { state: string; s1: boolean }[] = [];
    const poller = new Poller(cfg, ctx, applied, outcome, {
      onAnswer: (a) => void scanner.handle(a),
      onState: (st) => seen.push({ state: st.kind, s1: scanner.s1 }),
      scanning: () => scanner.s1,
      scansTimedOut: () => scanner.idle(),
    });
    await poller.pollOnce();
    expect(scanner.s1).toBe(true);
    const fault = await applyReject(lab.ns("lanrtr"), lab.prefix, { address: "10.77.9.10", port: 443 });
    try {
      expect((await poller.pollOnce()).kind).toBe("communication-failure");
    } finally {
      await fault.remove();
    }
    expect(seen).toEqual([{ state: "communication-failure", s1: false }]);
  }, 120_000);
});
