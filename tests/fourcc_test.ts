// FOURCC helpers: behavior.md §11 (mmioStringToFOURCC) and constants.md
// (mmioFOURCC), plus mmioFOURCCToString from the lead's API additions.

import { assertEquals, assertStrictEquals, assertThrows } from "@std/assert";
import {
  FOURCC_DOS,
  FOURCC_LIST,
  FOURCC_MEM,
  FOURCC_RIFF,
  MMIO_TOUPPER,
  mmioFOURCC,
  mmioFOURCCToString,
  mmioStringToFOURCC,
} from "../mod.ts";

Deno.test("mmioFOURCC packs c0 | c1<<8 | c2<<16 | c3<<24", () => {
  assertEquals(mmioFOURCC("R", "I", "F", "F"), 0x46464952);
  assertEquals(mmioFOURCC("L", "I", "S", "T"), 0x5453494c);
  assertEquals(mmioFOURCC("W", "A", "V", "E"), 0x45564157);
  assertEquals(mmioFOURCC("a", "b", "c", "d"), 0x64636261);
});

Deno.test("mmioFOURCC is unsigned 32-bit for a high last character", () => {
  const fcc = mmioFOURCC("a", "b", "c", "\x80");
  assertEquals(fcc, 0x80636261);
  assertEquals(fcc > 0, true);
  assertEquals(mmioFOURCC("\xff", "\xff", "\xff", "\xff"), 0xffffffff);
});

Deno.test("mmioFOURCC builds the built-in FOURCC constants", () => {
  assertEquals(mmioFOURCC("R", "I", "F", "F"), FOURCC_RIFF);
  assertEquals(mmioFOURCC("L", "I", "S", "T"), FOURCC_LIST);
  assertEquals(mmioFOURCC("D", "O", "S", " "), FOURCC_DOS);
  assertEquals(mmioFOURCC("M", "E", "M", " "), FOURCC_MEM);
});

Deno.test("mmioFOURCC is synchronous", () => {
  const r: unknown = mmioFOURCC("a", "b", "c", "d");
  assertStrictEquals(typeof r, "number");
});

Deno.test("mmioStringToFOURCC examples of behavior.md §11", () => {
  assertEquals(mmioStringToFOURCC("abc", 0), 0x20636261);
  assertEquals(mmioStringToFOURCC("abcdef", MMIO_TOUPPER), 0x44434241);
  assertEquals(mmioStringToFOURCC("", 0), 0x20202020);
});

Deno.test("mmioStringToFOURCC keeps case without MMIO_TOUPPER", () => {
  assertEquals(mmioStringToFOURCC("abcd", 0), 0x64636261);
  assertEquals(mmioStringToFOURCC("aBcD", 0), mmioFOURCC("a", "B", "c", "D"));
  assertEquals(mmioStringToFOURCC("aBcD"), mmioFOURCC("a", "B", "c", "D"));
});

Deno.test("mmioStringToFOURCC uppercases with MMIO_TOUPPER", () => {
  assertEquals(
    mmioStringToFOURCC("wav", MMIO_TOUPPER),
    mmioFOURCC("W", "A", "V", " "),
  );
  assertEquals(mmioStringToFOURCC("riff", MMIO_TOUPPER), FOURCC_RIFF);
});

Deno.test("mmioStringToFOURCC cuts to four characters", () => {
  assertEquals(mmioStringToFOURCC("abcdef", 0), 0x64636261);
  assertEquals(mmioStringToFOURCC("LISTING", 0), FOURCC_LIST);
});

Deno.test("mmioStringToFOURCC pads with spaces", () => {
  assertEquals(mmioStringToFOURCC("a", 0), 0x20202061);
  assertEquals(mmioStringToFOURCC("DOS", 0), FOURCC_DOS);
  assertEquals(mmioStringToFOURCC("MEM", 0), FOURCC_MEM);
});

Deno.test("mmioFOURCCToString is the inverse of mmioFOURCC", () => {
  assertEquals(mmioFOURCCToString(FOURCC_RIFF), "RIFF");
  assertEquals(mmioFOURCCToString(FOURCC_DOS), "DOS ");
  assertEquals(mmioFOURCCToString(0x20636261), "abc ");
  for (const s of ["WAVE", "fmt ", "data", "\x80\x01\xff~"]) {
    assertEquals(mmioFOURCCToString(mmioFOURCC(s[0], s[1], s[2], s[3])), s);
  }
});

Deno.test("FOURCC helpers throw TypeError synchronously on wrong types", () => {
  assertThrows(
    // deno-lint-ignore no-explicit-any
    () => mmioStringToFOURCC(5 as any, 0),
    TypeError,
  );
  assertThrows(
    // deno-lint-ignore no-explicit-any
    () => mmioFOURCC(1 as any, "b", "c", "d"),
    TypeError,
    "c0",
  );
  assertThrows(
    // deno-lint-ignore no-explicit-any
    () => mmioFOURCC("a", "b", "c", null as any),
    TypeError,
    "c3",
  );
});
