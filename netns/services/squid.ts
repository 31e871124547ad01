// squid as the lab's HTTP proxy: open, Basic or NTLM; run in the foreground (-N) so the pid is squid's own.
import { chown, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Deadline } from "../util/deadline.ts";
import { run } from "../util/sh.ts";
import { holdsPort } from "./proc.ts";
import { spawnService } from "./process.ts";
import { parseOptions, squidSchema, type SquidInput, type SquidOptions } from "./schema.ts";
import { renderSquidConfig, type SquidPaths } from "./squid-config.ts";
import type { RunningService, ServiceContext } from "./types.ts";

/** A running squid with its options and files (access.log records user names, never passwords). */
export interface RunningSquid extends RunningService {
  options: SquidOptions;
  configFile: string;
  accessLog: string;
  /** `host:port` clients put in their proxy setting, for the first listen address (or `fallback`). */
  proxyFor(fallbackAddress: string): string;
}

/** uid and gid of the `proxy` user squid drops to. */
async function proxyIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run("id", ["-u", "proxy"]), run("id", ["-g", "proxy"])]);
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

/** An htpasswd file of SHA-512 crypt hashes; each password reaches openssl on stdin only. */
async function writeHtpasswd(file: string, users: readonly { user: string; password: string }[]): Promise<void> {
  const lines: string[] = [];
  for (const { user, password } of users) {
    const { stdout } = await run("openssl", ["passwd", "-6", "-stdin"], { input: password });
    lines.push(`${user}:${stdout.trim()}`);
  }
  await writeFile(file, `${lines.join("\n")}\n`, { mode: 0o640 });
}

/** Start squid in `ctx.ns`; resolves once squid itself listens on its port. Stop kills it (no graceful wait). */
export async function startSquid(ctx: ServiceContext, input: SquidInput, deadline?: Deadline): Promise<RunningSquid> {
  const options = parseOptions("squid", squidSchema, input, `squid in ${ctx.ns}`);
  await mkdir(ctx.dir, { recursive: true });
  const paths: SquidPaths = {
    dir: ctx.dir,
    htpasswd: join(ctx.dir, "htpasswd"),
    cacheLog: join(ctx.dir, "cache.log"),
    accessLog: join(ctx.dir, "access.log"),
  };
  const configFile = join(ctx.dir, "squid.conf");
  await writeFile(configFile, renderSquidConfig(options, paths));
  if (options.auth.scheme === "basic") await writeHtpasswd(paths.htpasswd, options.auth.users);
  const { uid, gid } = await proxyIds();
  for (const file of [ctx.dir, paths.cacheLog, paths.accessLog]) {
    if (file !== ctx.dir) await writeFile(file, "", { flag: "a" });
    await chown(file, uid, gid);
  }
  if (options.auth.scheme === "basic") await chown(paths.htpasswd, 0, gid);
  const service = await spawnService({
    kind: "squid",
    ctx,
    command: "squid",
    args: ["-N", "-f", configFile],
    logFile: paths.cacheLog,
    readyWhat: `TCP port ${options.port} listening`,
    ready: (pid) => holdsPort(pid, "tcp", options.port),
    stopSignal: "SIGKILL",
    ...(deadline ? { deadline } : {}),
  });
  const proxyFor = (fallback: string) => {
    const host = options.listen[0] ?? fallback;
    return host.includes(":") ? `[${host}]:${options.port}` : `${host}:${options.port}`;
  };
  return { ...service, options, configFile, accessLog: paths.accessLog, proxyFor };
}
