/** Each phase of `pnpm test`: what it says it is running, and its Vitest projects. */
export const TEST_PHASES: readonly {
  readonly title: string;
  readonly projects: readonly string[];
}[];
