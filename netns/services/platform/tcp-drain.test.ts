// The send-queue probe finds a live connection in /proc and reads its queue; unknown connections are undefined.
import { once } from "node:events";
import { createConnection, createServer, type AddressInfo, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { drained, unacknowledged } from "./tcp-drain.ts";

describe("tcp-drain", () => {
  it("reads the send queue of an established loopback connection and waits for it to drain", async () => {
    const server = createServer();
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const port = (server.address() as AddressInfo).port;
    const accepted = once(server, "connection") as Promise<[Socket]>;
    const client = createConnection(port, "127.0.0.1");
    await once(client, "connect");
    const [peer] = await accepted;
    try {
      expect(await unacknowledged(peer.localPort!, peer.remotePort!)).toBe(0);
      expect(await unacknowledged(peer.localPort!, 1)).toBeUndefined();
      peer.write(Buffer.alloc(64 * 1024, 1));
      await drained(peer);
      expect(await unacknowledged(peer.localPort!, peer.remotePort!)).toBe(0);
    } finally {
      client.destroy();
      peer.destroy();
      server.close();
    }
  });
});
