// Allure labels and evidence for scenarios: which manual section a test verifies, and the files behind its verdict.
import * as allure from "allure-js-commons";
import * as allureSync from "allure-js-commons/sync";
import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import type { CheckReport, StepReporter, StepScope } from "./steps.ts";

/** The label that ties a result to the manual section it verifies (read back by the certification summary). */
export const MANUAL_SECTION_LABEL = "manual_section";
/** The label naming the device under test (twin or an inventory name). */
export const DUT_LABEL = "dut";
/** Labels with the DUT's kind (twin or hardware), serial number and model. */
export const DUT_KIND_LABEL = "dut_kind";
export const DUT_SERIAL_LABEL = "dut_serial";
export const DUT_MODEL_LABEL = "dut_model";
/** The label with a failed test's outcome (harness/verdict: deviation, line-fault, lab-fault, unresponsive,
 *  setup-error); only a deviation counts against the firmware. */
export const OUTCOME_LABEL = "outcome";

/** The label with a skipped test's reason (allure keeps no status message for a skip): the record lists it. */
export const SKIP_REASON_LABEL = "skip_reason";

/** Records why the running test is skipped (call just before skipping it). */
export async function skipReason(reason: string): Promise<void> {
  await allure.label(SKIP_REASON_LABEL, reason);
}

/** Marks the running test as verifying `section` of the manual (the section title as the manual's TOC spells it). */
export async function verifies(section: string, behaviour?: string): Promise<void> {
  await allure.label(MANUAL_SECTION_LABEL, section);
  await allure.feature(section);
  if (behaviour) await allure.story(behaviour);
}

/** Labels the result with the DUT's name, kind, serial, model and the firmware versions it reports. */
export async function onDut(name: string, firmware?: { software?: string; signatures?: string }, identity: { kind?: string; serial?: string; model?: string } = {}): Promise<void> {
  await allure.label(DUT_LABEL, name);
  if (identity.kind) await allure.label(DUT_KIND_LABEL, identity.kind);
  if (identity.serial) await allure.label(DUT_SERIAL_LABEL, identity.serial);
  if (identity.model) await allure.label(DUT_MODEL_LABEL, identity.model);
  if (firmware?.software) await allure.parameter("software version", firmware.software);
  if (firmware?.signatures) await allure.parameter("signature version", firmware.signatures);
}

/** Records the versions the platform saw the DUT report in its polls (the portal's preview pane), beside its own. */
export async function reportedToPlatform(versions: { software?: string; signatures?: string }): Promise<void> {
  if (versions.software) await allure.parameter("software version reported to the platform", versions.software);
  if (versions.signatures) await allure.parameter("signature version reported to the platform", versions.signatures);
}

const CONTENT_TYPES: Record<string, string> = {
  ".cast": "application/x-asciicast",
  ".pcap": "application/vnd.tcpdump.pcap",
  ".txt": "text/plain",
  ".log": "text/plain",
  ".json": "application/json",
};

/** Attaches a file as evidence if it exists (evidence is attached whether the test passed or failed). */
export async function attachEvidence(path: string, name = basename(path)): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return false;
  const ext = /\.[a-z0-9]+$/i.exec(path)?.[0] ?? ".txt";
  await allure.attachment(name, await readFile(path), CONTENT_TYPES[ext] ?? "application/octet-stream");
  return true;
}

/** Why a check step failed (the name makes allure count it as a failed check, not a broken test). */
class CheckFailed extends Error {
  override readonly name = "AssertionError";
}

/** Steps into the running test's allure result (allure-vitest's runtime): parameters and the screen attached inside
 *  each step. Used only where a test runs; harness code takes a StepReporter and defaults to reporting nothing. */
export const allureSteps: StepReporter = {
  step<T>(name: string, body: (scope: StepScope) => Promise<T>): Promise<T> {
    return Promise.resolve(
      allure.step(name, async (ctx) => {
        const pending: PromiseLike<void>[] = [];
        const scope: StepScope = {
          parameter: (n, v) => void pending.push(ctx.parameter(n, v) ?? Promise.resolve()),
          screen: (text) => void pending.push(allure.attachment("screen", text, { contentType: "text/plain" })),
        };
        try {
          return await body(scope);
        } finally {
          await Promise.all(pending);
        }
      }),
    );
  },
  check(name: string, report: CheckReport): void {
    try {
      allureSync.step(`check ${name}`, (ctx) => {
        ctx.parameter("expected", report.expected);
        ctx.parameter("shown", report.shown);
        if (report.screen !== undefined) allureSync.attachment("screen", report.screen, { contentType: "text/plain" });
        if (!report.ok) throw new CheckFailed(`expected ${report.expected}, shown ${report.shown}`);
      });
    } catch (error) {
      if (!(error instanceof CheckFailed)) throw error;
    }
  },
};
