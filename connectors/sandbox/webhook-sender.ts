/**
 * Sends the webhooks a provider would send back (status callbacks, events), with the provider's
 * retries. Deliveries run in the background; `settled()` lets tests wait for all of them.
 */
export interface OutgoingWebhook {
  url: string;
  method?: "POST";
  headers: Record<string, string>;
  body: string;
  /** Sent after this many milliseconds (status updates follow one another). */
  delayMs?: number;
}

export interface DeliveredWebhook {
  url: string;
  status: number | "error";
  attempts: number;
}

/** How many deliveries the sender remembers (a sandbox under `npm start` runs for days). */
const REMEMBERED = 1_000;

export class WebhookSender {
  /** The latest deliveries, oldest first (at most 1,000). */
  readonly delivered: DeliveredWebhook[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly closing = new AbortController();

  constructor(
    private readonly options: { attempts?: number; retryDelayMs?: number; timeoutMs?: number } = {},
  ) {}

  send(webhook: OutgoingWebhook): void {
    const task = this.deliver(webhook).finally(() => this.pending.delete(task));
    this.pending.add(task);
  }

  private async deliver(webhook: OutgoingWebhook): Promise<void> {
    await sleep(webhook.delayMs ?? 0, this.closing.signal);
    const attempts = this.options.attempts ?? 3;
    let status: number | "error" = "error";
    let attempt = 0;
    while (attempt < attempts && !this.closing.signal.aborted) {
      attempt += 1;
      try {
        const response = await fetch(webhook.url, {
          method: webhook.method ?? "POST",
          headers: webhook.headers,
          body: webhook.body,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
        });
        await response.arrayBuffer();
        status = response.status;
        if (response.ok) {
          break;
        }
      } catch {
        status = "error";
      }
      await sleep((this.options.retryDelayMs ?? 100) * attempt, this.closing.signal);
    }
    this.delivered.push({ url: webhook.url, status, attempts: attempt });
    if (this.delivered.length > REMEMBERED) {
      this.delivered.splice(0, this.delivered.length - REMEMBERED);
    }
  }

  /** Resolves once every webhook sent so far (and any they led to) has been delivered or given up. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) {
      await Promise.all([...this.pending]);
    }
  }

  /** Stops delivering: waiting deliveries end without being sent. */
  close(): void {
    this.closing.abort();
  }
}

/** A wait that ends early when the sender closes: a closed sandbox's pending deliveries just end. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) {
    return Promise.resolve();
  }
  return new Promise(resolve => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
