/**
 * Provider error codes that mean the recipient opted out (Twilio 21610: unsubscribed recipient;
 * WhatsApp 131050: the user stopped marketing messages). A send or a status that fails with one
 * also puts the recipient on the workspace's suppression list.
 */
export const OPTED_OUT_CODES: ReadonlySet<string> = new Set(["21610", "131050"]);
