// Catalogue fragment: proxy errors and Qualys Platform connectivity errors of the troubleshooting table, each produced by the real proxy or platform condition, with the older model's E-codes.
import type { Section } from "../../fixtures/manual/index.ts";
import { firewall, platformFault, presetPassword, rowCheck, viaProxy, type ConnectivityRow } from "../checks/connectivity.ts";
import { resetAfterHandshake } from "../checks/connectivity-faults.ts";
import { ntlmHandshakeOnWire } from "../checks/connectivity-capture.ts";
import { proxyDisabledE04 } from "../checks/connectivity-disable.ts";
import { accountExpired, scanIdUnknown, scannerDisabled } from "../checks/platform-refusals.ts";
import { PROXY_PASSWORD } from "../checks/proxy.ts";
import { neverActivated, type Scenario } from "../scenario.ts";

const ANE: Section = "Appliance Network Errors";
const OLD: Section = "Network Errors using older appliance model";

/** The proxy-basic preset's accounts: "scanner" may CONNECT, "denied" is refused by an ACL (403). */
const SCANNER_PW = presetPassword("proxy-basic", "scanner");
const DENIED_PW = presetPassword("proxy-basic", "denied");
/** A password squid does not accept for "scanner". */
const WRONG_PW = "wrong-Pw9";
const SECRETS = [SCANNER_PW, DENIED_PW, WRONG_PW, PROXY_PASSWORD];

/** One table row as a scenario. */
interface Row extends ConnectivityRow {
  readonly id: string;
  readonly section?: Section;
  readonly lab: string;
  readonly behaviour: string;
  readonly catches: readonly string[];
  readonly model?: "legacy";
}

const ROWS: readonly Row[] = [
  { id: "proxy-invalid-ip", lab: "proxy-open", behaviour: "PROXY HOST 127.0.0.1 (loopback): Invalid proxy IP", cause: "PROXY HOST is a loopback address",
    proxy: viaProxy(undefined, undefined, "127.0.0.1"), condition: { kind: "invalid-proxy-ip" }, catches: ["proxy-ip-unchecked"] },
  { id: "proxy-invalid-auth", lab: "proxy-basic", behaviour: "PROXY USER without PROXY PASSW: Invalid proxy auth config", cause: "a proxy user without password",
    proxy: viaProxy("scanner"), condition: { kind: "invalid-proxy-auth-config" }, catches: ["proxy-auth-unchecked"] },
  { id: "proxy-http-403", lab: "proxy-basic", behaviour: "squid's ACL denies the authenticated user: unexpected proxy HTTP/403", cause: "squid denies user \"denied\" (403)",
    proxy: viaProxy("denied", DENIED_PW), condition: { kind: "proxy-http-status", status: 403 }, catches: ["proxy-403-as-407"] },
  { id: "proxy-http-407", lab: "proxy-basic", behaviour: "wrong proxy password: squid answers 407, unexpected proxy HTTP/407", cause: "squid refuses the password (407)",
    proxy: viaProxy("scanner", WRONG_PW), condition: { kind: "proxy-http-status", status: 407 }, catches: ["proxy-407-as-403"] },
  { id: "proxy-http-503", lab: "proxy-open", behaviour: "the proxy's connection to the platform is refused: unexpected proxy HTTP/503", cause: "the proxy host rejects its own connections to the platform (squid answers 503)",
    proxy: viaProxy(), fault: firewall("reject", "proxy", "platform"), condition: { kind: "proxy-http-status", status: 503 }, catches: ["proxy-503-as-qg-500"] },
  { id: "proxy-dns", lab: "proxy-open", behaviour: "proxy given by a name the LAN DNS answers NXDOMAIN for: LAN DNS can't resolve proxy", cause: "PROXY HOST unknown to the LAN's DNS",
    proxy: viaProxy(undefined, undefined, "PROXY.INVALID.TEST"), condition: { kind: "dns-cannot-resolve-proxy", iface: "LAN" }, catches: ["proxy-dns-as-qg-url"] },
  { id: "proxy-connect-rejected", lab: "proxy-open", behaviour: "proxy port rejected (TCP reset): Error connect to server (07) with proxy", cause: "the proxy's port 3128 rejects connections",
    proxy: viaProxy(), fault: firewall("reject", "proxy", "proxy"), condition: { kind: "connect-failed", viaProxy: true }, catches: ["proxy-refused-as-timeout"] },
  { id: "proxy-timeout", lab: "proxy-open", behaviour: "proxy port dropped: Timeout was reached (28) with proxy", cause: "the proxy's port 3128 drops packets",
    proxy: viaProxy(), fault: firewall("drop", "proxy", "proxy"), condition: { kind: "timeout", viaProxy: true }, catches: ["timeout-as-connect"] },
  { id: "platform-timeout-drop", lab: "standard", behaviour: "the router drops packets to the platform: Timeout was reached (28) without proxy", cause: "the LAN router drops packets to the platform",
    fault: firewall("drop", "lanrtr", "platform"), condition: { kind: "timeout", viaProxy: false }, catches: ["timeout-as-connect"] },
  { id: "platform-never-answer", lab: "standard", behaviour: "the platform accepts the request and never answers: Timeout was reached (28)", cause: "platform fault never-answer",
    fault: platformFault("never-answer"), condition: { kind: "timeout", viaProxy: false }, catches: ["timeout-as-connect"] },
  { id: "platform-recv-failed", lab: "standard", behaviour: "the platform resets the connection mid-response: Failed receiving peer data (56)", cause: "platform fault close-mid-response",
    fault: platformFault("close-mid-response"), condition: { kind: "recv-failed", viaProxy: false }, catches: ["recv-as-send"] },
  { id: "platform-send-failed", lab: "standard", behaviour: "the router resets the connection as the appliance completes its TLS handshake: Failed sending peer data (55)", cause: "the LAN router resets the connection at the client's ChangeCipherSpec",
    fault: resetAfterHandshake("lanrtr", "platform"), condition: { kind: "send-failed", viaProxy: false }, catches: ["send-as-recv"] },
  { id: "proxy-send-failed", lab: "proxy-open", behaviour: "the proxy host resets the tunnel as the appliance completes its TLS handshake: Failed sending peer data (55) with proxy", cause: "the proxy host resets the tunnel at the client's ChangeCipherSpec",
    proxy: viaProxy(), fault: resetAfterHandshake("proxy", "proxy"), condition: { kind: "send-failed", viaProxy: true }, catches: ["send-as-recv"] },
  { id: "proxy-recv-failed", lab: "proxy-open", behaviour: "the platform resets the connection mid-response behind the proxy: Failed receiving peer data (56) with proxy", cause: "platform fault close-mid-response behind the proxy",
    proxy: viaProxy(), fault: platformFault("close-mid-response"), condition: { kind: "recv-failed", viaProxy: true }, catches: ["recv-as-send"] },
  { id: "platform-ssl-cert", lab: "standard", behaviour: "the platform presents a certificate of an untrusted CA: SSL peer cert was not OK", cause: "platform fault untrusted-certificate",
    fault: platformFault("untrusted-certificate"), condition: { kind: "ssl-peer-cert" }, catches: ["ssl-as-recv"] },
  { id: "platform-http-401", lab: "standard", behaviour: "the platform answers HTTP 401: Unexpected QG HTTP/401", cause: "platform fault http-401",
    fault: platformFault("http-401"), condition: { kind: "platform-http-status", status: 401 }, catches: ["http401-as-500"] },
  // The older model: the same real conditions, its E-codes (fixtures/manual legacyCodesFor).
  { id: "legacy-e00-ntlm", section: OLD, model: "legacy", lab: "proxy-ntlm", behaviour: "NTLM proxy refuses the domain\\user account (407): E00/E01 NTLM Proxy error or E02 Proxy error", cause: "the NTLM proxy refuses LAB\\mallory (407)",
    proxy: viaProxy("LAB\\mallory", PROXY_PASSWORD), condition: { kind: "proxy-http-status", status: 407 }, legacy: { ntlm: true }, catches: ["legacy-ntlm-as-e03", "legacy-proxy-as-e06"] },
  { id: "legacy-e02-proxy", section: OLD, model: "legacy", lab: "proxy-basic", behaviour: "Basic proxy refuses the password (407): E02 Proxy error", cause: "squid refuses the password (407)",
    proxy: viaProxy("scanner", WRONG_PW), condition: { kind: "proxy-http-status", status: 407 }, catches: ["legacy-proxy-as-e06"] },
  { id: "legacy-e03-config", section: OLD, model: "legacy", lab: "proxy-open", behaviour: "PROXY HOST 127.0.0.1: E03 Proxy configuration error", cause: "PROXY HOST is a loopback address",
    proxy: viaProxy(undefined, undefined, "127.0.0.1"), condition: { kind: "invalid-proxy-ip" }, catches: ["legacy-proxy-as-e06"] },
  { id: "legacy-proxy-connect-rejected", section: OLD, model: "legacy", lab: "proxy-open", behaviour: "proxy port rejected (Error connect to server (07) with proxy): E02 Proxy error or E03 Proxy configuration error", cause: "the proxy's port 3128 rejects connections",
    proxy: viaProxy(), fault: firewall("reject", "proxy", "proxy"), condition: { kind: "connect-failed", viaProxy: true }, catches: ["legacy-proxy-as-e06"] },
  { id: "legacy-e06-https", section: OLD, model: "legacy", lab: "standard", behaviour: "platform port rejected without proxy: E06 Cannot reach the Qualys server via HTTPS", cause: "the LAN router rejects connections to the platform",
    fault: firewall("reject", "lanrtr", "platform"), condition: { kind: "connect-failed", viaProxy: false }, catches: ["legacy-https-as-e02"] },
];

export const CONNECTIVITY_SCENARIOS: readonly Scenario[] = [
  ...ROWS.map((r): Scenario => ({
    id: r.id, section: r.section ?? ANE, behaviour: r.behaviour, run: rowCheck(r), catches: r.catches,
    // A row with a fault first sees the platform reached: ACTIVATION CODE, or the name where the platform has the
    // appliance activated (common.ts reachedPlatform); activated or not, the row is the same.
    spec: { lab: r.lab, secrets: SECRETS, ...(r.model ? { model: r.model } : {}) },
  })),
  // Kept on a never-activated appliance for now: on a reused hardware box the LAN capture also holds the Basic
  // headers of the proxy a previous scenario left set, sent before the start was reached (the check reads the whole
  // capture); it should read only what follows the start.
  { id: "ntlm-on-wire", section: "Proxy Configuration", behaviour: "NTLM proxy account: NTLMSSP negotiate/challenge/authenticate on the LAN, no Basic header, the password never on the wire",
    spec: neverActivated({ lab: "proxy-ntlm", secrets: SECRETS }), run: ntlmHandshakeOnWire, catches: ["ntlm-as-basic"] },
  { id: "legacy-e04-proxy-disabled", section: OLD, behaviour: "older model, DISABLE PROXY where only the proxy leads out: E04 No connectivity after the Proxy was disabled",
    spec: { lab: "proxy-open", model: "legacy" }, run: proxyDisabledE04, catches: ["legacy-proxy-disable-forgotten"] },
  // The platform's refusals continue the current model's table after a page break (fixtures/manual/errors.ts). Disabled
  // and expired are undone after the check, so they run on an activated appliance too (checks/platform.ts activatedAs).
  { id: "platform-scanner-disabled", section: ANE, behaviour: "appliance disabled on the portal: This Scanner is disabled",
    spec: { lab: "standard" }, run: scannerDisabled, catches: ["platform-codes-ignored", "disabled-as-expired"] },
  { id: "platform-account-expired", section: ANE, behaviour: "subscription expired: Account expired",
    spec: { lab: "standard" }, run: accountExpired, catches: ["platform-codes-ignored"] },
  // Kept on a never-activated appliance (a fresh twin; on hardware, a lab platform that has never seen it): removing an
  // activated appliance from its lasting account cannot be undone (the manual has no way to activate it again; it would
  // show "This scan_id does not exist" in every later lab), so an activated hardware appliance skips it.
  { id: "platform-scan-id-unknown", section: ANE, behaviour: "appliance removed from the portal: This scan_id does not exist",
    spec: neverActivated({ lab: "standard" }), run: scanIdUnknown, catches: ["platform-codes-ignored"] },
];
