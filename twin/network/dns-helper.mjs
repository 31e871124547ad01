// One DNS lookup at one server, run inside the appliance's namespace (node's resolver with setServers, no
// resolv.conf). argv[2]: JSON {server, name, family: 4|6, timeoutMs, tries, localAddress?}. Prints one JSON line.
import { Resolver } from "node:dns/promises";

const q = JSON.parse(process.argv[2] ?? "{}");
const resolver = new Resolver({ timeout: q.timeoutMs, tries: q.tries });
resolver.setServers([q.server.includes(":") ? `[${q.server}]:53` : q.server]);
if (q.localAddress) resolver.setLocalAddress(q.family === 6 ? "0.0.0.0" : q.localAddress, q.family === 6 ? q.localAddress : undefined);
const out = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
try {
  const addresses = q.family === 6 ? await resolver.resolve6(q.name) : await resolver.resolve4(q.name);
  out({ kind: "answer", addresses });
} catch (e) {
  const code = e.code ?? "EUNKNOWN";
  if (code === "ENOTFOUND" || code === "ENODATA" || code === "ENONAME") out({ kind: "nxdomain", code });
  else if (code === "ETIMEOUT" || code === "ECONNREFUSED" || code === "ESERVFAIL" || code === "EREFUSED" || code === "ECONNRESET") out({ kind: "unreachable", code });
  else out({ kind: "error", code, message: String(e.message) });
}
