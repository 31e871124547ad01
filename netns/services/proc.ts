// Reading process and socket state from /proc: readiness probes and leftover checks, without spawning anything.
import { readFile, readdir, readlink } from "node:fs/promises";

/** True when process `pid` exists and is not a zombie. */
export async function isAlive(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  return stat !== "" && state !== "Z" && state !== "X";
}

/** Pids of live (non-zombie) processes whose process group is `pgid`. */
export async function groupMembers(pgid: number): Promise<number[]> {
  const names = await readdir("/proc").catch(() => [] as string[]);
  const members: number[] = [];
  await Promise.all(
    names.filter((name) => /^\d+$/.test(name)).map(async (name) => {
      const stat = await readFile(`/proc/${name}/stat`, "utf8").catch(() => "");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[2] === String(pgid) && fields[0] !== "Z" && fields[0] !== "X") members.push(Number(name));
    }),
  );
  return members;
}

/** The live members of group `pgid` by pid: pid, command, state letter and the kernel function it waits in. */
export async function describeGroup(pgid: number): Promise<string> {
  const lines = await Promise.all(
    (await groupMembers(pgid)).sort((a, b) => a - b).map(async (pid) => {
      const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
      const wchan = (await readFile(`/proc/${pid}/wchan`, "utf8").catch(() => "")).trim();
      return `pid ${pid} ${comm} state ${state}${wchan && wchan !== "0" ? ` in ${wchan}` : ""}`;
    }),
  );
  return lines.length ? lines.join("; ") : "no live member";
}

/** Socket inodes held open by process `pid`. */
async function socketInodes(pid: number): Promise<Set<string>> {
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
  const inodes = new Set<string>();
  await Promise.all(
    fds.map(async (fd) => {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (match?.[1]) inodes.add(match[1]);
    }),
  );
  return inodes;
}

/**
 * True when process `pid` itself holds a socket bound to `port` (TCP: listening; UDP: bound), IPv4 or IPv6.
 * /proc/PID/net shows the sockets of the process's own network namespace.
 */
export async function holdsPort(pid: number, proto: "tcp" | "udp", port: number): Promise<boolean> {
  const inodes = await socketInodes(pid);
  if (inodes.size === 0) return false;
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  for (const table of [proto, `${proto}6`]) {
    const text = await readFile(`/proc/${pid}/net/${table}`, "utf8").catch(() => "");
    for (const line of text.split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1] ?? "";
      const state = cols[3];
      const inode = cols[9] ?? "";
      if (!local.endsWith(`:${hexPort}`) || !inodes.has(inode)) continue;
      if (proto === "udp" || state === "0A") return true;
    }
  }
  return false;
}

/** The last `lines` lines of a text file, or "" when it cannot be read. */
export async function tail(file: string, lines = 15): Promise<string> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text.split("\n").filter(Boolean).slice(-lines).join("\n");
}
