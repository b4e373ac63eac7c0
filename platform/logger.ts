import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";

export type { Logger };

/** JSON logs on stdout. Secrets are redacted by path wherever they might be attached. */
export function createLogger(options: {
  level?: string;
  service: string;
  /** Where lines go (default stdout); tests capture them. */
  destination?: DestinationStream;
}): Logger {
  const settings: LoggerOptions = {
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
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
