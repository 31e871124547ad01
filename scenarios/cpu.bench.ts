// Where the CPU of a suite run goes, by role: section files against the twin in one vitest run, inside a cgroup of
// this run's own (cpuacct, `hil-bench-cpu-<pid>`), which counts every process the run starts. Each process seen in
// the cgroup (looked at every 50 ms) is put in a role by its command line (the twin, its python and node helpers, the
// platform emulator, the syslog receiver, the vitest worker, the lab's daemons) with the CPU it had used when last
// seen; what the looks missed (short-lived commands: ip, cat, curl, ...) is the rest of the cgroup's total. Prints
// wall, the total CPU and a table by role, so that a lever's effect is measured where it acts.
// HIL_BENCH_FILES (comma list; default Appliance Network Errors part 1 and Navigating the Appliance UI).
// Run: npm run bench cpu
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { execa } from "execa";

const ROOT = resolve(import.meta.dirname, "..");
const FILES = (process.env.HIL_BENCH_FILES ?? "scenarios/appliance-network-errors.part1.test.ts,scenarios/navigating-the-appliance-ui.test.ts").split(",").filter(Boolean);
// cgroup v2 (one hierarchy, cpu.stat) where the host has it, else v1's cpuacct controller (this machine).
const V2 = existsSync("/sys/fs/cgroup/cgroup.controllers");
const CGROUP_ROOT = V2 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/cpuacct";
const TICK_S = 0.01; // USER_HZ

/** The role of a process, from its command line (arguments joined by spaces) and its name. */
export function roleOf(cmdline: string, comm: string): string {
  const rules: Array<[RegExp, string]> = [
    [/twin-main|twin\/main\.ts/, "twin"],
    [/cable\.py|alias-watch\.py/, "twin: python helpers (cable, alias watch)"],
    [/dns-helper|scan-helper|syslog-helper/, "twin: node helpers (dns, scan, syslog)"],
    [/platform-server|services\/platform\/server/, "lab: platform emulator"],
    [/syslog-receiver/, "lab: syslog receiver"],
    [/vitest\/suppress-warnings/, "vitest worker"],
    [/\.bin\/vitest|vitest\.mjs/, "vitest main"],
  ];
  for (const [re, role] of rules) if (re.test(cmdline)) return role;
  // Another node program: named by its script.
  const script = comm === "node" ? cmdline.split(" ").slice(1).find((a) => a && !a.startsWith("-")) : undefined;
  if (script) return `other: node ${script.split("/").slice(-2).join("/")}`;
  return ["dnsmasq", "squid", "radvd", "tcpdump", "tshark", "dumpcap"].includes(comm) ? `lab: ${comm}` : `other: ${comm}`;
}

/** user+sys seconds of process `pid` so far, its name and command line; undefined once it is gone. */
function look(pid: string): { cpuS: number; comm: string; cmdline: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
    return { cpuS: (Number(f[11]) + Number(f[12])) * TICK_S, comm, cmdline };
  } catch {
    return undefined;
  }
}

const group = join(CGROUP_ROOT, `hil-bench-cpu-${process.pid}`);
mkdirSync(group);
const seen = new Map<string, { cpuS: number; role: string }>();
let sampling = true;
const sampler = (async () => {
  while (sampling) {
    for (const pid of readFileSync(join(group, "cgroup.procs"), "utf8").split("\n").filter(Boolean)) {
      const p = look(pid);
      // A process that is ending (its command line already gone) keeps the role it was seen with.
      if (!p || !p.cmdline) continue;
      // A pid used again by another process (a new role, less CPU) starts a new entry.
      const key = `${pid} ${p.comm}`;
      seen.set(key, { cpuS: Math.max(seen.get(key)?.cpuS ?? 0, p.cpuS), role: roleOf(p.cmdline, p.comm) });
    }
    await new Promise((r) => setTimeout(r, 50)); // the sampling period, not a wait for state
  }
})();

const t0 = performance.now();
// The shell joins the cgroup, then becomes vitest: every process of the run is counted from its start.
const r = await execa("sh", ["-c", `echo $$ > ${join(group, "cgroup.procs")} && exec node_modules/.bin/vitest run "$@"`, "sh", ...FILES], { cwd: ROOT, reject: false, all: true });
const wallS = (performance.now() - t0) / 1000;
sampling = false;
await sampler;
const totalS = V2
  ? Number(/usage_usec (\d+)/.exec(readFileSync(join(group, "cpu.stat"), "utf8"))?.[1]) / 1e6
  : Number(readFileSync(join(group, "cpuacct.usage"), "utf8")) / 1e9;
const left = readFileSync(join(group, "cgroup.procs"), "utf8").split("\n").filter(Boolean);
if (left.length) {
  // Processes of the run still alive (a leak of the suite's): out of the group, into this process's own, so it can go.
  const own = readFileSync("/proc/self/cgroup", "utf8").split("\n").find((l) => (V2 ? l.startsWith("0::") : l.split(":")[1]?.split(",").includes("cpuacct")))?.split(":")[2] ?? "/";
  for (const pid of left) writeFileSync(join(CGROUP_ROOT, own, "cgroup.procs"), pid);
}
rmdirSync(group);

const byRole = new Map<string, { cpuS: number; n: number }>();
for (const { cpuS, role } of seen.values()) {
  const e = byRole.get(role) ?? { cpuS: 0, n: 0 };
  byRole.set(role, { cpuS: e.cpuS + cpuS, n: e.n + 1 });
}
const attributed = [...byRole.values()].reduce((a, e) => a + e.cpuS, 0);
const tests = /Tests\s+(.*)/.exec(r.all.replace(/\x1b\[[0-9;]*m/g, ""))?.[1]?.trim() ?? `no summary (exit ${r.exitCode})`;
console.log(`${FILES.length} file(s): ${FILES.join(", ")}; vitest workers ${process.env.HIL_WORKERS ?? 2}`);
console.log(`wall ${wallS.toFixed(1)} s, CPU ${totalS.toFixed(1)} s (${(totalS / wallS).toFixed(2)} cores); tests: ${tests}`);
console.log("role                                        | processes | CPU s | share");
for (const [role, e] of [...byRole].sort((a, b) => b[1].cpuS - a[1].cpuS)) {
  console.log(`${role.padEnd(43)} | ${String(e.n).padStart(9)} | ${e.cpuS.toFixed(1).padStart(5)} | ${((100 * e.cpuS) / totalS).toFixed(0).padStart(4)} %`);
}
console.log(`${"short-lived commands the looks missed".padEnd(43)} | ${"".padStart(9)} | ${(totalS - attributed).toFixed(1).padStart(5)} | ${((100 * (totalS - attributed)) / totalS).toFixed(0).padStart(4)} %`);
if (left.length) console.log(`still running after vitest ended (moved out of the group): ${left.join(", ")}`);
process.exitCode = r.exitCode === 0 ? 0 : 1;
