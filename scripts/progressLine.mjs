// A progress line for a step that takes a while. On a terminal it redraws one line with the time
// spent, so a long build is visibly alive; elsewhere (a log file, CI) it writes a line at the start
// and one at the end, and no carriage returns.

/** Starts a progress line on `stream` for `message`; call `done(text)` to replace it with a result. */
export function progressLine(stream, message, { prefix = "", now = Date.now } = {}) {
  const started = now();
  const seconds = () => `${((now() - started) / 1000).toFixed(1)} s`;
  if (!stream.isTTY) {
    stream.write(`${prefix}${message}\n`);
    return {
      done(text) {
        stream.write(`${prefix}${text} (${seconds()})\n`);
      },
    };
  }
  const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
  let frame = 0;
  const draw = () => {
    stream.write(`\r\x1b[2K${prefix}${frames[frame++ % frames.length]} ${message} ${seconds()}`);
  };
  draw();
  const timer = setInterval(draw, 100);
  return {
    done(text) {
      clearInterval(timer);
      stream.write(`\r\x1b[2K${prefix}${text} (${seconds()})\n`);
    },
  };
}
