// Platform faults: which misbehaviour the live HTTPS server applies to the next connections.
import { isIP } from "node:net";
import { z } from "zod";
import { FAULT_KINDS, type FaultKind, type FaultRequest, type FaultView } from "./portal-wire.ts";
import { parseOrThrow } from "./validate.ts";

const faultSchema = z.strictObject({
  kind: z.enum(FAULT_KINDS, { error: `one of ${FAULT_KINDS.map((k) => `"${k}"`).join(", ")}` }),
  from: z.string({ error: "the IP address of one appliance" }).refine((s) => isIP(s) !== 0, "the IP address of one appliance").optional(),
  count: z.number({ error: "a whole number of connections >= 1" }).int("a whole number of connections >= 1").min(1, "a whole number of connections >= 1").optional(),
});

/** Validate a fault request from the portal. */
export const parseFault = (body: unknown): FaultRequest => parseOrThrow(faultSchema, body, "request", "fault");

/** The current fault; each new connection takes it (and uses up one of its count). */
export class Faults {
  private active: { kind: FaultKind; remaining: number | null; from?: string } | null = null;
  private readonly hits: Partial<Record<FaultKind, number>> = {};

  set(request: FaultRequest): FaultView {
    this.active = { kind: request.kind, remaining: request.count ?? null, ...(request.from ? { from: request.from } : {}) };
    return this.view();
  }

  clear(): FaultView {
    this.active = null;
    return this.view();
  }

  /** The fault for a connection from `peer` being accepted now, if any. */
  take(peer: string): FaultKind | undefined {
    const current = this.active;
    if (!current || (current.from !== undefined && current.from !== peer)) return undefined;
    if (current.remaining !== null && --current.remaining <= 0) this.active = null;
    this.hits[current.kind] = (this.hits[current.kind] ?? 0) + 1;
    return current.kind;
  }

  view(): FaultView {
    return { active: this.active ? { ...this.active } : null, hits: { ...this.hits } };
  }
}
