// Network defects for proxy and platform connectivity errors (joined into DEFECTS by twin/defects.ts).
// Each entry: { name, breaks, section } as in twin/defects.ts; add "as const" entries only.
// Implemented in twin/network/connectivity.ts (misclassifications and the older model's codes).
const ANE = "Appliance Network Errors";
const OLD = "Network Errors using older appliance model";

export const CONNECTIVITY_DEFECTS = [
  { name: "proxy-407-as-403", breaks: "the proxy's HTTP 407 (credentials refused) is reported as \"unexpected proxy HTTP/403\"", section: ANE },
  { name: "proxy-403-as-407", breaks: "the proxy's HTTP 403 (user or destination not allowed) is reported as \"unexpected proxy HTTP/407\"", section: ANE },
  { name: "proxy-503-as-qg-500", breaks: "the proxy's HTTP 503 (it cannot reach the platform) is reported as the platform's \"Unexpected QG HTTP/500\"", section: ANE },
  { name: "proxy-ip-unchecked", breaks: "an unusable PROXY HOST address is not refused as \"Invalid proxy IP\": the appliance tries it and reports \"Error connect to server (07)\"", section: ANE },
  { name: "proxy-auth-unchecked", breaks: "a PROXY USER without PROXY PASSW is not refused as \"Invalid proxy auth config\": the proxy's 407 is reported instead", section: ANE },
  { name: "proxy-dns-as-qg-url", breaks: "a proxy host name the LAN DNS cannot resolve is reported as \"LAN DNS can't resolve QG URL\" instead of \"LAN DNS can't resolve proxy\"", section: ANE },
  { name: "proxy-refused-as-timeout", breaks: "a refused connection to the proxy is reported as \"Timeout was reached (28)\" instead of \"Error connect to server (07)\"", section: ANE },
  { name: "timeout-as-connect", breaks: "a timeout (with or without proxy) is reported as \"Error connect to server (07)\" instead of \"Timeout was reached (28)\"", section: ANE },
  { name: "recv-as-send", breaks: "a connection broken while receiving is reported as \"Failed sending peer data (55)\" instead of \"Failed receiving peer data (56)\"", section: ANE },
  { name: "send-as-recv", breaks: "a connection broken while sending is reported as \"Failed receiving peer data (56)\" instead of \"Failed sending peer data (55)\"", section: ANE },
  { name: "ssl-as-recv", breaks: "a platform certificate the appliance must reject is reported as \"Failed receiving peer data (56)\" instead of \"SSL peer cert was not OK\"", section: ANE },
  { name: "http401-as-500", breaks: "a platform answer HTTP 401 is reported as \"Unexpected QG HTTP/500\" instead of \"Unexpected QG HTTP/401\"", section: ANE },
  { name: "legacy-proxy-as-e06", breaks: "the older model shows E06 (cannot reach the Qualys server via HTTPS) for proxy errors instead of E00/E01, E02 or E03", section: OLD },
  { name: "legacy-ntlm-as-e03", breaks: "the older model shows E03 (Proxy configuration error) when the proxy refuses an NTLM account instead of E00/E01 (NTLM Proxy error) or E02 (Proxy error)", section: OLD },
  { name: "legacy-proxy-disable-forgotten", breaks: "the older model's first check after DISABLE PROXY shows E06 instead of E04 (no connectivity after the Proxy was disabled)", section: OLD },
  { name: "platform-codes-ignored", breaks: "the platform's refusals (Account expired, This Scanner is disabled, This scan_id does not exist) are shown as \"Unexpected QG HTTP/500\" instead of the platform's reason", section: ANE },
  { name: "disabled-as-expired", breaks: "a disabled scanner is shown \"Account expired\" instead of \"This Scanner is disabled\"", section: ANE },
  { name: "legacy-https-as-e02", breaks: "the older model shows E02 (Proxy error) for a platform unreachable without proxy instead of E06", section: OLD },
] as const satisfies readonly { readonly name: string; readonly breaks: string; readonly section: string }[];
