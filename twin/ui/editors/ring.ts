// Value rings: the netmask (Up/Down), the IPv6 prefix length (Up/Down) and the port link (Right/Left).
// No cursor is shown; the whole value changes with each press.
import type { Key } from "../../console/keys.ts";
import { nav, type EditResult, type Editor, type EditorView } from "../editor.ts";

/** Which keys walk the ring forward and back. */
export type RingKeys = { readonly forward: "down" | "right" | "up" | "left"; readonly back: "up" | "left" | "down" | "right" };

/** Edits one value chosen from a circular list. */
export class RingEditor implements Editor {
  private index: number;

  constructor(private readonly ring: readonly string[], initial: string, private readonly keys: RingKeys) {
    if (ring.length === 0) throw new Error("twin: a value ring needs values");
    this.index = Math.max(0, ring.indexOf(initial));
  }

  view(): EditorView {
    const lr = this.keys.forward === "right" || this.keys.forward === "left";
    return { bottom: this.ring[this.index]!, cursor: null, nav: nav(true, lr, lr, !lr, !lr) };
  }

  key(key: Key): EditResult {
    const n = this.ring.length;
    if (key.kind === this.keys.forward) this.index = (this.index + 1) % n;
    else if (key.kind === this.keys.back) this.index = (this.index + n - 1) % n;
    else if (key.kind === "char") return { kind: "refused", reason: "USE THE ARROWS TO CHOOSE A VALUE" };
    else return { kind: "ignored" };
    return { kind: "changed" };
  }

  value(): string {
    return this.ring[this.index]!;
  }

  enter(): "accept" {
    return "accept";
  }
}
