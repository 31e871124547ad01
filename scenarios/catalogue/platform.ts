// Catalogue fragment: Platform-side behaviour: syslog forwarding, software updates, scans, heartbeats and what the captures prove.
import type { Scenario } from "../scenario.ts";

export const PLATFORM_SCENARIOS: readonly Scenario[] = [];
