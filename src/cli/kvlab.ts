import { hideBin } from "yargs/helpers";
import { crashOnUncaught, usageFailure } from "./exit-codes.js";
import { kvlabCli } from "./kvlab-cli.js";

/** The `kvlab` program: its command line (see kvlabCli), ending on a usage error with one line and exit 3. */
const cli = kvlabCli(hideBin(process.argv)).fail(usageFailure("kvlab"));
crashOnUncaught("kvlab");
await cli.parseAsync();
// A command is over when its promise settles. User code may have left a real timer or socket behind
// (the run's report says where it reached for one; runs are in virtual time): nothing of it may
// keep kvlab from ending with the status the command decided.
process.stdout.write("", () => process.exit());
