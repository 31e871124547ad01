// The interface every field editor implements, and what the flow runner reads from it.
import type { Nav } from "../console/layout.ts";
import type { Key } from "../console/keys.ts";

/** What an editor shows: the second LCD line (and the first, in insert/delete mode), cursor and indicators. */
export interface EditorView {
  /** Replaces the prompt on line 1 (insert/delete mode questions); undefined: the prompt stays. */
  readonly top?: string;
  /** Line 2, exactly as shown (at most 20 characters). */
  readonly bottom: string;
  /** Edited column on line 2, or null when no cursor is shown (value rings, read-only views). */
  readonly cursor: number | null;
  readonly nav: Nav;
}

/** What a key did to the field. */
export type EditResult =
  | { readonly kind: "changed" }
  | { readonly kind: "ignored" }
  /** The field wants to be confirmed as if ENTER was pressed (Done editing?). */
  | { readonly kind: "done" }
  /** The key was refused: say why on the screen, briefly. */
  | { readonly kind: "refused"; readonly reason: string };

/** An entry field being edited. */
export interface Editor {
  view(): EditorView;
  /** Handle a key other than ENTER (and other than Up when the step makes Up quit). */
  key(key: Key): EditResult;
  /** The value as it would be stored. */
  value(): string;
  /** ENTER inside the editor's own sub-screens (insert/delete questions): "handled" or "accept". */
  enter(): "handled" | "accept";
}

/** Navigation indicators from five flags. */
export function nav(enter: boolean, left: boolean, right: boolean, up: boolean, down: boolean): Nav {
  return { enter, left, right, up, down };
}
