// Platform faults, switched on the live server from the portal, seen by real curl as the appliance sees them
// (manual: "Qualys Platform Connectivity Errors", "Communication Failure message").
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { PollAwaitingActivation } from "../../netns/services/platform/api.ts";
import { startPlatform, type PlatformService } from "../../netns/services/platform/launch.ts";
import { curlIn, makeTestLab, type CurlOutcome, type PlatformTestLab } from "../../netns/services/platform/testlab.ts";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import { Portal } from "./portal.ts";

let lab: PlatformTestLab;
let platform: PlatformService;
let portal: Portal;
const me = { serial: "31001", mac: "00:50:56:b3:0c:01" };

beforeAll(async () => {
  lab = await makeTestLab(Deadline.in(15_000, "platform fault lab"));
  platform = await startPlatform({ ns: lab.cloud, dir: join(lab.dir, "platform"), address: lab.cloudAddress, moreAddresses: [lab.cloudAddress6], ownerPid: process.pid }, Deadline.in(30_000, "platform start"));
  portal = new Portal(platform.portalSocket);
});

afterAll(async () => {
  await platform?.stop();
  await lab?.remove();
});

afterEach(async () => {
  await portal.clearFault();
});

/** One appliance request with curl from the client namespace (`caCert` defaults to the run's trusted CA). */
function curl(args: string[], caCert = platform.pki.caCert, address = lab.cloudAddress): Promise<CurlOutcome> {
  return curlIn(lab.client, { name: platform.names[0]!, address, port: platform.port, caCert }, args);
}

const pollArgs = (maxTime = 10) => ["--max-time", String(maxTime), "-X", "POST", "-H", "content-type: application/json", "-d", JSON.stringify(me), `${platform.url}/appliance/v1/poll`];

async function pollsRecorded(): Promise<number> {
  const app = (await portal.appliances()).find((a) => a.serial === me.serial);
  return app ? (await portal.heartbeats(app.id)).length : 0;
}

describe("platform faults and the curl exit code the appliance sees", () => {
  it("answers normally with no fault", async () => {
    const out = await curl(pollArgs());
    expect([out.exitCode, out.httpCode]).toEqual([0, 200]);
    expect((JSON.parse(out.body) as PollAwaitingActivation).state).toBe("activation-code");
  });

  it.each([
    ["http-401", 401, "Unexpected QG HTTP/401"],
    ["http-500", 500, "Unexpected QG HTTP/500"],
  ] as const)("%s: curl exits 0 with HTTP %i (the appliance shows %s) and no heartbeat is counted", async (kind, status, _shown) => {
    const before = await pollsRecorded();
    await portal.injectFault(kind);
    const out = await curl(pollArgs());
    expect([out.exitCode, out.httpCode]).toEqual([0, status]);
    expect(JSON.parse(out.body).error.message).toMatch(/fault injected by the emulator/);
    expect(await pollsRecorded()).toBe(before);
  });

  it("never-answer: the connection is accepted, nothing comes back, curl --max-time 2 exits 28", async () => {
    await portal.injectFault("never-answer");
    const started = performance.now();
    const out = await curl(pollArgs(2));
    expect(out.exitCode, out.stderr).toBe(28);
    expect(out.stderr).toMatch(/Operation timed out after \d+ milliseconds with 0 bytes received/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1900);
    expect((await portal.requests()).at(-1)).toMatchObject({ method: "POST", path: "/appliance/v1/poll", fault: "never-answer", sourceAddress: lab.clientAddress });
  });

  it("close-mid-request: a reset after the request headers gives curl 56 for a poll, 55 or 56 for a large upload", async () => {
    await portal.injectFault("close-mid-request");
    const small = await curl(pollArgs());
    expect([small.exitCode, small.httpCode], small.stderr).toEqual([56, 0]);
    expect(small.stderr).toMatch(/Recv failure: Connection reset by peer/);
    const big = join(lab.dir, "results.json");
    await writeFile(big, JSON.stringify({ ...me, results: Array.from({ length: 100_000 }, (_, i) => ({ host: `10.1.${i % 250}.${i % 200}`, n: i })) }));
    const upload = await curl(["--max-time", "10", "-H", "Expect:", "-X", "POST", "-H", "content-type: application/json", "--data-binary", `@${big}`, `${platform.url}/appliance/v1/scans/scan-00001/results`]);
    // Which of the two depends on whether curl is in send() or recv() when the reset lands: both are seen under load.
    expect([55, 56], upload.stderr).toContain(upload.exitCode);
  });

  it("close-mid-response: HTTP 200 and half the body arrive, then a reset gives curl 56", async () => {
    await portal.injectFault("close-mid-response");
    const out = await curl(pollArgs());
    expect([out.exitCode, out.httpCode], out.stderr).toEqual([56, 200]);
    expect(out.body.length).toBe(1024);
    expect(out.stderr).toMatch(/Recv failure: Connection reset by peer/);
  });

  it("untrusted-certificate: a cert from the second CA makes curl exit 60; trusting that CA instead shows it is otherwise valid", async () => {
    await portal.injectFault("untrusted-certificate", { count: 2 });
    const out = await curl(pollArgs());
    expect(out.exitCode, out.stderr).toBe(60);
    expect(out.stderr).toMatch(/SSL certificate problem: unable to get local issuer certificate/);
    const withOtherCa = await curl(pollArgs(), platform.pki.untrustedCaCert);
    expect([withOtherCa.exitCode, withOtherCa.httpCode], withOtherCa.stderr).toEqual([0, 200]);
    expect((await portal.fault()).active).toBeNull();
  });

  it("a fault with a count ends by itself; the live server is never restarted", async () => {
    const pid = (await portal.health()).pid;
    await portal.injectFault("http-500", { count: 1 });
    expect((await portal.fault()).active).toEqual({ kind: "http-500", remaining: 1 });
    expect((await curl(pollArgs())).httpCode).toBe(500);
    expect((await curl(pollArgs())).httpCode).toBe(200);
    expect((await portal.health()).pid).toBe(pid);
    expect((await portal.fault()).hits["http-500"]).toBeGreaterThanOrEqual(2);
  });

  it("rejects an unknown fault kind naming the field and the choices", async () => {
    const error = await portal.injectFault("unplug" as "http-500").catch((e: Error) => e);
    expect((error as Error).message).toBe(
      'Expected `fault.kind` to be one of "http-401", "http-500", "never-answer", "close-mid-request", "close-mid-response", "untrusted-certificate", got "unplug" in request',
    );
  });
});

describe("stopping with a hung connection", () => {
  it("drops connections held by never-answer, so stop does not wait for the appliance's timeout", async () => {
    const other = await startPlatform({ ns: lab.cloud, dir: join(lab.dir, "hung"), address: lab.cloudAddress, port: 8443, pki: platform.pki }, Deadline.in(30_000));
    const otherPortal = new Portal(other.portalSocket);
    await otherPortal.injectFault("never-answer");
    const target = { name: other.names[0]!, address: lab.cloudAddress, port: 8443, caCert: other.pki.caCert };
    const hung = curlIn(lab.client, target, ["--max-time", "30", "-X", "POST", "-d", JSON.stringify(me), `${other.url}/appliance/v1/poll`]);
    await pollUntil(async () => ((await otherPortal.requests()).some((r) => r.fault === "never-answer") ? true : undefined), Deadline.in(10_000, "the hung request"));
    const started = performance.now();
    await other.stop();
    const out = await hung;
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(out.exitCode, out.stderr).not.toBe(28);
    expect(out.stderr).toMatch(/curl: \((52|56)\)/);
  });
});

describe("IPv6 and one appliance among several", () => {
  it("answers polls over IPv6 (IPv6-only appliances) and records the IPv6 source address", async () => {
    const out = await curl(pollArgs(), platform.pki.caCert, lab.cloudAddress6);
    expect([out.exitCode, out.httpCode], out.stderr).toEqual([0, 200]);
    const app = (await portal.appliances()).find((a) => a.serial === me.serial)!;
    expect((await portal.heartbeats(app.id)).at(-1)).toMatchObject({ sourceAddress: lab.clientAddress6, path: "/appliance/v1/poll" });
  });

  it("scopes a fault to one source address", async () => {
    await portal.injectFault("http-401", { from: lab.clientAddress });
    expect((await curl(pollArgs())).httpCode).toBe(401);
    expect((await curl(pollArgs(), platform.pki.caCert, lab.cloudAddress6)).httpCode).toBe(200);
    expect((await portal.fault()).active).toEqual({ kind: "http-401", remaining: null, from: lab.clientAddress });
  });
});

describe("Communication Failure as the portal sees it", () => {
  it("goes offline while polls fail and back online after the next successful poll", async () => {
    const first = JSON.parse((await curl(pollArgs())).body) as PollAwaitingActivation;
    await portal.setPollingInterval(first.applianceId, 0.2);
    await portal.injectFault("http-500");
    const failing = await curl(pollArgs());
    expect(failing.httpCode).toBe(500);
    const offline = await portal.waitForAppliance((a) => a.id === first.applianceId && a.status === "offline", Deadline.in(5000), "the appliance to go offline");
    expect(offline.heartbeatChecksMissed).toBeGreaterThanOrEqual(2);
    await portal.clearFault();
    expect((await curl(pollArgs())).httpCode).toBe(200);
    expect(await portal.appliance(first.applianceId)).toMatchObject({ status: "online", heartbeatChecksMissed: 0 });
  });
});
