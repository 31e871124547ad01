// Names of evidence directories: readable, short, and never shared by two tests (a cut name alone collides).
import { createHash } from "node:crypto";

/** Longest readable part of a directory name (the hash follows it). */
const READABLE = 60;

/** The evidence directory name of a test: its name with unsafe characters replaced, cut to 60 characters, then
 *  8 hex digits of the sha256 of the full name (two names that share their first 60 characters still differ). */
export function evidenceDirName(testName: string): string {
  const readable = testName.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, READABLE).replace(/_+$/, "");
  return `${readable}-${createHash("sha256").update(testName).digest("hex").slice(0, 8)}`;
}
