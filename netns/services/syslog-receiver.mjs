// The lab's syslog receiver, a small Node program run inside a namespace (plain JS so it starts fast):
// listens on UDP and/or TCP, appends one JSON line per message (time, protocol, source, message) to a file.
// Usage: node syslog-receiver.mjs --port N --out FILE [--udp] [--tcp]
import { appendFileSync } from "node:fs";
import { createSocket } from "node:dgram";
import { createServer } from "node:net";

const args = process.argv.slice(2);
const value = (flag) => args[args.indexOf(flag) + 1];
const port = Number(value("--port"));
const out = value("--out");
if (!Number.isInteger(port) || port < 1 || port > 65535 || !out) {
  process.stderr.write(`syslog-receiver: expected --port 1-65535 and --out FILE, got ${JSON.stringify(args)}\n`);
  process.exit(2);
}
const plain = (address) => (address?.startsWith("::ffff:") ? address.slice(7) : address);

function record(protocol, address, sourcePort, message) {
  const text = message.replace(/[\r\n\0]+$/, "");
  if (!text) return;
  const line = { time: new Date().toISOString(), protocol, source: plain(address), sourcePort, message: text };
  appendFileSync(out, `${JSON.stringify(line)}\n`);
}

// Split a TCP stream into messages: RFC 6587 octet counting ("LEN SP MSG") or LF/NUL-terminated frames.
function takeFrames(buffer, emit) {
  for (;;) {
    const counted = /^(\d{1,6}) /.exec(buffer.toString("latin1", 0, 8));
    if (counted) {
      const start = counted[0].length;
      const length = Number(counted[1]);
      if (buffer.length < start + length) return buffer;
      emit(buffer.toString("utf8", start, start + length));
      buffer = buffer.subarray(start + length);
      continue;
    }
    const end = buffer.findIndex((byte) => byte === 0x0a || byte === 0x00);
    if (end < 0) return buffer;
    emit(buffer.toString("utf8", 0, end));
    buffer = buffer.subarray(end + 1);
  }
}

function listenUdp() {
  const socket = createSocket({ type: "udp6", ipv6Only: false });
  socket.on("message", (msg, rinfo) => record("udp", rinfo.address, rinfo.port, msg.toString("utf8")));
  socket.on("error", (error) => {
    process.stderr.write(`syslog-receiver: UDP ${port}: ${error.message}\n`);
    process.exit(1);
  });
  socket.bind(port, "::");
}

function listenTcp() {
  const server = createServer((conn) => {
    let pending = Buffer.alloc(0);
    const emit = (text) => record("tcp", conn.remoteAddress, conn.remotePort, text);
    conn.on("data", (chunk) => (pending = takeFrames(Buffer.concat([pending, chunk]), emit)));
    conn.on("end", () => pending.length && emit(pending.toString("utf8")));
    conn.on("error", () => conn.destroy());
  });
  server.on("error", (error) => {
    process.stderr.write(`syslog-receiver: TCP ${port}: ${error.message}\n`);
    process.exit(1);
  });
  server.listen({ port, host: "::", ipv6Only: false });
}

if (args.includes("--udp")) listenUdp();
if (args.includes("--tcp")) listenTcp();
process.on("SIGTERM", () => process.exit(0));
