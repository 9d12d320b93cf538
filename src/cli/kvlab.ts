import { hideBin } from "yargs/helpers";
import { crashOnUncaught, usageFailure } from "./exit-codes.js";
import { kvlabCli } from "./kvlab-cli.js";

/** The `kvlab` program: its command line (see kvlabCli), ending on a usage error with one line and exit 3. */
const cli = kvlabCli(hideBin(process.argv)).fail(usageFailure("kvlab"));
crashOnUncaught("kvlab");
await cli.parseAsync();
