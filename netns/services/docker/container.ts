// Containers of a lab: a node container per namespace that holds it (network none; its network namespace is attached
// under the lab's name for the host, and the lab's veth ends are made in it), and service containers that share it.
import { basename } from "node:path";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { constants } from "node:os";
import type Docker from "dockerode";
import { Deadline, pollUntil } from "../../util/deadline.ts";
import { run } from "../../util/sh.ts";
import { runDir } from "../../util/owner.ts";
import { startFailed } from "../errors.ts";
import { OWNER_ENV, once, pidFileOf, readinessProbe, refusedWords, type SpawnSpec } from "../process.ts";
import { isAlive, tail } from "../proc.ts";
import type { RunningService } from "../types.ts";
import { REPO } from "./daemon.ts";

/** Labels every container of a run carries: its owner prefix, its role, the namespace it belongs to. */
export const OWNER_LABEL = "hil.owner";
export const ROLE_LABEL = "hil.role";
export const NS_LABEL = "hil.ns";
/** The run directory of the owner: a container whose run directory is gone belongs to a run that is over. */
export const RUN_LABEL = "hil.run";

/** A running node container: the holder of a lab host's network namespace. */
export interface NodeContainer {
  id: string;
  pid: number;
  ns: string;
}

/** An image to run services from, and where its programs are (a program it does not list is run by name). */
export interface ImageRef {
  ref: string;
  programs: Readonly<Record<string, string>>;
}

async function hostPid(docker: Docker, id: string): Promise<number> {
  const info = await docker.getContainer(id).inspect();
  if (!info.State.Running || !(info.State.Pid > 0)) throw new Error(`container ${info.Name} is not running (status ${info.State.Status}, exit code ${info.State.ExitCode})`);
  return info.State.Pid;
}

/**
 * Start the node container of namespace `ns` (named `ns`, network none, a `sleep infinity` holding the namespace)
 * and attach its network namespace as `ns` (`ip netns attach`), so `ip -n ns`, `ip netns exec ns` and the lab's
 * build script reach it by the lab's name. `base` must hold `sleep` (the default image does).
 */
export async function startNode(docker: Docker, base: ImageRef, prefix: string, ns: string): Promise<NodeContainer> {
  const sleep = base.programs.sleep ?? "sleep";
  const container = await docker.createContainer({
    name: ns,
    Image: base.ref,
    Cmd: [sleep, "infinity"],
    Env: [`${OWNER_ENV}=${prefix}`],
    Labels: { [OWNER_LABEL]: prefix, [ROLE_LABEL]: "node", [NS_LABEL]: ns, [RUN_LABEL]: runDir(prefix) },
    // Docker switches IPv6 off in a container's namespace unless told otherwise; lab hosts have IPv6 (radvd, DHCPv6).
    HostConfig: { NetworkMode: "none", LogConfig: { Type: "none", Config: {} }, Sysctls: { "net.ipv6.conf.all.disable_ipv6": "0", "net.ipv6.conf.default.disable_ipv6": "0" } },
  });
  await container.start();
  const pid = await hostPid(docker, container.id);
  await run("ip", ["netns", "attach", ns, String(pid)]);
  return { id: container.id, pid, ns };
}

/** Text of a container's output (the daemon's log stream without its 8-byte frame headers). */
function demux(buffer: Buffer): string {
  const out: Buffer[] = [];
  let at = 0;
  while (at + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(at + 4);
    out.push(buffer.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(out).toString("utf8");
}

async function containerOutput(docker: Docker, id: string): Promise<string> {
  const logs = await docker.getContainer(id).logs({ stdout: true, stderr: true, follow: false }).catch(() => Buffer.alloc(0));
  return demux(Buffer.isBuffer(logs) ? logs : Buffer.from(String(logs)));
}

/**
 * Run `spec`'s program in a service container sharing `node`'s network namespace, with the service directory (and
 * the checkout, read-only, for the node scripts) mounted at their own paths: config, pid, log and lease files are
 * where the process backend puts them, and the readiness probes read the container process through /proc as usual.
 */
export async function spawnInContainer(docker: Docker, image: ImageRef, node: NodeContainer, spec: SpawnSpec): Promise<RunningService> {
  const { kind, ctx } = spec;
  const deadline = spec.deadline ?? Deadline.in(20_000, `${kind} ready`);
  const pidFile = pidFileOf(ctx.dir, kind);
  const outFile = `${ctx.dir}/${kind}.out`;
  const started = performance.now();
  await mkdir(ctx.dir, { recursive: true });
  let container: Docker.Container;
  try {
    container = await docker.createContainer({
      name: `${ctx.prefix}-${basename(ctx.dir)}`,
      Image: image.ref,
      Cmd: [image.programs[spec.command] ?? spec.command, ...spec.args],
      Env: [`${OWNER_ENV}=${ctx.prefix}`],
      Labels: { [OWNER_LABEL]: ctx.prefix, [ROLE_LABEL]: kind, [NS_LABEL]: ctx.ns, [RUN_LABEL]: runDir(ctx.prefix) },
      HostConfig: {
        NetworkMode: `container:${node.id}`,
        Binds: [`${ctx.dir}:${ctx.dir}`, `${REPO}:${REPO}:ro`, ...(spec.mounts ?? []).map((m) => `${m.path}:${m.path}${m.readOnly ? ":ro" : ""}`)],
        CapAdd: ["NET_ADMIN", "NET_RAW"],
      },
    });
    await container.start();
  } catch (error) {
    throw startFailed(kind, ctx.ns, `its container (image ${image.ref}) did not start: ${(error as Error).message}`, "", error);
  }
  const id = container.id;
  const pid = await hostPid(docker, id).catch(() => 0);
  if (pid > 0) await writeFile(pidFile, `${pid}\n`);

  const saveOutput = async () => {
    const text = await containerOutput(docker, id);
    if (text) await writeFile(outFile, text, { flag: "a" }).catch(() => undefined);
  };
  const stop = once(async () => {
    await saveOutput();
    const c = docker.getContainer(id);
    // The program is its container's pid 1, which the kernel spares signals it does not catch: a SIGTERM it has no
    // handler for would only cost the grace period, so it gets SIGKILL at once (so does squid, by its stopSignal).
    const signal = spec.stopSignal ?? "SIGTERM";
    const caught = signal !== "SIGKILL" && pid > 0 && (await catches(pid, signal));
    await c.kill({ signal: caught ? signal : "SIGKILL" }).catch(() => undefined);
    await pollUntil(async () => (pid > 0 && (await isAlive(pid)) ? undefined : true), Deadline.in(3_000, `${kind} container exit`)).catch(() => undefined);
    await c.remove({ force: true }).catch((error: { statusCode?: number }) => {
      if (error.statusCode !== 404) throw error;
    });
    await rm(pidFile, { force: true });
  });

  let gone = !(pid > 0);
  const probe = readinessProbe(spec, pid, () => gone);
  let refused: string | undefined;
  try {
    const seen = await pollUntil(
      async () => {
        gone = !(pid > 0) || !(await isAlive(pid));
        return probe();
      },
      deadline,
      { what: `${kind} ready (${spec.readyWhat}) in container ${basename(ctx.dir)}` },
    );
    refused = seen.refused;
  } catch (error) {
    await stop();
    throw startFailed(kind, ctx.ns, (error as Error).message, [await tail(spec.logFile), await tail(outFile)].join("\n"), error);
  }
  if (refused !== undefined && !gone) {
    await stop();
    throw startFailed(kind, ctx.ns, refusedWords(refused), [await tail(spec.logFile), await tail(outFile)].join("\n"));
  }
  if (gone) {
    const info = await docker.getContainer(id).inspect().catch(() => undefined);
    await stop();
    const how = info ? `exit code ${info.State.ExitCode}` : "container gone";
    throw startFailed(kind, ctx.ns, `the container's process ended (${how}) before it was ready`, [await tail(spec.logFile), await tail(outFile)].join("\n"));
  }
  return { kind, pid, dir: ctx.dir, logFile: spec.logFile, pidFile, readyMs: performance.now() - started, stop };
}

/** True when process `pid` has a handler for `signal` (SigCgt of /proc/PID/status). */
async function catches(pid: number, signal: NodeJS.Signals): Promise<boolean> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const mask = /^SigCgt:\s*([0-9a-f]+)$/m.exec(status)?.[1];
  const number = constants.signals[signal];
  return mask !== undefined && ((BigInt(`0x${mask}`) >> BigInt(number - 1)) & 1n) === 1n;
}

/** Remove (forcibly) every container labelled as owned by `prefix`; how many there were. */
export async function removeOwned(docker: Docker, prefix: string): Promise<number> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${OWNER_LABEL}=${prefix}`] } });
  await Promise.all(
    list.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch((error: { statusCode?: number }) => {
          if (error.statusCode !== 404) throw error;
        }),
    ),
  );
  return list.length;
}
