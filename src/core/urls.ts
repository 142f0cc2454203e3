/** URL rules every layer shares: plain http is allowed on loopback only, where nothing leaves the machine. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === "localhost" || host === "[::1]" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** An `http://` URL to anywhere but loopback (also a template whose host is a placeholder). */
export function isPlainHttp(text: string): boolean {
  const host = /^http:\/\/(\[[^\]]*\]|[^/:?#]*)/i.exec(text)?.[1];
  return host !== undefined && !isLoopback(host);
}
