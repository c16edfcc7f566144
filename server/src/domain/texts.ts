import type { Department } from '@besoin/shared';

// System messages written into chats. French is the product's default language.

const departmentLabels: Record<Department, string> = { technical: 'Technique', billing: 'Facturation', sales: 'Ventes' };

/** System message texts (French). */
export const texts = {
  systemName: "Besoin d'aide",
  agentJoined: (name: string) => `${name} a rejoint la discussion.`,
  visitorEnded: 'Le visiteur a terminé la discussion.',
  agentClosed: (name: string) => `${name} a clos la discussion.`,
  agentLeft: (name: string) =>
    `${name} a été déconnecté(e). Votre demande repasse en tête de la file d'attente : un autre conseiller va vous répondre.`,
  answerTimeout: (name: string) =>
    `${name} n'a pas pu répondre à temps. Votre demande est confiée au prochain conseiller disponible.`,
  transferredToAgent: (from: string, to: string) => `${from} a transféré la discussion à ${to}.`,
  transferredToDepartment: (from: string, department: Department) =>
    `${from} a transféré la discussion au service ${departmentLabels[department]}.`,
  converting: "Cette discussion se poursuit sous forme de ticket, comme le prévoit notre politique d'assistance. Vous recevrez la réponse par e-mail.",
  longChat: (minutes: number, messages: number) =>
    `Cette discussion dure depuis ${minutes} min (${messages} messages) : comme le prévoit notre politique d'assistance, votre demande va se poursuivre sous forme de ticket.`,
  supervisorJoined: (name: string) => `${name} (superviseur) a rejoint la discussion.`,
  complaintLinked: (ref: string) => `Votre réclamation a été transmise à un superviseur (ticket ${ref}).`,
  visitorIdle: 'Sans nouvelles de votre part, la discussion a été close. Vous pouvez revenir à tout moment.',
  rule4: "Votre demande concerne un compte suspendu ou bloqué : elle est confiée au service Technique pour une résolution plus rapide.",
} as const;

/** The French label of a department. */
export const departmentLabel = (d: Department) => departmentLabels[d];
