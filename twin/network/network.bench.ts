// Benchmark of the twin's network modules on the standard preset: apply (DHCP + duplicate check), a full connection
// check, one DNS lookup, one poll. Prints median/max per step over a few rounds; exits 0.
import { applyConfig } from "./apply.ts";
import { connectionCheck, pollPlatform, resolveMgmt } from "./check.ts";
import { resolveName } from "./dns.ts";
import { config, dutContext, labUp } from "./testkit.ts";

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const lab = await labUp("standard");
try {
  const ctx = await dutContext(lab);
  const times: Record<string, number[]> = {};
  const time = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const v = await fn();
    (times[name] ??= []).push(performance.now() - t);
    return v;
  };
  for (let i = 0; i < ROUNDS; i++) {
    const applied = await time("apply (DHCP, arping -D, routes)", () => applyConfig(config(), ctx));
    await time("dns lookup (node resolver in the namespace)", () => resolveName(ctx, applied.lan.dns, "qualysguard.qualys.test", 4));
    const r = await time("resolve management names", () => resolveMgmt(config(), ctx, applied));
    if (!("condition" in r)) await time("one poll (curl, TLS)", () => pollPlatform(config(), ctx, applied, r));
    await time("full check (apply + DNS + poll)", () => connectionCheck(config(), ctx));
  }
  for (const [name, list] of Object.entries(times)) {
    const s = [...list].sort((a, b) => a - b);
    console.log(`${name.padEnd(46)} median ${s[Math.floor(s.length / 2)]!.toFixed(0).padStart(5)} ms   max ${s[s.length - 1]!.toFixed(0).padStart(5)} ms   (n=${s.length})`);
  }
  console.log(`rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB; load average ${(await import("node:os")).loadavg().map((x) => x.toFixed(1)).join(" ")}`);
} finally {
  await lab.down();
}
