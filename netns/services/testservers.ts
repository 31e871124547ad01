// Origin servers for the services' tests, run in a "cloud" namespace: busybox httpd (HTTP) and openssl s_server (HTTPS).
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { run } from "../util/sh.ts";
import { holdsPort } from "./proc.ts";
import { spawnService } from "./process.ts";
import type { RunningService, ServiceContext } from "./types.ts";

/** busybox httpd serving `files` (name -> content) from `ctx.dir/www` on `address:port` (address "" = every IPv4/IPv6 address). */
export async function startHttpServer(ctx: ServiceContext, address: string, port: number, files: Record<string, string | Buffer>): Promise<RunningService> {
  const www = join(ctx.dir, "www");
  await mkdir(www, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(join(www, name), content);
  return spawnService({
    kind: "httpd",
    ctx,
    command: "busybox",
    args: ["httpd", "-f", "-vv", "-p", address ? `${address}:${port}` : String(port), "-h", www],
    logFile: join(ctx.dir, "httpd.out"),
    readyWhat: `TCP port ${port} listening`,
    ready: (pid) => holdsPort(pid, "tcp", port),
  });
}

/** openssl s_server -www (a status page over TLS) on `port`, with a fresh self-signed certificate for `name`. */
export async function startTlsServer(ctx: ServiceContext, port: number, name = "cloud.lab.example"): Promise<RunningService> {
  await mkdir(ctx.dir, { recursive: true });
  const cert = join(ctx.dir, "cert.pem");
  const key = join(ctx.dir, "key.pem");
  await run("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert, "-subj", `/CN=${name}`, "-days", "2"]);
  return spawnService({
    kind: "s_server",
    ctx,
    command: "openssl",
    args: ["s_server", "-accept", String(port), "-cert", cert, "-key", key, "-www", "-quiet"],
    logFile: join(ctx.dir, "s_server.out"),
    readyWhat: `TCP port ${port} listening`,
    ready: (pid) => holdsPort(pid, "tcp", port),
  });
}
