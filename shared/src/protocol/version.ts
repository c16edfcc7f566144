/** Version of the wire protocol; the handshake carries it and a mismatch is refused. */
export const PROTOCOL_VERSION = 1 as const;
