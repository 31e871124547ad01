// The types of dns-helper.mjs's lookup (dns.ts calls it in-process when the twin runs in its namespace).
import type { DnsAnswer } from "./dns.ts";

export interface DnsQuestion {
  readonly server: string;
  readonly name: string;
  readonly family: 4 | 6;
  readonly timeoutMs: number;
  readonly tries: number;
  readonly localAddress?: string;
}

/** What `q.server` answers for `q.name`. */
export function lookup(q: DnsQuestion): Promise<DnsAnswer>;
