/** The request and response shapes every emulator part shares. */
import type * as http from "node:http";

export interface EmulatorRequest {
  method: string;
  /** Path without the query string, percent-decoding left to the route. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  rawBody: string;
  /** Path parameters of the matched route. */
  params: Record<string, string>;
  operationId?: string;
}

export interface EmulatorResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;

export interface OpenApiValidator {
  match(req: EmulatorRequest): { operationId: string; params: Record<string, string> } | undefined;
  /** Human-readable problems with the request; empty when it is valid. */
  validate(req: EmulatorRequest): string[];
}
