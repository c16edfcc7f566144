// Every user-visible string of the widget, in French (the reference language).
// The loader imports only `frLoader`, so the app's strings stay out of the tiny loader; the
// strings of the lazily loaded screens (complaint, emergency, sent ticket) are in `fr-extra.ts`,
// so that they stay out of the app loaded on first open (a module belongs to one chunk).

/** Strings shown by the loader before the app chunk is loaded. */
export const frLoader = {
  launcher: "Besoin d'aide",
  unavailable: 'Assistance indisponible pour le moment. Réessayez plus tard.',
} as const;

/** The app's French dictionary (the loader's own strings are in `frLoader`: it never calls `t()`). */
export const fr = {
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
  leaveTicket: 'Laisser un ticket',
  sendTicket: 'Envoyer le ticket',
  back: 'Retour',
  ticketIntro: 'Décrivez votre demande : nous vous répondrons par e-mail.',
  closedNotice: 'Le service {department} est fermé : laissez un ticket, nous vous répondrons dès la réouverture.',

  hoursOpen: 'Ouvert maintenant',
  hoursClosed: 'Fermé — réouverture {date}',
  hoursClosedNoDate: 'Fermé',
  hoursAlways: '24 h/24, 7 j/7',
  hoursDayRange: 'Du {from} au {to}',
  hoursDay: 'Le {day}',
  hoursZone: '{hours} (heure de Tunisie)',

  ticketMerged: 'Votre message a été ajouté au ticket {ref}',

  phoneHeading: 'Par téléphone',
  phoneRule: "Soumettez d'abord un ticket et attendez au moins {hours} heures avant d'appeler.",
  phoneOverdue: 'Votre ticket {ref} attend une réponse depuis plus de {hours} heures : vous pouvez nous appeler au {phone}.',
  billingSelfService: 'La plupart des questions de facturation se règlent dans votre espace client',
  customerArea: 'Espace client',
  contactSupervisor: 'Contacter un superviseur',
  raiseEmergency: 'Signaler une urgence',
  loading: 'Chargement…',
  loadFailed: "Cette page n'a pas pu être chargée. Réessayez dans un instant.",

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
  offerTicket: 'Aucun conseiller n’est disponible pour le moment. Laissez un ticket : nous vous répondrons par e-mail.',
  transcript: 'Télécharger la transcription',

  statusConnecting: 'Connexion…',
  statusReconnecting: 'Reconnexion…',
  statusFailed: 'Connexion impossible. Réessayez plus tard.',
  statusQueued: "Vous êtes n° {position} dans la file d'attente",
  statusQueuedEta: "Vous êtes n° {position} dans la file d'attente, attente estimée ~{minutes} min",
  statusWaiting: 'En attente d’un conseiller…',
  statusAgentJoined: 'Un conseiller a rejoint la discussion : {name}',
  statusEnded: 'Discussion terminée',
  statusConverted: 'Ticket {ref} créé',
  statusLong: "Votre demande va se poursuivre sous forme de ticket, comme le prévoit notre politique d'assistance.",
  statusClosed: 'Service {department} : {state}',

  ackInvalidPayload: 'Certaines informations ne sont pas valides. Vérifiez-les et réessayez.',
  ackRateLimited: 'Trop de messages envoyés. Patientez quelques secondes.',
  ackDepartmentClosed: 'Le service {department} est fermé pour le moment.',
  ackDepartmentClosedUntil: 'Le service {department} est fermé pour le moment. Réouverture : {date}.',
  ackNotFound: 'Cette discussion est introuvable.',
  ackTimeout: 'Le serveur ne répond pas. Réessayez dans un instant.',
  ackInternal: 'Une erreur est survenue. Réessayez dans un instant.',
  transcriptFailed: 'La transcription n’a pas pu être téléchargée. Réessayez dans un instant.',
} as const;

/** A key of the dictionary. */
export type MessageKey = keyof typeof fr;
/** The shape every other language's dictionary follows (missing keys fall back to French). */
export type Dictionary = { [K in MessageKey]: string };
