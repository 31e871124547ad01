// One contender of lease.test.ts: take the appliance's lease, open its console (a PTY) exclusively, hold it a
// while, log the turn, close, release. Run by two files at once in two vitest workers.
import { appendFileSync } from "node:fs";
import { SerialPort } from "serialport";
import { Lease } from "../lease.ts";

export async function contend(who: string): Promise<void> {
  const tty = process.env.HIL_CONTEND_TTY!;
  const lease = await Lease.take("contended-box", { waitMs: 50_000 });
  try {
    const from = Date.now();
    const port = new SerialPort({ path: tty, baudRate: 9600, lock: true, autoOpen: false });
    await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())));
    await new Promise((r) => setTimeout(r, 1_500)); // holding the console: the other worker must be waiting meanwhile
    await new Promise<void>((res) => port.close(() => res()));
    appendFileSync(process.env.HIL_CONTEND_LOG!, `${JSON.stringify({ who, pid: process.pid, from, to: Date.now() })}\n`);
  } finally {
    lease.release();
  }
}
