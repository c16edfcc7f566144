import { type AgentView, QueuesResponse, TeamResponse } from '@besoin/shared';
import { type ApiClient, type HttpOutcome, apiRequest } from './http';

/** One queue of `GET /api/queues`, with its chats in queue order. */
export type QueueDetail = QueuesResponse['queues'][number];

/** `GET /api/queues`: the queues the agent may see. */
export function fetchQueues(client: ApiClient): Promise<HttpOutcome<QueuesResponse>> {
  return apiRequest(client, 'GET', '/api/queues', QueuesResponse);
}

/** `GET /api/team`: every agent (for transfers). */
export function fetchTeam(client: ApiClient): Promise<HttpOutcome<{ agents: AgentView[] }>> {
  return apiRequest(client, 'GET', '/api/team', TeamResponse);
}
