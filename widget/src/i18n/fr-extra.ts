// French strings of the lazily loaded screens (`widget-extra.js`): complaint, emergency and the
// sent ticket. Kept apart from `fr.ts` so that they are downloaded only with those screens.

/** The dictionary of the extra screens. */
export const frExtra = {
  supervisorIntro: 'Votre réclamation crée un ticket traité en priorité par un superviseur.',
  supervisorIntroChat: 'Votre réclamation crée un ticket traité en priorité par un superviseur ; votre discussion continue avec votre conseiller.',
  supervisorMessage: 'Votre réclamation',
  supervisorSend: 'Envoyer au superviseur',
  supervisorDone: 'Votre réclamation a été transmise à un superviseur (ticket {ref}).',
  errorComplaint: 'Décrivez votre réclamation.',

  emergencyPolicy1: 'Une urgence est réservée à un site ou un serveur actuellement hors service.',
  emergencyPolicy2: "Elle alerte immédiatement les administrateurs système d'astreinte, de jour comme de nuit.",
  emergencyPolicy3: "Les abus ne sont pas tolérés : une seule urgence par ticket et au plus 2 urgences par 24 heures.",
  emergencyTicket: 'Ticket concerné',
  emergencyChecklist: 'Avant de déclencher une urgence',
  emergencyDevices: "J'ai testé depuis d'autres appareils",
  emergencyNetworks: "J'ai testé depuis d'autres réseaux",
  emergencyDescription: 'Description de la panne',
  emergencyHint: 'Cochez les deux vérifications et décrivez la panne pour continuer.',
  emergencySend: "Déclencher l'urgence",
  emergencyDone: "Urgence transmise aux administrateurs d'astreinte.",
  emergencyForbidden: "Une urgence n'est possible que pour un ticket de panne ouvert, une fois les deux vérifications faites.",
  emergencyConflict: 'Une urgence a déjà été signalée pour ce ticket.',
  emergencyRateLimited: 'Limite atteinte : 2 urgences par 24 heures.',
  emergencyNotFound: 'Ce ticket est introuvable.',

  ticketDoneCreated: 'Merci ! Votre demande est enregistrée sous la référence {ref}.',
  ticketDoneMerged: 'Vous aviez déjà un ticket ouvert pour ce service : votre message a été ajouté au ticket {ref}.',
  ticketTarget: 'Nous visons une première réponse sous 4 heures.',
  ticketTargetBusiness: 'Nous visons une première réponse sous 4 heures ouvrées (du lundi au vendredi, heure de Tunisie).',
  ticketDue: 'Réponse attendue au plus tard le {date}.',
  newRequest: 'Nouvelle demande',
} as const;

/** A key of the extra screens' dictionary. */
export type ExtraKey = keyof typeof frExtra;
