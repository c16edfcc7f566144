// System messages written into chats. French is the product's default language.

/** System message texts (French). */
export const texts = {
  agentJoined: (name: string) => `${name} a rejoint la discussion.`,
  visitorEnded: 'Le visiteur a terminé la discussion.',
  agentClosed: (name: string) => `${name} a clos la discussion.`,
  systemName: 'Besoin d\'aide',
} as const;
