import { describe, expect, it } from "@jest/globals";
import { classifyWhatsapp } from "../../connectors/whatsapp/whatsapp.classifier.js";

// The classifier alone, on Graph errors the sandbox never sends: it needs no sandbox.
describe("WhatsApp Cloud API connector against its sandbox", () => {
  describe("the classifier, for signals the sandbox does not produce on its own", () => {
    const graph = (
      error: Record<string, unknown>,
      status = 400,
      headers: Record<string, string> = {},
    ) =>
      classifyWhatsapp(
        {
          status,
          headers: new Headers(headers),
          body: {
            error: {
              message: "raw provider text +15550100",
              type: "OAuthException",
              fbtrace_id: "Atrace",
              ...error,
            },
          },
        },
        "whatsapp",
      );

    it.each([
      [{ code: 131050 }, "INVALID_REQUEST"],
      [{ code: 190, error_subcode: 463 }, "AUTH_EXPIRED"],
      [{ code: 190, error_subcode: 467 }, "AUTH_REVOKED"],
      [{ code: 200 }, "PERMISSION_DENIED"],
      [{ code: 131056 }, "RATE_LIMITED"],
      [{ code: 131048 }, "RATE_LIMITED"],
      [{ code: 4 }, "RATE_LIMITED"],
      [{ code: 131000 }, "UNAVAILABLE"],
      [{ code: 131016 }, "UNAVAILABLE"],
      [{ code: 999_999, is_transient: true }, "UNAVAILABLE"],
      [{ code: 131047 }, "INVALID_REQUEST"],
    ])("%j is %s, keeping Meta's code and no raw text", (error, kind) => {
      const result = graph(error);
      expect(result).toMatchObject({
        kind,
        details: { providerCode: error.code, providerRequestId: "Atrace" },
      });
      expect(result?.message).not.toContain("raw provider text");
    });

    it("Graph has no errors inside HTTP 200, but a body carrying a Graph error fails whatever the status", () => {
      expect(
        classifyWhatsapp(
          { status: 200, headers: new Headers(), body: { messages: [{ id: "wamid.x" }] } },
          "whatsapp",
        ),
      ).toBeUndefined();
      expect(graph({ code: 100 }, 200)).toMatchObject({
        kind: "INVALID_REQUEST",
        details: { providerCode: 100 },
      });
    });

    it("an unknown code falls back on the HTTP status, and a wait comes from the BUC header", () => {
      expect(graph({ code: 12_345 }, 502)).toMatchObject({
        kind: "UNAVAILABLE",
        details: { providerCode: 12_345 },
      });
      const usage = JSON.stringify({
        "1": [{ type: "whatsapp", estimated_time_to_regain_access: 3 }],
      });
      expect(
        graph({ code: 80007 }, 429, { "x-business-use-case-usage": usage })?.details.retryAfterMs,
      ).toBe(180_000);
    });
  });
});
