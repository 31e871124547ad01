// `hil` runs from its bundle (plain node, no tsx): the same output as from the sources, at a fraction of the cost.
import { execa } from "execa";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const hil = join(import.meta.dirname, "hil.sh");

describe("hil launcher", { timeout: 120_000 }, () => {
  it("runs the CLI from a bundle that exists, with the same output and exit codes as the sources", async () => {
    await execa(hil, ["--help"]); // builds the bundle when an input changed
    const bundle = await execa(hil, ["lab", "up", "static", "--nme", "x"], { reject: false, env: { HIL_CLI_SHOW_BUNDLE: "1" } });
    const file = /^hil: bundle (\S+\.mjs)$/m.exec(bundle.stderr)?.[1];
    expect(file, bundle.stderr).toBeDefined();
    expect(existsSync(file!)).toBe(true);
    const sources = await execa(hil, ["lab", "up", "static", "--nme", "x"], { reject: false, env: { HIL_CLI_RUNNER: "tsx" } });
    expect(bundle.exitCode).toBe(2);
    expect(sources.exitCode).toBe(2);
    expect(bundle.stderr.replace(/^hil: bundle .*\n/, "")).toBe(sources.stderr);
    expect(sources.stderr).toMatch(/^hil lab up: unknown option '--nme' \(did you mean '--name'\?\)\n/);
  });

  it("uses less CPU to print --help from the bundle than from the sources", async () => {
    await execa(hil, ["--help"]);
    const cpu = async (env: Record<string, string>) => {
      const r = await execa("/usr/bin/time", ["-f", "%U %S", hil, "--help"], { env });
      const [user, sys] = r.stderr.trim().split("\n").at(-1)!.split(" ").map(Number);
      return user! + sys!;
    };
    const bundled = await cpu({});
    const sources = await cpu({ HIL_CLI_RUNNER: "tsx" });
    console.log(`hil --help CPU: bundle ${bundled.toFixed(2)} s, sources (tsx) ${sources.toFixed(2)} s`);
    expect(bundled).toBeLessThan(sources);
  });
});
