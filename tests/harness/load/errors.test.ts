// A module that cannot be loaded says why in one line that names the file, line and column; a
// handler that throws during a run names the user's own line.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ImplementationError, loadImplementation, runLabTest, selectTests } from "../../../src/index.js";
import { loadFailure } from "../../../src/harness/load/load-failure.js";
import { tempDir } from "../../support/temp-dir.js";

/** Writes `files` (path → text) into a fresh folder and gives the folder. */
function folder(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** The one-line message loading `file` of `dir` fails with. */
async function loadError(dir: string, file: string): Promise<string> {
  const error = await loadImplementation(join(dir, file)).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ImplementationError);
  const message = (error as Error).message;
  expect(message).not.toContain("\n");
  return message;
}

const BAD_LINE = "const a = 1;\n\nexport default {\n  createServer() { let y = 2 x },\n};\n";

describe("a module that cannot be loaded", () => {
  it("a syntax error in TypeScript (esbuild) names file:line:column, 1-based, for each TypeScript extension", async () => {
    for (const extension of [".ts", ".mts", ".cts"]) {
      const dir = folder({ [`my-kv${extension}`]: BAD_LINE });
      expect(await loadError(dir, `my-kv${extension}`)).toBe(`${dir}/my-kv${extension}:4:30: cannot be loaded: Expected ";" but found "x"`);
    }
  });

  it("a syntax error in JavaScript names file:line:column whether tsx compiles it, Node runs it as CommonJS or as an ES module", async () => {
    const cases = { "bare.js": BAD_LINE, "plain.mjs": BAD_LINE, "plain.cjs": "const a = 1;\nmodule.exports = {\n  createServer() { let y = 2 x },\n};\n" };
    for (const [file, text] of Object.entries(cases)) {
      const dir = folder({ [file]: text });
      const line = file.endsWith(".cjs") ? 3 : 4;
      expect(await loadError(dir, file)).toMatch(new RegExp(`^${dir}/${file}:${line}:30: cannot be loaded: (Expected ";" but found "x"|Unexpected identifier 'x')$`));
    }
  });

  it("a syntax error in a module the implementation imports names that module, and the one being loaded", async () => {
    const dir = folder({
      "package.json": '{ "type": "module" }',
      "my-kv.js": 'import helper from "./lib/helper.js";\nexport default helper;\n',
      "lib/helper.js": "export default {\n  createServer() { let y = 2 x },\n};\n",
    });
    expect(await loadError(dir, "my-kv.js")).toBe(`${dir}/lib/helper.js:2:30: cannot be loaded: Unexpected identifier 'x' (loading ${dir}/my-kv.js)`);
  });

  it("finds an ES module's syntax error in a file it imports even before tsx has reported reaching that file", () => {
    const dir = folder({
      "package.json": '{ "type": "module" }',
      "my-kv.js": 'export { default } from "./lib/index.js";\n',
      "lib/index.js": "import helper from './helper.js';\nexport default helper;\n",
      "lib/helper.js": "export default {\n  createServer() { let y = 2 x },\n};\n",
    });
    // As Node's ES module parser throws it: no place, and no frame but Node's own.
    const parseError = Object.assign(new SyntaxError("Unexpected identifier 'x'"), { stack: "SyntaxError: Unexpected identifier 'x'\n    at compileSourceTextModule (node:internal/modules/esm/utils:340:16)" });
    const failure = loadFailure(parseError, [join(dir, "my-kv.js")]);
    expect(failure).toEqual({ place: { file: join(dir, "lib/helper.js"), line: 2, column: 30 }, reason: "Unexpected identifier 'x'" });
  });

  it("a module that throws while it is evaluated names the line that threw, in the TypeScript source", async () => {
    const text = 'const limit: number = 1;\nfunction boom(): never {\n  throw new Error(`no config (limit ${limit})`);\n}\nboom();\nexport default {};\n';
    for (const [file, manifest] of [["my-kv.ts", undefined], ["my-kv.mts", undefined], ["my-kv.ts", '{ "type": "module" }']] as const) {
      const dir = folder({ [file]: text, ...(manifest ? { "package.json": manifest } : {}) });
      expect(await loadError(dir, file)).toBe(`${dir}/${file}:3:9: cannot be loaded: it threw Error: no config (limit 1)`);
    }
  });

  it("a SyntaxError the module throws as it runs (JSON.parse, new RegExp) is placed where it threw and worded as thrown, not as a parse error", async () => {
    const text = 'const limit = 1;\nconst config = JSON.parse("{oops");\nexport default config;\n';
    for (const [file, manifest] of [["my-kv.ts", undefined], ["my-kv.mjs", undefined], ["my-kv.js", '{ "type": "module" }'], ["my-kv.cjs", undefined]] as const) {
      const source = file.endsWith(".cjs") ? text.replace("export default config;", "module.exports = config;") : text;
      const dir = folder({ [file]: source, ...(manifest ? { "package.json": manifest } : {}) });
      expect(await loadError(dir, file)).toMatch(new RegExp(`^${dir}/${file}:2:21: cannot be loaded: it threw SyntaxError: (Unexpected token|Expected property name).*JSON.*$`));
    }
    const dir = folder({ "my-kv.mts": 'export const x = 1;\nconst pattern = new RegExp("(");\nexport default { pattern };\n' });
    expect(await loadError(dir, "my-kv.mts")).toBe(`${dir}/my-kv.mts:2:17: cannot be loaded: it threw SyntaxError: Invalid regular expression: /(/: Unterminated group`);
  });

  it("a module that throws what is not an Error says what it threw on one line, even an object with no prototype", async () => {
    const cases = {
      "Object.create(null)": "[Object: null prototype] {}",
      '{ code: 7, why: "no config" }': "{ code: 7, why: 'no config' }",
      '"a\\nb"': "'a\\nb'",
      "undefined": "undefined",
      '{ long: "x".repeat(1000) }': `{ long: '${"x".repeat(91)}…${"x".repeat(74)}'... 800 more characters }`,
    };
    for (const [thrown, said] of Object.entries(cases)) {
      const dir = folder({ "my-kv.mts": `throw ${thrown};\n` });
      expect(await loadError(dir, "my-kv.mts")).toBe(`${dir}/my-kv.mts: cannot be loaded: it threw ${said}`);
    }
  });

  it("an import of a missing package or file names the import, as CommonJS and as an ES module", async () => {
    const text = 'import type { KVImplementation } from "kvlab";\nimport { helper } from "no-such-package-anywhere";\nimport { other } from "./not-there.js";\nexport default { helper, other } as unknown as KVImplementation;\n';
    for (const file of ["my-kv.ts", "my-kv.mts"]) {
      const dir = folder({ [file]: text });
      expect(await loadError(dir, file)).toBe(`${dir}/${file}:2:24: cannot be loaded: cannot find 'no-such-package-anywhere'`);
      const local = folder({ [file]: text.replace(/^import \{ helper \}.*\n/m, "const helper = 1;\n") });
      expect(await loadError(local, file)).toMatch(new RegExp(`^${local}/${file}:3:23: cannot be loaded: cannot find '(\\./not-there\\.js|${local}/not-there\\.js)'$`));
    }
  });

  it("a folder is not a module, and top-level await in a file that is CommonJS where it lies says how to make it an ES module", async () => {
    const dir = folder({ "lib/my-kv.ts": "export default {};\n", "my-kv.ts": "await Promise.resolve();\nexport default {};\n" });
    expect(await loadError(dir, "lib")).toBe(`${dir}/lib: not a file (name the module itself, e.g. ${dir}/lib/my-kv.ts)`);
    expect(await loadError(dir, "my-kv.ts")).toBe(
      `${dir}/my-kv.ts:1:1: cannot be loaded: Top-level await is currently not supported with the "cjs" output format (${dir}/my-kv.ts is CommonJS where it is: name it .mts, or put it in a package with "type": "module")`,
    );
  });

  it("asked for x.js beside an x.ts, loads the JavaScript file named, not its TypeScript twin", async () => {
    const dir = folder({
      "my-kv.js": 'module.exports = { name: "js", createServer() {}, createClerk() {} };\n',
      "my-kv.ts": 'export default { name: "ts", createServer() {}, createClerk() {} };\n',
      "my-kv.cjs": 'module.exports = { name: "cjs", createServer() {}, createClerk() {} };\n',
      "my-kv.cts": 'export default { name: "cts", createServer() {}, createClerk() {} };\n',
    });
    for (const file of ["my-kv.js", "my-kv.ts", "my-kv.cjs", "my-kv.cts"]) expect((await loadImplementation(join(dir, file))).name).toBe(file.split(".")[1]);
  });
});

describe("a handler that throws during a run", () => {
  const reliablePut = selectTests("kvsrv", ["TestReliablePut"])[0]!;

  it("a server handler's failure names the user's line in the TypeScript source", async () => {
    const report = await runLabTest(await loadImplementation("tests/labs/kv/fixtures/throwing-put.ts"), reliablePut, 1);
    expect(report.message).toBe('server "kvserver" handler "put" threw: cannot put y (at tests/labs/kv/fixtures/throwing-put.ts:7:33)');
  });

  it("a clerk's failure names the user's line, in a CommonJS .ts outside any package", async () => {
    const clerk = 'import base from "ANY";\nexport default {\n  ...base,\n  createClerk: () => ({\n    async get(): Promise<never> {\n      throw new RangeError("no get today");\n    },\n    async put(): Promise<never> {\n      throw new RangeError("no put today");\n    },\n  }),\n};\n';
    const dir = folder({ "my-kv.ts": clerk.replace("ANY", join(import.meta.dirname, "../../../examples/kv/my-kv.ts")) });
    const report = await runLabTest(await loadImplementation(join(dir, "my-kv.ts")), reliablePut, 1);
    expect(report.message).toMatch(new RegExp(`^tester threw at 0\\.000ms: RangeError: no put today \\(at ${dir}/my-kv\\.ts:9:13\\)$`));
  });

  it("a handler that throws what is not an Error fails its test saying what it threw, even an object with no prototype", async () => {
    const clerk = 'import base from "ANY";\nexport default { ...base, createClerk: () => ({ get: async () => ({}), put: async () => { throw Object.create(null); } }) };\n';
    const dir = folder({ "my-kv.mts": clerk.replace("ANY", join(import.meta.dirname, "../../../examples/kv/my-kv.ts")) });
    const report = await runLabTest(await loadImplementation(join(dir, "my-kv.mts")), reliablePut, 1);
    expect([report.verdict, report.message]).toEqual(["fail", "tester threw at 0.000ms: [Object: null prototype] {}"]);
    const example = join(import.meta.dirname, "../../../examples/kv/my-kv.ts");
    const server = `import example, { Server } from "${example}";\nclass Refusing extends Server {\n  override put(args: { version: number }) {\n    if (args.version > 0) throw Object.create(null);\n    return super.put(args as never);\n  }\n}\nexport default { ...example, createServer: () => new Refusing() };\n`;
    const serverDir = folder({ "my-kv.mts": server });
    const serverReport = await runLabTest(await loadImplementation(join(serverDir, "my-kv.mts")), reliablePut, 1);
    expect(serverReport.message).toBe('server "kvserver" handler "put" threw: [Object: null prototype] {}');
  });
});
