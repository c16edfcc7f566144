// Every user-visible string of the widget, in French (the reference language).
// The loader imports only `frLoader`, so the app's strings stay out of the tiny loader.

/** Strings shown by the loader before the app chunk is loaded. */
export const frLoader = {
  launcher: "Besoin d'aide",
  unavailable: 'Assistance indisponible pour le moment. Réessayez plus tard.',
} as const;

/** The whole French dictionary: the loader's strings plus the app's. */
export const fr = {
  ...frLoader,
  dialogTitle: 'Assistance',
  close: 'Fermer',
  intro: 'Posez votre question : un conseiller vous répond en direct.',

  fieldName: 'Nom',
  fieldEmail: 'E-mail',
  fieldDepartment: 'Service',
  fieldSubject: 'Sujet',
  fieldMessage: 'Message',
  fieldUrgent: 'Urgent',
  departmentTechnical: 'Technique',
  departmentBilling: 'Facturation',
  departmentSales: 'Ventes',
  start: 'Démarrer la discussion',

  errorName: 'Indiquez votre nom.',
  errorEmail: 'Indiquez une adresse e-mail valide (ex. : nom@exemple.fr).',
  errorDepartment: 'Choisissez un service.',
  errorSubject: 'Indiquez le sujet de votre demande.',
  errorMessage: 'Écrivez votre message.',
  errorTooLong: 'Texte trop long ({max} caractères au maximum).',

  messagesLabel: 'Messages de la discussion',
  you: 'Vous',
  sending: 'envoi…',
  notSent: 'non envoyé',
  composer: 'Votre message',
  send: 'Envoyer',
  agentTyping: 'Le conseiller écrit…',
  end: 'Terminer la discussion',
  newChat: 'Nouvelle discussion',

  statusConnecting: 'Connexion…',
  statusReconnecting: 'Reconnexion…',
  statusFailed: 'Connexion impossible. Réessayez plus tard.',
  statusQueued: "Vous êtes n° {position} dans la file d'attente",
  statusQueuedEta: "Vous êtes n° {position} dans la file d'attente, attente estimée ~{minutes} min",
  statusWaiting: 'En attente d’un conseiller…',
  statusAgentJoined: 'Un conseiller a rejoint la discussion : {name}',
  statusEnded: 'Discussion terminée',
  statusConverted: 'Ticket {ref} créé',

  ackInvalidPayload: 'Certaines informations ne sont pas valides. Vérifiez-les et réessayez.',
  ackRateLimited: 'Trop de messages envoyés. Patientez quelques secondes.',
  ackDepartmentClosed: 'Le service {department} est fermé pour le moment.',
  ackDepartmentClosedUntil: 'Le service {department} est fermé pour le moment. Réouverture : {date}.',
  ackNotFound: 'Cette discussion est introuvable.',
  ackTimeout: 'Le serveur ne répond pas. Réessayez dans un instant.',
  ackInternal: 'Une erreur est survenue. Réessayez dans un instant.',
} as const;

/** A key of the dictionary. */
export type MessageKey = keyof typeof fr;
/** The shape every other language's dictionary follows (missing keys fall back to French). */
export type Dictionary = { [K in MessageKey]: string };
