// The import structure: no runtime import cycle from any entry point, and
// arrows that point one way (public functions -> engine -> message protocol
// -> procedures). Type-only imports may point back; `deno info` does not
// count them as code dependencies.

import { assertEquals } from "@std/assert";

const root = new URL("../", import.meta.url);
const config = JSON.parse(
  await Deno.readTextFile(new URL("deno.json", root)),
) as { exports: Record<string, string> };

interface ModuleInfo {
  specifier: string;
  dependencies?: { code?: { specifier?: string } }[];
}

/** The runtime import graph of the project's own files, from `entry`. */
async function graph(entry: string): Promise<Map<string, string[]>> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(
      `deno info ${entry}: ${new TextDecoder().decode(out.stderr)}`,
    );
  }
  const info = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    modules: ModuleInfo[];
  };
  const local = (s: string | undefined): s is string =>
    s !== undefined && s.startsWith(root.href);
  const g = new Map<string, string[]>();
  for (const m of info.modules) {
    if (!local(m.specifier)) continue;
    const deps = (m.dependencies ?? []).map((d) => d.code?.specifier)
      .filter(local).map((s) => s.slice(root.href.length));
    g.set(m.specifier.slice(root.href.length), deps);
  }
  return g;
}

/** Every cycle found by a depth-first walk, as a path of module names. */
function cycles(g: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (v: string): void => {
    const at = stack.indexOf(v);
    if (at >= 0) {
      found.push([...stack.slice(at), v]);
      return;
    }
    if (done.has(v)) return;
    done.add(v);
    stack.push(v);
    for (const w of g.get(v) ?? []) visit(w);
    stack.pop();
  };
  for (const v of g.keys()) visit(v);
  return found;
}

const ENGINE = /^src\/_(buffer|direct|handle|lifetime|message|step)\.ts$/;
const PUBLIC =
  /^(mod\.ts|src\/(open|io|info|chunks|hmmio|streams|paths|cli)\.ts|src\/(riff|wave)\/)/;
const PROCEDURE = /^src\/procs\//;

/** The imports that point the wrong way: up from the engine or procedures. */
function upward(g: Map<string, string[]>): string[] {
  const wrong: string[] = [];
  for (const [from, deps] of g) {
    for (const to of deps) {
      const engineUp = ENGINE.test(from) && PUBLIC.test(to);
      const procUp = PROCEDURE.test(from) &&
        (ENGINE.test(to) || PUBLIC.test(to));
      if (engineUp || procUp) wrong.push(`${from} -> ${to}`);
    }
  }
  return wrong;
}

for (const [name, path] of Object.entries(config.exports)) {
  Deno.test(`layering: no runtime import cycle from '${name}'`, async () => {
    const g = await graph(path);
    assertEquals(cycles(g).map((c) => c.join(" -> ")), []);
  });
  Deno.test(`layering: no import points up from the engine or a procedure ('${name}')`, async () => {
    assertEquals(upward(await graph(path)), []);
  });
}
