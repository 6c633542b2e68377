/** The fingerprint of the files under `paths` (relative to `base`): paths, sizes and mtimes. */
export function inputFingerprint(base: string, paths: readonly string[]): string;
/** Whether the stamp holds `fingerprint` and the build's `output` exists. */
export function isUpToDate(stampFile: string, fingerprint: string, output: string): boolean;
/** Records a successful build from `fingerprint`. */
export function writeStamp(stampFile: string, fingerprint: string): void;
