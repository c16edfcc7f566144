/**
 * A partial policy file (merged over the default) for delivery chaos tests: no rate limit,
 * no routing timer (grace, answer timeout, idle end) and no long-chat flag can fire during a run,
 * so that every message the tests count is one a client sent or a join notice.
 */
export const CHAOS_POLICY = {
  routing: { agentGraceSeconds: 3600, answerTimeoutSeconds: 3600, visitorIdleMinutes: 600, noAgentTicketOfferMinutes: 600 },
  longChat: { suggestAfterMinutes: 600, suggestAfterMessages: 1_000_000, autoConvertAfterMinutes: 6000 },
  limits: {
    messagesPerSecond: 100_000, messageBurst: 100_000, chatStartsPerMinutePerIp: 100_000,
    failedLoginsPerMinutePerIp: 100_000, connectionsPerIp: 100_000,
  },
} as const;
