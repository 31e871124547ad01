// Inner run of .ci/hardware-path --activated: brings the one appliance HIL_DUT names to "activated" on its lasting
// platform account before the scenario files run, as a lab's appliance is after its first activation.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { include: ["scenarios/testkit/*.box.ts"], pool: "forks", maxWorkers: 1, setupFiles: ["allure-vitest/setup"] },
});
