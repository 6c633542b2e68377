// The smallest app page: one lens with its defaults and the faults() module (which obeys the panel's
// fault commands), exposed so a test can read its faults.
import { createLens, faults } from "@convex-lens/sdk";

(globalThis as unknown as { lens: unknown }).lens = createLens({ use: [faults()] });
