// Start and stop the platform emulator process inside a network namespace (host side).
import { spawn } from "node:child_process";
import { mkdir, open, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Deadline, DeadlineError, pollUntil } from "../../util/deadline.ts";
import type { PlatformConfigInput } from "./config.ts";
import { bundled, bundleDirOf } from "../../util/bundle.ts";
import type { LabCaFiles } from "./lab-ca.ts";
import { makePki, type Pki } from "./pki.ts";
import { ACCOUNT_FILE } from "./account.ts";
import type { RunningService, ServiceContext } from "../types.ts";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const TSX = join(REPO, "node_modules/.bin/tsx");
const SERVER = join(REPO, "netns/services/platform/server.ts");

/** How the emulator runs: node on the prebuilt bundle (default), or tsx on the sources (HIL_PLATFORM_RUNNER=tsx). */
async function serverCommand(): Promise<string[]> {
  const bundle = process.env.HIL_PLATFORM_RUNNER === "tsx" ? undefined : await bundled(REPO, SERVER);
  return bundle ? [process.execPath, bundle] : [TSX, SERVER];
}

/** The platform name appliances poll unless a lab says otherwise. */
export const DEFAULT_PLATFORM_NAME = "qualysguard.qualys.test";

/** Where and how to run the emulator. */
export interface PlatformLaunchOptions {
  /** Network namespace the HTTPS service runs in (the lab's "cloud"). */
  ns: string;
  /** Directory for config, PKI, pid/ready files, portal socket and log (created if missing). */
  dir: string;
  /** Address to listen on inside `ns` (it goes into the cert's subjectAltName too). */
  address: string;
  /** More addresses to listen on, e.g. an IPv6 one for appliances in IPv6-only mode. */
  moreAddresses?: readonly string[];
  port?: number;
  names?: readonly string[];
  /** Reuse a PKI made earlier (else one is generated in `dir/pki`). */
  pki?: Pki;
  /** Sign the generated server cert with this persistent lab CA (else a fresh CA per start); ignored with `pki`. */
  ca?: LabCaFiles;
  /** The emulator ends by itself once this process is gone (leak guard for tests); absent: it runs until stopped
   *  (a detached lab outlives the process that started it; the lab's sweeper reaps it by pid file). */
  ownerPid?: number;
  /** The platform account's directory (absolute; created 0700 if missing): the registry is loaded from
   *  `<accountDir>/account.json` at start and written there atomically on every change, so activation, appliance ID,
   *  the portal's settings and reported versions outlive this emulator. Absent: a fresh account per start. */
  accountDir?: string;
  /** Run the emulator through `container.runner` (the docker backend) instead of `ip netns exec`; its ns and dir are these options'. */
  container?: ServiceContext;
  settings?: Partial<Pick<PlatformConfigInput, "pollIntervalSeconds" | "offlineAfterMissed" | "scanCapacityPercent" | "latest" | "seed">>;
}

/** What an appliance (the twin) needs to reach the platform; also written to `<dir>/endpoint.json`. */
export interface PlatformEndpoint {
  url: string;
  names: string[];
  address: string;
  addresses: string[];
  port: number;
  /** Pass to `curl --cacert`. */
  caCert: string;
  portalSocket: string;
}

/** A running emulator. `stop()` is idempotent; `await using` stops it too. */
export interface PlatformService extends AsyncDisposable {
  readonly pid: number;
  readonly dir: string;
  readonly portalSocket: string;
  readonly pki: Pki;
  readonly names: readonly string[];
  readonly address: string;
  /** Every listen address (`address` first). */
  readonly addresses: readonly string[];
  readonly port: number;
  /** https://<first name>:<port> */
  readonly url: string;
  readonly logFile: string;
  stop(deadline?: Deadline): Promise<void>;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function logTail(file: string): Promise<string> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text.trim().slice(-1500) || "(empty log)";
}

/** Start the emulator in `ns`; resolves once its ready file exists (written after both listeners are up). */
export async function startPlatform(options: PlatformLaunchOptions, deadline: Deadline): Promise<PlatformService> {
  const names = options.names ?? [DEFAULT_PLATFORM_NAME];
  const port = options.port ?? 443;
  const addresses = [options.address, ...(options.moreAddresses ?? [])];
  if (options.accountDir !== undefined && !options.accountDir.startsWith("/")) throw new Error(`Expected \`accountDir\` to be an absolute directory path, got ${JSON.stringify(options.accountDir)} (platform emulator in ${options.ns})`);
  const createdDir = !(await stat(options.dir).catch(() => undefined));
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const f = (name: string) => join(options.dir, name);
  let child: ReturnType<typeof spawn> | undefined;
  try {
    const pki = options.pki ?? (await makePki(f("pki"), { names, addresses, label: options.ns, ...(options.ca ? { ca: options.ca } : {}) }, deadline));
    const config: PlatformConfigInput = {
      platformNames: [...names], listen: { addresses, port }, portalSocket: f("portal.sock"),
      // In a container the emulator's own pid is the container's; platform.pid then holds the host pid (the runner's).
      pidFile: f(options.container?.runner ? "platform-own.pid" : "platform.pid"), readyFile: f("ready.json"),
      tls: { cert: pki.cert, key: pki.key, untrustedCert: pki.untrustedCert, untrustedKey: pki.untrustedKey },
      // A container cannot see the owner's pid (its own pid namespace): the lab removes the container instead.
      ...(options.ownerPid === undefined || options.container?.runner ? {} : { ownerPid: options.ownerPid }),
      ...(options.accountDir === undefined ? {} : { accountFile: join(options.accountDir, ACCOUNT_FILE) }),
      ...options.settings,
    };
    await writeFile(f("config.json"), `${JSON.stringify(config, null, 2)}\n`);
    await Promise.all(["platform.pid", "ready.json"].map((n) => rm(f(n), { force: true })));
    const command = await serverCommand();
    if (options.container?.runner) return await startInContainer(options, options.container, command, names, port, pki, deadline);
    const log = await open(f("platform.log"), "a");
    child = spawn("ip", ["netns", "exec", options.ns, ...command, "--config", f("config.json")], { stdio: ["ignore", log.fd, log.fd], detached: true });
    await log.close();
    let exited: string | undefined;
    child.once("exit", (code, signal) => (exited = `exit ${code ?? signal}`));
    child.once("error", (error) => (exited = error.message));
    const outcome = await pollUntil(
      async () => (exited ? { exited } : await readFile(f("ready.json"), "utf8").then((t) => ({ ready: JSON.parse(t) as { pid: number } }), () => undefined)),
      deadline,
      // Fine steps: a start takes a few hundred ms, and the default backoff (0, 20, 100, 250, 500 ms) would add up to
      // half a second after the file appears.
      { what: `the platform emulator's ready file ${f("ready.json")}`, describeLast: () => "no ready file", steps: [0, 10, 20, 25] },
    );
    if ("exited" in outcome) throw new Error(`Platform emulator in ${options.ns} stopped before it was ready (${outcome.exited}); log:\n${await logTail(f("platform.log"))}`);
    const svc = service(options, names, port, pki, outcome.ready.pid, child);
    const endpoint: PlatformEndpoint = { url: svc.url, names: [...names], address: options.address, addresses, port, caCert: pki.caCert, portalSocket: svc.portalSocket };
    await writeFile(f("endpoint.json"), `${JSON.stringify(endpoint, null, 2)}\n`);
    return svc;
  } catch (error) {
    if (child?.pid && child.exitCode === null) killTree(child.pid);
    const pid = await readFile(f("platform.pid"), "utf8").then(Number, () => 0);
    if (pid > 0 && alive(pid)) process.kill(pid, "SIGKILL");
    const tail = error instanceof DeadlineError ? `; log:\n${await logTail(f("platform.log"))}` : "";
    if (createdDir) await rm(options.dir, { recursive: true, force: true });
    if (tail) throw new DeadlineError(`${(error as Error).message}${tail}`, undefined, { cause: error });
    throw error;
  }
}

/** The emulator in a container (docker backend): ready once its ready file exists; stopping removes the container. */
async function startInContainer(options: PlatformLaunchOptions, ctx: ServiceContext, command: string[], names: readonly string[], port: number, pki: Pki, deadline: Deadline): Promise<PlatformService> {
  const f = (name: string) => join(options.dir, name);
  const running: RunningService = await ctx.runner!.spawn({
    kind: "platform",
    ctx: { ...ctx, ns: options.ns, dir: options.dir },
    command: command[0]!,
    args: [...command.slice(1), "--config", f("config.json")],
    logFile: f("platform.log"),
    readyWhat: `its ready file ${f("ready.json")}`,
    ready: () => stat(f("ready.json")).then(() => true, () => false),
    deadline,
    mounts: [{ path: bundleDirOf(REPO), readOnly: true }, ...(options.accountDir ? [{ path: options.accountDir }] : [])],
  });
  const addresses = [options.address, ...(options.moreAddresses ?? [])];
  const url = `https://${names[0]}${port === 443 ? "" : `:${port}`}`;
  const endpoint: PlatformEndpoint = { url, names: [...names], address: options.address, addresses, port, caCert: pki.caCert, portalSocket: f("portal.sock") };
  await writeFile(f("endpoint.json"), `${JSON.stringify(endpoint, null, 2)}\n`);
  const stop = () => running.stop();
  return { pid: running.pid, dir: options.dir, portalSocket: f("portal.sock"), pki, names, address: options.address, addresses, port, url, logFile: f("platform.log"), stop, [Symbol.asyncDispose]: stop };
}

function killTree(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
}

function service(options: PlatformLaunchOptions, names: readonly string[], port: number, pki: Pki, pid: number, child: ReturnType<typeof spawn>): PlatformService {
  let stopping: Promise<void> | undefined;
  const wrapperGone = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
  const stop = (deadline = Deadline.in(5000, "platform emulator stop")) =>
    (stopping ??= (async () => {
      if (alive(pid)) process.kill(pid, "SIGTERM");
      try {
        await pollUntil(() => (alive(pid) ? undefined : true), deadline, { what: `platform emulator pid ${pid} to exit` });
      } catch {
        if (alive(pid)) process.kill(pid, "SIGKILL");
      }
      // The tsx wrapper (when the sources run under tsx) exits with its child; if it does not, end its process group.
      const exited = () => (child.exitCode !== null || child.signalCode !== null ? true : undefined);
      await pollUntil(exited, Deadline.in(2000, "tsx wrapper exit")).catch(() => child.pid && killTree(child.pid));
      await wrapperGone;
    })());
  return {
    pid, dir: options.dir, portalSocket: join(options.dir, "portal.sock"), pki, names, address: options.address, addresses: [options.address, ...(options.moreAddresses ?? [])], port,
    url: `https://${names[0]}${port === 443 ? "" : `:${port}`}`, logFile: join(options.dir, "platform.log"),
    stop, [Symbol.asyncDispose]: () => stop(),
  };
}
