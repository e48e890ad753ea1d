import { afterEach, beforeEach, expect } from "vitest";

/** A test that writes to the console fails: output is asserted on, never printed and forgotten. */
const methods = ["log", "info", "warn", "error", "debug"] as const;
const written: string[] = [];
const originals = new Map<string, (...args: unknown[]) => void>();

beforeEach(() => {
  written.length = 0;
  for (const method of methods) {
    originals.set(method, console[method]);
    console[method] = (...args: unknown[]) => {
      written.push(`console.${method}: ${args.map(String).join(" ")}`);
    };
  }
});

afterEach(() => {
  for (const method of methods) console[method] = originals.get(method) as (typeof console)[typeof method];
  expect(written, "the test wrote to the console").toEqual([]);
});
