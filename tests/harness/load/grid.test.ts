// Every extension in every kind of folder loads as the same implementation, whichever way the
// module writes its default export; each loaded implementation then passes a real test.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadImplementation, runLabTest, selectTests } from "../../../src/index.js";
import { moduleFormat } from "../../../src/harness/load/module-format.js";
import { tempDir } from "../../support/temp-dir.js";

const EXTENSIONS = [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"] as const;

/** The package.json of each kind of folder (none at all for a bare folder). */
const FOLDERS = {
  "bare folder": undefined,
  "package without type": { name: "student" },
  "commonjs package": { name: "student", type: "commonjs" },
  "module package": { name: "student", type: "module" },
} as const;

/**
 * The ways to export, and where each is valid: `export default` anywhere but a .cjs file (plain
 * CommonJS JavaScript), `module.exports =` and `exports.default =` wherever the file is CommonJS.
 */
const STYLES = {
  "export default": { line: "export default impl;", validIn: (file: string) => !file.endsWith(".cjs") },
  "module.exports": { line: "module.exports = impl;", validIn: (file: string) => moduleFormat(file) === "commonjs" },
  "exports.default": { line: "exports.default = impl;", validIn: (file: string) => moduleFormat(file) === "commonjs" },
};

/** A small correct implementation in plain JavaScript, so one text is valid under every extension. */
const template = (name: string, exportLine: string) => `
const impl = {
  name: ${JSON.stringify(name)},
  createServer() {
    const data = new Map();
    return {
      get({ key }) {
        const entry = data.get(key);
        return entry ? { ...entry, err: "OK" } : { value: "", version: 0, err: "ErrNoKey" };
      },
      put({ key, value, version }) {
        const current = data.get(key)?.version ?? 0;
        if (current === 0 && version !== 0) return { err: "ErrNoKey" };
        if (version !== current) return { err: "ErrVersion" };
        data.set(key, { value, version: current + 1 });
        return { err: "OK" };
      },
    };
  },
  createClerk(end, env) {
    return {
      async get(key) {
        for (;;) {
          const reply = await end.call("get", { key });
          if (reply) return reply;
          await env.sleep(100);
        }
      },
      async put(key, value, version) {
        for (let resent = false; ; resent = true) {
          const reply = await end.call("put", { key, value, version });
          if (reply) return reply.err === "ErrVersion" && resent ? "ErrMaybe" : reply.err;
          await env.sleep(100);
        }
      },
    };
  },
};
${exportLine}
`;

/** Whether any folder from `dir` up holds a package.json (a bare folder must have none). */
function packageAbove(dir: string): boolean {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, "package.json"))) return true;
    if (dirname(at) === at) return false;
  }
}

describe("loading an implementation wherever it lives", () => {
  it("the temporary folders have no package.json above them, so a bare folder is really bare", () => {
    expect(packageAbove(tmpdir())).toBe(false);
  });

  const reliablePut = selectTests("kvsrv", ["TestReliablePut"])[0]!;
  for (const [folder, manifest] of Object.entries(FOLDERS)) {
    for (const extension of EXTENSIONS) {
      it(`${extension} in a ${folder}: every valid export style loads the same and passes TestReliablePut`, async () => {
        const dir = tempDir();
        if (manifest) writeFileSync(join(dir, "package.json"), JSON.stringify(manifest));
        const styles = Object.entries(STYLES).filter(([, style]) => style.validIn(join(dir, `x${extension}`)));
        expect(styles.length).toBeGreaterThan(0);
        for (const [index, [style, { line }]] of styles.entries()) {
          mkdirSync(join(dir, `s${index}`));
          const file = join(dir, `s${index}`, `my-kv${extension}`);
          writeFileSync(file, template(`${folder} ${extension} ${style}`, line));
          const impl = await loadImplementation(file);
          expect(impl.name).toBe(`${folder} ${extension} ${style}`);
          expect((await runLabTest(impl, reliablePut, 1)).verdict).toBe("pass");
        }
      });
    }
  }
});
