// A lab fault the generic ones (netns/faults) do not offer: a device on the path resets the appliance's TLS connection
// as the appliance finishes its handshake (the packet opening with a ChangeCipherSpec record, 0x14, that precedes
// the client's Finished in TLS 1.3). curl 7.88.1 on this host then fails while sending: exit 55 (20 of 20 runs;
// resetting the request itself, the first application-data record, gives 56 instead: curl is then receiving).
// Through a proxy the TLS records travel in the CONNECT tunnel, so the same match on the proxy's port hits them.
import { randomBytes } from "node:crypto";
import { runIn } from "../../netns/util/sh.ts";
import { aimAt, type Aim, type LabFault } from "./connectivity.ts";

/** nftables in namespace `host` of the lab (input and forward): TCP reset for the client's ChangeCipherSpec segment to
 *  the address and port of `aim`. */
export function resetAfterHandshake(host: string, aim: Aim): LabFault {
  return async (s) => {
    const { address, port } = aimAt(s, aim);
    const ns = s.lab!.ns(host);
    const table = `${s.lab!.prefix}-rst-${randomBytes(2).toString("hex")}`;
    const rule = `ip daddr ${address} tcp dport ${port} @ih,0,8 0x14 reject with tcp reset`;
    const chains = ["input", "forward"].map((hook) => `  chain ${hook} {\n    type filter hook ${hook} priority -10; policy accept;\n    ${rule}\n  }`);
    const script = `table inet ${table} {\n${chains.join("\n")}\n}\n`;
    const r = await runIn(ns, "nft", ["-f", "-"], { input: script, allowFailure: true });
    if (r.exitCode !== 0) throw new Error(`nft in ${ns}: could not add table ${table} (${rule}): ${r.stderr.trim()}`);
    let removed: Promise<void> | undefined;
    return {
      remove: () => (removed ??= runIn(ns, "nft", ["delete", "table", "inet", table], { allowFailure: true }).then(() => undefined)),
    };
  };
}
