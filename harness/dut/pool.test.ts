// A pool of appliances: each taker gets a free member of the model it needs; busy members are passed over; none
// fitting is said per member; all busy waits, then names every holder. Real lock files, real processes.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import { parseSelector } from "./index.ts";
import { parseInventory } from "./inventory.ts";
import { leaseFitting, NoFittingAppliance, poolMembers, unionOf } from "./pool.ts";

const dir = mkdtempSync(join(tmpdir(), "hil-pool-"));
const ROOT = resolve(import.meta.dirname, "../..");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const box = (name: string, n: number, model: string) => ({ name, tty: `/dev/ttyUSB${n}`, lan: `enp${n}s0`, model, serial: `S-${n}`, power: "none" });
const inventory = parseInventory({ version: 1, appliances: [box("a", 1, "current"), box("b", 2, "current"), box("old", 3, "legacy")] }, "lab.yaml");

/** Another process holding the lease on `name` until killed. */
async function holder(name: string): Promise<ChildProcess> {
  const code = `import { Lease } from ${JSON.stringify(join(ROOT, "harness/dut/lease.ts"))}; await Lease.take(${JSON.stringify(name)}, { waitMs: 0, dir: ${JSON.stringify(dir)} }); console.log("held"); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += String(d)));
  await pollUntil(() => (out.includes("held") ? true : undefined), Deadline.in(20_000, `a holder process to take ${name}`));
  return child;
}

describe("appliance pool", () => {
  it("HIL_DUT names a pool as FILE:A,B or FILE:*; a name given twice is refused", () => {
    expect(parseSelector("/etc/hil/lab.yaml:a,b")).toEqual({ kind: "hardware", file: "/etc/hil/lab.yaml", name: "a", pool: ["a", "b"] });
    expect(parseSelector("lab.yaml:*")).toEqual({ kind: "hardware", file: "lab.yaml", name: "*", pool: "*" });
    expect(() => parseSelector("lab.yaml:a,a")).toThrow('HIL_DUT="lab.yaml:a,a": expected each appliance named once, found a twice');
    expect(poolMembers(inventory, "*").map((a) => a.name)).toEqual(["a", "b", "old"]);
    expect(() => poolMembers(inventory, ["a", "z"])).toThrow("HIL_DUT names appliance z, which lab.yaml does not list (it lists a, b, old)");
  });

  it("gives each taker a free member of its model, passing over one another process holds", async () => {
    const other = await holder("a");
    try {
      const first = await leaseFitting(poolMembers(inventory, "*"), { model: "current" }, { waitMs: 0, dir });
      expect(first.appliance.name).toBe("b");
      const old = await leaseFitting(poolMembers(inventory, "*"), { model: "legacy" }, { waitMs: 0, dir });
      expect(old.appliance.name).toBe("old");
      first.lease.release();
      old.lease.release();
    } finally {
      other.kill("SIGKILL");
    }
  });

  it("says why no member fits, member by member", async () => {
    const err = await leaseFitting(poolMembers(inventory, ["a", "b"]), { model: "legacy" }, { waitMs: 0, dir }).catch((e) => e);
    expect(err).toBeInstanceOf(NoFittingAppliance);
    expect(err.message).toBe("no appliance of the pool is a legacy model appliance: a is a current model appliance, not legacy; b is a current model appliance, not legacy");
  });

  it("gives a taker needing tags a member that has them, and says per member what it lacks", async () => {
    const tagged = parseInventory({ version: 1, appliances: [{ ...box("plain", 4, "current"), has: [] }, { ...box("trunk", 5, "current"), wan: "enp5s1", has: ["vlan"] }] }, "lab.yaml");
    const got = await leaseFitting(poolMembers(tagged, "*"), { model: "current", features: ["wan"] }, { waitMs: 0, dir });
    expect(got.appliance.name).toBe("trunk");
    got.lease.release();
    const plain = await leaseFitting(poolMembers(tagged, "*"), { model: "current", features: [] }, { waitMs: 0, dir });
    expect(plain.appliance.name).toBe("plain");
    plain.lease.release();
    const err = await leaseFitting(poolMembers(tagged, "*"), { model: "current", features: ["wan", "ipv6"] }, { waitMs: 0, dir }).catch((e) => e);
    expect(err).toBeInstanceOf(NoFittingAppliance);
    expect(err.message).toBe("no appliance of the pool is a current model appliance with wan, ipv6: plain has no WAN port cabled (no wan NIC in its inventory entry), no IPv6 lab network (ipv6 not in its inventory has); trunk has no IPv6 lab network (ipv6 not in its inventory has)");
  });

  it("unites needs: tags of all, one model or none", () => {
    expect(unionOf([{ model: "current", features: ["ipv6"] }, { model: "current" }, { model: "current", features: ["vlan", "wan"] }])).toEqual({ model: "current", features: ["wan", "vlan", "ipv6"] });
    expect(unionOf([{ model: "current" }, { model: "legacy" }])).toBeNull();
    expect(unionOf([])).toEqual({ model: "current", features: [] });
  });

  it("with every fitting member busy, waits, then names every holder", async () => {
    const others = [await holder("a"), await holder("b")];
    try {
      const t0 = performance.now();
      const err = await leaseFitting(poolMembers(inventory, "*"), { model: "current" }, { waitMs: 600, dir }).catch((e) => e);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(550);
      expect(err.message).toMatch(new RegExp(`^every current model appliance of the pool is leased: a by pid ${others[0]!.pid} \\(.*\\) since \\S+; b by pid ${others[1]!.pid} \\(.*\\) since \\S+; waited \\d+ s \\(HIL_LEASE_WAIT\\)$`));
      // Released by one holder: the waiting taker gets that member.
      const waiting = leaseFitting(poolMembers(inventory, "*"), { model: "current" }, { waitMs: 20_000, dir });
      others[1]!.kill("SIGKILL");
      const got = await waiting;
      expect(got.appliance.name).toBe("b");
      got.lease.release();
    } finally {
      for (const o of others) o.kill("SIGKILL");
    }
  });
});
