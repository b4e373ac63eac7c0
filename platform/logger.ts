import { pino, type Logger } from "pino";

export type { Logger };

/** JSON logs on stdout. Secrets are redacted by path wherever they might be attached. */
export function createLogger(options: { level?: string; service: string }): Logger {
  return pino({
    level: options.level ?? "info",
    base: { service: options.service },
    redact: {
      paths: [
        "req.headers.authorization",
        "headers.authorization",
        'headers["x-crosscast-internal"]',
        "*.accessToken",
        "*.refreshToken",
        "*.apiKey",
        "*.password",
        "*.secret",
      ],
      censor: "[redacted]",
    },
  });
}
