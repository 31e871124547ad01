// Moving the host NICs cabled to an appliance into the lab's dut namespace (as lan0/wan0) and back.
// Every move is recorded in the lab's run dir first, so a sweeper can give NICs back after a crash.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { run } from "../util/sh.ts";

/** A host NIC could not be moved into a lab namespace. */
export class NicMoveError extends Error {
  override readonly name = "NicMoveError";
}

function nicMoveFailed(nic: string, ns: string, detail: string): NicMoveError {
  return new NicMoveError(`Cannot move host NIC ${nic} into namespace ${ns}: ${detail}`);
}

/** One host NIC moved into a namespace. */
export interface NicMove {
  readonly host: string;
  readonly inside: string;
  readonly ns: string;
}

/** Where a run records its moved NICs. */
export function nicRecordPath(runDir: string): string {
  return join(runDir, "nics.json");
}

async function readRecord(file: string): Promise<NicMove[]> {
  const text = await readFile(file, "utf8").catch(() => "[]");
  return JSON.parse(text) as NicMove[];
}

async function writeRecord(file: string, moves: readonly NicMove[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  if (moves.length === 0) await rm(file, { force: true });
  else await writeFile(file, `${JSON.stringify(moves, null, 2)}\n`);
}

async function linkExists(name: string, ns?: string): Promise<boolean> {
  const args = ns ? ["-n", ns, "link", "show", "dev", name] : ["link", "show", "dev", name];
  return (await run("ip", args, { allowFailure: true })).exitCode === 0;
}

/** Move host NIC `host` into `ns` named `inside`; recorded in `runDir` before the move. */
export async function moveNic(runDir: string, host: string, ns: string, inside: string): Promise<NicMove> {
  if (!(await linkExists(host))) throw nicMoveFailed(host, ns, "no such interface in the host namespace");
  if (await linkExists(inside, ns)) throw nicMoveFailed(host, ns, `the namespace already has an interface named ${inside}`);
  const file = nicRecordPath(runDir);
  const move: NicMove = { host, inside, ns };
  await writeRecord(file, [...(await readRecord(file)), move]);
  const r = await run("ip", ["link", "set", "dev", host, "netns", ns, "name", inside], { allowFailure: true });
  if (r.exitCode !== 0) {
    await writeRecord(file, (await readRecord(file)).filter((m) => m.host !== host));
    throw nicMoveFailed(host, ns, r.stderr.trim());
  }
  await run("ip", ["-n", ns, "link", "set", "dev", inside, "up"]);
  return move;
}

/** Give one NIC back to the host namespace under its own name (no-op when it is already back). */
export async function giveBack(move: NicMove): Promise<void> {
  if (await linkExists(move.inside, move.ns)) {
    await run("ip", ["-n", move.ns, "link", "set", "dev", move.inside, "down"], { allowFailure: true });
    await run("ip", ["-n", move.ns, "link", "set", "dev", move.inside, "netns", "1", "name", move.host]);
  }
}

/** Give back every NIC recorded in `runDir` (the sweeper's entry point); returns what was given back. */
export async function giveBackAll(runDir: string): Promise<NicMove[]> {
  const file = nicRecordPath(runDir);
  const moves = await readRecord(file);
  const left: NicMove[] = [];
  for (const m of moves.reverse()) {
    try {
      await giveBack(m);
    } catch {
      left.push(m);
    }
  }
  await writeRecord(file, left);
  return moves.filter((m) => !left.includes(m));
}
