import { isRecord, parseJson, type JsonRecord } from "../../kit/json.js";
import { createRouteTable, type Route } from "../../sandbox/route-table.js";
import {
  formBody,
  type RenderedFaultKind,
  type SandboxReply,
  type SandboxRequest,
} from "../../sandbox/sandbox.js";
import { graphErrors, graphOk } from "./meta.sandbox-errors.js";
import { graphToken, type GraphTokens } from "./meta.sandbox-tokens.js";

/**
 * What every Graph sandbox does the same way: routing `/{version?}/{id}/{edge}` in Graph's order
 * (the token first, then whether the token may see the object, then the edge and method), Graph's
 * reading of request parameters, field selection on node reads, and the injected faults every
 * product renders alike.
 */
const VERSION = /^v\d+\.\d+$/;

/** Who a request's token is, once it may see the object the path names. */
export interface GraphCaller<O> {
  /** The token's scopes: the product's permissions. */
  scopes: ReadonlySet<string>;
  /** The object the path's `:id` names. */
  object: O;
}

/**
 * A Graph product's routes, each path starting with `/:id`. `see` gives the object an id names
 * if a token whose principal is `principal` may see it; Graph answers an unknown object and one
 * the token may not see alike.
 */
export function createGraphRouter<O>(options: {
  tokens: GraphTokens;
  see(id: string, principal: string): O | undefined;
  routes: ReadonlyArray<Route<GraphCaller<O>>>;
}): (request: SandboxRequest) => Promise<SandboxReply> {
  function authenticate(request: SandboxRequest, id: string): GraphCaller<O> | SandboxReply {
    const credential = options.tokens.check(request);
    if ("status" in credential) {
      return credential;
    }
    const object = options.see(id, credential.principal);
    return object === undefined
      ? graphErrors.unsupported(request.method, id)
      : { scopes: new Set(credential.scopes), object };
  }

  /** No route serves it: after the token and object checks, an unknown edge or method. */
  function unrouted(request: SandboxRequest, knownPath: boolean): SandboxReply {
    const [id = "", ...edges] = request.path.split("/").filter(Boolean);
    const caller = authenticate(request, id);
    if ("status" in caller) {
      return caller;
    }
    return edges.length > 0 && !knownPath
      ? graphErrors.unknownPath(`/${edges.join("/")}`)
      : graphErrors.unsupported(request.method, id);
  }

  const dispatch = createRouteTable<GraphCaller<O>>({
    routes: options.routes,
    authenticate: (request, params) => authenticate(request, params.id ?? ""),
    notFound: request => unrouted(request, false),
    methodNotAllowed: request => unrouted(request, true),
  });
  return request => {
    // The version segment is optional (Graph then uses the app's default), as are empty ones.
    const parts = request.path.split("/").filter(Boolean);
    const rest = VERSION.test(parts[0] ?? "") ? parts.slice(1) : parts;
    return dispatch({ ...request, path: `/${rest.join("/")}` });
  };
}

/**
 * The request's parameters, as Graph reads them from its content type: JSON, or a form whose
 * nested values are JSON strings. Any other body is read as no parameters at all.
 */
export function graphParameters(request: SandboxRequest): JsonRecord {
  const type = request.headers["content-type"] ?? "";
  if (type.includes("application/json")) {
    const parsed = parseJson(request.rawBody.toString("utf8"));
    return isRecord(parsed) ? parsed : {};
  }
  if (type.includes("application/x-www-form-urlencoded")) {
    const params: JsonRecord = {};
    for (const [key, value] of formBody(request)) {
      params[key] = /^[[{]/.test(value) ? (parseJson(value) ?? value) : value;
    }
    return params;
  }
  return {};
}

/**
 * A node read: `id` and the `fields` asked for (else `defaults`); a field the node type does not
 * have is Graph's (#100).
 */
export function graphNode(
  request: SandboxRequest,
  node: Record<string, unknown>,
  defaults: string,
  nodeType: string,
): SandboxReply {
  const asked = (request.query.get("fields") ?? defaults)
    .split(",")
    .map(field => field.trim())
    .filter(Boolean);
  const unknown = asked.find(field => !Object.hasOwn(node, field));
  if (unknown) {
    return graphErrors.invalidParameter(
      `Tried accessing nonexisting field (${unknown}) on node type (${nodeType})`,
    );
  }
  return graphOk(Object.fromEntries(["id", ...asked].map(field => [field, node[field]])));
}

/**
 * An injected fault in Graph's format. Auth faults change the state of the token in use, so what
 * follows is real; throttling is the product's own (its code and use case).
 */
export function graphFault(
  kind: RenderedFaultKind,
  request: SandboxRequest,
  options: { tokens: GraphTokens; now: () => Date; rateLimited: () => SandboxReply },
): SandboxReply {
  switch (kind) {
    case "RATE_LIMITED":
      return options.rateLimited();
    case "UNAVAILABLE":
      return graphErrors.unavailable();
    case "AUTH_EXPIRED":
      options.tokens.expire(graphToken(request));
      return graphErrors.expiredToken(options.now(), options.now());
    case "AUTH_REVOKED":
      options.tokens.revoke(graphToken(request));
      return graphErrors.revokedToken();
    case "PERMISSION_DENIED":
      return graphErrors.permissionDenied();
    case "INVALID_REQUEST":
      return graphErrors.invalidParameter("Invalid parameter");
  }
}
