// Catalogue fragment: Quick Start option chart rows: each configuration reaches ACTIVATION CODE, then the name-and-IP screen after activation on the portal.
import type { Scenario } from "../scenario.ts";

export const CHART_SCENARIOS: readonly Scenario[] = [];
