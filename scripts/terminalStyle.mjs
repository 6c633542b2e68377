// Colour only where a person reads it: a terminal, unless NO_COLOR says otherwise, or anywhere when
// FORCE_COLOR asks for it (https://no-color.org, https://force-color.org). Escape codes in a log
// file or a CI page are noise.

/** Whether to write colour to `stream` under `env`: FORCE_COLOR (not "0"/"false") wins, then NO_COLOR, then isTTY. */
export function wantsColour(stream, env) {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "" && force !== "0" && force !== "false") return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (force === "0" || force === "false") return false;
  return stream.isTTY === true;
}

/** Bold, dim and cyan for `stream`, or plain text when it should get no colour. */
export function terminalStyle(stream, env = process.env) {
  const colour = wantsColour(stream, env);
  const wrap = (open, close) => (text) => (colour ? `\x1b[${open}m${text}\x1b[${close}m` : text);
  return { colour, bold: wrap(1, 22), dim: wrap(2, 22), cyan: wrap(36, 39) };
}

/** Removes ANSI escape sequences, for a child's colour that reaches a stream that wants none. */
export function stripAnsi(text) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escape sequences start with ESC.
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
}
