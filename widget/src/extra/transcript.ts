// The visitor's copy of a finished chat: GET /api/visitor/chats/:chatId/transcript with the visitor
// token as a Bearer header, saved through a Blob, an object URL and a temporary <a download>.

/** What {@link downloadTranscript} needs; `fetchFn` and `parent` are injectable for tests. */
export interface TranscriptRequest {
  server: string;
  chatId: string;
  token: string | null;
  /** Names the file: `transcription-<ref or chatId>.txt`. */
  ticketRef?: string | undefined;
  /** Where the temporary link is attached (inside the widget's shadow root). */
  parent: Node & ParentNode;
  fetchFn?: typeof fetch;
}

/** The transcript URL of a chat (plain text). */
export function transcriptUrl(server: string, chatId: string): string {
  return `${server}/api/visitor/chats/${encodeURIComponent(chatId)}/transcript?format=txt`;
}

/** Downloads the transcript; resolves `false` when it could not be fetched. */
export async function downloadTranscript({ server, chatId, token, ticketRef, parent, fetchFn = fetch }: TranscriptRequest): Promise<boolean> {
  try {
    const res = await fetchFn(transcriptUrl(server, chatId), {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
    if (!res.ok) return false;
    const blob = await res.blob();
    const url = URL.createObjectURL(blob);
    const link = (parent.ownerDocument ?? document).createElement('a');
    link.href = url;
    link.download = `transcription-${(ticketRef || chatId).replace(/[^\w.-]/g, '_')}.txt`;
    link.hidden = true;
    parent.appendChild(link);
    link.click();
    link.remove();
    // Revoked a little later: some browsers read the URL after click() returns.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return true;
  } catch {
    return false;
  }
}
