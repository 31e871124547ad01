// Manual section "Navigating the Appliance UI": its scenarios from the catalogue (scenarios/catalogue.ts).
import { section } from "./section.ts";

section("Navigating the Appliance UI");
