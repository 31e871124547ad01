// The lab's syslog receiver service (UDP and TCP), and queries over the messages it recorded.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { Deadline, pollUntil } from "../util/deadline.ts";
import { holdsPort } from "./proc.ts";
import { checkContext, spawnService } from "./process.ts";
import { parseOptions, syslogSchema, type SyslogInput, type SyslogOptions } from "./schema.ts";
import type { RunningService, ServiceContext } from "./types.ts";

const RECEIVER = fileURLToPath(new URL("./syslog-receiver.mjs", import.meta.url));

/** One received message, as recorded (one JSON line each), with its PRI decoded when present. */
export interface SyslogRecord {
  time: string;
  protocol: "udp" | "tcp";
  source: string;
  sourcePort: number;
  message: string;
  facility?: number;
  severity?: number;
}

/** Which records to return; every given field must match. */
export interface SyslogQuery {
  protocol?: "udp" | "tcp";
  source?: string;
  /** Text (substring) or pattern the message must contain. */
  contains?: string | RegExp;
  /** Only records received at or after this time. */
  since?: Date;
}

/** A running syslog receiver with queries over what it received. */
export interface RunningSyslog extends RunningService {
  options: SyslogOptions;
  /** The JSONL file of received messages. */
  messagesFile: string;
  messages(query?: SyslogQuery): Promise<SyslogRecord[]>;
  /** Wait until at least `count` records match `query`; the error names the query and how many were seen. */
  waitFor(query: SyslogQuery, deadline: Deadline, count?: number): Promise<SyslogRecord[]>;
}

/** Parse a messages file and keep the records matching `query`. */
export function querySyslog(text: string, query: SyslogQuery = {}): SyslogRecord[] {
  const records = text.split("\n").filter(Boolean).map((line) => withPri(JSON.parse(line) as SyslogRecord));
  return records.filter(
    (r) =>
      (!query.protocol || r.protocol === query.protocol) &&
      (!query.source || r.source === query.source) &&
      (query.contains === undefined || (typeof query.contains === "string" ? r.message.includes(query.contains) : query.contains.test(r.message))) &&
      (!query.since || Date.parse(r.time) >= query.since.getTime()),
  );
}

function withPri(record: SyslogRecord): SyslogRecord {
  const pri = /^<(\d{1,3})>/.exec(record.message);
  return pri ? { ...record, facility: Math.floor(Number(pri[1]) / 8), severity: Number(pri[1]) % 8 } : record;
}

/** Start the receiver in `ctx.ns`; resolves once its UDP and/or TCP sockets are bound. */
export async function startSyslog(ctx: ServiceContext, input: SyslogInput = {}, deadline?: Deadline): Promise<RunningSyslog> {
  checkContext("syslog", ctx);
  const options = parseOptions("syslog", syslogSchema, input, `syslog in ${ctx.ns}`);
  await mkdir(ctx.dir, { recursive: true });
  const messagesFile = join(ctx.dir, "messages.jsonl");
  await writeFile(messagesFile, "", { flag: "a" });
  const service = await spawnService({
    kind: "syslog",
    ctx,
    command: process.execPath,
    args: [RECEIVER, "--port", String(options.port), "--out", messagesFile, ...(options.udp ? ["--udp"] : []), ...(options.tcp ? ["--tcp"] : [])],
    logFile: join(ctx.dir, "syslog.out"),
    readyWhat: [options.udp && `UDP ${options.port}`, options.tcp && `TCP ${options.port}`].filter(Boolean).join(" and ") + " bound",
    ready: async (pid) => (!options.udp || (await holdsPort(pid, "udp", options.port))) && (!options.tcp || (await holdsPort(pid, "tcp", options.port))),
    ...(deadline ? { deadline } : {}),
  });
  const messages = async (query?: SyslogQuery) => querySyslog(await readFile(messagesFile, "utf8"), query);
  const waitFor = async (query: SyslogQuery, until: Deadline, count = 1) => {
    let seen = 0;
    return pollUntil(
      async () => {
        const found = await messages(query);
        seen = found.length;
        return found.length >= count ? found : undefined;
      },
      until,
      { what: `${count} syslog message(s) matching ${describeQuery(query)}`, describeLast: () => `${seen} matching` },
    );
  };
  return { ...service, options, messagesFile, messages, waitFor };
}

function describeQuery(q: SyslogQuery): string {
  const parts = [q.protocol, q.source && `from ${q.source}`, q.contains !== undefined && `containing ${String(q.contains)}`, q.since && `since ${q.since.toISOString()}`];
  return parts.filter(Boolean).join(" ") || "anything";
}
