/**
 * A loopback Pushgateway that keeps state as the real one does (prometheus/pushgateway's API): a group is the path's
 * grouping key; PUT replaces the whole group, POST replaces only the metric families it sends, DELETE drops the
 * group; GET /metrics shows every group's samples with the grouping labels added, like a scrape.
 */
import { listenWithBodies } from "./observability.js";

type Families = Map<string, string[]>;

export interface Gateway {
  url: string;
  requests: { method: string; url: string; authorization?: string }[];
  /** The exposition a scrape would read. */
  scrape(): string;
  /** One sample's value from a scrape, by metric name and the labels it must have; undefined when there is none. */
  value(name: string, labels?: Record<string, string>): number | undefined;
  close(): Promise<void>;
}

/** Sample lines by metric family: a family is what its `# TYPE` line names (a counter's `_total` included). */
function families(body: string): Families {
  const out: Families = new Map();
  let current = "";
  for (const line of body.split("\n")) {
    const type = line.match(/^# TYPE (\S+) /);
    if (type) current = type[1]!;
    if (!line || line.startsWith("#")) continue;
    const name = line.match(/^[a-zA-Z_:][a-zA-Z0-9_:]*/)![0];
    const family = name.startsWith(current) && current ? current : name;
    out.set(family, [...(out.get(family) ?? []), line]);
  }
  return out;
}

function withGroup(sample: string, group: [string, string][]): string {
  const labels = group.map(([k, v]) => `${k}="${v}"`).join(",");
  const brace = sample.indexOf("{");
  if (brace >= 0 && sample.indexOf("}") > brace + 1)
    return `${sample.slice(0, brace + 1)}${labels},${sample.slice(brace + 1)}`;
  const name = sample.split(/[{ ]/, 1)[0]!;
  return `${name}{${labels}} ${sample.slice(sample.lastIndexOf(" ") + 1)}`;
}

export async function startPushgateway(): Promise<Gateway> {
  const groups = new Map<string, { group: [string, string][]; families: Families }>();
  const requests: Gateway["requests"] = [];
  const scrape = () =>
    [...groups.values()]
      .flatMap(({ group, families }) => [...families.values()].flat().map((s) => withGroup(s, group)))
      .join("\n");
  const server = await listenWithBodies((req, body, res) => {
    const url = req.url ?? "";
    requests.push({ method: req.method ?? "", url, authorization: req.headers.authorization });
    if (req.method === "GET" && url === "/metrics") return void res.writeHead(200).end(`${scrape()}\n`);
    const parts = url
      .replace(/^\/metrics\//, "")
      .split("/")
      .map(decodeURIComponent);
    if (!url.startsWith("/metrics/job/") || parts.length % 2 !== 0) return void res.writeHead(404).end();
    const group = Array.from({ length: parts.length / 2 }, (_, i) => [parts[2 * i]!, parts[2 * i + 1]!]) as [
      string,
      string,
    ][];
    const key = JSON.stringify(group);
    if (req.method === "DELETE") groups.delete(key);
    else if (req.method === "PUT") groups.set(key, { group, families: families(body) });
    else if (req.method === "POST") {
      const merged = new Map(groups.get(key)?.families ?? []);
      for (const [name, samples] of families(body)) merged.set(name, samples);
      groups.set(key, { group, families: merged });
    } else return void res.writeHead(405).end();
    res.writeHead(200).end();
  });
  return {
    url: server.url,
    requests,
    scrape,
    value(name, labels = {}) {
      for (const line of scrape().split("\n")) {
        if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
        if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
          return Number(line.split(" ").at(-1));
      }
      return undefined;
    },
    close: server.close,
  };
}
