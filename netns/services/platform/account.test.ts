// The account that outlives a lab: the state loads it and writes every change whole; a bad file is named precisely.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { PollActivated, PollAwaitingActivation } from "./api.ts";
import { AccountError, loadAccount } from "./account.ts";
import { PlatformState } from "./state.ts";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function accountFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "hil-account-test-"));
  dirs.push(dir);
  return join(dir, "nested", "account.json");
}

const options = { seed: "test", pollIntervalSeconds: 60, latest: { software: "6.7.20-1", signatures: "2.2.245-2" }, offlineAfterMissed: 2, scanCapacityPercent: 18 };
const A = { serial: "30001", mac: "00:50:56:B3:0B:89" };
const poll = (s: PlatformState, extra: object = {}) => s.poll({ ...A, ...extra }, "10.78.0.2", "/appliance/v1/poll");

describe("the platform account across emulator starts", () => {
  it("keeps activation, appliance ID, name, portal settings and versions; heartbeats are the run's own", () => {
    const file = accountFile();
    const first = new PlatformState({ ...options, accountFile: file });
    const waiting = poll(first, { versions: { software: "6.7.19-1", signatures: "2.2.240-1" } }) as PollAwaitingActivation;
    first.activate(waiting.activationCode, "qa");
    first.setVlans(waiting.applianceId, [{ id: 12, address: "192.168.12.5/24" }]);
    first.setSyslog({ enabled: true, protocol: "udp", server: "10.0.0.9" });
    first.setPolling(waiting.applianceId, 30);

    // A new state on the same file: the next lab's emulator. The appliance polls with the ID it was given.
    const second = new PlatformState({ ...options, seed: "another-seed", accountFile: file });
    const again = poll(second, { applianceId: waiting.applianceId }) as PollActivated;
    expect(again).toMatchObject({ state: "activated", applianceId: waiting.applianceId, name: "is_qa", pollIntervalSeconds: 30 });
    expect(again.settings.vlans).toEqual([{ id: 12, address: "192.168.12.5/24" }]);
    expect(again.settings.syslog).toEqual({ enabled: true, protocol: "udp", port: 514, server: "10.0.0.9" });
    const view = second.view(waiting.applianceId);
    expect(view).toMatchObject({ activation: "activated", owner: "qa", versions: { software: "6.7.19-1", signatures: "2.2.240-1" } });
    expect(second.registry.get(waiting.applianceId).heartbeats).toHaveLength(1);
    // A used activation code stays used.
    expect(() => second.activate(waiting.activationCode, "other")).toThrow(/already/i);
  });

  it("without an account file, a new emulator forgets the appliance (the lab's throw-away platform)", () => {
    const first = new PlatformState(options);
    const waiting = poll(first) as PollAwaitingActivation;
    first.activate(waiting.activationCode, "qa");
    expect(() => poll(new PlatformState(options), { applianceId: waiting.applianceId })).toThrow("This scan_id does not exist");
  });

  it("writes the file whole on each change (no temporary file left) and a removal is kept too", () => {
    const file = accountFile();
    const state = new PlatformState({ ...options, accountFile: file });
    expect(loadAccount(file)).toEqual({ version: 1, appliances: [], syslog: { enabled: false } });
    const waiting = poll(state) as PollAwaitingActivation;
    expect(loadAccount(file)!.appliances.map((a) => a.id)).toEqual([waiting.applianceId]);
    expect(readdirSync(join(file, ".."))).toEqual(["account.json"]);
    expect(readFileSync(file, "utf8")).not.toContain("heartbeats");
    state.removeAppliance(waiting.applianceId);
    expect(() => poll(new PlatformState({ ...options, accountFile: file }), { applianceId: waiting.applianceId })).toThrow("This scan_id does not exist");
  });

  it("refuses a bad account file, naming the file, the field, what was expected and what was found", () => {
    const file = accountFile();
    new PlatformState({ ...options, accountFile: file });
    const good = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...good, appliances: [{ id: "x" }] }));
    expect(() => new PlatformState({ ...options, accountFile: file })).toThrow(new AccountError(`Expected \`appliances[0].id\` to be up to 20 digits, got "x" in platform account ${file}`));
    writeFileSync(file, JSON.stringify({ ...good, extra: 1 }));
    expect(() => loadAccount(file)).toThrow(`Expected \`extra\` to be absent (not a known field), got 1 in platform account ${file}`);
    writeFileSync(file, "{");
    expect(() => loadAccount(file)).toThrow(`Expected JSON in platform account ${file}`);
    const record = { id: "123", serial: "30001", mac: "00:50:56:b3:0b:89", activationCode: "123456789012", registeredAt: 1, latest: { software: "1", signatures: "2" }, pollIntervalSeconds: 60, enabled: true, vlans: [{ id: 5000, address: "10.0.0.1/24" }], staticRoutes: [], ipv6Scanning: { mode: "off" } };
    writeFileSync(file, JSON.stringify({ ...good, appliances: [record] }));
    expect(() => loadAccount(file)).toThrow(/`vlans\[0\]\.id`.*5000.* at appliances\[0\]\.vlans in platform account /);
  });
});
