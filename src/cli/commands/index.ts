import type { CommandModule } from "yargs";
import { checkCommand } from "./check.js";
import { fuzzCommand } from "./fuzz.js";
import { initCommand } from "./init.js";
import { mergeCommand } from "./merge.js";
import { replayCommand } from "./replay.js";
import { testCommand } from "./test.js";

/** Every kvlab subcommand, in the order `kvlab --help` lists them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [initCommand, testCommand, mergeCommand, replayCommand, fuzzCommand, checkCommand];
