import type { LogContext, Logger, LoggerNamespace } from "@mikro-orm/core";

/**
 * A MikroORM logger that counts SQL statements instead of printing them. Tests and benchmarks
 * read `count` around a request to prove statements do not grow with the size of a list.
 */
export class QueryCounter implements Logger {
  count = 0;
  readonly statements: string[] = [];
  constructor(private readonly keep = 50) {}

  reset(): void {
    this.count = 0;
    this.statements.length = 0;
  }

  logQuery(context: { query?: string } & LogContext): void {
    this.count += 1;
    if (this.statements.length < this.keep && context.query) {
      this.statements.push(context.query);
    }
  }

  isEnabled(namespace: LoggerNamespace): boolean {
    return namespace === "query";
  }

  log(): void {}
  error(): void {}
  warn(): void {}
  setDebugMode(): void {}
}
