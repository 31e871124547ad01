// The twin's control socket (its power supply): one command line in, one reply line out.
import { createConnection } from "node:net";
import { Deadline } from "../../netns/util/deadline.ts";

/** Send `line` to the Unix socket at `path`; resolves with the reply line (rejects on timeout or error). */
export function controlRequest(path: string, line: string, deadline = Deadline.in(5_000, `control ${line}`)): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    const sock = createConnection(path, () => sock.write(`${line}\n`));
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no reply to '${line}' on ${path} within ${Math.round(deadline.elapsed)} ms`));
    }, deadline.remaining);
    sock.on("data", (d) => {
      data += String(d);
      const nl = data.indexOf("\n");
      if (nl < 0) return;
      clearTimeout(timer);
      sock.end();
      resolve(data.slice(0, nl).trim());
    });
    sock.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
