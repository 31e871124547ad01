// Inner run of scenarios/recovery.test.ts: scenarios on a twin-as-hardware box that a test-side fault hangs.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { include: ["scenarios/testkit/*.recover.ts"], pool: "forks", maxWorkers: 1, fileParallelism: false, setupFiles: ["allure-vitest/setup"] },
});
