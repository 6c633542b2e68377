// The smallest app page: one lens with its defaults, exposed so a test can read its faults.
import { createLens } from "@convex-lens/sdk";

(globalThis as unknown as { lens: unknown }).lens = createLens();
