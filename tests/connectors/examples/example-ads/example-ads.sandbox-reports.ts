import { str, strings, type JsonRecord } from "../../../../connectors/kit/json.js";
import type { SandboxReply, SandboxRequest } from "../../../../connectors/sandbox/sandbox.js";
import { advertiserOf, paged } from "./example-ads.sandbox-advertisers.js";
import { denied, invalid, ok } from "./example-ads.sandbox-errors.js";
import {
  daysBetween,
  dayMetrics,
  type SandboxContext,
  type SandboxUser,
} from "./example-ads.sandbox-state.js";

/** Report tasks: QUEUING for two status delays, then SUCCESS with paged rows by day. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** POST report/task/create/ */
export function createReport(
  ctx: SandboxContext,
  user: SandboxUser,
  body: JsonRecord,
): SandboxReply {
  const { env, state } = ctx;
  const reviewMs = () => 2 * env.statusDelayMs;
  const advertiser = advertiserOf(ctx, user, str(body, "advertiser_id"));
  if (!advertiser) {
    return denied();
  }
  const level = (["CAMPAIGN", "ADGROUP", "AD"] as const).find(
    value => value === str(body, "level"),
  );
  const from = str(body, "start_date") ?? "";
  const to = str(body, "end_date") ?? "";
  if (
    !level ||
    !DAY.test(from) ||
    !DAY.test(to) ||
    from > to ||
    daysBetween(from, to).length > 365
  ) {
    return invalid("level, and start_date to end_date (YYYY-MM-DD) spanning at most 365 days.");
  }
  const ids = Array.isArray(body.ids) ? strings(body.ids) : undefined;
  const task = {
    id: state.id(40),
    advertiserId: advertiser.id,
    level,
    from,
    to,
    ...(ids ? { ids } : {}),
    readyAt: new Date(env.now().getTime() + reviewMs()),
  };
  state.tasks.set(task.id, task);
  return ok({ task_id: task.id });
}

function taskOf(ctx: SandboxContext, user: SandboxUser, request: SandboxRequest) {
  const task = ctx.state.tasks.get(request.query.get("task_id") ?? "");
  return task &&
    advertiserOf(ctx, user, task.advertiserId) &&
    task.advertiserId === request.query.get("advertiser_id")
    ? task
    : undefined;
}

/** GET report/task/check/ */
export function checkReport(
  ctx: SandboxContext,
  user: SandboxUser,
  request: SandboxRequest,
): SandboxReply {
  const task = taskOf(ctx, user, request);
  if (!task) {
    return invalid("No such task.");
  }
  return ok({ task_id: task.id, status: ctx.env.now() < task.readyAt ? "QUEUING" : "SUCCESS" });
}

/** GET report/task/result/ */
export function reportResult(
  ctx: SandboxContext,
  user: SandboxUser,
  request: SandboxRequest,
): SandboxReply {
  const task = taskOf(ctx, user, request);
  if (!task || ctx.env.now() < task.readyAt) {
    return invalid(task ? "The task is not finished." : "No such task.");
  }
  const rows = ctx.state.reportObjects(task).flatMap(({ key, id }) =>
    daysBetween(task.from, task.to).map(day => ({
      dimensions: { [key]: id, stat_day: day },
      metrics: dayMetrics(id, day),
    })),
  );
  return paged(request, rows, row => row);
}
