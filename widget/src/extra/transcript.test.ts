import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloadTranscript, transcriptUrl } from './transcript';

afterEach(() => vi.restoreAllMocks());

describe('downloadTranscript', () => {
  it('fetches the txt transcript with the visitor token and saves it through a temporary link', async () => {
    const createObjectURL = vi.fn(() => 'blob:transcript');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('transcription-TCK-2026-000123.txt');
      expect(this.href).toBe('blob:transcript');
      expect(this.isConnected).toBe(true);
    });
    const fetchFn = vi.fn(async () => new Response('Transcription', { status: 200, headers: { 'Content-Type': 'text/plain' } }));
    const parent = document.createElement('div');
    document.body.append(parent);
    const ok = await downloadTranscript({
      server: 'https://support.example.com',
      chatId: 'c 1',
      token: 'tok-123',
      ticketRef: 'TCK-2026-000123',
      parent,
      fetchFn,
    });
    expect(ok).toBe(true);
    expect(fetchFn).toHaveBeenCalledWith('https://support.example.com/api/visitor/chats/c%201/transcript?format=txt', {
      headers: { Authorization: 'Bearer tok-123' },
    });
    expect(click).toHaveBeenCalledTimes(1);
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    expect(parent.querySelector('a')).toBeNull(); // removed after the click
    parent.remove();
  });

  it('reports a refused download', async () => {
    const fetchFn = vi.fn(async () => new Response('{"error":{}}', { status: 404 }));
    const ok = await downloadTranscript({ server: 'https://x', chatId: 'c1', token: 't', parent: document.body, fetchFn });
    expect(ok).toBe(false);
    expect(transcriptUrl('https://x', 'c1')).toBe('https://x/api/visitor/chats/c1/transcript?format=txt');
  });
});
