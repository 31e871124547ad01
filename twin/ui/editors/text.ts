// Text fields edited on a character ring (PROXY HOST/USER/PASSW, DOMAIN NAME, IPv6 addresses): Up/Down
// scroll the character under the cursor, Left/Right move, typed characters on the field's ring replace
// and advance; a 16-character window scrolls left; PROXY HOST and WINS DOMAIN have insert/delete mode.
import { charRing, nextCharAt, type CharField } from "../../../fixtures/manual/chars.ts";
import { scrollWindow, type FieldContext } from "../../../fixtures/manual/index.ts";
import type { Key } from "../../console/keys.ts";
import { nav, type EditResult, type Editor, type EditorView } from "../editor.ts";

/** Limits of one text field. */
export interface TextLimits {
  readonly maxLength: number;
  readonly window: number;
  readonly insertDelete: boolean;
  /** Show '*' instead of the characters (except the one being chosen). */
  readonly masked: boolean;
  /** Extra characters accepted (defects only). */
  readonly extra?: readonly string[];
}

const QUESTIONS = ["Delete Previous?", "Insert Character?", "Done editing?"] as const;

/** Edits a text value of up to maxLength characters. */
export class TextEditor implements Editor {
  private readonly ring: readonly string[];
  private cells: number[];
  private at = 0;
  private question: number | null = null;
  private start = 0;

  constructor(private readonly field: CharField, initial: string, private readonly limits: TextLimits, private readonly ctx: FieldContext) {
    this.ring = [...charRing(field, ctx), ...(limits.extra ?? [])];
    this.cells = [...initial].slice(0, limits.maxLength).map((c) => Math.max(0, this.ring.indexOf(c)));
  }

  private questions(): number[] {
    return [0, 1, 2].filter((q) => q !== 0 || this.at > 0);
  }

  view(): EditorView {
    const w = this.limits.window;
    // The oracle's window rule: it scrolls left as the cursor passes its right edge, right as it passes the left.
    const start = (this.start = scrollWindow(this.start, this.at, w));
    const text = Array.from({ length: w }, (_, i) => {
      const idx = this.cells[start + i];
      if (idx === undefined) return " ";
      const c = this.ring[idx]!;
      return this.limits.masked && start + i !== this.at && c !== " " ? "*" : c;
    }).join("");
    if (this.question !== null) {
      const qs = this.questions();
      return { top: QUESTIONS[this.question], bottom: text, cursor: null, nav: nav(true, false, false, true, qs.length > 1) };
    }
    const canRight = this.at < Math.min(this.cells.length, this.limits.maxLength - 1);
    return { bottom: text, cursor: this.at - start, nav: nav(true, this.at > 0, canRight, true, true) };
  }

  key(key: Key): EditResult {
    if (this.question !== null) return this.questionKey(key);
    switch (key.kind) {
      case "up":
      case "down": {
        if (key.kind === "down" && this.limits.insertDelete) {
          this.question = this.questions()[0]!;
          return { kind: "changed" };
        }
        this.cells[this.at] = this.step(this.cells[this.at] ?? 0, key.kind);
        return { kind: "changed" };
      }
      case "left":
        if (this.at === 0) return { kind: "ignored" };
        this.at--;
        return { kind: "changed" };
      case "right":
        if (this.at >= Math.min(this.cells.length, this.limits.maxLength - 1)) return { kind: "ignored" };
        this.at++;
        return { kind: "changed" };
      case "char": {
        const i = this.ring.indexOf(key.char);
        if (i < 0) return { kind: "refused", reason: `'${key.char}' IS NOT ALLOWED HERE` };
        this.cells[this.at] = i;
        if (this.at < this.limits.maxLength - 1) this.at++;
        return { kind: "changed" };
      }
      default:
        return { kind: "ignored" };
    }
  }

  private step(index: number, dir: "up" | "down"): number {
    if (!this.limits.extra?.length) return nextCharAt(this.field, index, dir, this.ctx);
    return (index + (dir === "up" ? 1 : this.ring.length - 1)) % this.ring.length;
  }

  private questionKey(key: Key): EditResult {
    const qs = this.questions();
    if (key.kind === "up") this.question = null;
    else if (key.kind === "down") this.question = qs[(qs.indexOf(this.question!) + 1) % qs.length]!;
    else return { kind: "ignored" };
    return { kind: "changed" };
  }

  enter(): "handled" | "accept" {
    if (this.question === null || this.question === 2) {
      this.question = null;
      return "accept";
    }
    if (this.question === 0) {
      this.cells.splice(this.at - 1, 1);
      this.at--;
    } else if (this.cells.length < this.limits.maxLength) {
      this.cells.splice(this.at, 0, 0);
    }
    this.question = null;
    return "handled";
  }

  /** The raw characters, spaces included (for the embedded-space check). */
  raw(): string {
    return this.cells.map((i) => this.ring[i]!).join("");
  }

  /** The field as it holds it, padding included (validated and trimmed by the oracle's rules). */
  value(): string {
    return this.raw();
  }
}

