// End to end: the emulator in a cloud namespace, real curl from a client namespace, the portal client from the host.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PollActivated, PollAwaitingActivation, PollResponse } from "../../netns/services/platform/api.ts";
import { startPlatform, type PlatformService } from "../../netns/services/platform/launch.ts";
import { curlIn, makeTestLab, type CurlOutcome, type PlatformTestLab } from "../../netns/services/platform/testlab.ts";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import { Portal, PortalError } from "./portal.ts";

let lab: PlatformTestLab;
let platform: PlatformService;
let portal: Portal;

beforeAll(async () => {
  lab = await makeTestLab(Deadline.in(15_000, "platform test lab"));
  platform = await startPlatform({ ns: lab.cloud, dir: join(lab.dir, "platform"), address: lab.cloudAddress, ownerPid: process.pid, settings: { pollIntervalSeconds: 2 } }, Deadline.in(30_000, "platform start"));
  portal = new Portal(platform.portalSocket);
});

afterAll(async () => {
  await platform?.stop();
  await lab?.remove();
});

/** The appliance side: curl from the client namespace, as the twin does. */
async function post(path: string, body: unknown, extra: string[] = []): Promise<CurlOutcome> {
  const target = { name: platform.names[0]!, address: lab.cloudAddress, port: platform.port, caCert: platform.pki.caCert };
  return curlIn(lab.client, target, ["--max-time", "10", "-X", "POST", "-H", "content-type: application/json", "-d", JSON.stringify(body), ...extra, `${platform.url}${path}`]);
}

async function poll(identity: { serial: string; mac: string }, extra: object = {}): Promise<PollResponse> {
  const out = await post("/appliance/v1/poll", { ...identity, ...extra });
  expect(out.exitCode, out.stderr).toBe(0);
  expect(out.httpCode, out.body).toBe(200);
  return JSON.parse(out.body) as PollResponse;
}

async function activated(identity: { serial: string; mac: string }, user: string): Promise<string> {
  const first = (await poll(identity)) as PollAwaitingActivation;
  await portal.activate(first.activationCode, user);
  return first.applianceId;
}

describe("activation (manual: Quick Start steps 2-3)", () => {
  const me = { serial: "30512", mac: "00:50:56:b3:0b:01" };

  it("registers on first contact, keeps showing the activation code, then names the appliance is_<username>", async () => {
    const first = (await poll(me, { versions: { software: "6.7.20-1", signatures: "2.2.245-2" }, lanIpv4: "10.78.0.2" })) as PollAwaitingActivation;
    expect(first.state).toBe("activation-code");
    expect((await poll(me)) as PollAwaitingActivation).toMatchObject({ state: "activation-code", activationCode: first.activationCode });
    const listed = await portal.waitForAppliance((a) => a.serial === me.serial, Deadline.in(5000));
    expect(listed).toMatchObject({ activation: "awaiting-activation", activationCode: first.activationCode, status: "online", lanIpv4: "10.78.0.2" });

    const view = await portal.activate(first.activationCode, "quays_qa");
    expect(view).toMatchObject({ name: "is_quays_qa", activation: "activated", availableCapacity: 100, busy: false, upToDate: true, heartbeatChecksMissed: 0 });
    const after = (await poll(me)) as PollActivated;
    expect(after).toMatchObject({ state: "activated", name: "is_quays_qa", pollIntervalSeconds: 2, scans: [], update: null });
    expect(after.versions).toEqual({ software: "6.7.20-1", signatures: "2.2.245-2" });
  });

  it("records each poll as a heartbeat with time, source address and path", async () => {
    const id = (await portal.appliances()).find((a) => a.serial === me.serial)!.id;
    const beats = await portal.heartbeats(id);
    expect(beats.length).toBeGreaterThanOrEqual(3);
    expect(beats.at(-1)).toMatchObject({ applianceId: id, sourceAddress: lab.clientAddress, path: "/appliance/v1/poll" });
    expect(Date.now() - Date.parse(beats.at(-1)!.at)).toBeLessThan(30_000);
  });

  it("activates an appliance by serial once it has polled", async () => {
    const other = { serial: "30513", mac: "00:50:56:b3:0b:09" };
    const [view] = await Promise.all([portal.activateWhenSeen(other.serial, "by_serial", Deadline.in(10_000)), poll(other)]);
    expect(view).toMatchObject({ serial: other.serial, name: "is_by_serial", activation: "activated" });
    const again = await portal.activateWhenSeen(other.serial, "x", Deadline.in(1000)).catch((e: PortalError) => e);
    expect((again as PortalError).message).toBe("Appliance 30513 is already activated as is_by_serial");
  });

  it("records a heartbeat post with its path and the interface the appliance named", async () => {
    const id = (await portal.appliances()).find((a) => a.serial === me.serial)!.id;
    const out = await post("/appliance/v1/heartbeat", { ...me, via: "wan" });
    expect(JSON.parse(out.body)).toEqual({ ok: true, pollIntervalSeconds: 2 });
    expect((await portal.heartbeats(id)).at(-1)).toMatchObject({ path: "/appliance/v1/heartbeat", via: "wan", sourceAddress: lab.clientAddress });
  });

  it("rejects an unknown activation code with the portal's message", async () => {
    const error = await portal.activate("999999999999", "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortalError);
    expect((error as PortalError).status).toBe(404);
    expect((error as PortalError).message).toBe('No appliance is waiting for activation code "999999999999"');
  });
});

describe("settings pushed from the portal", () => {
  const me = { serial: "12001", mac: "00:50:56:b3:0b:02" };
  let id: string;
  beforeAll(async () => {
    id = await activated(me, "settings");
  });

  it("pushes VLANs, static routes, IPv6 scanning and syslog forwarding on the next poll", async () => {
    await portal.setVlans(id, [{ id: 20, address: "192.168.20.5/24", gateway: "192.168.20.1", name: "lab20" }]);
    await portal.setStaticRoutes(id, [{ destination: "172.16.0.0/12", gateway: "10.78.0.254" }]);
    await portal.setIpv6Scanning(id, { mode: "static", address: "2001:db8:78::5", prefixLength: 64 });
    expect(await portal.setSyslog({ enabled: true, protocol: "tcp", server: "syslog.lab.test" })).toEqual({ enabled: true, protocol: "tcp", port: 514, server: "syslog.lab.test" });
    const polled = (await poll(me)) as PollActivated;
    expect(polled.settings).toEqual({
      vlans: [{ id: 20, address: "192.168.20.5/24", gateway: "192.168.20.1", name: "lab20" }],
      staticRoutes: [{ destination: "172.16.0.0/12", gateway: "10.78.0.254" }],
      ipv6Scanning: { mode: "static", address: "2001:db8:78::5", prefixLength: 64 },
      syslog: { enabled: true, protocol: "tcp", port: 514, server: "syslog.lab.test" },
    });
  });

  it("refuses the 100th VLAN on a serial under 29000, naming field, expected and found", async () => {
    const vlans = Array.from({ length: 100 }, (_, i) => ({ id: i + 1, address: `10.9.${i}.2/24` }));
    const error = (await portal.setVlans(id, vlans).catch((e: unknown) => e)) as PortalError;
    expect(error.status).toBe(400);
    expect(error.detail).toEqual({
      message: 'Expected `vlans` to be at most 99 VLANs (serial 12001 is not over 29000), got "100 VLANs" in request',
      field: "vlans", expected: "at most 99 VLANs (serial 12001 is not over 29000)", found: '"100 VLANs"',
    });
    expect((await portal.appliance(id)).settings.vlans).toHaveLength(1);
  });

  it("refuses a bad syslog protocol and a bad static route", async () => {
    const bad = await portal.setSyslog({ enabled: true, protocol: "tls" as "tcp", server: "10.0.0.1" }).catch((e: PortalError) => e);
    expect((bad as PortalError).detail.field).toBe("syslog.protocol");
    const route = await portal.setStaticRoutes(id, [{ destination: "172.16.0.1/12", gateway: "10.78.0.254" }]).catch((e: PortalError) => e);
    expect((route as PortalError).message).toBe('Expected `staticRoutes[0].destination` to be a network address (host bits zero), got "172.16.0.1/12" in request');
  });
});

describe("scans and updates", () => {
  const me = { serial: "40001", mac: "00:50:56:b3:0b:03" };
  let id: string;
  beforeAll(async () => {
    id = await activated(me, "scanner");
    await portal.setVlans(id, [{ id: 55, address: "192.168.55.5/24" }]);
  });

  it("hands a launched scan to the next poll, takes capacity while it runs and stores the results", async () => {
    const scan = await portal.launchScan(id, { title: "LAN sweep", targets: ["192.168.55.0/28"], vlanId: 55 });
    expect(await portal.appliance(id)).toMatchObject({ busy: true, availableCapacity: 82 });
    const polled = (await poll(me)) as PollActivated;
    expect(polled.scans).toEqual([{ id: scan.id, action: "start", title: "LAN sweep", targets: ["192.168.55.0/28"], vlanId: 55 }]);
    expect((await post(`/appliance/v1/scans/${scan.id}/status`, { ...me, state: "running", progress: 40 })).httpCode).toBe(200);
    expect((await post(`/appliance/v1/scans/${scan.id}/results`, { ...me, results: [{ host: "192.168.55.3", open: [22] }] })).httpCode).toBe(200);
    expect((await post(`/appliance/v1/scans/${scan.id}/status`, { ...me, state: "finished" })).httpCode).toBe(200);
    expect(await portal.scan(scan.id)).toMatchObject({ state: "finished", progress: 100, results: [{ host: "192.168.55.3", open: [22] }] });
    expect(await portal.appliance(id)).toMatchObject({ busy: false, availableCapacity: 100 });
  });

  it("cancels a running scan through the next poll", async () => {
    const scan = await portal.launchScan(id, { title: "to cancel", targets: ["192.168.55.9"] });
    await poll(me);
    await post(`/appliance/v1/scans/${scan.id}/status`, { ...me, state: "running" });
    expect((await portal.cancelScan(scan.id)).state).toBe("canceling");
    expect(((await poll(me)) as PollActivated).scans).toEqual([{ id: scan.id, action: "cancel", title: "to cancel", targets: ["192.168.55.9"] }]);
    await post(`/appliance/v1/scans/${scan.id}/status`, { ...me, state: "cancelled" });
    expect((await portal.scan(scan.id)).state).toBe("cancelled");
  });

  it("refuses a scan on a VLAN the appliance does not have", async () => {
    const error = (await portal.launchScan(id, { title: "x", targets: ["10.0.0.1"], vlanId: 99 }).catch((e: unknown) => e)) as PortalError;
    expect(error.message).toBe("Expected `scan.vlanId` to be one of the appliance's VLANs (55), got 99 in request");
  });

  it("offers a pushed software update until the appliance reports it installed", async () => {
    const update = await portal.pushUpdate(id, { software: "6.8.0-2", signatures: "2.2.260-1" });
    expect(((await poll(me, { versions: { software: "6.7.20-1", signatures: "2.2.245-2" } })) as PollActivated).update).toEqual({ id: update.id, target: { software: "6.8.0-2", signatures: "2.2.260-1" } });
    expect(await portal.appliance(id)).toMatchObject({ upToDate: false, latest: { software: "6.8.0-2" } });
    expect((await post(`/appliance/v1/updates/${update.id}/status`, { ...me, state: "installed" })).httpCode).toBe(200);
    expect(await portal.appliance(id)).toMatchObject({ upToDate: true, versions: { software: "6.8.0-2", signatures: "2.2.260-1" } });
    expect(((await poll(me)) as PollActivated).update).toBeNull();
  });

  it("answers an unregistered appliance's report with 403 and the reason", async () => {
    const out = await post("/appliance/v1/heartbeat", { serial: "77777", mac: "00:50:56:b3:0b:77" });
    expect(out.httpCode).toBe(403);
    expect(JSON.parse(out.body).error.message).toBe('Appliance with serial "77777" and MAC "00:50:56:b3:0b:77" is not registered: it must poll first');
  });
});

describe("platform answers of the older appliance model's error table", () => {
  const me = { serial: "29500", mac: "00:50:56:b3:0b:05" };
  let id: string;
  beforeAll(async () => {
    id = await activated(me, "older");
  });

  const errorOf = async (extra: object = {}) => {
    const out = await post("/appliance/v1/poll", { ...me, ...extra });
    return [out.httpCode, JSON.parse(out.body).error] as const;
  };

  it("This Scanner is disabled", async () => {
    expect((await portal.setEnabled(id, false)).enabled).toBe(false);
    expect(await errorOf()).toEqual([403, { message: "This Scanner is disabled", code: "scanner-disabled" }]);
    await portal.setEnabled(id, true);
    expect(((await poll(me)) as PollActivated).name).toBe("is_older");
  });

  it("Account expired", async () => {
    await portal.setSubscriptionExpired(true);
    try {
      expect(await errorOf()).toEqual([403, { message: "Account expired", code: "account-expired" }]);
    } finally {
      await portal.setSubscriptionExpired(false);
    }
    expect((await portal.subscription()).expired).toBe(false);
  });

  it("This scan_id does not exist", async () => {
    await portal.removeAppliance(id);
    expect(await errorOf({ applianceId: id })).toEqual([404, { message: "This scan_id does not exist", code: "unknown-scan-id" }]);
    expect((await portal.appliance(id).catch((e: PortalError) => e)).status).toBe(404);
  });
});

describe("lifecycle", () => {
  it("refuses a second emulator on a busy address, with its log, and leaves nothing behind", async () => {
    const dir = join(lab.dir, "second");
    const error = await startPlatform({ ns: lab.cloud, dir, address: lab.cloudAddress, pki: platform.pki }, Deadline.in(30_000)).catch((e: unknown) => e);
    expect(String(error)).toMatch(/stopped before it was ready \(exit 1\); log:\n[^]*EADDRINUSE/);
    expect(existsSync(dir)).toBe(false);
  });

  it("ends by itself when the process that started it is gone (no leak after a crashed run)", async () => {
    const owner = spawn("sleep", ["60"], { stdio: "ignore" });
    const dir = join(lab.dir, "orphan");
    const orphan = await startPlatform({ ns: lab.cloud, dir, address: lab.cloudAddress, port: 9443, pki: platform.pki, ownerPid: owner.pid! }, Deadline.in(30_000));
    expect((await new Portal(orphan.portalSocket).health()).pid).toBe(orphan.pid);
    owner.kill("SIGKILL");
    const gone = () => {
      try {
        process.kill(orphan.pid, 0);
        return undefined;
      } catch {
        return true;
      }
    };
    await pollUntil(gone, Deadline.in(10_000, `the orphaned emulator ${orphan.pid} to end`));
    expect(existsSync(orphan.portalSocket)).toBe(false);
    await orphan.stop();
  });

  it("stops idempotently and removes its socket and pid file", async () => {
    const dir = join(lab.dir, "third");
    const other = await startPlatform({ ns: lab.cloud, dir, address: lab.cloudAddress, port: 8443, pki: platform.pki }, Deadline.in(30_000));
    expect(existsSync(other.portalSocket)).toBe(true);
    expect((await new Portal(other.portalSocket).health()).pid).toBe(other.pid);
    // Same seed, same appliance: the same activation code as on the first emulator.
    const target = { name: other.names[0]!, address: lab.cloudAddress, port: 8443, caCert: other.pki.caCert };
    const identity = { serial: "30512", mac: "00:50:56:b3:0b:01" };
    const there = await curlIn(lab.client, target, ["-X", "POST", "-d", JSON.stringify(identity), `${other.url}/appliance/v1/poll`]);
    const here = (await portal.appliances()).find((a) => a.serial === identity.serial)!;
    expect(JSON.parse(there.body)).toMatchObject({ activationCode: here.activationCode, applianceId: here.id });
    await Promise.all([other.stop(), other.stop()]);
    await other.stop();
    expect(existsSync(other.portalSocket)).toBe(false);
    expect(existsSync(join(dir, "platform.pid"))).toBe(false);
    expect(() => process.kill(other.pid, 0)).toThrow();
  });
});
