// radvd: IPv6 router advertisements (prefixes for SLAAC, RDNSS, managed/other flags) on one interface.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Deadline } from "../util/deadline.ts";
import { runIn } from "../util/sh.ts";
import { requireInterfaces, waitLinkLocal } from "./preflight.ts";
import { checkContext, spawnService } from "./process.ts";
import { parseOptions, radvdSchema, type RadvdInput, type RadvdOptions } from "./schema.ts";
import type { RunningService, ServiceContext } from "./types.ts";

/** A running radvd with its options and config file. */
export interface RunningRadvd extends RunningService {
  options: RadvdOptions;
  configFile: string;
}

const onOff = (flag: boolean) => (flag ? "on" : "off");

/** The text of radvd.conf for `o`. */
export function renderRadvdConfig(o: RadvdOptions): string {
  const body = [
    "AdvSendAdvert on;",
    `MinRtrAdvInterval ${o.minIntervalSeconds};`,
    `MaxRtrAdvInterval ${o.maxIntervalSeconds};`,
    `AdvManagedFlag ${onOff(o.managed)};`,
    `AdvOtherConfigFlag ${onOff(o.other)};`,
    `AdvDefaultLifetime ${o.routerLifetime};`,
    ...o.prefixes.map((p) => `prefix ${p.prefix} { AdvOnLink ${onOff(p.onLink)}; AdvAutonomous ${onOff(p.autonomous)}; };`),
    ...(o.rdnss.length ? [`RDNSS ${o.rdnss.join(" ")} { };`] : []),
    ...(o.dnssl.length ? [`DNSSL ${o.dnssl.join(" ")} { };`] : []),
  ];
  return `# written by netns/services/radvd.ts\ninterface ${o.interface} {\n${body.map((l) => `  ${l}`).join("\n")}\n};\n`;
}

/**
 * Start radvd in `ctx.ns` (IPv6 forwarding is switched on there first: radvd refuses to run without it);
 * resolves once radvd has sent its first advertisement on the interface.
 */
export async function startRadvd(ctx: ServiceContext, input: RadvdInput, deadline?: Deadline): Promise<RunningRadvd> {
  checkContext("radvd", ctx);
  const options = parseOptions("radvd", radvdSchema, input, `radvd in ${ctx.ns}`);
  const until = deadline ?? Deadline.in(10_000, "radvd ready");
  const configFile = join(ctx.dir, "radvd.conf");
  const logFile = join(ctx.dir, "radvd.log");
  await Promise.all([
    requireInterfaces("radvd", ctx.ns, [options.interface]).then(() => waitLinkLocal(ctx.ns, options.interface, until)),
    runIn(ctx.ns, "sysctl", ["-qw", "net.ipv6.conf.all.forwarding=1"]),
    mkdir(ctx.dir, { recursive: true }).then(() => Promise.all([writeFile(configFile, renderRadvdConfig(options)), writeFile(logFile, "")])),
  ]);
  const marker = `next iface is ${options.interface}`;
  // radvd keeps its own pid file, apart from the service's radvd.pid: when both shared one path, radvd
  // sometimes read our half-written file at start and exited ("unable to read pid from pid file").
  const service = await spawnService({
    kind: "radvd",
    ctx,
    command: "radvd",
    args: ["-n", "-C", configFile, "-p", join(ctx.dir, "radvd-own.pid"), "-m", "logfile", "-l", logFile, "-d", "1"],
    logFile,
    readyWhat: `"${marker}" in ${logFile}`,
    ready: async () => (await readFile(logFile, "utf8").catch(() => "")).includes(marker),
    deadline: until,
  });
  return { ...service, options, configFile };
}
