// The control socket (--control SOCK): one command per line, `power off|on|cut`, `fault silent` (the firmware hangs
// until a power cut), `status` or `describe`; one reply line.
import { createServer, type Server } from "node:net";
import { rmSync } from "node:fs";
import { createInterface } from "node:readline";
import { controlError } from "../errors.ts";
import type { Box } from "./box.ts";
import { describe } from "./describe.ts";

/** Handle one command line; returns the reply. */
export function command(box: Box, line: string): string {
  switch (line.trim()) {
    case "power on":
      box.powerOn();
      return "ok";
    case "power off":
      box.powerButton();
      return "ok";
    case "power cut":
      box.cut();
      return "ok";
    case "fault silent":
      return box.hang() ? "ok" : "error: the box is off (nothing to hang)";
    case "describe":
      return JSON.stringify(describe(box.options));
    case "status":
      return JSON.stringify({ power: box.power, fault: box.fault, lcd: box.lcd, lostBytes: box.lostBytes, versions: box.versions });
    default:
      return controlError(line.trim());
  }
}

/** Listen on `path` (a Unix socket) for control commands. */
export async function listenControl(box: Box, path: string): Promise<Server> {
  rmSync(path, { force: true });
  const server = createServer((sock) => {
    const lines = createInterface({ input: sock });
    lines.on("line", (line) => sock.write(`${command(box, line)}\n`));
    sock.on("error", () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(path, () => resolve());
  });
  return server;
}
