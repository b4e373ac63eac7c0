import type { SandboxReply, SandboxRequest } from "./sandbox.js";

/**
 * The common part of every sandbox's routing: method and path → handler, with an auth step
 * before the handler runs. Paths are written as the provider documents them, `:name` standing for
 * one segment (or the part of a segment before a literal suffix: `:sid.json`). A request no route
 * knows gets the provider's own not-found answer; a known path with another method gets its
 * method-not-allowed answer (or the not-found one, as most providers answer).
 */
export type RouteParams = Record<string, string>;

export interface Route<P> {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  /** `public`: no credentials needed (a token endpoint, an authorize page). Default `required`. */
  auth?: "public" | "required";
  handle(input: {
    request: SandboxRequest;
    params: RouteParams;
    /** Who the credentials belong to; undefined on public routes. */
    principal: P | undefined;
  }): SandboxReply | Promise<SandboxReply>;
}

export interface RouteTableOptions<P> {
  routes: ReadonlyArray<Route<P>>;
  /** The principal of a request's credentials, or the provider's refusal, rendered as it sends it. */
  authenticate(request: SandboxRequest, params: RouteParams): P | SandboxReply;
  notFound(request: SandboxRequest): SandboxReply;
  methodNotAllowed?(request: SandboxRequest): SandboxReply;
}

interface Compiled<P> {
  route: Route<P>;
  pattern: RegExp;
  names: string[];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `/Accounts/:sid/Messages/:id.json` → a regex capturing `sid` and `id`. */
export function compilePath(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split("/")
    .map(segment =>
      segment.replace(/:([A-Za-z_][A-Za-z0-9_]*)|([^:]+)/g, (_, name: string, literal: string) => {
        if (name) {
          names.push(name);
          return "([^/]+?)";
        }
        return escape(literal);
      }),
    )
    .join("/");
  return { pattern: new RegExp(`^${source}$`), names };
}

function decodeParams(names: string[], match: RegExpExecArray): RouteParams | undefined {
  const params: RouteParams = {};
  try {
    names.forEach((name, index) => {
      params[name] = decodeURIComponent(match[index + 1] ?? "");
    });
  } catch {
    return undefined;
  }
  return params;
}

function isReply(value: unknown): value is SandboxReply {
  return (
    typeof value === "object" &&
    value !== null &&
    "status" in value &&
    typeof (value as SandboxReply).status === "number"
  );
}

export function createRouteTable<P>(options: RouteTableOptions<P>) {
  const compiled: Array<Compiled<P>> = options.routes.map(route => ({
    route,
    ...compilePath(route.path),
  }));
  return async function dispatch(request: SandboxRequest): Promise<SandboxReply> {
    let pathKnown = false;
    for (const { route, pattern, names } of compiled) {
      const match = pattern.exec(request.path);
      if (!match) {
        continue;
      }
      pathKnown = true;
      if (route.method !== request.method) {
        continue;
      }
      const params = decodeParams(names, match);
      if (!params) {
        return options.notFound(request); // a malformed escape names nothing the provider has
      }
      let principal: P | undefined;
      if (route.auth !== "public") {
        const outcome = options.authenticate(request, params);
        if (isReply(outcome)) {
          return outcome;
        }
        principal = outcome;
      }
      return route.handle({ request, params, principal });
    }
    return pathKnown && options.methodNotAllowed
      ? options.methodNotAllowed(request)
      : options.notFound(request);
  };
}
