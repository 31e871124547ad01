// `hil lab` end to end through the real CLI: up (detached, returns), ls, exec, fault, down; nothing left after.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { leftovers, NOTHING } from "../../../netns/lab/testkit/leftovers.ts";
import { sweep } from "../../../netns/lab/sweep.ts";
import { readManifest } from "../../../netns/lab/manifest.ts";
import { stillRuns } from "../../../netns/lab/proc.ts";
import { readNicState } from "../../../netns/lab/nics.ts";
import { fakeAppliance } from "../../../netns/lab/testkit/fake-nics.ts";
import { newPrefix } from "../../../netns/util/owner.ts";

const HIL = fileURLToPath(new URL("../hil.sh", import.meta.url));
const NAME = `cli-${process.pid}`;

async function hil(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(HIL, args, { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

afterAll(async () => {
  await sweep(NAME).catch(() => undefined);
  await sweep(`${NAME}-hw`).catch(() => undefined);
});

describe("hil lab", { timeout: 120_000 }, () => {
  let prefix = "";
  it("refuses unknown services and misspelt options before building anything", async () => {
    const bogus = await hil("lab", "up", "static", "--name", NAME, "--services", "bogus");
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toBe("hil lab up: expected --services to be a comma list of all, none, dnsmasq, radvd, squid, syslog or platform, got 'bogus'\n\nusage: hil lab up PRESET|FILE.yaml [options]\n(hil lab up --help for details)\n");
    const typo = await hil("lab", "up", "static", "--nme", NAME);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^hil lab up: unknown option '--nme' \(did you mean '--name'\?\)\n/);
    expect((JSON.parse((await hil("lab", "ls", "--json")).stdout) as { name: string }[]).some((l) => l.name === NAME)).toBe(false);
  });

  it("up starts a detached lab and returns; its service keeps running", async () => {
    const r = await hil("lab", "up", "static", "--name", NAME, "--services", "dnsmasq", "--json");
    expect(r.code, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout) as { name: string; prefix: string; namespaces: Record<string, string> };
    expect(info.name).toBe(NAME);
    prefix = info.prefix;
    expect(info.namespaces.dut).toBe(`${prefix}-dut`);
    const ls = JSON.parse((await hil("lab", "ls", "--json")).stdout) as { name: string; detached: boolean; sweepable: boolean }[];
    expect(ls.find((l) => l.name === NAME)).toMatchObject({ detached: true, sweepable: false });
    const dnsmasq = (await readManifest(prefix))?.processes.find((p) => p.label === "lanrtr-dnsmasq");
    expect(dnsmasq && (await stillRuns(dnsmasq))).toBe(true); // the CLI process is gone, dnsmasq is not
    // The next run's sweeper leaves a detached lab alone.
    expect((await sweep()).removed.map((x) => x.prefix)).not.toContain(prefix);
  });

  it("exec runs a command in a host and passes its exit code", async () => {
    const r = await hil("lab", "exec", NAME, "lanrtr", "--", "ip", "-br", "addr", "show", "br0");
    expect(r.stdout).toContain("10.77.1.1/24");
    expect((await hil("lab", "exec", NAME, "dut", "--", "sh", "-c", "exit 3")).code).toBe(3);
    const bad = await hil("lab", "exec", NAME, "nohost", "--", "true");
    expect(bad.stderr).toContain(`Lab ${NAME} has no host "nohost" (hosts: dut, lanrtr, target1, cloud)`);
  });

  it("fault applies and clears through netns/faults", async () => {
    const down = await hil("lab", "fault", NAME, "link-down", "lanrtr", "dut");
    expect(down.stdout).toContain(`link dut in ${prefix}-lanrtr down`);
    expect((await hil("lab", "exec", NAME, "dut", "--", "cat", "/sys/class/net/lan0/carrier")).stdout.trim()).toBe("0");
    expect((await hil("lab", "fault", NAME, "clear", "lanrtr")).stdout).toContain("cleared 1 fault(s) in lanrtr");
    expect((await hil("lab", "exec", NAME, "lanrtr", "--", "cat", "/sys/class/net/dut/operstate")).stdout.trim()).toBe("up");
  });

  it("down removes it all", async () => {
    const r = await hil("lab", "down", NAME);
    expect(r.stdout).toContain(`removed ${NAME} (${prefix}): detached lab, removal requested`);
    expect(await leftovers(prefix)).toEqual(NOTHING);
    const again = await hil("lab", "down", NAME);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`no lab named "${NAME}"`);
  });
});

describe("hil lab with a hardware appliance's NICs", { timeout: 120_000 }, () => {
  it("up --cable puts the NIC at the cable end, fault partner acts on it, down gives it back", async () => {
    const app = await fakeAppliance(newPrefix());
    try {
      const before = await readNicState(app.lan);
      const r = await hil("lab", "up", "standard", "--name", `${NAME}-hw`, "--services", "none", "--cable", `lan0=${app.lan}`, "--json");
      expect(r.code, r.stderr).toBe(0);
      const prefix = (JSON.parse(r.stdout) as { prefix: string }).prefix;
      expect(await readNicState(app.lan)).toBeUndefined();
      const f = await hil("lab", "fault", `${NAME}-hw`, "partner", "lanrtr", "dut", "100baseT/Full");
      expect(f.code, f.stderr).toBe(0);
      expect(f.stdout).toContain(`link partner dut in ${prefix}-lanrtr set to 100baseT/Full`);
      expect((await readNicState("dut", `${prefix}-lanrtr`))?.alias).toBe("hil-link-partner=100baseT/Full");
      const down = await hil("lab", "down", `${NAME}-hw`);
      expect(down.code, down.stderr).toBe(0);
      expect(await readNicState(app.lan)).toEqual(before);
      expect(await leftovers(prefix)).toEqual(NOTHING);
      const bad = await hil("lab", "up", "standard", "--cable", "lan0");
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("hil lab up: expected --cable to be lan0=NIC[,wan0=NIC], got 'lan0'");
    } finally {
      await app.remove();
    }
  });
});
