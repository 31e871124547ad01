// DNS lookups at one server each, run inside the appliance's namespace (node's resolver with setServers, no
// resolv.conf). It serves for the twin's life: one JSON line per query on stdin, {id, server, name, family: 4|6,
// timeoutMs, tries, localAddress?}; one JSON line per answer on stdout, {id, kind, ...}, in the order they come.
// It ends when stdin closes (the twin is gone). A twin that runs in its namespace itself imports lookup() instead.
import { Resolver } from "node:dns/promises";
import { createInterface } from "node:readline";
import { basename } from "node:path";

const out = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);

/** The answer of `q.server` for `q.name`: addresses, not found, unreachable, or another error. */
export async function lookup(q) {
  const resolver = new Resolver({ timeout: q.timeoutMs, tries: q.tries });
  resolver.setServers([q.server.includes(":") ? `[${q.server}]:53` : q.server]);
  if (q.localAddress) resolver.setLocalAddress(q.family === 6 ? "0.0.0.0" : q.localAddress, q.family === 6 ? q.localAddress : undefined);
  try {
    const addresses = q.family === 6 ? await resolver.resolve6(q.name) : await resolver.resolve4(q.name);
    return { kind: "answer", addresses };
  } catch (e) {
    const code = e.code ?? "EUNKNOWN";
    if (code === "ENOTFOUND" || code === "ENODATA" || code === "ENONAME") return { kind: "nxdomain", code };
    if (code === "ETIMEOUT" || code === "ECONNREFUSED" || code === "ESERVFAIL" || code === "EREFUSED" || code === "ECONNRESET") return { kind: "unreachable", code };
    return { kind: "error", code, message: String(e.message) };
  }
}

function serve() {
  const lines = createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    let q;
    try {
      q = JSON.parse(line);
    } catch {
      out({ id: null, kind: "error", code: "EBADQUERY", message: line.slice(0, 80) });
      return;
    }
    lookup(q).then((a) => out({ id: q.id, ...a }));
  });
  lines.on("close", () => process.exit(0));
}

// Run as the helper (not when a bundle that imports lookup() is the program: its import.meta.url may be the bundle's).
if (basename(process.argv[1] ?? "") === "dns-helper.mjs") serve();
