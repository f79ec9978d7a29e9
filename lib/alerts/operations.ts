import { z } from "zod";
import { defineOperation, listing, removal } from "@/lib/http/operation";
import { mount } from "@/lib/http/serve";
import { createChannel, deleteChannel, listChannels, ZChannel, ZChannelInput } from "./channels";
import { listDeliveries, replayDelivery, sendTestAlert } from "./queue";
import { createRule, deleteRule, listRules, updateRule, ZRule, ZRuleInput, ZRuleUpdate } from "./rules";
import { alertSettings, assertSeesEveryConnection, updateAlertSettings, ZAlertSettings } from "./settings";

const web = "/api/orgs/[orgId]/alerts";
const api = "/api/v1/alerts";

const ZDelivery = z.object({
  id: z.string().describe("Also the idempotency key every message carries"),
  channelId: z.string(),
  ruleId: z.string().nullable(),
  kind: z.string().describe("`event`, `digest`, `test` or `replay`"),
  events: z.number().int().describe("How many alerts the message holds"),
  status: z.enum(["PENDING", "SENT", "FAILED", "UNCONFIRMED"]).describe("UNCONFIRMED: a Slack or Teams message cut off mid-send by a worker stopping; it may have arrived and is not sent again unless replayed"),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable().describe("The receiver's HTTP status (250 for a mail the server took)"),
  lastError: z.string().nullable(),
  dueAt: z.string(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
  log: z.array(z.object({ at: z.string(), statusCode: z.number().int().nullable(), error: z.string().nullable(), ms: z.number().int() })).describe("Every try, oldest first"),
});
const ZQueued = z.object({ deliveryId: z.string() });
const ZSettings = z.object({ settings: z.object({ timeZone: z.string().describe("IANA time zone in which quiet hours and digest periods are read") }) });
const ZDeliveryQuery = z
  .object({
    channelId: z.string().min(1).max(64).optional(),
    limit: z.coerce.number({ message: "limit is a number from 1 to 200." }).int("limit is a whole number.").min(1, "limit is 1 to 200.").max(200, "limit is 1 to 200.").optional(),
  })
  .strict();

/**
 * Alerts: channels (where messages go), rules (what is worth a message) and the delivery log.
 * Owners and admins who see every connection only: rules span every connection, messages quote
 * any review, and a hook's address is a secret.
 */
export const alertOperations = [
  defineOperation({
    id: "alerts.settings", method: "GET", path: `${web}/settings`, apiPath: `${api}/settings`, access: "alerts.manage", summary: "The time zone of quiet hours and digests",
    ok: { status: 200, description: "Settings", schema: ZSettings },
    handler: async ({ ctx }) => (await assertSeesEveryConnection(ctx), alertSettings(ctx)),
  }),
  defineOperation({
    id: "alerts.updateSettings", method: "PUT", path: `${web}/settings`, apiPath: `${api}/settings`, access: "alerts.manage", summary: "Set the time zone of quiet hours and digests",
    body: ZAlertSettings,
    ok: { status: 200, description: "Settings now", schema: ZSettings },
    handler: async ({ ctx, body }) => (await assertSeesEveryConnection(ctx), updateAlertSettings(ctx, body)),
  }),
  listing({
    id: "alertChannels.list", path: `${web}/channels`, apiPath: `${api}/channels`, access: "alerts.manage", summary: "Alert channels; a hook shows only its scheme and host",
    description: "Channels", key: "channels", item: ZChannel, list: async (ctx) => (await assertSeesEveryConnection(ctx), (await listChannels(ctx)).channels),
  }),
  defineOperation({
    id: "alertChannels.create", method: "POST", path: `${web}/channels`, apiPath: `${api}/channels`, access: "alerts.manage", summary: "Add an email, Slack, Teams or signed webhook channel",
    description:
      "A hook's address must be https (http only where the server allows it) and must not resolve to a private, loopback, link-local or metadata address unless the server's allow-list names it. A generic webhook's signing secret is in this answer only.",
    body: ZChannelInput,
    ok: { status: 201, description: "Added; `secret` is the webhook's signing secret, shown this once", schema: z.object({ channel: ZChannel, secret: z.string().nullable() }) },
    errors: { 409: "A channel with this name exists", 422: "The address is refused (the message says why) or a field is invalid" },
    handler: async ({ ctx, body }) => (await assertSeesEveryConnection(ctx), createChannel(ctx, body)),
  }),
  removal({
    id: "alertChannels.delete", path: `${web}/channels/[channelId]`, apiPath: `${api}/channels/[channelId]`, access: "alerts.manage", summary: "Delete a channel, its delivery log and its place in rules",
    remove: async (ctx, params) => (await assertSeesEveryConnection(ctx), deleteChannel(ctx, params.channelId)),
  }),
  defineOperation({
    id: "alertChannels.test", method: "POST", path: `${web}/channels/[channelId]/test`, apiPath: `${api}/channels/[channelId]/test`, access: "alerts.manage", summary: "Send a test message through the channel",
    description: "Queued like any alert: the delivery log shows the receiver's answer.",
    ok: { status: 202, description: "Queued", schema: ZQueued },
    errors: { 404: "No such channel" },
    handler: async ({ ctx, params }) => (await assertSeesEveryConnection(ctx), sendTestAlert(ctx, params.channelId)),
  }),
  listing({
    id: "alertRules.list", path: `${web}/rules`, apiPath: `${api}/rules`, access: "alerts.manage", summary: "Alert rules",
    description: "Rules", key: "rules", item: ZRule, list: async (ctx) => (await assertSeesEveryConnection(ctx), (await listRules(ctx)).rules),
  }),
  defineOperation({
    id: "alertRules.create", method: "POST", path: `${web}/rules`, apiPath: `${api}/rules`, access: "alerts.manage", summary: "Add an alert rule",
    body: ZRuleInput,
    ok: { status: 201, description: "Added", schema: z.object({ rule: ZRule }) },
    errors: { 409: "A rule with this name exists", 422: "A field is invalid, or names a channel, connection or app the organisation does not have" },
    handler: async ({ ctx, body }) => (await assertSeesEveryConnection(ctx), createRule(ctx, body)),
  }),
  defineOperation({
    id: "alertRules.update", method: "PATCH", path: `${web}/rules/[ruleId]`, apiPath: `${api}/rules/[ruleId]`, access: "alerts.manage", summary: "Change a rule: turn it on or off, its channels, filters, cadence or quiet hours",
    body: ZRuleUpdate,
    ok: { status: 200, description: "The rule as it now is", schema: z.object({ rule: ZRule }) },
    errors: { 404: "No such rule", 409: "A rule with this name exists", 422: "A field is invalid, or names a channel, connection or app the organisation does not have" },
    handler: async ({ ctx, params, body }) => (await assertSeesEveryConnection(ctx), updateRule(ctx, params.ruleId, body)),
  }),
  removal({
    id: "alertRules.delete", path: `${web}/rules/[ruleId]`, apiPath: `${api}/rules/[ruleId]`, access: "alerts.manage", summary: "Delete a rule; its pending deliveries are still sent",
    remove: async (ctx, params) => (await assertSeesEveryConnection(ctx), deleteRule(ctx, params.ruleId)),
  }),
  defineOperation({
    id: "alertDeliveries.list", method: "GET", path: `${web}/deliveries`, apiPath: `${api}/deliveries`, access: "alerts.manage", summary: "The delivery log, newest first",
    params: { channelId: "Only this channel's deliveries", limit: "How many, 1 to 200 (default 50)" },
    query: ZDeliveryQuery,
    ok: { status: 200, description: "Deliveries with each try", schema: z.object({ deliveries: z.array(ZDelivery) }) },
    handler: async ({ ctx, query }) => (await assertSeesEveryConnection(ctx), listDeliveries(ctx, query)),
  }),
  defineOperation({
    id: "alertDeliveries.replay", method: "POST", path: `${web}/deliveries/[deliveryId]/replay`, apiPath: `${api}/deliveries/[deliveryId]/replay`, access: "alerts.manage", summary: "Send a delivery's alerts again, as a new delivery with its own idempotency key",
    ok: { status: 202, description: "Queued", schema: ZQueued },
    errors: { 404: "No such delivery" },
    handler: async ({ ctx, params }) => (await assertSeesEveryConnection(ctx), replayDelivery(ctx, params.deliveryId)),
  }),
];

export const routes = mount(alertOperations);
