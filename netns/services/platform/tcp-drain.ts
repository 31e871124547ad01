// Wait until the peer has acknowledged everything sent on a TCP socket (send queue empty), read from /proc/self/net/tcp*.
// Used before a deliberate reset: a reset discards unsent data, and "half a response, then a reset" must deliver the half.
import { readFile } from "node:fs/promises";
import type { Socket } from "node:net";
import { Deadline, pollUntil } from "../../util/deadline.ts";

/** Bytes sent on the connection local port -> remote port and not yet acknowledged; undefined if it is not listed. */
export async function unacknowledged(localPort: number, remotePort: number): Promise<number | undefined> {
  const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, "0");
  const [lp, rp] = [hex(localPort), hex(remotePort)];
  for (const file of ["/proc/self/net/tcp", "/proc/self/net/tcp6"]) {
    const text = await readFile(file, "utf8").catch(() => "");
    for (const line of text.split("\n").slice(1)) {
      const [, local, remote, , queues] = line.trim().split(/\s+/);
      if (local?.endsWith(`:${lp}`) && remote?.endsWith(`:${rp}`)) return parseInt(queues!.split(":")[0]!, 16);
    }
  }
  return undefined;
}

/** Resolve once the socket's send queue is empty (or the socket is gone), at most `ms` milliseconds. */
export async function drained(raw: Socket, ms = 2000): Promise<void> {
  const localPort = raw.localPort;
  const remotePort = raw.remotePort;
  if (localPort === undefined || remotePort === undefined) return;
  await pollUntil(
    async () => ((await unacknowledged(localPort, remotePort)) ?? 0) === 0 || undefined,
    Deadline.in(ms, "the appliance to acknowledge the partial response"),
    { steps: [0, 2, 5, 10, 20, 50] },
  ).catch(() => undefined);
}
