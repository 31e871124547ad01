// Manual section "Appliance Network Errors": its scenarios from the catalogue (scenarios/catalogue.ts).
import { section } from "./section.ts";

section("Appliance Network Errors");
