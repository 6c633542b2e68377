import { afterAll, describe, expect, it } from "vitest";
import { markHandlerEntered, newCallContext, runInCallContext } from "./callContext.js";
import { installConsoleCapture } from "./logCapture.js";

const previousConsole = globalThis.console;
installConsoleCapture();

afterAll(() => {
  globalThis.console = previousConsole;
});

describe("console capture", () => {
  it("attributes console output to the call that produced it, even across awaits", async () => {
    const a = newCallContext("a:f", () => {});
    const b = newCallContext("b:f", () => {});
    await Promise.all([
      runInCallContext(a, async () => {
        console.log("from a", 1);
        await new Promise((resolve) => setTimeout(resolve, 5));
        console.warn("a again");
      }),
      runInCallContext(b, async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        console.error("from b");
      }),
    ]);
    expect(a.buffer.snapshot()).toEqual(["[LOG] 'from a' 1", "[WARN] 'a again'"]);
    expect(b.buffer.snapshot()).toEqual(["[ERROR] 'from b'"]);
  });

  it("sends lines logged after the call answered to the detached sink", async () => {
    const detached: string[] = [];
    const context = newCallContext("m:f", (path, line) => detached.push(`${path} ${line}`));
    let later: Promise<void> = Promise.resolve();
    await runInCallContext(context, async () => {
      later = new Promise((resolve) =>
        setTimeout(() => {
          console.log("late");
          resolve();
        }, 5),
      );
    });
    await later;
    expect(context.buffer.snapshot()).toEqual([]);
    expect(detached).toEqual(["m:f [LOG] 'late'"]);
  });

  it("reports failed assertions as errors and ignores passing ones", async () => {
    const context = newCallContext("m:f", () => {});
    await runInCallContext(context, async () => {
      console.assert(true, "fine");
      console.assert(false, "broken");
    });
    expect(context.buffer.snapshot()).toEqual(["[ERROR] 'Assertion failed:' 'broken'"]);
  });

  it("records whether the function's handler was reached", async () => {
    const context = newCallContext("m:f", () => {});
    await runInCallContext(context, async () => {
      markHandlerEntered();
    });
    expect(context.handlerEntered).toBe(true);
  });
});
