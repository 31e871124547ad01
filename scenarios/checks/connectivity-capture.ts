// Evidence from the LAN capture for a domain\user proxy account (Proxy Configuration: "Authentication (Basic or
// NTLM)"): the appliance authenticates to the NTLM proxy with the NTLMSSP handshake (negotiate, the proxy's
// challenge, authenticate), never with a Basic Proxy-Authorization header, and the password never crosses the wire.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { decode, type Frame } from "../../harness/capture/index.ts";
import { runFlow } from "../../harness/ui/index.ts";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import type { Session } from "../rig.ts";
import { must, same, reachedPlatform } from "./common.ts";
import { viaProxy } from "./connectivity.ts";
import { PROXY_PASSWORD } from "./proxy.ts";

/** The NTLM account: any password is accepted by the lab's ntlm_fake_auth; "scanner" is the preset's user. */
const USER = "LAB\\scanner";

/** Frames of the DUT's LAN capture since the scenario's start was reached (read while tcpdump still writes): on an
 *  appliance used before, the capture also holds what it sent while brought to the start (a proxy an earlier
 *  scenario left set, with its Basic header). */
const lanFrames = async (s: Session, displayFilter?: string): Promise<Frame[]> =>
  (await decode(join(s.evidence, "dut-lan0.pcap"), { live: true, ...(displayFilter ? { displayFilter } : {}) })).filter((f) => f.time * 1000 >= s.startedAt);

/** Where in `bytes` each secret form occurs; the occurrences are overwritten with '*' (the evidence stays clean). */
function scrub(file: string, forms: readonly string[]): string[] {
  const bytes = readFileSync(file);
  const found: string[] = [];
  for (const [i, form] of forms.entries()) {
    const needle = Buffer.from(form, "latin1");
    let at = bytes.indexOf(needle);
    if (at >= 0) found.push(i === 0 ? "the password in clear" : "the Basic token (base64 of user:password)");
    for (; at >= 0; at = bytes.indexOf(needle, at + 1)) bytes.fill(0x2a, at, at + needle.length);
  }
  if (found.length) writeFileSync(file, bytes);
  return found;
}

/** ENABLE PROXY with LAB\scanner on the NTLM preset; the capture proves the NTLMSSP handshake and no clear password. */
export async function ntlmHandshakeOnWire(s: Session): Promise<void> {
  await s.ui.reach("home");
  await runFlow(s.ui, "proxy-enable", viaProxy(USER, PROXY_PASSWORD));
  const home = await s.ui.reach("home");
  const auth = (fs: Frame[]) => fs.filter((f) => f.http?.proxyAuthScheme);
  // The third NTLM message is the last thing the appliance sends before the tunnel opens; wait until it (or any
  // other proxy authentication) is in the capture file.
  const sent = await pollUntil(async () => {
    const fs = auth(await lanFrames(s));
    return fs.some((f) => f.http?.proxyAuth?.ntlmType === 3 || f.http?.proxyAuthScheme !== "NTLM") ? fs : undefined;
  }, Deadline.in(10_000, "the proxy authentication in the LAN capture")).catch(() => [] as Frame[]);
  const challenges = await lanFrames(s, "ntlmssp.messagetype == 0x00000002 && http.response.code == 407");
  // Scrub before any verdict, so a failing run leaves no password in the evidence either.
  const user = USER.slice(USER.indexOf("\\") + 1);
  const found = scrub(join(s.evidence, "dut-lan0.pcap"), [PROXY_PASSWORD, Buffer.from(`${USER}:${PROXY_PASSWORD}`).toString("base64"), Buffer.from(`${user}:${PROXY_PASSWORD}`).toString("base64")]);
  const schemes = sent.map((f) => `${f.http!.proxyAuthScheme}${f.http!.proxyAuth?.ntlmType ? ` type ${f.http!.proxyAuth.ntlmType}` : ""}`);
  must(s.ui, !sent.some((f) => f.http?.proxyAuthScheme?.toLowerCase() === "basic"), "Proxy-Authorization headers on the LAN", "no Basic scheme (NTLM account)", schemes.join(", ") || "none");
  const types = [...new Set(sent.map((f) => f.http?.proxyAuth?.ntlmType ?? 0))].sort();
  same(s.ui, "NTLMSSP messages the appliance sent (1 negotiate, 3 authenticate)", [1, 3], types);
  const type3 = sent.find((f) => f.http?.proxyAuth?.ntlmType === 3)?.http?.proxyAuth;
  same(s.ui, "the account in the NTLMSSP authenticate message", `${USER.slice(0, USER.indexOf("\\"))}\\${user}`, `${type3?.domain ?? ""}\\${type3?.user ?? ""}`);
  must(s.ui, challenges.length > 0, "the proxy's answer on the LAN", "a 407 carrying the NTLMSSP challenge (type 2)", "none");
  must(s.ui, found.length === 0, "the LAN capture's bytes", "no proxy password, in clear or Basic-encoded", `${found.join(", ")} (scrubbed from the evidence)`);
  same(s.ui, "connection check through the NTLM proxy", await reachedPlatform(s), home.kind === "error" ? home.text : home.kind);
}
