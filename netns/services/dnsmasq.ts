// dnsmasq as the lab's DHCPv4/DHCPv6/DNS server, bound to the given interfaces only.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Deadline } from "../util/deadline.ts";
import { applyDrop } from "../faults/firewall.ts";
import type { Fault } from "../faults/types.ts";
import { parseLeases, renderDnsmasqConfig, type DnsmasqLease } from "./dnsmasq-config.ts";
import { checkContext, once, spawnService } from "./process.ts";
import { holdsPort } from "./proc.ts";
import { requireInterfaces } from "./preflight.ts";
import { dnsmasqSchema, parseOptions, type DnsmasqInput, type DnsmasqOptions } from "./schema.ts";
import type { RunningService, ServiceContext } from "./types.ts";

/** A running dnsmasq: its options, lease file and a reader for the current leases. */
export interface RunningDnsmasq extends RunningService {
  options: DnsmasqOptions;
  configFile: string;
  leaseFile: string;
  /** The leases dnsmasq has written so far. */
  leases(): Promise<DnsmasqLease[]>;
}

/** Start dnsmasq in `ctx.ns`; resolves once its DHCP/DHCPv6/DNS sockets are bound. */
export async function startDnsmasq(ctx: ServiceContext, input: DnsmasqInput, deadline?: Deadline): Promise<RunningDnsmasq> {
  checkContext("dnsmasq", ctx);
  const options = parseOptions("dnsmasq", dnsmasqSchema, input, `dnsmasq in ${ctx.ns}`);
  await requireInterfaces("dnsmasq", ctx.ns, options.interfaces);
  await mkdir(ctx.dir, { recursive: true });
  const configFile = join(ctx.dir, "dnsmasq.conf");
  const leaseFile = join(ctx.dir, "dnsmasq.leases");
  const logFile = join(ctx.dir, "dnsmasq.log");
  await writeFile(configFile, renderDnsmasqConfig(options));
  await writeFile(leaseFile, "");
  await writeFile(logFile, "");
  const ports: ["udp", number][] = [];
  if (options.dhcp) ports.push(["udp", 67]);
  if (options.dhcpv6) ports.push(["udp", 547]);
  if (options.dns) ports.push(["udp", options.dns.port]);
  const args = [
    "--keep-in-foreground",
    "--no-ping",
    `--conf-file=${configFile}`,
    // dnsmasq's own pid file must not be the harness's (dnsmasq.pid, written by spawnService): dnsmasq unlinks its
    // file and recreates it with O_EXCL, and a harness write in between made it exit 3 ("File exists").
    `--pid-file=${join(ctx.dir, "dnsmasq-own.pid")}`,
    `--log-facility=${logFile}`,
    `--dhcp-leasefile=${leaseFile}`,
    "--no-resolv",
    "--no-hosts",
    "--user=root",
    "--group=root",
  ];
  const service = await spawnService({
    kind: "dnsmasq",
    ctx,
    command: "dnsmasq",
    args,
    logFile,
    readyWhat: `"started" logged and ${ports.map(([p, n]) => `${p} ${n}`).join(", ")} bound`,
    ready: async (pid) =>
      (await readFile(logFile, "utf8").catch(() => "")).includes("started, version") &&
      (await Promise.all(ports.map(([p, n]) => holdsPort(pid, p, n)))).every(Boolean),
    ...(deadline ? { deadline } : {}),
  });
  let silence: Fault | undefined;
  if (options.dns?.silent) {
    try {
      silence = await applyDrop(ctx.ns, ctx.prefix, { port: options.dns.port, protocols: ["udp", "tcp"], inInterfaces: options.interfaces });
    } catch (error) {
      await service.stop();
      throw error;
    }
  }
  const stop = once(async () => {
    await silence?.remove();
    await service.stop();
  });
  const leases = async () => parseLeases(await readFile(leaseFile, "utf8").catch(() => ""));
  return { ...service, stop, options, configFile, leaseFile, leases };
}
