// The defect proof, part 2 of 4 (scenarios/defect-proof.ts).
import { defectProof } from "./defect-proof.ts";

defectProof(2, 4);
