// The appliances a platform knows: registration on first contact, activation codes, heartbeats, per-appliance settings.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { ApplianceIdentity, Ipv6Scanning, PollRequest, StaticRoute, Versions, Vlan } from "./api.ts";
import type { Heartbeat } from "./portal-wire.ts";
import { alreadyActivated, notFound, unknownActivationCode } from "./messages.ts";
import { parseOrThrow } from "./validate.ts";

/** Everything the platform stores about one appliance. */
export interface ApplianceRecord {
  id: string;
  serial: string;
  mac: string;
  activationCode: string;
  registeredAt: number;
  model?: string;
  name?: string;
  owner?: string;
  activatedAt?: number;
  lanIpv4?: string;
  lanIpv6?: string;
  consoleVlan?: number;
  versions?: Versions;
  latest: Versions;
  pollIntervalSeconds: number;
  /** False once disabled in the portal: polls get "This Scanner is disabled". */
  enabled: boolean;
  vlans: Vlan[];
  staticRoutes: StaticRoute[];
  ipv6Scanning: Ipv6Scanning;
  /** Most recent heartbeats, oldest first (bounded). */
  heartbeats: Heartbeat[];
}

const HEARTBEATS_KEPT = 50;
const serial = z.string({ error: "a serial number of 1-32 letters, digits or -" }).regex(/^[A-Za-z0-9-]{1,32}$/, "a serial number of 1-32 letters, digits or -");
const mac = z.string({ error: "a MAC address like 00:50:56:b3:0b:89" }).regex(/^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$/, "a MAC address like 00:50:56:b3:0b:89");
const identitySchema = z.object({ serial, mac });
const version = z.string({ error: "a version string" }).min(1, "a version string").max(40, "a version string");
const pollSchema = z.strictObject({
  serial,
  mac,
  model: z.string({ error: "a model name" }).max(64, "a model name of at most 64 characters").optional(),
  versions: z.strictObject({ software: version, signatures: version }, { error: "{software, signatures}" }).optional(),
  lanIpv4: z.string({ error: "an address string" }).max(64).optional(),
  lanIpv6: z.string({ error: "an address string" }).max(64).optional(),
  via: z.enum(["lan", "wan"], { error: '"lan" or "wan"' }).optional(),
  applianceId: z.string({ error: "the appliance ID the platform gave" }).regex(/^[0-9]{1,20}$/, "the appliance ID the platform gave").optional(),
  consoleVlan: z.number({ error: "an integer 0-4094" }).int("an integer 0-4094").min(0, "an integer 0-4094").max(4094, "an integer 0-4094").optional(),
});

/** Parse the identity part of any appliance request body. */
export const parseIdentity = (body: unknown): ApplianceIdentity => parseOrThrow(identitySchema, body, "appliance request");
/** Parse a poll request body. */
export const parsePoll = (body: unknown): PollRequest => parseOrThrow(pollSchema, body, "poll request");

/** Seed for codes and IDs, and what a new appliance starts with. */
export interface RegistryOptions {
  seed: string;
  pollIntervalSeconds: number;
  latest: Versions;
}

/** The set of registered appliances, keyed by serial and MAC. */
export class Registry {
  private readonly byKey = new Map<string, ApplianceRecord>();
  private readonly byId = new Map<string, ApplianceRecord>();
  private readonly codes = new Set<string>();

  constructor(private readonly options: RegistryOptions) {}

  /** Digits derived from the seed and the appliance key: stable per appliance, unique within the platform. */
  private digits(kind: string, key: string, length: number, taken: (s: string) => boolean): string {
    for (let n = 0; ; n++) {
      const hash = createHash("sha256").update(`${this.options.seed}|${kind}|${key}|${n}`).digest();
      const text = Array.from(hash.subarray(0, length), (b) => String(b % 10)).join("");
      const out = text.replace(/^0/, "1");
      if (!taken(out)) return out;
    }
  }

  /** The record for this identity, registering it (with a fresh activation code) on first contact. */
  findOrRegister(identity: ApplianceIdentity, now: number): ApplianceRecord {
    const key = `${identity.serial}/${identity.mac.toLowerCase()}`;
    const known = this.byKey.get(key);
    if (known) return known;
    const record: ApplianceRecord = {
      id: this.digits("id", key, 14, (s) => this.byId.has(s)),
      serial: identity.serial,
      mac: identity.mac.toLowerCase(),
      activationCode: this.digits("code", key, 12, (s) => this.codes.has(s)),
      registeredAt: now,
      latest: { ...this.options.latest },
      pollIntervalSeconds: this.options.pollIntervalSeconds,
      enabled: true,
      vlans: [],
      staticRoutes: [],
      ipv6Scanning: { mode: "off" },
      heartbeats: [],
    };
    this.byKey.set(key, record);
    this.byId.set(record.id, record);
    this.codes.add(record.activationCode);
    return record;
  }

  /** The record for a known identity, or undefined. */
  find(identity: ApplianceIdentity): ApplianceRecord | undefined {
    return this.byKey.get(`${identity.serial}/${identity.mac.toLowerCase()}`);
  }

  get(id: string): ApplianceRecord {
    const record = this.byId.get(id);
    if (!record) throw notFound("appliance", id);
    return record;
  }

  /** True when an appliance with this platform ID exists. */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Remove an appliance from the subscription (its activation code is freed). */
  remove(id: string): void {
    const record = this.get(id);
    this.byId.delete(id);
    this.byKey.delete(`${record.serial}/${record.mac}`);
    this.codes.delete(record.activationCode);
  }

  /** Take back appliances an account kept (their IDs and codes stay theirs; heartbeats start empty). */
  restore(records: ReadonlyArray<Omit<ApplianceRecord, "heartbeats">>): void {
    for (const r of records) {
      const record: ApplianceRecord = { ...structuredClone(r), heartbeats: [] };
      this.byKey.set(`${record.serial}/${record.mac}`, record);
      this.byId.set(record.id, record);
      this.codes.add(record.activationCode);
    }
  }

  /** Every registered appliance. */
  all(): ApplianceRecord[] {
    return [...this.byId.values()];
  }

  /** Record a heartbeat for this appliance. */
  beat(record: ApplianceRecord, beat: Omit<Heartbeat, "applianceId">): Heartbeat {
    const full: Heartbeat = { ...beat, applianceId: record.id };
    record.heartbeats.push(full);
    if (record.heartbeats.length > HEARTBEATS_KEPT) record.heartbeats.shift();
    return full;
  }

  /** Activate the appliance waiting for `code`; its name becomes is_<username> (manual: Quick Start). */
  activate(code: string, username: string, now: number): ApplianceRecord {
    const record = [...this.byId.values()].find((r) => r.activationCode === code.trim());
    if (!record) throw unknownActivationCode(code);
    if (record.activatedAt !== undefined) throw alreadyActivated(code, record.name ?? record.id);
    record.name = `is_${username}`;
    record.owner = username;
    record.activatedAt = now;
    return record;
  }
}
