// Platform state without the network: registration, activation, heartbeats, capacity, scans and updates (clock injected).
import { describe, expect, it } from "vitest";
import type { PollActivated, PollAwaitingActivation } from "./api.ts";
import { PlatformError } from "./messages.ts";
import { PlatformState } from "./state.ts";

function platform() {
  let now = Date.parse("2026-01-01T00:00:00Z");
  const state = new PlatformState({
    seed: "test", pollIntervalSeconds: 60, latest: { software: "6.7.20-1", signatures: "2.2.245-2" }, offlineAfterMissed: 2, scanCapacityPercent: 18,
    clock: () => now,
  });
  return { state, advance: (ms: number) => (now += ms) };
}

const A = { serial: "30001", mac: "00:50:56:B3:0B:89" };
const B = { serial: "12345", mac: "00:50:56:b3:0b:8a" };

async function rejects(fn: () => unknown): Promise<PlatformError> {
  try {
    fn();
  } catch (error) {
    if (error instanceof PlatformError) return error;
    throw error;
  }
  throw new Error("expected a PlatformError");
}

describe("registration and activation (manual: Quick Start)", () => {
  it("gives each appliance its own activation code, stable across polls", () => {
    const { state } = platform();
    const first = state.poll(A, "10.78.0.2", "/appliance/v1/poll") as PollAwaitingActivation;
    const again = state.poll({ ...A, mac: A.mac.toLowerCase() }, "10.78.0.2", "/appliance/v1/poll") as PollAwaitingActivation;
    const other = state.poll(B, "10.78.0.3", "/appliance/v1/poll") as PollAwaitingActivation;
    expect(first.state).toBe("activation-code");
    expect(first.activationCode).toMatch(/^[1-9][0-9]{11}$/);
    expect(again.activationCode).toBe(first.activationCode);
    expect(other.activationCode).not.toBe(first.activationCode);
    expect(state.list()).toHaveLength(2);
  });

  it("names the activated appliance is_<username> and then pushes its settings", async () => {
    const { state } = platform();
    const { activationCode, applianceId } = state.poll(A, "10.78.0.2", "/p") as PollAwaitingActivation;
    expect(state.activate(activationCode, "quays_ab").name).toBe("is_quays_ab");
    state.setSyslog({ enabled: true, protocol: "udp", server: "10.78.0.9" });
    state.setVlans(applianceId, [{ id: 20, address: "192.168.20.5/24" }]);
    const polled = state.poll(A, "10.78.0.2", "/p") as PollActivated;
    expect(polled).toMatchObject({ state: "activated", name: "is_quays_ab", versions: { software: "6.7.20-1" }, update: null });
    expect(polled.settings).toEqual({
      vlans: [{ id: 20, address: "192.168.20.5/24" }], staticRoutes: [], ipv6Scanning: { mode: "off" },
      syslog: { enabled: true, protocol: "udp", port: 514, server: "10.78.0.9" },
    });
    expect((await rejects(() => state.activate(activationCode, "other"))).status).toBe(409);
  });

  it("refuses an unknown code and settings for an appliance not yet activated", async () => {
    const { state } = platform();
    const { applianceId } = state.poll(A, "10.78.0.2", "/p") as PollAwaitingActivation;
    expect((await rejects(() => state.activate("000000000000", "u"))).message).toBe('No appliance is waiting for activation code "000000000000"');
    expect((await rejects(() => state.setRoutes(applianceId, []))).message).toBe(
      `Appliance ${applianceId} is not activated yet; activate it with its activation code first`,
    );
  });

  it("refuses a portal VLAN that the appliance UI already defines", async () => {
    const { state } = platform();
    const { activationCode, applianceId } = state.poll({ ...A, consoleVlan: 30 }, "10.78.0.2", "/p") as PollAwaitingActivation;
    state.activate(activationCode, "u");
    const e = await rejects(() => state.setVlans(applianceId, [{ id: 31, address: "10.1.1.2/24" }, { id: 30, address: "10.1.2.2/24" }]));
    expect(e.message).toBe("VLAN 30 at vlans[1] is defined in the appliance UI and can't be edited using the Qualys UI");
  });
});

describe("appliance list (manual: We recommend one more thing)", () => {
  it("counts missed heartbeat checks and goes offline", () => {
    const { state, advance } = platform();
    const { applianceId } = state.poll(A, "10.78.0.2", "/p");
    expect(state.view(applianceId)).toMatchObject({ status: "online", heartbeatChecksMissed: 0, lastHeartbeat: { sourceAddress: "10.78.0.2", path: "/p" } });
    advance(89_000);
    expect(state.view(applianceId).heartbeatChecksMissed).toBe(0);
    advance(2_000);
    expect(state.view(applianceId)).toMatchObject({ status: "online", heartbeatChecksMissed: 1 });
    advance(60_000);
    expect(state.view(applianceId)).toMatchObject({ status: "offline", heartbeatChecksMissed: 2 });
    state.poll(A, "10.78.0.2", "/p");
    expect(state.view(applianceId)).toMatchObject({ status: "online", heartbeatChecksMissed: 0 });
  });

  it("keeps capacity at 100% until a scan is launched, busy while it runs, and frees it when it ends", () => {
    const { state } = platform();
    const { activationCode, applianceId } = state.poll(A, "10.78.0.2", "/p") as PollAwaitingActivation;
    state.activate(activationCode, "u");
    expect(state.view(applianceId)).toMatchObject({ availableCapacity: 100, busy: false });
    const scan = state.launchScan(applianceId, { title: "s", targets: ["10.0.0.1"] });
    expect(state.view(applianceId)).toMatchObject({ availableCapacity: 82, busy: true });
    const polled = state.poll(A, "10.78.0.2", "/p") as PollActivated;
    expect(polled.scans).toEqual([{ id: scan.id, action: "start", title: "s", targets: ["10.0.0.1"] }]);
    const app = state.activatedCaller(A);
    state.jobs.reportScan(app, scan.id, { state: "running", progress: 10 }, "t");
    state.jobs.cancel(scan.id, "t");
    expect((state.poll(A, "10.78.0.2", "/p") as PollActivated).scans[0]).toMatchObject({ action: "cancel" });
    state.jobs.reportScan(app, scan.id, { state: "cancelled" }, "t");
    expect(state.view(applianceId)).toMatchObject({ availableCapacity: 100, busy: false });
  });

  it("takes a scan's route only from the appliance's static routes", async () => {
    const { state } = platform();
    const { activationCode, applianceId } = state.poll(A, "x", "/p") as PollAwaitingActivation;
    state.activate(activationCode, "u");
    state.setRoutes(applianceId, [{ destination: "172.16.0.0/12", gateway: "10.0.0.254" }]);
    expect(state.launchScan(applianceId, { title: "r", targets: ["172.16.1.1"], route: "172.16.0.0/12" }).route).toBe("172.16.0.0/12");
    expect((await rejects(() => state.launchScan(applianceId, { title: "r", targets: ["10.1.1.1"], route: "10.0.0.0/8" }))).message).toBe(
      "Expected `scan.route` to be the destination of one of the appliance's static routes (172.16.0.0/12), got \"10.0.0.0/8\" in request",
    );
  });

  it("offers a pushed update until the appliance reports it installed", () => {
    const { state } = platform();
    const { activationCode, applianceId } = state.poll({ ...A, versions: { software: "6.7.20-1", signatures: "2.2.245-2" } }, "x", "/p") as PollAwaitingActivation;
    state.activate(activationCode, "u");
    expect(state.view(applianceId).upToDate).toBe(true);
    const update = state.pushUpdate(applianceId, { software: "6.8.1-1", signatures: "2.2.250-1" });
    expect(state.view(applianceId)).toMatchObject({ upToDate: false, latest: { software: "6.8.1-1" } });
    expect((state.poll(A, "x", "/p") as PollActivated).update).toEqual({ id: update.id, target: { software: "6.8.1-1", signatures: "2.2.250-1" } });
    state.jobs.reportUpdate(state.activatedCaller(A), update.id, { state: "installed" }, "t");
    expect(state.view(applianceId)).toMatchObject({ upToDate: true, versions: { software: "6.8.1-1" } });
    expect((state.poll(A, "x", "/p") as PollActivated).update).toBeNull();
  });
});
