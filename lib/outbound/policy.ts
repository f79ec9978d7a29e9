import { env } from "@/lib/env";
import type { OutboundPolicy } from "./destination";

/** The server's outbound policy, from OUTBOUND_ALLOW_HTTP and OUTBOUND_ALLOW_HOSTS. */
export const outboundPolicy = (): OutboundPolicy => ({ allowHttp: env.OUTBOUND_ALLOW_HTTP, allowHosts: env.OUTBOUND_ALLOW_HOSTS });
