// Faults on a running lab by verb (for `hil lab fault`), delegating to netns/faults; each applied fault and its
// undo commands are recorded in the run directory so `clear` can undo it from another process.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { applyDnsUnreachable } from "../faults/dns.ts";
import { applyDrop, applyReject, type FirewallMatch } from "../faults/firewall.ts";
import { applyLinkDown } from "../faults/link.ts";
import { applyPartnerSetting, parsePartnerSetting, PARTNER_SETTINGS } from "../faults/partner.ts";
import { applyRateLimit } from "../faults/ratelimit.ts";
import { applySquatter } from "../faults/squatter.ts";
import type { Fault } from "../faults/types.ts";
import { run } from "../util/sh.ts";
import type { Lab } from "./lab.ts";

/** Usage lines of every fault verb. */
export const FAULT_USAGE = [
  "link-down HOST IFACE              take IFACE down (its peer loses carrier)",
  "link-up HOST IFACE                bring IFACE up again",
  "drop|reject HOST [--to ADDR] [--port N] [--proto tcp,udp] [--from ADDR]   nftables drop (timeout) / reject (refused)",
  "rate HOST IFACE KBIT              tc tbf rate limit on IFACE's egress",
  "squat HOST IFACE ADDR/LEN         another host claims the address (duplicate address)",
  "dns-unreachable HOST SERVER [--reject]   DNS server SERVER unreachable from HOST",
  `partner HOST IFACE VALUE          IFACE (a cable's lab end) as link partner forced to VALUE: ${PARTNER_SETTINGS.join(", ")}`,
  "clear HOST                        undo every fault this command applied in HOST",
];

interface Record_ {
  host: string;
  undo: string[][]; // commands (argv) that undo it, run in order
  describe: string;
}

const option = (args: string[], name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

/** Apply fault `verb` with `args` to `lab`; returns the line describing what was done. */
export async function applyFaultVerb(lab: Lab, verb: string, args: string[]): Promise<string> {
  const [host = "", a1, a2] = args;
  const ns = lab.ns(host);
  const need = (value: string | undefined, what: string) => {
    if (!value) throw new Error(`hil lab fault ${verb}: expected ${what}, got nothing (usage: ${FAULT_USAGE.find((u) => u.includes(verb))})`);
    return value;
  };
  switch (verb) {
    case "link-down": {
      return record(lab, host, await applyLinkDown(ns, need(a1, "an interface")));
    }
    case "link-up":
      await run("ip", ["-n", ns, "link", "set", need(a1, "an interface"), "up"]);
      return `link ${a1} in ${ns} up`;
    case "drop":
    case "reject": {
      const port = option(args, "--port");
      const match: FirewallMatch = {
        ...(option(args, "--to") ? { address: option(args, "--to")! } : {}),
        ...(option(args, "--from") ? { source: option(args, "--from")! } : {}),
        ...(port ? { port: Number(port) } : {}),
        ...(option(args, "--proto") ? { protocols: option(args, "--proto")!.split(",") as ("tcp" | "udp")[] } : {}),
      };
      return record(lab, host, verb === "drop" ? await applyDrop(ns, lab.prefix, match) : await applyReject(ns, lab.prefix, match));
    }
    case "rate": {
      return record(lab, host, await applyRateLimit(ns, need(a1, "an interface"), { rateKbit: Number(need(a2, "a rate in kbit/s")) }));
    }
    case "squat": {
      return record(lab, host, await applySquatter(ns, need(a1, "an interface"), need(a2, "an address with prefix length")));
    }
    case "dns-unreachable": {
      return record(lab, host, await applyDnsUnreachable(ns, lab.prefix, need(a1, "a DNS server address"), args.includes("--reject") ? "reject" : "drop"));
    }
    case "partner": {
      const iface = need(a1, "an interface");
      const setting = parsePartnerSetting(need(a2, `a link partner setting (${PARTNER_SETTINGS.join(", ")})`), `hil lab fault partner ${host} ${iface}`);
      return record(lab, host, await applyPartnerSetting(ns, iface, setting));
    }
    case "clear": {
      const all = await records(lab);
      const mine = all.filter((r) => r.host === host);
      for (const r of mine) for (const cmd of r.undo) await run(cmd[0]!, cmd.slice(1), { allowFailure: true });
      await writeFile(file(lab), JSON.stringify(all.filter((r) => r.host !== host), null, 2));
      return `cleared ${mine.length} fault(s) in ${host}`;
    }
    default:
      throw new Error(`hil lab fault: unknown fault "${verb}"; expected one of: ${FAULT_USAGE.map((u) => u.split(" ")[0]).join(", ")}`);
  }
}

const file = (lab: Lab) => join(lab.dir, "faults.json");

async function records(lab: Lab): Promise<Record_[]> {
  return JSON.parse(await readFile(file(lab), "utf8").catch(() => "[]")) as Record_[];
}

/** Remember fault `f` of `host` with its undo commands (netns/faults provides them) for a later `clear`. */
async function record(lab: Lab, host: string, f: Fault): Promise<string> {
  const r: Record_ = { host, describe: f.describe, undo: f.undo.map((cmd) => [...cmd]) };
  await writeFile(file(lab), JSON.stringify([...(await records(lab)), r], null, 2));
  return r.describe;
}

