import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BreakerState } from "../core/breakerSnapshot.js";
import { type BreakerPermit, CircuitBreaker } from "./breaker.js";
import { FakeClock } from "./test-support/fakeClock.js";

// One step of a random interleaving of calls, verdicts and time. Indices pick among held permits.
type Step =
  | { op: "admit" }
  | { op: "success" | "failure" | "release" | "settleAgain"; index: number; durationMs: number }
  | { op: "advance"; ms: number }
  | { op: "isolate" | "reset" };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ op: "admit" as const }) },
  {
    weight: 8,
    arbitrary: fc.record({
      op: fc.constantFrom(
        "success" as const,
        "failure" as const,
        "release" as const,
        "settleAgain" as const,
      ),
      index: fc.nat(),
      durationMs: fc.nat({ max: 3_000 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant("advance" as const), ms: fc.nat({ max: 15_000 }) }),
  },
  { weight: 1, arbitrary: fc.constantFrom({ op: "isolate" as const }, { op: "reset" as const }) },
);

const options = fc.record({
  halfOpenMaxCalls: fc.integer({ min: 1, max: 4 }),
  minimumCalls: fc.integer({ min: 1, max: 6 }),
  failureRateThreshold: fc.double({ min: 0.1, max: 1, noNaN: true }),
  openMs: fc.integer({ min: 0, max: 12_000 }),
  windowMs: fc.integer({ min: 1_000, max: 60_000 }),
  consecutiveFailures: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  slowCallMs: fc.option(fc.integer({ min: 1, max: 2_000 }), { nil: undefined }),
});

interface Held {
  readonly permit: BreakerPermit;
  settled: boolean;
}

function apply(breaker: CircuitBreaker, clock: FakeClock, held: Held[], s: Step): void {
  switch (s.op) {
    case "admit": {
      const stateBefore = breaker.state;
      const permit = breaker.admit();
      if (stateBefore === "closed") expect(permit?.probe).toBe(false);
      if (permit?.probe) expect(stateBefore).toBe("half-open");
      if (permit !== null) held.push({ permit, settled: false });
      return;
    }
    case "advance":
      clock.advance(s.ms);
      return;
    case "isolate":
      breaker.isolate();
      return;
    case "reset":
      breaker.reset();
      return;
    default: {
      // Verdicts go to calls still in flight; a second settle goes to any call.
      const pool = s.op === "settleAgain" ? held : held.filter((h) => !h.settled);
      if (pool.length === 0) return;
      const entry = pool[s.index % pool.length] as Held;
      if (s.op === "settleAgain") {
        // Whatever the verdict, a second settle must change nothing observable.
        const before = breaker.snapshot();
        breaker.failure(entry.permit, s.durationMs);
        breaker.release(entry.permit);
        if (entry.settled) expect(breaker.snapshot()).toEqual(before);
        entry.settled = true;
        return;
      }
      if (s.op === "success") breaker.success(entry.permit, s.durationMs);
      else if (s.op === "failure") breaker.failure(entry.permit, s.durationMs);
      else breaker.release(entry.permit);
      entry.settled = true;
    }
  }
}

describe("CircuitBreaker properties", () => {
  it("never has more than halfOpenMaxCalls probes in flight, under any interleaving", () => {
    fc.assert(
      fc.property(options, fc.array(step, { maxLength: 200, size: "max" }), (opts, steps) => {
        const clock = new FakeClock();
        const breaker = new CircuitBreaker("p", opts, clock);
        const held: Held[] = [];
        for (const s of steps) {
          apply(breaker, clock, held, s);
          let inFlight = 0;
          for (const h of held) if (h.permit.probe && !h.settled) inFlight++;
          // Plain checks in the hot loop: expect() per step would dominate the run time.
          if (
            inFlight > opts.halfOpenMaxCalls ||
            breaker.snapshot().halfOpenInFlight !== inFlight
          ) {
            expect({ inFlight, reported: breaker.snapshot().halfOpenInFlight }).toEqual({
              inFlight: Math.min(inFlight, opts.halfOpenMaxCalls),
              reported: inFlight,
            });
          }
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it("is never seen open past openMs unless isolated", () => {
    fc.assert(
      fc.property(options, fc.array(step, { maxLength: 200, size: "max" }), (opts, steps) => {
        const clock = new FakeClock();
        const breaker = new CircuitBreaker("p", opts, clock);
        const held: Held[] = [];
        for (const s of steps) {
          apply(breaker, clock, held, s);
          const snapshot = breaker.snapshot();
          if (snapshot.state === "open" && !snapshot.isolated) {
            expect(clock.now()).toBeLessThan((snapshot.openedAt as number) + opts.openMs);
            expect(snapshot.nextProbeAt).toBe((snapshot.openedAt as number) + opts.openMs);
          }
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it("closes within openMs of its last opening when the probes succeed", () => {
    fc.assert(
      fc.property(options, fc.array(step, { maxLength: 150, size: "max" }), (opts, steps) => {
        const clock = new FakeClock();
        const breaker = new CircuitBreaker("p", opts, clock);
        const held: Held[] = [];
        for (const s of steps) apply(breaker, clock, held, s);
        // Drain: every call in flight ends (badly), and nobody holds the breaker open by hand.
        for (const h of held) if (!h.settled) breaker.failure(h.permit, 0);
        if (breaker.isolated) breaker.reset();
        if (breaker.state === "closed") return;
        clock.advance(opts.openMs);
        expect(breaker.state).toBe("half-open");
        // Admit every probe it will take, let them all succeed (fast: below any slowCallMs), and
        // repeat; an episode may already hold successes, so it can need fewer than the max.
        let admitted = 0;
        // Read through a function: TypeScript would otherwise keep the narrowing from above.
        const state = (): BreakerState => breaker.state;
        while (state() !== "closed") {
          const batch: BreakerPermit[] = [];
          for (let p = breaker.admit(); p !== null; p = breaker.admit()) batch.push(p);
          expect(batch.length).toBeGreaterThan(0);
          expect(batch.every((p) => p.probe)).toBe(true);
          admitted += batch.length;
          expect(admitted).toBeLessThanOrEqual(opts.halfOpenMaxCalls);
          for (const probe of batch) breaker.success(probe, 0);
        }
        expect(breaker.state).toBe("closed");
      }),
      { numRuns: 1_000 },
    );
  });
});
