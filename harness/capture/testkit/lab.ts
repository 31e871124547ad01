// Test-only lab for the capture tests: two namespaces joined by a veth pair on 10.79.0.0/24, plus daemons.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Deadline, pollUntil } from "../../../netns/util/deadline.ts";
import { newPrefix, runDir } from "../../../netns/util/owner.ts";
import { PYTHON } from "../../../netns/util/python.ts";
import { run, runIn } from "../../../netns/util/sh.ts";

/** Directory of the helper scripts (peer.py, rawframes.py). */
export const TESTKIT = dirname(fileURLToPath(import.meta.url));

/** A background process the lab started; killed by its own handle on teardown. */
export interface Daemon {
  readonly name: string;
  readonly child: ChildProcess;
  output(): string;
}

/** Two namespaces `a` (10.79.0.1) and `b` (10.79.0.2) on one veth pair, all named with a fresh run prefix. */
export class PairLab {
  readonly prefix = newPrefix();
  readonly dir = runDir(this.prefix);
  readonly nsA = `${this.prefix}-a`;
  readonly nsB = `${this.prefix}-b`;
  readonly ifA = `${this.prefix}a`;
  readonly ifB = `${this.prefix}b`;
  readonly ipA = "10.79.0.1";
  readonly ipB = "10.79.0.2";
  macA = "";
  macB = "";
  private readonly daemons: Daemon[] = [];

  /** Build the lab; on any failure tear down what was built and rethrow. */
  static async up(): Promise<PairLab> {
    const lab = new PairLab();
    try {
      await lab.build();
      return lab;
    } catch (error) {
      await lab.down();
      throw error;
    }
  }

  private async build(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await run("ip", ["netns", "add", this.nsA]);
    await run("ip", ["netns", "add", this.nsB]);
    await run("ip", ["link", "add", this.ifA, "netns", this.nsA, "type", "veth", "peer", "name", this.ifB, "netns", this.nsB]);
    for (const [ns, ifc, ip] of [[this.nsA, this.ifA, this.ipA], [this.nsB, this.ifB, this.ipB]] as const) {
      // No DAD: link-local addresses are usable at once (DHCPv6 and RAs in the tests need them).
      await runIn(ns, "sysctl", ["-qw", `net.ipv6.conf.${ifc}.accept_dad=0`]);
      await runIn(ns, "ip", ["addr", "add", `${ip}/24`, "dev", ifc]);
      await runIn(ns, "ip", ["link", "set", "lo", "up"]);
      await runIn(ns, "ip", ["link", "set", ifc, "up"]);
    }
    this.macA = (await runIn(this.nsA, "cat", [`/sys/class/net/${this.ifA}/address`])).stdout.trim();
    this.macB = (await runIn(this.nsB, "cat", [`/sys/class/net/${this.ifB}/address`])).stdout.trim();
  }

  /** Start `cmd` in `ns` and wait until `ready(output)` holds (or it exits, which fails). */
  async daemon(name: string, ns: string, cmd: string, args: string[], ready: (out: string) => boolean | Promise<boolean>): Promise<Daemon> {
    const child = spawn("ip", ["netns", "exec", ns, cmd, ...args], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let exited = false;
    child.stdout!.setEncoding("utf8").on("data", (c: string) => (out += c));
    child.stderr!.setEncoding("utf8").on("data", (c: string) => (out += c));
    child.once("close", () => (exited = true));
    child.once("error", (e) => ((out += e.message), (exited = true)));
    const d: Daemon = { name, child, output: () => out };
    this.daemons.push(d);
    const state = await pollUntil(async () => (exited ? "exited" : (await ready(out)) ? "ready" : undefined), Deadline.in(10_000, `${name} to start`), {
      describeLast: () => out.trim() || "(no output)",
    });
    if (state === "exited") throw new Error(`${name} exited during start-up: ${out.trim()}`);
    return d;
  }

  /** The python peer (HTTP 80, proxy 3128, TLS sink 443, syslog sink TCP 514) in namespace b. */
  peer(): Promise<Daemon> {
    return this.daemon("peer.py", this.nsB, PYTHON, ["-u", join(TESTKIT, "peer.py"), this.ipB], (out) => out.includes("ready"));
  }

  /** True once something in `ns` listens on `proto` port `port`. */
  async listening(ns: string, proto: "tcp" | "udp", port: number): Promise<boolean> {
    const r = await runIn(ns, "ss", ["-Hln", proto === "tcp" ? "-t" : "-u", `sport = :${port}`], { allowFailure: true });
    return r.stdout.trim() !== "";
  }

  /** Stop every daemon (SIGTERM, SIGKILL after 2 s), delete both namespaces and the run directory. Idempotent. */
  async down(): Promise<void> {
    for (const d of this.daemons.splice(0).reverse()) {
      if (d.child.exitCode !== null || d.child.signalCode !== null) continue;
      const closed = new Promise((resolve) => d.child.once("close", resolve));
      d.child.kill("SIGTERM");
      const timer = setTimeout(() => d.child.kill("SIGKILL"), 2000);
      await closed;
      clearTimeout(timer);
    }
    for (const ns of [this.nsA, this.nsB]) await run("ip", ["netns", "del", ns], { allowFailure: true });
    await rm(this.dir, { recursive: true, force: true });
  }
}
