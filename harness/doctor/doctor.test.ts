import { describe, expect, it } from "vitest";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { formatCheck, runChecks } from "./checks.ts";

const hil = join(dirname(fileURLToPath(import.meta.url)), "../cli/hil.sh");

describe("hil doctor", () => {
  it("passes on a machine set up by .ci/setup, and says how VLANs will be built", async () => {
    const results = await runChecks();
    const failed = results.filter((r) => r.required && r.status !== "ok");
    expect(failed.map(formatCheck)).toEqual([]);
    const vlan = results.find((r) => r.name === "8021q");
    expect(vlan?.detail).toMatch(/802\.1Q/);
  });

  it("exits 1 and names the fix when a required tool is missing from PATH", async () => {
    // /usr/sbin holds dnsmasq, radvd, squid, tcpdump, ip and nft: leave it out of PATH.
    const nodeDir = dirname(process.execPath);
    const result = await execa(hil, ["doctor"], { reject: false, env: { PATH: `${nodeDir}:/usr/bin:/bin` }, extendEnv: false });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("FAIL  dnsmasq          not found (dnsmasq); needed for DHCPv4/v6 and DNS  -> fix: apt-get update && apt-get install -y dnsmasq-base");
    expect(result.stdout).toMatch(/required check\(s\) failed/);
  });
});
