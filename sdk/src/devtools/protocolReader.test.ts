import { describe, expect, it } from "vitest";
import { own, Reader, Refusal } from "./protocolReader.js";
import { PROTOCOL_LIMITS } from "./protocolTypes.js";

const reader = () => new Reader(PROTOCOL_LIMITS.maxMessageWeight);

describe("Reader", () => {
  it("cuts free text to the cap and refuses over-long identifiers", () => {
    const text = reader().text("x".repeat(PROTOCOL_LIMITS.maxTextLength * 3));
    expect(text).toHaveLength(PROTOCOL_LIMITS.maxTextLength);
    expect(text?.endsWith("…")).toBe(true);
    expect(reader().id("f".repeat(PROTOCOL_LIMITS.maxIdLength + 1))).toBeNull();
    expect(reader().short("f".repeat(PROTOCOL_LIMITS.maxIdLength + 1))).toBeNull();
    expect(reader().id("")).toBeNull();
    expect(reader().short("")).toBe("");
  });

  it("refuses non-finite and negative numbers where counts and times belong", () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -1, "3"]) {
      expect(reader().count(bad)).toBeNull();
      expect(reader().time(bad)).toBeNull();
      expect(reader().duration(bad)).toBeNull();
    }
    expect(reader().count(1.5)).toBeNull();
    expect(reader().time(1.5)).toBe(1.5);
    expect(reader().number(-1.5)).toBe(-1.5);
    expect(reader().number(Number.NaN)).toBeNull();
  });

  it("charges every read to its budget and refuses the message once it is spent", () => {
    const small = new Reader(100);
    expect(small.text("a".repeat(60))).toHaveLength(60);
    expect(small.used).toBe(60);
    expect(() => small.text("b".repeat(60))).toThrow(Refusal);
  });

  it("keeps at most the cap of a list's valid entries, skipping invalid ones", () => {
    const read = reader();
    expect(read.list([1, "x", 2, -1, 3, 4], 5, (r, raw) => r.count(raw))).toEqual([1, 2, 3]);
    expect(read.list("not a list", 5, (r, raw) => r.count(raw))).toEqual([]);
  });

  it("drops __proto__ and constructor attribute keys and keeps attributes prototype-free", () => {
    const attributes = reader().attributes(
      JSON.parse('{"__proto__":"x","constructor":"y","prototype":"z","ok":"<b>kept as text</b>"}'),
    );
    expect(Object.keys(attributes)).toEqual(["ok"]);
    expect(Object.getPrototypeOf(attributes)).toBeNull();
  });

  it("keeps at most the cap of attributes and of values in an array attribute", () => {
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i]));
    expect(Object.keys(reader().attributes(many))).toHaveLength(PROTOCOL_LIMITS.maxAttributes);
    const long = Array.from({ length: 100 }, (_, i) => i);
    const { list } = reader().attributes({ list: long });
    expect(list).toHaveLength(PROTOCOL_LIMITS.maxArrayValues);
    expect(reader().attributes({ odd: [{}, Number.NaN, "s", true] }).odd).toEqual([
      null,
      null,
      "s",
      true,
    ]);
  });
});

describe("own", () => {
  it("does not read inherited fields", () => {
    const inherited = Object.create({ type: "call" }) as object;
    expect(own(inherited, "type")).toBeUndefined();
    expect(own({ type: "call" }, "type")).toBe("call");
  });
});
