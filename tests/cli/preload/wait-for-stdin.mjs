// Preloaded with `node --import`: holds the program back until its stdin ends, so that a test can
// close the program's stdout first and know that every write the program makes finds it closed.
await new Promise((resolve) => process.stdin.on("end", resolve).resume());
