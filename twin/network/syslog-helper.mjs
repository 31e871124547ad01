// Send syslog lines to one server from the appliance's namespace. argv[2]: JSON {protocol, address, port,
// localAddress?, lines[]}. UDP: one datagram per line; TCP: LF-terminated frames on one connection.
import { createSocket } from "node:dgram";
import { connect } from "node:net";

const q = JSON.parse(process.argv[2] ?? "{}");
const fail = (e) => (process.stderr.write(`${e.message}\n`), process.exit(1));
if (q.protocol === "udp") {
  const s = createSocket(q.address.includes(":") ? "udp6" : "udp4");
  s.on("error", fail);
  s.bind({ address: q.localAddress, port: 0 }, async () => {
    for (const line of q.lines) await new Promise((res, rej) => s.send(line, q.port, q.address, (e) => (e ? rej(e) : res())));
    s.close();
  });
} else {
  const s = connect({ host: q.address, port: q.port, ...(q.localAddress ? { localAddress: q.localAddress } : {}), timeout: 5000 });
  s.on("error", fail);
  s.on("timeout", () => fail(new Error("timeout")));
  s.on("connect", () => s.end(q.lines.map((l) => `${l}\n`).join("")));
  s.on("close", (hadError) => process.exit(hadError ? 1 : 0));
}
