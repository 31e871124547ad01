// Composable frame queries: a conjunction of named clauses, so a miss can say which clauses the nearest frames met.
import type { Frame } from "./frame.ts";

/** One named condition on a frame. */
export interface Clause {
  readonly label: string;
  readonly test: (f: Frame) => boolean;
}

/** A query: all clauses must hold. `describe` reads like "TCP and to 10.79.0.2 and to port 443". */
export class Query {
  constructor(readonly clauses: readonly Clause[]) {
    if (clauses.length === 0) throw new RangeError("A query needs at least one clause");
  }

  /** True when every clause holds for `f`. */
  test(f: Frame): boolean {
    return this.clauses.every((c) => c.test(f));
  }

  /** How many clauses hold for `f` (to rank near misses). */
  score(f: Frame): number {
    let n = 0;
    for (const c of this.clauses) if (c.test(f)) n++;
    return n;
  }

  /** The clauses `f` fails. */
  missed(f: Frame): Clause[] {
    return this.clauses.filter((c) => !c.test(f));
  }

  /** This query and another (clauses concatenated, so near-miss ranking still sees each one). */
  and(...others: Query[]): Query {
    return new Query([...this.clauses, ...others.flatMap((q) => q.clauses)]);
  }

  /** The matching frames of `frames`, in order. */
  select(frames: readonly Frame[]): Frame[] {
    return frames.filter((f) => this.test(f));
  }

  get describe(): string {
    return this.clauses.map((c) => c.label).join(" and ");
  }

  toString(): string {
    return this.describe;
  }
}

/** A one-clause query from a label and a predicate. */
export function where(label: string, test: (f: Frame) => boolean): Query {
  return new Query([{ label, test }]);
}

/** All of the queries (conjunction). */
export function allOf(first: Query, ...rest: Query[]): Query {
  return first.and(...rest);
}

/** Any of the queries (one clause: "(A or B)"). */
export function anyOf(...queries: Query[]): Query {
  return where(`(${queries.map((q) => q.describe).join(" or ")})`, (f) => queries.some((q) => q.test(f)));
}

/** The negation of a query (one clause: "not (A)"). */
export function not(query: Query): Query {
  return where(`not (${query.describe})`, (f) => !query.test(f));
}
