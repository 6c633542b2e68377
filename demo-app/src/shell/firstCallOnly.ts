/**
 * Returns a runner that runs the first function it is given and hands every later caller that first
 * run's result. React's StrictMode runs effects twice in development (mount, unmount, mount), so an
 * effect that must happen once per page load, such as seeding the demo board, goes through one.
 */
export function firstCallOnly<T>(): (run: () => T) => T {
  let ran = false;
  let result: T;
  return (run) => {
    if (!ran) {
      ran = true;
      result = run();
    }
    return result;
  };
}
