import { describe, expect, it } from "vitest";
import { convexLogger } from "./convexLogger.js";
import { createLogger, type LogRecord } from "./logger.js";
import { createRedactor, REDACTED } from "./redact.js";
import { redactingLogger } from "./redactingLogger.js";

function recorded() {
  const records: LogRecord[] = [];
  const logger = redactingLogger(
    createLogger({ level: "debug", sink: (record) => records.push(record) }),
    createRedactor(),
  );
  return { logger, records };
}

describe("redactingLogger", () => {
  it("redacts secrets in messages and fields before the logger sees them", () => {
    const { logger, records } = recorded();
    logger.warn("login failed: password=hunter2 with Bearer abcdefghijklmnop", {
      function: "auth:login",
      session: "s-123",
    });
    const line = JSON.stringify(records);
    expect(line).not.toMatch(/hunter2|abcdefghijklmnop|s-123/);
    expect(records[0]?.session).toBe(REDACTED);
    expect(records[0]?.function).toBe("auth:login");
  });

  it("redacts server log lines the Convex client forwards", () => {
    const { logger, records } = recorded();
    convexLogger(logger).log(
      "%c[CONVEX Q(auth:me)] [LOG]",
      "color:rgb(0, 145, 255)",
      "'token: sk_live_51Habcdefghijklmnop'",
    );
    expect(records[0]?.source).toBe("convex-server");
    expect(JSON.stringify(records)).not.toContain("sk_live_51H");
  });

  it("writes nothing and redacts nothing below the logger's level", () => {
    const records: LogRecord[] = [];
    let redactions = 0;
    const redactor = createRedactor();
    const counting = {
      ...redactor,
      text: (text: string) => {
        redactions++;
        return redactor.text(text);
      },
    };
    const logger = redactingLogger(
      createLogger({ level: "warn", sink: (record) => records.push(record) }),
      counting,
    );
    logger.debug("password=x");
    expect(records).toEqual([]);
    expect(redactions).toBe(0);
  });
});
