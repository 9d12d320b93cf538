// labnet on its own: one echo server, three clients that retry lost calls on the unreliable
// network. Run it with `npx tsx examples/labnet-echo.ts [seed]`; the same seed prints the same lines.
import { Network, Server, Simulation, compose, profiles } from "kvlab/labnet";

const sim = new Simulation({ seed: process.argv[2] ?? 1 });
const net = new Network(sim, compose(profiles.unreliable));
net.addServer("echo", () => Server.of({ echo: (args: { text: string }) => ({ text: args.text.toUpperCase() }) }));

for (const name of ["alice", "bob", "carol"]) {
  const end = net.makeEnd(name, { to: "echo" });
  sim.spawn(name, async (env) => {
    let reply: { text: string } | undefined;
    let attempts = 0;
    while (reply === undefined) {
      attempts++;
      reply = await end.call<{ text: string }, { text: string }>("echo", { text: `hello from ${name}` });
      if (reply === undefined) await env.sleep(100); // lost: wait 100 ms of virtual time, then retry
    }
    console.log(`${env.now().toFixed(3)}ms ${name}: ${reply.text} (${attempts} attempt${attempts > 1 ? "s" : ""})`);
  });
}

const result = await sim.run();
const counts = net.counts();
console.log(`done at ${result.timeMs}ms: ${counts.sent} RPCs sent, ${counts.executed["echo"]} executed, trace ${result.traceHash}`);
