// End to end: an emulator with an account directory is killed (SIGKILL, no goodbye) and started again on the same
// directory, as the next lab's platform: the appliance polling with its ID is still activated, under the same ID;
// and what the rig reads of a lasting account's activation.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { PollActivated, PollAwaitingActivation, PollResponse } from "../../netns/services/platform/api.ts";
import { startPlatform, type PlatformService } from "../../netns/services/platform/launch.ts";
import { curlIn, makeTestLab, type PlatformTestLab } from "../../netns/services/platform/testlab.ts";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import { ACCOUNT_FILE } from "../../netns/services/platform/account.ts";
import { PlatformState } from "../../netns/services/platform/state.ts";
import { activationIn } from "./account.ts";
import { Portal } from "./portal.ts";

let lab: PlatformTestLab;
const running: PlatformService[] = [];

beforeAll(async () => {
  lab = await makeTestLab(Deadline.in(15_000, "platform test lab"));
});
afterAll(async () => {
  for (const p of running) await p.stop();
  await lab?.remove();
});

const start = async (name: string) => {
  const p = await startPlatform({ ns: lab.cloud, dir: join(lab.dir, name), address: lab.cloudAddress, ownerPid: process.pid, accountDir: join(lab.dir, "account") }, Deadline.in(30_000, "platform start"));
  running.push(p);
  return p;
};

async function poll(p: PlatformService, body: object): Promise<PollResponse> {
  const out = await curlIn(lab.client, { name: p.names[0]!, address: lab.cloudAddress, port: p.port, caCert: p.pki.caCert }, ["--max-time", "10", "-H", "content-type: application/json", "-d", JSON.stringify(body), `${p.url}/appliance/v1/poll`]);
  expect(out.exitCode, out.stderr).toBe(0);
  expect(out.httpCode, out.body).toBe(200);
  return JSON.parse(out.body) as PollResponse;
}

const me = { serial: "30777", mac: "00:50:56:b3:0b:77" };

it("keeps the activation and the appliance ID across a killed emulator and a new one (a new lab) on the same account", async () => {
  const first = await start("lab1");
  const waiting = (await poll(first, me)) as PollAwaitingActivation;
  expect(waiting.state).toBe("activation-code");
  await new Portal(first.portalSocket).activate(waiting.activationCode, "acct");
  await new Portal(first.portalSocket).setVlans(waiting.applianceId, [{ id: 7, address: "192.168.7.9/24" }]);
  process.kill(first.pid, "SIGKILL");
  await pollUntil(() => { try { process.kill(first.pid, 0); return undefined; } catch { return true; } }, Deadline.in(5000, `emulator pid ${first.pid} gone after SIGKILL`));

  const second = await start("lab2");
  const again = (await poll(second, { ...me, applianceId: waiting.applianceId })) as PollActivated;
  expect(again).toMatchObject({ state: "activated", applianceId: waiting.applianceId, name: "is_acct" });
  expect(again.settings.vlans).toEqual([{ id: 7, address: "192.168.7.9/24" }]);
  expect(await new Portal(second.portalSocket).appliance(waiting.applianceId)).toMatchObject({ activation: "activated", owner: "acct" });
});

it("reads the activation a lasting account records (by serial), or none", () => {
  const dir = mkdtempSync(join(tmpdir(), "hil-account-read-"));
  try {
    expect(activationIn(dir, "bench1", me.serial)).toBeNull();
    const at = Date.parse("2026-03-04T05:06:07Z");
    const state = new PlatformState({ seed: "s", pollIntervalSeconds: 60, latest: { software: "6.7.20-1", signatures: "2.2.245-2" }, offlineAfterMissed: 2, scanCapacityPercent: 18, clock: () => at, accountFile: join(dir, ACCOUNT_FILE) });
    const waiting = state.poll(me, "10.78.0.2", "/appliance/v1/poll") as PollAwaitingActivation;
    expect(activationIn(dir, "bench1", me.serial)).toBeNull();
    state.activate(waiting.activationCode, "qa");
    expect(activationIn(dir, "bench1", me.serial)).toEqual({ appliance: "bench1", at: new Date(at), account: dir });
    expect(activationIn(dir, "bench1", "99999")).toBeNull();
    expect(activationIn(dir, "bench1")).toEqual({ appliance: "bench1", at: new Date(at), account: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
