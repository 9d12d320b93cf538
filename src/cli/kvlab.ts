import { hideBin } from "yargs/helpers";
import { crashOnUncaught, usageFailure } from "./exit-codes.js";
import { kvlabCli } from "./kvlab-cli.js";

/** The `kvlab` program: its command line (see kvlabCli), ending on a usage error with one line and exit 3. */
const cli = kvlabCli(hideBin(process.argv)).fail(usageFailure("kvlab"));
crashOnUncaught("kvlab");
await cli.parseAsync();
// A command is over when its promise settles. User code may have left a real timer or socket behind
// (the run's report says where it reached for one; runs are in virtual time): it has a second to
// fail late (reported as crashOnUncaught says), then nothing of it keeps kvlab from ending with the
// status the command decided. The timer itself keeps nothing alive: a clean run ends at once.
setTimeout(() => process.exit(), 1000).unref();
