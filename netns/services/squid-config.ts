// Render squid.conf from validated options (pure): auth scheme, 407 for bad credentials, 403 deny rules, short timeouts.
import { isIPv6 } from "node:net";
import type { SquidOptions } from "./schema.ts";

/** Where squid's helpers live on Debian. */
export const SQUID_HELPERS = "/usr/lib/squid";

/** Files squid is pointed at; all inside the service directory. */
export interface SquidPaths {
  dir: string;
  htpasswd: string;
  cacheLog: string;
  accessLog: string;
}

const regexEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * An ACL line matching NTLM user names. ntlm_fake_auth appends a stray byte to the name it reports,
 * so names are matched by regex, anchored, allowing one trailing character.
 */
export function ntlmUserAcl(acl: string, users: readonly string[]): string {
  const alternatives = users.map((u) => regexEscape(u.includes("\\") ? u.slice(u.lastIndexOf("\\") + 1) : u)).join("|");
  return `acl ${acl} proxy_auth_regex -i ^(${alternatives}).?$`;
}

/** The text of squid.conf for `o`. */
export function renderSquidConfig(o: SquidOptions, paths: SquidPaths): string {
  const listen = o.listen.length ? o.listen.map((a) => `http_port ${isIPv6(a) ? `[${a}]` : a}:${o.port}`) : [`http_port ${o.port}`];
  const lines = [
    "# written by netns/services/squid.ts",
    ...listen,
    "visible_hostname hil-lab-proxy",
    "cache_effective_user proxy",
    "pid_filename none",
    "workers 1",
    `cache_log ${paths.cacheLog}`,
    `access_log stdio:${paths.accessLog} squid`,
    "cache_store_log none",
    "logfile_rotate 0",
    "log_mime_hdrs off",
    "strip_query_terms on",
    "debug_options ALL,1",
    `coredump_dir ${paths.dir}`,
    "cache deny all",
    "cache_mem 8 MB",
    "pinger_enable off",
    "netdb_filename none",
    "hosts_file none",
    `dns_nameservers ${o.dnsServers.length ? o.dnsServers.join(" ") : "127.0.0.1"}`,
    `connect_timeout ${o.connectTimeoutSeconds} seconds`,
    `forward_timeout ${o.connectTimeoutSeconds * 2} seconds`,
    "forward_max_tries 1",
    "connect_retries 0",
    "shutdown_lifetime 0 seconds",
  ];
  const auth = o.auth;
  if (auth.scheme === "basic") {
    lines.push(
      `auth_param basic program ${SQUID_HELPERS}/basic_ncsa_auth ${paths.htpasswd}`,
      "auth_param basic children 2 startup=1 idle=1",
      "auth_param basic realm hil-lab",
      "auth_param basic credentialsttl 1 minute",
      "auth_param basic casesensitive on",
      "acl authed proxy_auth REQUIRED",
    );
    if (o.deny.users.length) lines.push(`acl denied_users proxy_auth ${o.deny.users.join(" ")}`);
  } else if (auth.scheme === "ntlm") {
    lines.push(`auth_param ntlm program ${SQUID_HELPERS}/ntlm_fake_auth -S`, "auth_param ntlm children 2 startup=1 idle=1");
    lines.push(auth.users.length ? ntlmUserAcl("authed", auth.users) : "acl authed proxy_auth REQUIRED");
    if (o.deny.users.length) lines.push(ntlmUserAcl("denied_users", o.deny.users));
  }
  if (o.deny.destinations.length) lines.push(`acl denied_dst dst ${o.deny.destinations.join(" ")}`);
  if (auth.scheme !== "none") lines.push("http_access deny !authed");
  if (auth.scheme !== "none" && o.deny.users.length) lines.push("http_access deny denied_users all");
  if (o.deny.destinations.length) lines.push("http_access deny denied_dst");
  lines.push("http_access allow all");
  return `${lines.join("\n")}\n`;
}
