import { describe, expect, it } from "@jest/globals";
import { runNode } from "../../testing/processes.js";

// A process with the handlers every entry installs: a lost promise is logged with its request
// and the process serves on; an uncaught exception is logged and ends the process with status 1.
const PROBE = `
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
const load = path => import(pathToFileURL(resolve(path)).href);
const { createLogger } = await load("dist/platform/logger.js");
const { installProcessFaultHandlers } = await load("dist/platform/process-faults.js");
const { runWithRequestId } = await load("dist/platform/request-scope.js");
installProcessFaultHandlers({ logger: createLogger({ service: "probe" }) });
runWithRequestId("req-lost-0001", () => setTimeout(() => void Promise.reject(new Error("lost")), 5));
setTimeout(() => console.log(JSON.stringify({ msg: "still serving" })), 100);
runWithRequestId("req-fatal-0001", () => setTimeout(() => { throw new Error("broken"); }, 200));
setTimeout(() => console.log(JSON.stringify({ msg: "never" })), 30_000);
`;

describe("process-level fault handlers", () => {
  it("logs an unhandled rejection and serves on; exits with 1 on an uncaught exception", async () => {
    const probe = runNode("--input-type=module", ["-e", PROBE], {});
    expect(await probe.exited()).toBe(1);
    const output = probe.output();
    const lines = output
      .split("\n")
      .filter(line => line.startsWith("{"))
      .map(
        line => JSON.parse(line) as { msg: string; requestId?: string; err?: { message: string } },
      );
    expect(
      lines.map(({ msg, requestId, err }) => ({ msg, requestId, error: err?.message })),
    ).toEqual([
      {
        msg: "unhandled promise rejection (the process keeps serving)",
        requestId: "req-lost-0001",
        error: "lost",
      },
      { msg: "still serving", requestId: undefined, error: undefined },
      {
        msg: "uncaught exception: exiting for the supervisor to restart the process",
        requestId: "req-fatal-0001",
        error: "broken",
      },
    ]);
    expect(output).toMatch(/^Error: broken\n\s+at /m); // the reason, also as Node prints it
  });
});
