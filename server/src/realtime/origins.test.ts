import { PROTOCOL_VERSION } from '@besoin/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { nextEvent, startTestServer, type TestServer } from '../test/support';

// WIDGET_ALLOWED_ORIGINS is enforced at the /visitor handshake (DESIGN §3).

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

describe('allowed origins', () => {
  it('refuses a browser handshake from another origin, accepts listed origins and non-browser clients', async () => {
    server = await startTestServer({ allowedOrigins: ['https://client.example'] });
    const auth = { protocol: PROTOCOL_VERSION };
    const evil = server.raw('/visitor', auth, { extraHeaders: { origin: 'https://evil.example' } });
    expect((await nextEvent<Error & { data?: { code: string } }>(evil, 'connect_error')).data?.code).toBe('forbidden');

    const listed = server.raw('/visitor', auth, { extraHeaders: { origin: 'https://client.example' } });
    expect(await nextEvent<{ visitorToken: string }>(listed, 'session:ready')).toMatchObject({ visitorToken: expect.any(String) });

    const noOrigin = server.raw('/visitor', auth);
    expect(await nextEvent<{ visitorToken: string }>(noOrigin, 'session:ready')).toMatchObject({ visitorToken: expect.any(String) });
  });
});
