// Start one service of a topology with the services module, behind one shape the lab can track and stop.
import { join } from "node:path";
import type { Deadline } from "../util/deadline.ts";
import type { RunningService, ServiceContext } from "../services/types.ts";
import type { Topology } from "../topology/schema.ts";
import { ownOptions, type ServiceKind, type ServicesSpec } from "../topology/services.ts";
import type { LabCaFiles } from "../services/platform/lab-ca.ts";

/** A started service as the lab holds it: the services module's handle plus what the sweeper needs. */
export interface LabService {
  kind: ServiceKind;
  host: string;
  pid: number;
  pidFile: string;
  /** Milliseconds from spawn to ready. */
  readyMs: number;
  /** Where it runs: a host process, or a container (the docker backend). */
  backend: "process" | "docker";
  /** The services module's own handle (RunningDnsmasq, PlatformService, ...). */
  handle: unknown;
  stop(): Promise<void>;
}

/** Lab-wide settings a service may need beyond its topology options. */
export interface LabServiceExtras {
  /** The persistent lab CA the platform emulator signs its server certificate with (else a fresh CA). */
  platformCa?: LabCaFiles;
  /** The platform account's directory, kept across labs (launch.ts accountDir); else a fresh account per lab. */
  platformAccount?: string;
}

type Starter = (ctx: ServiceContext, options: unknown, deadline: Deadline) => Promise<RunningService>;

/** Each service module, loaded on first use. Literal imports, so a bundle (the `hil` CLI's) carries them: a computed
 *  path would be imported as a .ts file at run time, which plain node cannot load. */
const STARTERS: Record<Exclude<ServiceKind, "platform">, () => Promise<Starter>> = {
  dnsmasq: async () => (await import("../services/dnsmasq.ts")).startDnsmasq as Starter,
  radvd: async () => (await import("../services/radvd.ts")).startRadvd as Starter,
  squid: async () => (await import("../services/squid.ts")).startSquid as Starter,
  syslog: async () => (await import("../services/syslog.ts")).startSyslog as Starter,
};

/** The services module's `start<Kind>`. */
function starter(kind: Exclude<ServiceKind, "platform">): Promise<Starter> {
  return STARTERS[kind]();
}

/** Start service `kind` of `host` with `options` (already validated by the topology schema). */
export async function startLabService<K extends ServiceKind>(
  kind: K,
  host: string,
  ctx: ServiceContext,
  options: NonNullable<ServicesSpec[K]>,
  deadline: Deadline,
  extras: LabServiceExtras = {},
): Promise<LabService> {
  if (kind === "platform") {
    const { startPlatform } = await import("../services/platform/launch.ts");
    const o = options as NonNullable<ServicesSpec["platform"]>;
    const started = performance.now();
    const p = await startPlatform({ ns: ctx.ns, dir: ctx.dir, address: o.address, ...(o.port ? { port: o.port } : {}), ...(o.names ? { names: o.names } : {}), ...(extras.platformCa ? { ca: extras.platformCa } : {}), ...(extras.platformAccount ? { accountDir: extras.platformAccount } : {}), ...(ctx.runner ? { container: ctx } : {}) }, deadline);
    return { kind, host, pid: p.pid, pidFile: join(ctx.dir, "platform.pid"), readyMs: performance.now() - started, backend: ctx.runner ? "docker" : "process", handle: p, stop: () => p.stop() };
  }
  const s = await (await starter(kind as Exclude<ServiceKind, "platform">))(ctx, ownOptions(options), deadline);
  return { kind, host, pid: s.pid, pidFile: s.pidFile, readyMs: s.readyMs, backend: ctx.runner ? "docker" : "process", handle: s, stop: () => s.stop() };
}

/**
 * Start every service of `kinds` that `topology` places on a host, concurrently; `onStarted` sees each one as it
 * becomes ready. Throws the first failure once every start has settled (so the caller can stop what did start).
 */
export async function startAll(
  topology: Topology,
  kinds: readonly ServiceKind[],
  ctxFor: (host: string, kind: ServiceKind) => ServiceContext | Promise<ServiceContext>,
  deadline: Deadline,
  onStarted: (s: LabService) => Promise<void>,
  extras: LabServiceExtras = {},
): Promise<void> {
  const jobs = Object.entries(topology.hosts).flatMap(([host, spec]) =>
    kinds.flatMap((kind) => {
      const options = spec.services?.[kind];
      return options ? [Promise.resolve(ctxFor(host, kind)).then((ctx) => startLabService(kind, host, ctx, options as never, deadline, extras)).then(onStarted)] : [];
    }),
  );
  const failed = (await Promise.allSettled(jobs)).find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

/** Stop services concurrently; throws the first failure after all were asked to stop. */
export async function stopAll(services: readonly LabService[]): Promise<void> {
  const failed = (await Promise.allSettled(services.map((s) => s.stop()))).find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}
