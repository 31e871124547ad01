// Numeric entry fields: a template of digits and separators (nnn.nnn.nnn.nnn, 0000, 08080). Up/Down scroll
// the digit under the cursor, Left/Right move between digits, typed digits replace and advance.
import { nextDigit } from "../../../fixtures/manual/chars.ts";
import type { Key } from "../../console/keys.ts";
import { nav, type EditResult, type Editor, type EditorView } from "../editor.ts";

/** Edits a fixed-width string whose digit positions are editable. */
export class DigitsEditor implements Editor {
  private chars: string[];
  private readonly slots: number[];
  private at = 0;

  constructor(initial: string) {
    this.chars = [...initial];
    this.slots = this.chars.flatMap((c, i) => (/[0-9]/.test(c) ? [i] : []));
    if (this.slots.length === 0) throw new Error(`twin: a numeric field needs digits, got '${initial}'`);
  }

  view(): EditorView {
    return {
      bottom: this.chars.join(""),
      cursor: this.slots[this.at]!,
      nav: nav(true, this.at > 0, this.at < this.slots.length - 1, true, true),
    };
  }

  key(key: Key): EditResult {
    const pos = this.slots[this.at]!;
    switch (key.kind) {
      case "up":
      case "down":
        this.chars[pos] = nextDigit(this.chars[pos]!, key.kind);
        return { kind: "changed" };
      case "left":
        if (this.at === 0) return { kind: "ignored" };
        this.at--;
        return { kind: "changed" };
      case "right":
        if (this.at === this.slots.length - 1) return { kind: "ignored" };
        this.at++;
        return { kind: "changed" };
      case "char":
        if (!/[0-9]/.test(key.char)) return { kind: "refused", reason: `ONLY DIGITS 0-9 HERE, NOT '${key.char}'` };
        this.chars[pos] = key.char;
        if (this.at < this.slots.length - 1) this.at++;
        return { kind: "changed" };
      default:
        return { kind: "ignored" };
    }
  }

  value(): string {
    return this.chars.join("");
  }

  enter(): "accept" {
    return "accept";
  }
}
