import { describe, expect, it } from "@jest/globals";
import { TWILIO_DEMO_ACCOUNT } from "../../connectors/twilio/twilio.sandbox.js";
import { useTwilioFixture } from "./support/twilio.fixture.js";

// The sandbox answers malformed and unauthenticated requests the way Twilio does.
describe("the Twilio SMS connector against its sandbox", () => {
  const { sandbox, newConnection } = useTwilioFixture();

  describe("the sandbox's wire", () => {
    it("answers a JSON body the way Twilio does: 400 with code 21604", async () => {
      const connection = newConnection();
      const auth = Buffer.from(
        `${connection.settings.accountSid}:${connection.secrets.authToken}`,
      ).toString("base64");
      const response = await fetch(
        `${sandbox().configs.twilio.apiBaseUrl}/2010-04-01/Accounts/${connection.settings.accountSid}/Messages.json`,
        {
          method: "POST",
          headers: { authorization: `Basic ${auth}`, "content-type": "application/json" },
          body: JSON.stringify({
            To: "+14155550144",
            From: connection.settings.fromNumber,
            Body: "x",
          }),
        },
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 21604, status: 400 });
    });

    it("answers missing credentials with Twilio's 401 body", async () => {
      const response = await fetch(
        `${sandbox().configs.twilio.apiBaseUrl}/2010-04-01/Accounts/${TWILIO_DEMO_ACCOUNT.accountSid}.json`,
      );
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        code: 20003,
        message: "Authenticate",
        more_info: "https://www.twilio.com/docs/errors/20003",
        status: 401,
      });
    });
  });
});
