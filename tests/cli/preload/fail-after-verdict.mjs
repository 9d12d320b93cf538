// Preloaded with `node --import`: once the program has printed a verdict line, something fails
// outside any command's promises, as a late callback would. KVLAB_LATE_FAILURE says whose failure
// it is: "system" (an error with a code, as Node's own carry), "user" (thrown here, which is no
// code of kvlab's) or "kvlab" (an error whose stack places it in kvlab's built code).
import { join } from "node:path";

const failures = {
  system: () => Object.assign(new Error("EIO: i/o error, read"), { code: "EIO" }),
  user: () => new Error("late"),
  kvlab: () => Object.assign(new TypeError("late"), { stack: `TypeError: late\n    at late (${join(process.cwd(), "dist/src/cli/kvlab.js")}:1:1)` }),
};
const failure = failures[process.env.KVLAB_LATE_FAILURE];
const write = process.stdout.write.bind(process.stdout);
let scheduled = false;
process.stdout.write = (chunk, ...rest) => {
  if (!scheduled && /: (ok|illegal|unknown) \(/.test(String(chunk))) {
    scheduled = true;
    setImmediate(() => {
      throw failure();
    });
  }
  return write(chunk, ...rest);
};
