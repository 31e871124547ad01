// squid as the lab's HTTP proxy: open, Basic or NTLM; run in the foreground (-N) so the pid is squid's own.
import { constants } from "node:fs";
import { access, chown, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Deadline } from "../util/deadline.ts";
import { run } from "../util/sh.ts";
import { missingProgram, ServiceError } from "./errors.ts";
import { holdsPort } from "./proc.ts";
import { checkContext, spawnService } from "./process.ts";
import { parseOptions, squidSchema, type SquidInput, type SquidOptions } from "./schema.ts";
import { renderSquidConfig, SQUID_HELPERS, type SquidPaths } from "./squid-config.ts";
import type { RunningService, ServiceContext } from "./types.ts";

/** A running squid with its options and files (access.log records user names, never passwords). */
export interface RunningSquid extends RunningService {
  options: SquidOptions;
  configFile: string;
  accessLog: string;
  /** `host:port` clients put in their proxy setting, for the first listen address (or `fallback`). */
  proxyFor(fallbackAddress: string): string;
}

/** uid and gid of the `proxy` user squid drops to, from /etc/passwd. */
async function proxyIds(): Promise<{ uid: number; gid: number }> {
  const entry = (await readFile("/etc/passwd", "utf8")).split("\n").find((line) => line.startsWith("proxy:"));
  const [, , uid, gid] = entry?.split(":") ?? [];
  if (uid === undefined || gid === undefined) throw new ServiceError("squid needs the system user proxy, which /etc/passwd lacks");
  return { uid: Number(uid), gid: Number(gid) };
}

/** An htpasswd file of SHA-512 crypt hashes; the passwords reach openssl on stdin only (one per line, one run). */
async function writeHtpasswd(file: string, users: readonly { user: string; password: string }[]): Promise<void> {
  const { stdout } = await run("openssl", ["passwd", "-6", "-stdin"], { input: `${users.map((u) => u.password).join("\n")}\n` });
  const hashes = stdout.split("\n").filter(Boolean);
  if (hashes.length !== users.length) throw new ServiceError(`openssl passwd gave ${hashes.length} hashes for ${users.length} proxy users`);
  await writeFile(file, `${users.map((u, i) => `${u.user}:${hashes[i]}`).join("\n")}\n`, { mode: 0o640 });
}

/** Start squid in `ctx.ns`; resolves once squid itself listens on its port. Stop kills it (no graceful wait). */
export async function startSquid(ctx: ServiceContext, input: SquidInput, deadline?: Deadline): Promise<RunningSquid> {
  checkContext("squid", ctx);
  const options = parseOptions("squid", squidSchema, input, `squid in ${ctx.ns}`);
  if (options.auth.scheme !== "none") {
    const helper = join(SQUID_HELPERS, options.auth.scheme === "basic" ? "basic_ncsa_auth" : "ntlm_fake_auth");
    await access(helper, constants.X_OK).catch(() => {
      throw missingProgram(helper, `squid ${options.auth.scheme} authentication`);
    });
  }
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
    refused: async () => listenFailure(await readFile(paths.cacheLog, "utf8").catch(() => "")),
    stopSignal: "SIGKILL",
    ...(deadline ? { deadline } : {}),
  });
  const proxyFor = (fallback: string) => {
    const host = options.listen[0] ?? fallback;
    return host.includes(":") ? `[${host}]:${options.port}` : `${host}:${options.port}`;
  };
  return { ...service, options, configFile, accessLog: paths.accessLog, proxyFor };
}

/**
 * Squid's words when listen() on one of its ports failed, or undefined. Squid keeps running after that, without the
 * port: two programs that bind the same port before either listens both succeed at bind, and the second listen()
 * fails ("ERROR: listen(..., 5000) system call failed: (98) Address already in use", then "listening port: A:P").
 */
export function listenFailure(cacheLog: string): string | undefined {
  const m = /^.*\bERROR: listen\(.*$(?:\n\s*(listening port: \S+))?/m.exec(cacheLog);
  if (!m) return undefined;
  const line = m[0].split("\n")[0]!.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(\.\d+)?\| /, "").trim();
  return m[1] ? `${line} (${m[1]})` : line;
}
