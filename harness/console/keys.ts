// Keys of the remote console and their bytes on the wire.

/** The five navigation keys of the appliance keypad. */
export type NavKey = "UP" | "DOWN" | "LEFT" | "RIGHT" | "ENTER";
/** A navigation key or one printable ASCII character typed into a field. */
export type Key = NavKey | (string & {});

const NAV: Readonly<Record<NavKey, string>> = Object.freeze({
  UP: "\x1b[A",
  DOWN: "\x1b[B",
  RIGHT: "\x1b[C",
  LEFT: "\x1b[D",
  ENTER: "\r",
});

/** True for the five navigation key names. */
export function isNavKey(key: string): key is NavKey {
  return Object.hasOwn(NAV, key);
}

/** True for a single printable ASCII character (space to tilde). */
export function isTypedChar(key: string): boolean {
  return key.length === 1 && key.charCodeAt(0) >= 0x20 && key.charCodeAt(0) <= 0x7e;
}

/** Validate a key at the boundary: a nav key name or one printable ASCII character. */
export function checkKey(key: string): Key {
  if (isNavKey(key) || isTypedChar(key)) return key;
  throw new TypeError(
    `Expected a key to be one of UP, DOWN, LEFT, RIGHT, ENTER or one printable ASCII character, got ${JSON.stringify(key)}`,
  );
}

/** The bytes a VT100 terminal sends for `key`. */
export function encodeKey(key: Key): Buffer {
  return Buffer.from(isNavKey(key) ? NAV[key] : checkKey(key), "latin1");
}

/** Decode a stream of terminal input back into keys (used by test peers and transcript readers). */
export function decodeKeys(input: string): Key[] {
  const keys: Key[] = [];
  for (let i = 0; i < input.length; ) {
    const nav = (Object.keys(NAV) as NavKey[]).find((k) => input.startsWith(NAV[k], i));
    if (nav) {
      keys.push(nav);
      i += NAV[nav].length;
    } else {
      keys.push(input[i]!);
      i += 1;
    }
  }
  return keys;
}
