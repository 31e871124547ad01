// `hil twin --as-hardware NAME ...`, `hil twin stop NAME`, `hil twin list`, `hil twin power NAME on|off|cut`: the twin as
// an independent box (harness/dut/box.ts). Its own small argument parser (the CLI's shared one is being rewritten).
import { existsSync } from "node:fs";
import { listBoxes, powerBox, startBox, stopBox, type BoxOptions } from "../dut/box.ts";
import { entryYaml, writeInventoryEntry } from "../dut/box-inventory.ts";

/** Where the persistent lab CA lives unless the inventory says otherwise (made by `hil`; a QA firmware trusts it). */
export const DEFAULT_LAB_CA = "/var/lib/hil/ca/ca.crt";

export const BOX_USAGE = [
  "usage: hil twin --as-hardware NAME [--model current|legacy] [--serial N] [--time-scale X] [--pace] [--platform-ca FILE] [--inventory FILE]",
  "       hil twin stop NAME | hil twin list | hil twin power NAME on|off|cut",
].join("\n");

class UsageError extends Error {}

/** Parse the options after `--as-hardware NAME`. */
export function parseBoxArgs(argv: readonly string[]): BoxOptions & { inventory?: string } {
  const [flag, name, ...rest] = argv;
  if (flag !== "--as-hardware" || !name || name.startsWith("--")) throw new UsageError(`expected --as-hardware NAME first, got ${JSON.stringify(argv.slice(0, 2).join(" "))}`);
  const o: { -readonly [K in keyof BoxOptions]: BoxOptions[K] } & { inventory?: string } = { name };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = () => {
      const v = rest[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`expected a value after ${arg}, got ${v ?? "nothing"}`);
      return v;
    };
    if (arg === "--pace") o.pace = true;
    else if (arg === "--model") {
      const v = value();
      if (v !== "current" && v !== "legacy") throw new UsageError(`expected --model to be current or legacy, got ${JSON.stringify(v)}`);
      o.model = v;
    } else if (arg === "--serial") {
      const v = value();
      if (!/^[A-Za-z0-9-]{1,32}$/.test(v)) throw new UsageError(`expected --serial to be 1-32 of A-Za-z0-9-, got ${JSON.stringify(v)}`);
      o.serial = v;
    } else if (arg === "--time-scale") {
      const v = value();
      const n = Number(v);
      if (!(n > 0 && n <= 1000)) throw new UsageError(`expected --time-scale to be a number > 0 and <= 1000, got ${JSON.stringify(v)}`);
      o.timeScale = n;
    } else if (arg === "--platform-ca") o.platformCa = value();
    else if (arg === "--inventory") o.inventory = value();
    else throw new UsageError(`unknown option '${arg}'`);
  }
  return o;
}

async function start(argv: string[]): Promise<number> {
  const o = parseBoxArgs(argv);
  const platformCa = o.platformCa ?? (existsSync(DEFAULT_LAB_CA) ? DEFAULT_LAB_CA : undefined);
  const box = await startBox({ ...o, platformCa });
  if (o.inventory) await writeInventoryEntry(o.inventory, box);
  process.stdout.write(`# box ${box.name}: pid ${box.pid}, namespace ${box.ns}, powered off (power on with the 'on' command)\n`);
  process.stdout.write(`# platform: ${platformCa ? `https://qualysguard.qualys.test trusting ${platformCa}` : `none (no --platform-ca and no ${DEFAULT_LAB_CA})`}\n`);
  if (o.inventory) process.stdout.write(`# written to ${o.inventory}\n`);
  process.stdout.write(entryYaml(box));
  return 0;
}

/** Run a box subcommand; returns undefined when `argv` is not one (the plain `hil twin` then runs). */
export async function boxCommand(argv: string[]): Promise<number | undefined> {
  const [sub, ...rest] = argv;
  try {
    if (sub === "--as-hardware") return await start(argv);
    if (sub === "stop") {
      if (rest.length !== 1) throw new UsageError(`expected stop NAME, got ${JSON.stringify(rest.join(" "))}`);
      const { removed } = await stopBox(rest[0]!);
      process.stdout.write(`stopped box ${rest[0]} (run ${removed.join(", ")}): process, namespace, NICs, tty link and run directory removed\n`);
      return 0;
    }
    if (sub === "list") {
      const rows = await listBoxes();
      if (rows.length === 0) process.stdout.write("no boxes\n");
      for (const b of rows) process.stdout.write(`${b.name}\t${b.alive ? "running" : "dead (hil lab sweep removes it)"}\tpid ${b.pid}\t${b.tty}\tlan ${b.lan}\twan ${b.wan}\trun ${b.prefix}\tsince ${b.since}\n`);
      return 0;
    }
    if (sub === "power") {
      const [name, action] = rest;
      if (!name || (action !== "on" && action !== "off" && action !== "cut") || rest.length !== 2) throw new UsageError(`expected power NAME on|off|cut, got ${JSON.stringify(rest.join(" "))}`);
      await powerBox(name, action);
      return 0;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`hil twin: ${error.message}\n${BOX_USAGE}\n`);
      return 2;
    }
    process.stderr.write(`hil twin: ${(error as Error).message}\n`);
    return 1;
  }
  return undefined;
}
