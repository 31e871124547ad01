// Reaping captures a crashed run left behind: only a tcpdump whose command line writes the pcap its pid file names.
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";

/** What reapCapture found and did. */
export type ReapOutcome =
  | { kind: "not-running"; pidFile: string }
  | { kind: "stopped"; pidFile: string; pid: number; signal: "SIGINT" | "SIGKILL" }
  | { kind: "refused"; pidFile: string; pid: number; reason: string };

/** The pcap a pid file belongs to: `x.tcpdump.pid` -> `x.pcap`. */
export const pcapForPidFile = (pidFile: string) => pidFile.replace(/\.tcpdump\.pid$/, ".pcap");

async function cmdline(pid: number): Promise<string[] | undefined> {
  const raw = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => undefined);
  return raw === undefined || raw === "" ? undefined : raw.split("\0").filter(Boolean);
}

async function gone(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  return stat === undefined || / Z /.test(stat.slice(stat.lastIndexOf(")")));
}

/**
 * Stop the tcpdump named by `pidFile` if it is still running (SIGINT so the pcap is flushed, SIGKILL at the
 * deadline) and remove the pid file. A pid now held by anything other than "tcpdump ... -w <that pcap>" is
 * never signalled (the pid was reused): the stale pid file is removed and the refusal reported.
 */
export async function reapCapture(pidFile: string, deadline = Deadline.in(5000, `stale capture ${pidFile} to stop`)): Promise<ReapOutcome> {
  const pid = Number((await readFile(pidFile, "utf8").catch(() => "")).trim());
  const argv = Number.isInteger(pid) && pid > 0 ? await cmdline(pid) : undefined;
  if (!argv || (await gone(pid))) {
    await rm(pidFile, { force: true });
    return { kind: "not-running", pidFile };
  }
  const pcap = pcapForPidFile(pidFile);
  const w = argv.indexOf("-w");
  if (!/(^|\/)tcpdump$/.test(argv[0] ?? "") || w < 0 || argv[w + 1] !== pcap) {
    await rm(pidFile, { force: true });
    return { kind: "refused", pidFile, pid, reason: `pid ${pid} is "${argv.join(" ").slice(0, 120)}", not tcpdump writing ${pcap}` };
  }
  let signal: "SIGINT" | "SIGKILL" = "SIGINT";
  process.kill(pid, "SIGINT");
  try {
    await pollUntil(async () => ((await gone(pid)) ? true : undefined), deadline, { what: `tcpdump ${pid} to exit` });
  } catch {
    signal = "SIGKILL";
    process.kill(pid, "SIGKILL");
    await pollUntil(async () => ((await gone(pid)) ? true : undefined), Deadline.in(2000, `tcpdump ${pid} to die`));
  }
  await rm(pidFile, { force: true });
  return { kind: "stopped", pidFile, pid, signal };
}

/** Reap every `*.tcpdump.pid` in `dir` (a run directory of a run known to be dead). */
export async function reapCaptures(dir: string, deadline?: Deadline): Promise<ReapOutcome[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: ReapOutcome[] = [];
  for (const name of names.filter((n) => n.endsWith(".tcpdump.pid")).sort()) out.push(await reapCapture(join(dir, name), deadline));
  return out;
}
