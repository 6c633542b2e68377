/** Whether to write colour to `stream` under `env` (FORCE_COLOR, then NO_COLOR, then isTTY). */
export function wantsColour(
  stream: { isTTY?: boolean },
  env: Record<string, string | undefined>,
): boolean;
/** Text styles for `stream`; identity functions when it gets no colour. */
export function terminalStyle(
  stream: { isTTY?: boolean },
  env?: Record<string, string | undefined>,
): {
  colour: boolean;
  bold: (text: string) => string;
  dim: (text: string) => string;
  cyan: (text: string) => string;
};
/** Removes ANSI escape sequences. */
export function stripAnsi(text: string): string;
