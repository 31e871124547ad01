// The project's own dockerd, one per checkout (its socket, pid file, exec root and data root derive from the checkout's
// path), started on demand with --iptables=false --bridge=none: it never touches the host's firewall, bridges or routes.
// CLI: `tsx netns/services/docker/daemon.ts start|stop|status` (`.ci/setup --docker` runs `start`).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { realpathSync } from "node:fs";
import { mkdir, open, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Docker from "dockerode";
import { Deadline, pollUntil } from "../../util/deadline.ts";
import { have, run } from "../../util/sh.ts";
import { ServiceError } from "../errors.ts";
import { isAlive, tail } from "../proc.ts";
import { withLease } from "./lease.ts";

/** The checkout this module belongs to. */
export const REPO = realpathSync(fileURLToPath(new URL("../../../", import.meta.url)));

/** Where one checkout's daemon keeps its socket, pid file, state (under /run) and images and containers (under /var/lib). */
export interface DaemonPaths {
  /** Short digest of the checkout's path: the daemon's identity. */
  key: string;
  stateDir: string;
  socket: string;
  pidFile: string;
  execRoot: string;
  dataRoot: string;
  log: string;
  config: string;
}

/** The daemon paths of checkout `repo` (HIL_DOCKER_ROOT moves the /run part, e.g. for a second daemon in a test). */
export function daemonPaths(repo = REPO): DaemonPaths {
  const key = createHash("sha256").update(repo).digest("hex").slice(0, 10);
  const stateDir = join(process.env.HIL_DOCKER_ROOT ?? "/run/hil-docker", key);
  return {
    key,
    stateDir,
    socket: join(stateDir, "docker.sock"),
    pidFile: join(stateDir, "dockerd.pid"),
    execRoot: join(stateDir, "x"),
    dataRoot: join("/var/lib/hil-docker", key),
    log: join(stateDir, "dockerd.log"),
    config: join(stateDir, "daemon.json"),
  };
}

/** The dockerd arguments for `p`: no iptables, no bridge, no IP forwarding or masquerading, no userland proxy. */
export function dockerdArgs(p: DaemonPaths): string[] {
  return [
    `--config-file=${p.config}`,
    `--host=unix://${p.socket}`,
    `--pidfile=${p.pidFile}`,
    `--exec-root=${p.execRoot}`,
    `--data-root=${p.dataRoot}`,
    "--iptables=false",
    "--ip-forward=false",
    "--ip-masq=false",
    "--bridge=none",
    "--userland-proxy=false",
  ];
}

/** A dockerode client on `socket`. */
export const clientOn = (socket: string) => new Docker({ socketPath: socket, timeout: 60_000 });

/** True when the daemon on `socket` answers a ping. */
export async function answers(socket: string): Promise<boolean> {
  return clientOn(socket).ping().then(() => true, () => false);
}

/** The socket in use: HIL_DOCKER_SOCKET (a daemon someone else runs) or this checkout's own. */
export function daemonSocket(): string {
  return process.env.HIL_DOCKER_SOCKET ?? daemonPaths().socket;
}

/**
 * A client on the project's daemon, started first when it does not answer (root, `dockerd` from Debian's docker.io).
 * Two processes starting it at once: one starts it under a lease, the other waits for its socket.
 */
export async function ensureDaemon(deadline = Deadline.in(60_000, "dockerd ready")): Promise<Docker> {
  const external = process.env.HIL_DOCKER_SOCKET;
  if (external) {
    if (!(await answers(external))) throw new ServiceError(`HIL_DOCKER_SOCKET=${external}: expected a Docker daemon answering on that socket, got no answer`);
    return clientOn(external);
  }
  const p = daemonPaths();
  if (await answers(p.socket)) return clientOn(p.socket);
  await mkdir(p.stateDir, { recursive: true, mode: 0o700 });
  await withLease(join(p.stateDir, "start.lease"), deadline, async () => {
    if (await answers(p.socket)) return;
    await startDaemon(p, deadline);
  });
  return clientOn(p.socket);
}

async function startDaemon(p: DaemonPaths, deadline: Deadline): Promise<void> {
  if (!(await have("dockerd"))) throw new ServiceError("Program dockerd is required for the docker backend of lab services but was not found (`bash .ci/setup` installs Debian's docker.io)");
  if (process.getuid?.() !== 0) throw new ServiceError(`The docker backend starts its own dockerd and needs root; this process runs as uid ${process.getuid?.()}`);
  await mkdir(p.dataRoot, { recursive: true, mode: 0o700 });
  // An empty config: /etc/docker/daemon.json (if any) must not add bridges or iptables rules to this daemon.
  await writeFile(p.config, "{}\n");
  const log = await open(p.log, "a");
  const child = spawn("dockerd", dockerdArgs(p), { detached: true, stdio: ["ignore", log.fd, log.fd] });
  await log.close();
  let ended: string | undefined;
  child.once("exit", (code, signal) => (ended = signal ? `signal ${signal}` : `exit code ${code}`));
  child.once("error", (error) => (ended = error.message));
  child.unref();
  await pollUntil(async () => (ended !== undefined || (await answers(p.socket)) ? true : undefined), deadline, {
    what: `dockerd answering on ${p.socket}`,
    describeLast: () => "no answer yet",
  }).catch(async (error: Error) => {
    throw new ServiceError(`${error.message}; last lines of ${p.log}:\n${await tail(p.log)}`, { cause: error });
  });
  if (ended !== undefined) throw new ServiceError(`dockerd ended (${ended}) before it answered on ${p.socket}; last log lines:\n${await tail(p.log)}`);
}

/** Stop this checkout's daemon (its containers stop with it); true when one was running. */
export async function stopDaemon(deadline = Deadline.in(30_000, "dockerd stopped")): Promise<boolean> {
  const p = daemonPaths();
  const pid = Number((await readFile(p.pidFile, "utf8").catch(() => "")).trim());
  if (!(pid > 0) || !(await isAlive(pid))) return false;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  if (!cmdline.includes(`--pidfile=${p.pidFile}`)) return false; // the pid was reused: not our daemon
  process.kill(pid, "SIGTERM");
  await pollUntil(async () => ((await isAlive(pid)) ? undefined : true), deadline, { what: `dockerd ${pid} to exit` });
  return true;
}

/** Stop this checkout's daemon and remove what it keeps (its images and containers under /var/lib, its state under
 *  /run): for a throw-away checkout such as a CI clone, so the lab host is left as it was found. */
export async function purgeDaemon(): Promise<void> {
  const p = daemonPaths();
  await stopDaemon();
  // A daemon that is gone leaves no mounts under its data root; refuse to remove one that is still mounted.
  const mounts = await readFile("/proc/self/mounts", "utf8");
  if (mounts.includes(` ${p.dataRoot}/`)) throw new Error(`daemon.ts purge: ${p.dataRoot} still has mounts; not removed`);
  // dockerd makes its data root a mount of its own (bound onto itself) and leaves it after it stops: the rmdir would
  // fail with EBUSY and leave the directory and the mount on the host, one per CI clone.
  if (mounts.split("\n").some((line) => line.split(" ")[1] === p.dataRoot)) await run("umount", [p.dataRoot]);
  await rm(p.dataRoot, { recursive: true, force: true });
  await rm(p.stateDir, { recursive: true, force: true });
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const verb = process.argv[2] ?? "status";
  const p = daemonPaths();
  const main = async () => {
    if (verb === "start") {
      await ensureDaemon();
      console.log(`[docker] dockerd answers on ${p.socket} (data root ${p.dataRoot})`);
    } else if (verb === "stop") console.log((await stopDaemon()) ? "[docker] dockerd stopped" : "[docker] no dockerd of this checkout was running");
    else if (verb === "purge") {
      await purgeDaemon();
      console.log(`[docker] dockerd of this checkout stopped; ${p.dataRoot} and ${p.stateDir} removed`);
    } else if (verb === "status") console.log((await answers(p.socket)) ? `[docker] dockerd answers on ${p.socket}` : `[docker] no dockerd answers on ${p.socket}`);
    else throw new Error(`daemon.ts: expected start, stop, purge or status, got ${JSON.stringify(verb)}`);
  };
  main().catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
