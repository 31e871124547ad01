// Is an appliance's tty usable? Missing, not a character device, or held open by another process (named by pid and
// command, found through /proc/*/fd): said before a run starts, instead of a run that hangs on a silent console.
import { readdir, readFile, readlink, realpath, stat } from "node:fs/promises";

/** A process that has `path` open. */
export interface Holder {
  pid: number;
  command: string;
}

/** The processes (other than this one) with `path` open, by their /proc/<pid>/fd links. Processes whose fds this
 *  user cannot read are not seen. */
export async function holders(path: string): Promise<Holder[]> {
  const target = await realpath(path).catch(() => path);
  const pids = (await readdir("/proc")).filter((e) => /^\d+$/.test(e) && Number(e) !== process.pid);
  const found: Holder[] = [];
  await Promise.all(
    pids.map(async (pid) => {
      const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
      for (const fd of fds) {
        if ((await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "")) !== target) continue;
        const command = (await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")).split("\0").filter(Boolean).join(" ") || "?";
        found.push({ pid: Number(pid), command: command.length > 80 ? `${command.slice(0, 77)}...` : command });
        return;
      }
    }),
  );
  return found.sort((a, b) => a.pid - b.pid);
}

/** Why `tty` of appliance `name` cannot be used now, or undefined when it can. */
export async function ttyProblem(name: string, tty: string): Promise<string | undefined> {
  const info = await stat(tty).catch(() => undefined);
  if (!info) return `${name}: tty ${tty} does not exist (is the USB-RS232 adapter plugged in? inventory field tty)`;
  if (!info.isCharacterDevice()) return `${name}: tty ${tty} is not a character device (inventory field tty)`;
  const held = await holders(tty);
  if (held.length) return `${name}: tty ${tty} is held open by ${held.map((h) => `pid ${h.pid} (${h.command})`).join(", ")}; close it or pick another appliance`;
  return undefined;
}
