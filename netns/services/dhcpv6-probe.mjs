// A minimal DHCPv6 client for the services' tests (no DHCPv6 client is installed here): sends one SOLICIT
// on an interface and prints what the ADVERTISE offered as JSON: {"addresses":[...],"dnsServers":[...]}.
// Usage (inside a namespace): node dhcpv6-probe.mjs IFACE [TIMEOUT_MS]
import { createSocket } from "node:dgram";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";

const [iface, timeoutArg] = process.argv.slice(2);
const mac = Buffer.from(readFileSync(`/sys/class/net/${iface}/address`, "utf8").trim().split(":").map((h) => parseInt(h, 16)));
const txid = randomBytes(3);
const option = (code, body) => Buffer.concat([Buffer.from([code >> 8, code & 255, body.length >> 8, body.length & 255]), body]);
const solicit = Buffer.concat([
  Buffer.from([1]),
  txid,
  option(1, Buffer.concat([Buffer.from([0, 3, 0, 1]), mac])),
  option(8, Buffer.from([0, 0])),
  option(3, Buffer.concat([mac.subarray(2, 6), Buffer.alloc(8)])),
  option(6, Buffer.from([0, 23])),
]);
const ipv6 = (b) => Array.from({ length: 8 }, (_, i) => b.readUInt16BE(i * 2).toString(16)).join(":").replace(/(^|:)0(:0)+(:|$)/, "::");

function* options(buf) {
  for (let at = 0; at + 4 <= buf.length; ) {
    const code = buf.readUInt16BE(at);
    const len = buf.readUInt16BE(at + 2);
    yield [code, buf.subarray(at + 4, at + 4 + len)];
    at += 4 + len;
  }
}

const socket = createSocket({ type: "udp6", reuseAddr: true });
const timer = setTimeout(() => {
  process.stdout.write(JSON.stringify({ error: "no ADVERTISE" }) + "\n");
  process.exit(3);
}, Number(timeoutArg ?? 3000));
socket.on("message", (msg) => {
  if (msg[0] !== 2 || !msg.subarray(1, 4).equals(txid)) return;
  const result = { addresses: [], dnsServers: [] };
  for (const [code, body] of options(msg.subarray(4))) {
    if (code === 3) for (const [sub, val] of options(body.subarray(12))) if (sub === 5) result.addresses.push(ipv6(val.subarray(0, 16)));
    if (code === 23) for (let i = 0; i + 16 <= body.length; i += 16) result.dnsServers.push(ipv6(body.subarray(i, i + 16)));
  }
  clearTimeout(timer);
  process.stdout.write(JSON.stringify(result) + "\n");
  socket.close();
});
socket.bind(546, "::", () => {
  socket.setMulticastInterface(`::%${iface}`);
  socket.send(solicit, 547, `ff02::1:2%${iface}`);
});
