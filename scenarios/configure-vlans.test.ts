// Manual section "Configure VLANs and Static Routes": its scenarios from the catalogue (scenarios/catalogue.ts).
import { section } from "./section.ts";

section("Configure VLANs and Static Routes");
