/**
 * `/metrics` for `run --schedule`: a long-lived process can be scraped instead of pushing. It serves the last run's
 * metrics (the same registry the textfile and the Pushgateway get), the request counters since the process started,
 * and Node's process metrics.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { collectDefaultMetrics, Registry } from "prom-client";

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/** `registry` is asked on every scrape; undefined before the first run has finished. */
export async function serveMetrics(opts: {
  port: number;
  host?: string;
  registry: () => Registry | undefined;
}): Promise<MetricsServer> {
  const processMetrics = new Registry();
  collectDefaultMetrics({ register: processMetrics });
  const server = createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("regionsync serves /metrics only\n");
      return;
    }
    // Concatenated, not merged: a merged registry drops the run registry's default labels (`mode`).
    const registries = [opts.registry(), processMetrics].filter((r): r is Registry => r !== undefined);
    Promise.all(registries.map((r) => r.metrics())).then(
      (texts) => res.writeHead(200, { "Content-Type": processMetrics.contentType }).end(texts.join("\n")),
      (error: unknown) => res.writeHead(500, { "Content-Type": "text/plain" }).end(`${(error as Error).message}\n`),
    );
  });
  await listen(server, opts.port, opts.host);
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function listen(server: Server, port: number, host?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") reject(new Error(`--metrics-port ${port}: the port is already in use`));
      else if (error.code === "EACCES") reject(new Error(`--metrics-port ${port}: not allowed to listen on this port`));
      else reject(error);
    });
    server.listen(port, host, () => resolve());
  });
}
