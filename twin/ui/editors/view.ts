// Read-only fields (Auto v6 ADDR, Auto PREFLEN): the value cannot change; Left/Right scroll a long one.
import type { Key } from "../../console/keys.ts";
import { nav, type EditResult, type Editor, type EditorView } from "../editor.ts";

/** Shows a value through a window that Left/Right scroll. */
export class ViewEditor implements Editor {
  private start = 0;

  constructor(private readonly text: string, private readonly window = 20) {}

  view(): EditorView {
    const max = Math.max(0, this.text.length - this.window);
    return { bottom: this.text.slice(this.start, this.start + this.window), cursor: null, nav: nav(true, this.start > 0, this.start < max, false, false) };
  }

  key(key: Key): EditResult {
    const max = Math.max(0, this.text.length - this.window);
    if (key.kind === "left" && this.start > 0) this.start--;
    else if (key.kind === "right" && this.start < max) this.start++;
    else if (key.kind === "char") return { kind: "refused", reason: "THIS VALUE CANNOT BE CHANGED" };
    else return { kind: "ignored" };
    return { kind: "changed" };
  }

  value(): string {
    return this.text;
  }

  enter(): "accept" {
    return "accept";
  }
}
