import { PROTOCOL_VERSION, type Ack } from '@besoin/shared';
import { io, type Socket } from 'socket.io-client';

/** Resolves with the next payload of `event`, bounded by `timeoutMs`. */
export function once<T>(socket: Socket, event: string, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** Emits a command and returns its ack data; throws on `ok: false` or no ack within the timeout. */
export async function command<T>(socket: Socket, event: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
  const ack = (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as Ack<T>;
  if (!ack.ok) throw Object.assign(new Error(`${event}: ${ack.error.code} ${ack.error.message}`), { code: ack.error.code });
  return ack.data;
}

/** A visitor socket (no auto-reconnect) that has received `session:ready`. */
export async function connectVisitor(url: string, visitorToken?: string) {
  const socket = io(`${url}/visitor`, {
    auth: { protocol: PROTOCOL_VERSION, ...(visitorToken ? { visitorToken } : {}) },
    transports: ['websocket'], reconnection: false, forceNew: true,
  });
  const ready = await once<{ visitorToken: string }>(socket, 'session:ready');
  return { socket, token: ready.visitorToken };
}

/** Logs in over HTTP and opens an agent socket that has received `session:ready`. */
export async function connectAgent(url: string, login: string, password: string, token?: string) {
  let sessionToken = token;
  if (!sessionToken) {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }),
    });
    if (!res.ok) throw new Error(`login ${login}: ${res.status}`);
    sessionToken = ((await res.json()) as { token: string }).token;
  }
  const socket = io(`${url}/agent`, { auth: { protocol: PROTOCOL_VERSION, token: sessionToken }, transports: ['websocket'], reconnection: false, forceNew: true });
  const ready = await once<{ agent: { id: string } }>(socket, 'session:ready');
  return { socket, token: sessionToken, agentId: ready.agent.id };
}
