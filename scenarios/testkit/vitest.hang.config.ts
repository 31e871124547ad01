// Inner run of scenarios/timeout.test.ts: a scenario on a DUT that never answers. The default test timeout is
// deliberately tiny: only a timeout derived from the DUT's timings lets the inner error speak first.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { include: ["scenarios/testkit/*.hang.ts"], pool: "forks", maxWorkers: 1, testTimeout: 2_000, hookTimeout: 10_000, setupFiles: ["allure-vitest/setup"] },
});
