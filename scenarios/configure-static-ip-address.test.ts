// Manual section "Configure Static IP Address": its scenarios from the catalogue (scenarios/catalogue.ts).
import { section } from "./section.ts";

section("Configure Static IP Address");
